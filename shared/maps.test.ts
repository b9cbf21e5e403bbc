import { describe, expect, it } from 'vitest';
import { choroplethSvg, fitProjection, hatchPath } from './map-svg';
import fc from 'fast-check';
import { type AreaShape, choroplethFigures, classOf, DIVERGING_COLOURS, mapMeasures, ONS_BOUNDARY_ATTRIBUTION, roundedClasses, SEQUENTIAL_COLOURS } from './maps';
import type { AreaView, PublishedCount, VillageJson } from './village';

/** A town of three localities and four wards, counted per 1,000 (not the samples' shape). */
const count = (value: number): PublishedCount => ({ value, display: String(value), status: 'published' });
const withheld = (status: 'primary' | 'secondary'): PublishedCount => ({ value: null, display: '*', status });
const figure = (hits: PublishedCount, base: PublishedCount) => {
  const rate = hits.value === null || base.value === null ? null : (hits.value / base.value) * 1000;
  return { id: 'referred', count: hits, denominator: base, rate, rateDisplay: rate === null ? '*' : rate.toFixed(1), per100: null, smallDenominator: false };
};
const area = (level: AreaView['level'], code: string, parent: string | null, hits: PublishedCount, base: PublishedCount, girls: number | null): AreaView => ({
  level,
  code,
  name: `${code} area`,
  parent,
  population: base,
  smallArea: false,
  partitions: [{ partition: 'sex', total: base, categories: [{ label: 'Girl', count: girls === null ? withheld('primary') : count(girls), villagers: girls === null || base.value === null ? null : Math.round((girls / base.value) * 10) }] }],
  indicators: [figure(hits, base)],
  unresolved: level === 'city' ? { referred: count(7) } : {},
  unresolvedDenominators: {},
});

const town: VillageJson = {
  format: 'village-workbench/village',
  version: 2,
  title: 'Townsville as a village of 10',
  referenceDate: '2025-03-31',
  period: { label: 'As at 2025-03-31', start: '2025-03-31', end: '2025-03-31', referenceDate: '2025-03-31' },
  periods: [{ label: 'As at 2025-03-31', start: '2025-03-31', end: '2025-03-31', referenceDate: '2025-03-31', runId: 'run-00000000', finishedAt: '2026-01-01T00:00:00Z' }],
  generatedAt: '2026-01-01T00:00:00Z',
  recipe: { file: 'town.recipe.json', sha256: '0'.repeat(64) },
  sources: [],
  suppression: { threshold: 10, symbol: '*', rule: 'Counts below 10 are shown as *.' },
  geography: { localitySource: 'test', overrides: {}, wards: [] },
  village: { size: 10, partitions: ['sex'], ageBands: [{ label: '0-19', min: 0, max: 19 }], smallAreaMinimum: 0 },
  indicators: [{ id: 'referred', name: 'Referred', description: 'Referred to the service.', kind: 'people', ageRange: [0, 19], ageAt: null, unit: 1000, levels: ['city', 'locality', 'ward'], denominator: 'persons', estimate: 'observed' }],
  areas: [
    area('city', 'T', null, count(100), count(2000), 1000),
    area('locality', 'North', null, count(20), count(1000), 500),
    area('locality', 'South', null, count(60), count(600), 300),
    area('locality', 'East', null, withheld('primary'), count(400), null),
    area('ward', 'W1', 'North', count(12), count(600), 300),
    area('ward', 'W2', 'North', withheld('secondary'), count(400), 200),
    area('ward', 'W3', 'South', count(60), count(600), 300),
    area('ward', 'W4', 'East', withheld('primary'), count(400), 200),
  ],
  unresolved: [],
  linkage: {
    sources: [],
    records: count(0),
    people: count(0),
    perSource: [],
    pairs: [],
    keys: [],
    conflicts: [],
    peopleWithoutAge: count(0),
    peopleWithoutWard: count(0),
  },
  outcomes: { framework: [], trends: [], methods: [] },
};

const square = (x: number, y: number): AreaShape['polygons'][number] => [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]];
const wardShapes: AreaShape[] = ['W1', 'W2', 'W3', 'W4'].map((code, index) => ({ code, name: `${code} area`, parent: null, polygons: [square(-1.9 + index * 0.01, 52.4)] }));

