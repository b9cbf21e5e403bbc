import { describe, expect, it } from 'vitest';
import { categoryOrderOf, cityOf, finerFigure, largestRemainder, localitiesOf, parseViewKey, pictogramModel, villageSizesOf, type VillageView, viewKey } from './pictogram-model';
import { escapeXml, figurePlace, figureSegments, gridSize, pictogramDocument, pictogramSvg, wrapText } from './pictogram-svg';
import { fixtureVillage } from './test-fixtures';

const village = fixtureVillage();
const city = cityOf(village);
const [hodgeHill] = localitiesOf(village);
const sex: VillageView = { kind: 'partition', partition: 'sex' };
const poverty: VillageView = { kind: 'indicator', id: 'poverty' };

describe('pictogramModel', () => {
  it('draws the engine’s villagers per category, in the city’s colour order', () => {
    if (!city) throw new Error('no city');
    const model = pictogramModel(village, city, sex, categoryOrderOf(village, sex));
    expect(model.segments.map((segment) => [segment.label, segment.figures, segment.count])).toEqual([
      ['Male', 49, '11,025'],
      ['Female', 49, '11,025'],
      ['Non-binary', 2, '450'],
    ]);
    expect(figureSegments(model)).toHaveLength(100);
    expect(model.summary).toBe('Birmingham as a village of 100, by sex: 49 Male, 49 Female, 2 Non-binary.');
    expect(model.source).toContain('population_estimates.xlsx');
  });

  it('keeps a category’s colour when a locality lists categories in another order, and draws withheld villagers as such', () => {
    if (!hodgeHill) throw new Error('no locality');
    const model = pictogramModel(village, hodgeHill, sex, categoryOrderOf(village, sex));
    expect(model.segments[0]).toMatchObject({ label: 'Female', figures: 51, style: { kind: 'category', index: 1 } });
    expect(model.segments[1]).toMatchObject({ label: 'Male', figures: 0, villagers: 'c', style: { kind: 'withheld' } });
    expect(model.segments.at(-1)).toMatchObject({ key: 'withheld', figures: 49, label: 'Withheld (Male, Non-binary)' });
    expect(figureSegments(model).filter((index) => index === model.segments.length - 1)).toHaveLength(49);
    expect(model.summary).toContain('Male withheld (c)');
    expect(model.caution).toMatch(/fewer than 1,000 people/);
  });

  it('shows an indicator as N of 100 highlighted, or every figure withheld', () => {
    if (!city || !hodgeHill) throw new Error('no areas');
    const shown = pictogramModel(village, city, poverty, []);
    expect(shown.segments.map((segment) => [segment.key, segment.figures])).toEqual([
      ['counted', 45],
      ['rest', 55],
    ]);
    expect(shown.summary).toBe('Birmingham: 45 of 100 — Poverty (10,181 of 22,500).');
    const withheld = pictogramModel(village, hodgeHill, poverty, []);
    expect(withheld.segments).toHaveLength(1);
    expect(withheld.segments[0]).toMatchObject({ figures: 100, style: { kind: 'withheld' }, count: 'c', denominator: '900' });
  });

  it('round-trips view keys and refuses unknown ones', () => {
    expect(parseViewKey(viewKey(sex), village)).toEqual(sex);
    expect(parseViewKey(viewKey(poverty), village)).toEqual(poverty);
    expect(parseViewKey('partition:ageBand', village)).toBeNull();
    expect(parseViewKey('indicator:nothing', village)).toBeNull();
  });
});

describe('pictogram SVG', () => {
  it('has one figure per villager, each marked with its segment', () => {
    if (!city) throw new Error('no city');
    const model = pictogramModel(village, city, sex, categoryOrderOf(village, sex));
    const svg = pictogramSvg(model, 'p1');
    expect(svg.match(/<use /g)).toHaveLength(100);
    expect(svg.match(/data-segment="2"/g)).toHaveLength(2);
    expect(pictogramSvg(model, 'p1', 2).match(/opacity="0.25"/g)).toHaveLength(98);
  });

  it('saves a standalone document with the legend, reference date, source and rule, escaping text', () => {
    if (!city) throw new Error('no city');
    const model = pictogramModel(village, city, sex, categoryOrderOf(village, sex));
    const document = pictogramDocument({ ...model, areaName: 'A & B <city>' }, 'Counts from 1 to 4 are shown as "c".', '2024-08-31');
    expect(document.text).toContain('A &amp; B &lt;city&gt;: Sex');
    expect(document.text).toContain('ages on 2024-08-31');
    expect(document.text).toContain('Male: 49 of 100 · count 11,025 of 22,500');
    expect(document.text).toContain('&quot;c&quot;');
    expect(document.height).toBeGreaterThan(260);
    expect(escapeXml(`'`)).toBe('&apos;');
  });

  it('wraps long text at spaces', () => {
    expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  });
});

