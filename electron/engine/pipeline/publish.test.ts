import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecipe, type RecipeInput } from '../../../shared/recipe';
import type { PublishedCount } from '../../../shared/village';
import type { RawArea, RawFigures } from './figures';
import type { LinkQualityReport } from '../linkage';
import { publishAreas, publishedCounts, publishLinkage } from './publish';

const smallCount = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 }));

const world = fc
  .record({ localities: fc.integer({ min: 2, max: 6 }), categories: fc.integer({ min: 2, max: 5 }), threshold: fc.integer({ min: 2, max: 10 }) })
  .chain(({ localities, categories, threshold }) =>
    fc.record({
      threshold: fc.constant(threshold),
      partition: fc.array(fc.array(smallCount, { minLength: categories, maxLength: categories }), { minLength: localities, maxLength: localities }),
      indicator: fc.array(fc.tuple(smallCount, smallCount), { minLength: localities, maxLength: localities }),
      unplaced: smallCount,
    }),
  );

function recipeFor(categories: number, threshold: number) {
  const input: RecipeInput = {
    version: 1,
    title: 't',
    referenceDate: '2024-06-30',
    sources: [{ id: 'a', file: 'a.csv', spec: 'a' }],
    population: { source: 'a', sexField: 'sex', ageFields: { age_0: 0 } },
    village: { sexCategories: Array.from({ length: categories }, (_, index) => `s${index}`), ageBands: [{ label: 'all', min: 0, max: 0 }], partitions: ['sex'] },
    linkage: { sources: ['a'] },
    indicators: [{ id: 'x', name: 'x', description: 'x', ageRange: [0, 0], numerator: { source: 'a', exists: true }, denominator: 'persons' }],
    disclosure: { threshold, symbol: 'c' },
  };
  return parseRecipe(input);
}

