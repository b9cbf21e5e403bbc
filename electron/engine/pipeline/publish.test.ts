import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecipe, type RecipeInput } from '../../../shared/recipe';
import type { PublishedCount } from '../../../shared/village';
import type { RawArea, RawFigures } from './figures';
import { publishAreas, publishedCounts } from './publish';

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
            expect(category.villagers === null).toBe(category.count.value === null);
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