describe('choroplethFigures', () => {
  it('colours a rate against the city: near, below and above classes that hold each area, none below the lowest', () => {
    const figures = choroplethFigures(town, 'locality', { kind: 'indicator', id: 'referred' });
    expect(figures.scheme).toBe('diverging');
    expect(figures.reference).toEqual({ value: 50, display: '50.0' });
    expect(figures.unitLabel).toBe('per 1,000');
    expect(figures.denominatorLabel).toBe('persons aged 0–19');
    expect(figures.classes.every((entry) => entry.min >= 20 && entry.max <= 100)).toBe(true);
    const north = figures.areas.find((entry) => entry.code === 'North');
    const south = figures.areas.find((entry) => entry.code === 'South');
    expect(north?.classIndex).toBe(0);
    expect(figures.classes.find((entry) => entry.index === 0)?.colour).toBe(DIVERGING_COLOURS[0]);
    expect(south?.classIndex).toBe(4);
    expect(figures.classes.find((entry) => entry.index === 2)?.label).toBe("near the city's 50.0 (45 to 55 per 1,000)");
    expect(north?.description).toBe('North area: 20.0 per 1,000; count 20 of 1000 persons aged 0–19. Source: Referred, town.recipe.json.');
    expect(figures.unresolved).toBe("7 of the city's 100 could not be placed in any locality and are on no area of this map (they are in the city's figure).");
  });

  it('keeps a suppressed area without a class or a value, showing only the symbol', () => {
    const figures = choroplethFigures(town, 'ward', { kind: 'indicator', id: 'referred' });
    const hidden = figures.areas.filter((entry) => entry.status === 'suppressed');
    expect(hidden.map((entry) => entry.code)).toEqual(['W2', 'W4']);
    for (const entry of hidden) {
      expect(entry.value).toBeNull();
      expect(entry.classIndex).toBeNull();
      expect(entry.display).toBe('*');
      expect(entry.description).toContain('suppressed (*)');
    }
    expect(figures.suppressedCount).toBe(2);
    expect(figures.title).toBe('Referred (per 1,000) by ward');
  });

  it('maps a village category as villagers of the village size on a sequential scale', () => {
    expect(mapMeasures(town, 'locality').map((entry) => entry.label)).toEqual(['Referred', 'Girl (sex)']);
    const figures = choroplethFigures(town, 'locality', { kind: 'share', partition: 'sex', category: 'Girl' });
    expect(figures.scheme).toBe('sequential');
    // Both published localities have 5 of 10: one class, said so in the legend (not five classes from 0).
    expect(figures.classes.map((entry) => [entry.colour, entry.label])).toEqual([[SEQUENTIAL_COLOURS[2], '5 of 10']]);
    expect(figures.classNote).toBe('Every area shown has the same figure, 5 of 10.');
    expect(figures.areas.map((entry) => [entry.code, entry.display, entry.status])).toEqual([['North', '5', 'published'], ['South', '5', 'published'], ['East', '*', 'suppressed']]);
    expect(figures.unitLabel).toBe('of 10');
  });
});