describe('publishAreas (property)', () => {
  it('never publishes a small count, never leaves one hidden cell in a line, and publishes exact values', () => {
    fc.assert(
      fc.property(world, ({ threshold, partition, indicator, unplaced }) => {
        const categories = partition[0]?.length ?? 0;
        const recipe = recipeFor(categories, threshold);
        const labels = recipe.village.sexCategories;
        const area = (name: string, counts: readonly number[], hits: number, base: number): RawArea => ({
          level: name === 'city' ? 'city' : 'locality',
          code: name,
          name,
          parent: null,
          population: counts.reduce((sum, count) => sum + count, 0),
          partitions: [{ partition: 'sex', categories: labels.map((label, index) => ({ label, count: counts[index] as number })) }],
          indicators: { x: { count: hits, denominator: base } },
        });
        const localities = partition.map((counts, index) => {
          const [hits, extra] = indicator[index] as [number, number];
          return area(`L${index}`, counts, hits, hits + extra);
        });
        const cityCounts = labels.map((_, column) => partition.reduce((sum, row) => sum + (row[column] as number), 0));
        const cityHits = indicator.reduce((sum, [hits]) => sum + hits, 0) + unplaced;
        const cityBase = indicator.reduce((sum, [hits, extra]) => sum + hits + extra, 0) + unplaced;
        const raw: RawFigures = { city: area('city', cityCounts, cityHits, cityBase), localities, wards: [], unresolved: { x: unplaced } };
        const { areas } = publishAreas(raw, recipe, { threshold, symbol: 'c' });

        for (const count of publishedCounts(areas)) {
          if (count.value !== null) expect(count.value === 0 || count.value >= threshold).toBe(true);
        }
        const hidden = (count: PublishedCount | undefined): boolean => count?.value === null;
        const [city, ...published] = areas;
        const lines: (PublishedCount | undefined)[][] = [
          [...published.map((view) => view.indicators[0]?.count), city?.unresolved.x, city?.indicators[0]?.count],
          [...published.map((view) => view.indicators[0]?.denominator), city?.unresolvedDenominators.x, city?.indicators[0]?.denominator],
          ...published.map((view) => [...(view.partitions[0]?.categories ?? []).map((category) => category.count), view.partitions[0]?.total]),
          ...labels.map((_, column) => [...published.map((view) => view.partitions[0]?.categories[column]?.count), city?.partitions[0]?.categories[column]?.count]),
          [...published.map((view) => view.partitions[0]?.total), city?.partitions[0]?.total],
        ];
        for (const line of lines) expect(line.filter(hidden).length).not.toBe(1);
        published.forEach((view, row) => {
          view.partitions[0]?.categories.forEach((category, column) => {
            if (category.count.value !== null) expect(category.count.value).toBe(partition[row]?.[column]);
            // Villagers go with their count, and all of an area's go where one of its cells is hidden and a villager stands for fewer people than the threshold.
            const anyHidden = view.partitions[0]?.total.value === null || (view.partitions[0]?.categories ?? []).some((entry) => entry.count.value === null);
            const population = (partition[row] ?? []).reduce((sum, count) => sum + count, 0);
            const withheldWithArea = view.partitions[0]?.total.value === null || (anyHidden && population < recipe.village.size * threshold);
            expect(category.villagers === null).toBe(category.count.value === null || withheldWithArea);
          });
          const figure = view.indicators[0];
          if (figure?.count.value !== null) expect(figure?.count.value).toBe(indicator[row]?.[0]);
          if (figure?.count.value === null || figure?.denominator.value === null) expect(figure?.rate).toBeNull();
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('publishLinkage: link rates', () => {
  const quality: LinkQualityReport = {
    records: 400,
    people: 300,
    sources: [
      { source: 'police_da', records: 120, people: 100, peopleMatchedElsewhere: 97, peopleUnmatched: 3, recordsMatchedElsewhere: 116, recordsUnmatched: 4 },
      { source: 'school_census', records: 280, people: 240, peopleMatchedElsewhere: 60, peopleUnmatched: 180, recordsMatchedElsewhere: 60, recordsUnmatched: 220 },
    ],
    sourcePairs: [{ sourceA: 'police_da', sourceB: 'school_census', peopleInBoth: 60 }],
    keys: [],
    conflicts: [],
  };

  it('publishes each share with its denominator, and withholds a share whose count is hidden', () => {
    const view = publishLinkage(quality, {}, ['police_da', 'school_census'], 0, 0, { threshold: 5, symbol: 'c' });
    const [police, school] = view.perSource;
    // 3 unmatched people is a small count: it is hidden, so is its complement, and so are both shares.
    expect(police?.unmatchedShare).toEqual({ value: null, display: 'c', denominator: police?.people, denominatorLabel: 'people in police_da' });
    expect(police?.matchedShare.display).toBe('c');
    expect(police?.people.value).toBe(100);
    expect(school?.matchedShare).toEqual({ value: 0.25, display: '25.0%', denominator: { value: 240, display: '240', status: 'published' }, denominatorLabel: 'people in school_census' });
    expect(school?.unmatchedShare.display).toBe('75.0%');
    const [pair] = view.pairs;
    expect(pair?.shareOfA).toMatchObject({ value: 0.6, display: '60.0%', denominatorLabel: 'people in police_da' });
    expect(pair?.shareOfA.denominator.value).toBe(100);
    expect(pair?.shareOfB).toMatchObject({ value: 0.25, display: '25.0%', denominatorLabel: 'people in school_census' });
  });

  it('withholds a pair’s rates when the people in both are few', () => {
    const view = publishLinkage({ ...quality, sourcePairs: [{ sourceA: 'police_da', sourceB: 'school_census', peopleInBoth: 2 }] }, {}, ['police_da', 'school_census'], 0, 0, { threshold: 5, symbol: '*' });
    expect(view.pairs[0]?.shareOfA).toMatchObject({ value: null, display: '*' });
    expect(view.pairs[0]?.shareOfB).toMatchObject({ value: null, display: '*' });
  });
});