describe('rare indicators', () => {
  const published = (value: number) => ({ value, display: value.toLocaleString('en-GB'), status: 'published' as const });

  it('are also given to one decimal of 100 and as a village of 1,000', () => {
    expect(finerFigure(published(240), published(20_000), 1)).toBe('1.2 of 100, or 12 of 1,000');
    expect(finerFigure(published(35), published(10_000), 0)).toBe('0.4 of 100, or 4 of 1,000');
  });

  it('keep whole villagers alone when common or withheld', () => {
    expect(finerFigure(published(900), published(10_000), 9)).toBe('');
    expect(finerFigure({ value: null, display: 'c', status: 'primary' }, published(10_000), 0)).toBe('');
  });
});

describe('a village of 1,000', () => {
  const ethnicity: VillageView = { kind: 'partition', partition: 'ethnicity' };

  it('is offered beside the engine’s village of 100', () => {
    expect(villageSizesOf(village)).toEqual([100, 1000]);
  });

  it('rounds shares by largest remainder to the rounded whole of the counts', () => {
    expect(largestRemainder([20000, 2500], 22500, 1000)).toEqual([889, 111]);
    expect(largestRemainder([1, 1, 1], 3, 100)).toEqual([34, 33, 33]);
    expect(largestRemainder([460], 900, 1000)).toEqual([511]);
    expect(largestRemainder([5], 0, 1000)).toEqual([0]);
  });

  it('draws each category from its published count and total, summing to 1,000, with a text alternative', () => {
    if (!city) throw new Error('no city');
    const model = pictogramModel(village, city, ethnicity, categoryOrderOf(village, ethnicity), 1000);
    expect(model.segments.map((segment) => [segment.label, segment.figures, segment.villagers])).toEqual([
      ['White British', 889, '889'],
      ['Chinese', 111, '111'],
    ]);
    expect(figureSegments(model)).toHaveLength(1000);
    expect(model.summary).toBe('Birmingham as a village of 1,000 (drawn as 10 blocks of 100), by ethnicity: 889 White British, 111 Chinese.');
  });

  it('keeps withheld categories withheld: their villagers are one withheld block', () => {
    if (!hodgeHill) throw new Error('no locality');
    const model = pictogramModel(village, hodgeHill, sex, categoryOrderOf(village, sex), 1000);
    expect(model.segments.map((segment) => [segment.label, segment.figures, segment.villagers])).toEqual([
      ['Female', 511, '511'],
      ['Male', 0, 'c'],
      ['Non-binary', 0, 'c'],
      ['Withheld (Male, Non-binary)', 489, 'c'],
    ]);
  });

  it('shows an indicator as N of 1,000 from its count and denominator, and a withheld one as withheld', () => {
    if (!city || !hodgeHill) throw new Error('no areas');
    const shown = pictogramModel(village, city, poverty, [], 1000);
    expect(shown.segments.map((segment) => [segment.key, segment.figures])).toEqual([
      ['counted', 452],
      ['rest', 548],
    ]);
    expect(shown.summary).toBe('Birmingham: 452 of 1,000 (drawn as 10 blocks of 100) — Poverty (10,181 of 22,500).');
    expect(pictogramModel(village, hodgeHill, poverty, [], 1000).segments[0]).toMatchObject({ figures: 1000, style: { kind: 'withheld' }, count: 'c' });
  });

  it('is drawn as ten blocks of ten by ten, five to a row, and saved with the reference date', () => {
    if (!city) throw new Error('no city');
    const model = pictogramModel(village, city, ethnicity, categoryOrderOf(village, ethnicity), 1000);
    expect(pictogramSvg(model, 'p2').match(/<use /g)).toHaveLength(1000);
    expect(gridSize(model)).toEqual({ width: 548, height: 212 });
    expect(figurePlace(1000, 0)).toEqual({ x: 0, y: 0, cell: 10 });
    expect(figurePlace(1000, 99)).toEqual({ x: 90, y: 90, cell: 10 });
    expect(figurePlace(1000, 100)).toEqual({ x: 112, y: 0, cell: 10 });
    expect(figurePlace(1000, 500)).toEqual({ x: 0, y: 112, cell: 10 });
    const document = pictogramDocument(model, 'Counts from 1 to 4 are shown as "c".', '2024-08-31');
    expect(document.text).toContain('If Birmingham were a village of 1,000 (blocks of 100) · ages on 2024-08-31');
    expect(document.text).toContain('White British: 889 of 1,000 · count 20,000 of 22,500');
  });
});