describe('roundedClasses (share and sequential maps)', () => {
  it('fits classes to the areas\' range with round breaks, not from zero', () => {
    const { classes, note } = roundedClasses([23, 31, 38, 44, 27], SEQUENTIAL_COLOURS, 'of 100');
    expect(classes.map((entry) => entry.label)).toEqual(['20 to 24 of 100', '25 to 29 of 100', '30 to 34 of 100', '35 to 39 of 100', '40 to 45 of 100']);
    expect(note).toBe("Classes: 5 equal steps of 5 from 20 to 45, the areas' lowest and highest figures rounded outwards.");
    expect(classes.map((entry) => entry.colour)).toEqual([...SEQUENTIAL_COLOURS]);
    // Few whole values: a class each, coloured from both ends of the ramp.
    const few = roundedClasses([49, 51, 50], SEQUENTIAL_COLOURS, 'of 100');
    expect(few.classes.map((entry) => [entry.label, entry.colour])).toEqual([['49 of 100', SEQUENTIAL_COLOURS[0]], ['50 of 100', SEQUENTIAL_COLOURS[2]], ['51 of 100', SEQUENTIAL_COLOURS[4]]]);
    // Rates: ranges whose upper break belongs to the class above.
    expect(roundedClasses([3.2, 7.9, 5.5], SEQUENTIAL_COLOURS, 'per 100').classes.map((entry) => entry.label)).toEqual(['3 to under 4 per 100', '4 to under 5 per 100', '5 to under 6 per 100', '6 to under 7 per 100', '7 to 8 per 100']);
  });

  it('puts every figure in a class that holds it, with at most five round, equal, distinctly coloured classes (property)', () => {
    const roundStep = (step: number): boolean => {
      const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
      return [1, 2, 2.5, 5, 10].some((base) => Math.abs(step / power - base) < 1e-6);
    };
    const figures = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 69 }),
      fc.array(fc.integer({ min: 0, max: 5000 }).map((tenths) => tenths / 10), { minLength: 1, maxLength: 69 }),
    );
    fc.assert(
      fc.property(figures, (values) => {
        const { classes, note } = roundedClasses(values, SEQUENTIAL_COLOURS, 'of 100');
        expect(roundedClasses([...values].reverse(), SEQUENTIAL_COLOURS, 'of 100').classes).toEqual(classes);
        expect(classes.length).toBeGreaterThanOrEqual(1);
        expect(classes.length).toBeLessThanOrEqual(SEQUENTIAL_COLOURS.length);
        expect(new Set(classes.map((entry) => entry.colour)).size).toBe(classes.length);
        expect(note).toMatch(/^(Classes|Every area)/);
        for (const value of values) {
          const found = classes.find((entry) => entry.index === classOf(value, classes));
          expect(value).toBeGreaterThanOrEqual((found?.min ?? Infinity) - 1e-9);
          expect(value).toBeLessThanOrEqual((found?.max ?? -Infinity) + 1e-9);
        }
        if (classes.length > 1) {
          const steps = classes.slice(1).map((entry, index) => entry.min - (classes[index]?.min as number));
          for (const step of steps) expect(step).toBeCloseTo(steps[0] as number, 9);
          expect(roundStep(steps[0] as number), `step ${steps[0]}`).toBe(true);
          // Fitted to the data: the first class starts within one step below the lowest figure.
          expect(Math.min(...values) - (classes[0]?.min as number)).toBeLessThan((steps[0] as number) + 1e-9);
        }
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});

describe('choroplethSvg', () => {
  const figures = choroplethFigures(town, 'ward', { kind: 'indicator', id: 'referred' });
  const options = { figures, shapes: wardShapes, referenceDate: town.referenceDate, suppressionRule: town.suppression.rule, attribution: ONS_BOUNDARY_ATTRIBUTION };

  it('carries title, reference date, source, rule and attribution, and hatches suppressed areas without references', () => {
    const inline = choroplethSvg(options);
    expect(inline).toMatch(/^<svg role="img"/);
    for (const text of ['Referred (per 1,000) by ward', figures.classNote.slice(0, 20), 'Reference date 2025-03-31', 'Source: Referred to the service.', 'Counts below 10 are shown as *.', 'Contains OS data © Crown copyright']) expect(inline).toContain(text);
    expect(inline).not.toMatch(/https?:\/\/|url\(/);
    expect(inline.match(/data-status="suppressed"/g)).toHaveLength(2);
    expect(inline).toMatch(/data-code="W2" data-status="suppressed" data-class="" data-fill="#ffffff"><title>[^<]*<\/title><path [^>]*\/><path d="M[^"]+" stroke="#5f6b7a"/);
    expect(choroplethSvg({ ...options, standalone: true })).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" role="img"/);
  });

  it('draws hatch lines only inside the area', () => {
    const shape = wardShapes[0] as AreaShape;
    const projection = fitProjection([shape], 100, 0);
    const path = hatchPath(shape, projection, 10);
    const points = [...path.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(points.length).toBeGreaterThan(10);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThanOrEqual(-0.1);
      expect(x).toBeLessThanOrEqual(100.1);
      expect(y).toBeGreaterThanOrEqual(-0.1);
      expect(y).toBeLessThanOrEqual(projection.height + 0.1);
    }
  });
});
