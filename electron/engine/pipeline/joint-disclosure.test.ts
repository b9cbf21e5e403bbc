/**
 * Joint disclosure inside village.json, found by the property tests over random workspaces
 * (test/unit/export-properties.test.ts): a ward's population was only primary-suppressed although its
 * locality's population (the sum of its wards) is published, and a population denominator was suppressed as
 * a line of its own although the same numbers are published as the areas' populations with another pattern.
 * Either way a hidden count could be worked out by subtraction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecipe, type RecipeInput } from '../../../shared/recipe';
import type { AreaView, PublishedCount } from '../../../shared/village';
import type { RawArea, RawFigures } from './figures';
import { publishAreas } from './publish';

const THRESHOLD = 5;
const rule = { threshold: THRESHOLD, symbol: 'c' };

function recipe(): ReturnType<typeof parseRecipe> {
  const input: RecipeInput = {
    version: 1,
    title: 't',
    referenceDate: '2024-06-30',
    sources: [{ id: 'a', file: 'a.csv', spec: 'a' }],
    population: { source: 'a', sexField: 'sex', ageFields: { age_0: 0 } },
    village: { sexCategories: ['F', 'M'], ageBands: [{ label: 'all', min: 0, max: 0 }], partitions: ['sex'] },
    linkage: { sources: ['a'] },
    indicators: [
      { id: 'everyone', name: 'Everyone', description: 'd', ageRange: [0, 0], numerator: { source: 'a', exists: true }, denominator: 'population', levels: ['city', 'locality', 'ward'] },
      { id: 'other', name: 'Other', description: 'd', ageRange: [0, 0], numerator: { source: 'a', exists: true }, denominator: 'population', levels: ['city', 'locality', 'ward'] },
    ],
    disclosure: { threshold: THRESHOLD, symbol: 'c' },
  };
  return parseRecipe(input);
}

/** An area whose population is split F/M as given, with both indicators over the whole population. */
function area(level: RawArea['level'], code: string, parent: string | null, [female, male]: readonly [number, number], hits: readonly [number, number]): RawArea {
  const population = female + male;
  return {
    level,
    code,
    name: code,
    parent,
    population,
    partitions: [{ partition: 'sex', categories: [{ label: 'F', count: female }, { label: 'M', count: male }] }],
    indicators: { everyone: { count: hits[0], denominator: population }, other: { count: hits[1], denominator: population } },
  };
}

function sum(areas: readonly RawArea[], pick: (area: RawArea) => readonly [number, number]): [number, number] {
  return areas.reduce<[number, number]>((total, entry) => [total[0] + pick(entry)[0], total[1] + pick(entry)[1]], [0, 0]);
}

/** Two localities of three wards each; ward W1 has 3 people (below the threshold), every other ward 20 or more. */
function figures(): RawFigures {
  const wardsOf = (locality: string, sizes: readonly [number, number][], hits: readonly [number, number][]): RawArea[] =>
    sizes.map((split, index) => area('ward', `${locality}-W${index + 1}`, locality, split, hits[index] as [number, number]));
  const wards = [
    ...wardsOf('L1', [[1, 2], [10, 12], [15, 9]], [[0, 0], [6, 7], [8, 9]]),
    ...wardsOf('L2', [[12, 14], [20, 11], [13, 13]], [[9, 6], [7, 8], [10, 11]]),
  ];
  const localities = ['L1', 'L2'].map((code) => {
    const itsWards = wards.filter((ward) => ward.parent === code);
    const split = sum(itsWards, (ward) => [ward.partitions[0]?.categories[0]?.count ?? 0, ward.partitions[0]?.categories[1]?.count ?? 0]);
    const hits = sum(itsWards, (ward) => [ward.indicators.everyone?.count ?? 0, ward.indicators.other?.count ?? 0]);
    return area('locality', code, null, split, hits);
  });
  const citySplit = sum(localities, (locality) => [locality.partitions[0]?.categories[0]?.count ?? 0, locality.partitions[0]?.categories[1]?.count ?? 0]);
  const cityHits = sum(localities, (locality) => [locality.indicators.everyone?.count ?? 0, locality.indicators.other?.count ?? 0]);
  return { city: area('city', 'E08000025', null, citySplit, cityHits), localities, wards, unresolved: { everyone: 0, other: 0 } };
}

function twoPartitionRecipe(threshold: number): ReturnType<typeof parseRecipe> {
  return parseRecipe({
    version: 1,
    title: 't',
    referenceDate: '2024-06-30',
    sources: [{ id: 'a', file: 'a.csv', spec: 'a' }],
    population: { source: 'a', sexField: 'sex', ageFields: { age_0: 0, age_1: 1, age_2: 2 } },
    village: { sexCategories: ['F', 'M'], ageBands: [{ label: '0', min: 0, max: 0 }, { label: '1', min: 1, max: 1 }, { label: '2', min: 2, max: 2 }], partitions: ['sex', 'ageBand'] },
    linkage: { sources: ['a'] },
    disclosure: { threshold, symbol: 'c' },
  } satisfies RecipeInput);
}

/** Localities given as [sex counts, age-band counts]; the age bands are rescaled so both partitions total the same. */
function twoPartitionFigures(localities: readonly (readonly [readonly number[], readonly number[]])[]): RawFigures {
  const areaOf = (level: RawArea['level'], code: string, sex: readonly number[], bands: readonly number[]): RawArea => ({
    level,
    code,
    name: code,
    parent: null,
    population: sex.reduce((sum, count) => sum + count, 0),
    partitions: [
      { partition: 'sex', categories: sex.map((count, index) => ({ label: index === 0 ? 'F' : 'M', count })) },
      { partition: 'ageBand', categories: bands.map((count, index) => ({ label: String(index), count })) },
    ],
    indicators: {},
  });
  const rows = localities.map(([sex, bands]) => {
    const total = sex.reduce((sum, count) => sum + count, 0);
    // The same people by age: the first bands as drawn while they fit, the last band the rest.
    const cut: number[] = [];
    let left = total;
    bands.forEach((count, index) => {
      const take = index === bands.length - 1 ? left : Math.min(count, left);
      cut.push(take);
      left -= take;
    });
    return { sex, bands: cut };
  });
  const localityAreas = rows.map((row, index) => areaOf('locality', `L${index}`, row.sex, row.bands));
  const columnSums = (pick: (row: (typeof rows)[number]) => readonly number[]): number[] =>
    (pick(rows[0] as (typeof rows)[number])).map((_, column) => rows.reduce((sum, row) => sum + (pick(row)[column] as number), 0));
  return { city: areaOf('city', 'E08000025', columnSums((row) => row.sex), columnSums((row) => row.bands)), localities: localityAreas, wards: [], unresolved: {} };
}

const byCode = (areas: readonly AreaView[], code: string): AreaView => areas.find((entry) => entry.code === code) as AreaView;
const hidden = (count: PublishedCount | undefined): boolean => count?.value === null;

describe('publishAreas: the same figures in several places', () => {
  it('hides a small ward population together with a complement, so the locality total cannot give it away', () => {
    const raw = figures();
    const { areas } = publishAreas(raw, recipe(), rule);
    const locality = byCode(areas, 'L1');
    expect(locality.population.value).toBe(49);
    const wardPopulations = ['L1-W1', 'L1-W2', 'L1-W3'].map((code) => byCode(areas, code).population);
    expect(wardPopulations[0]?.value).toBeNull();
    expect(wardPopulations.filter(hidden).length).toBeGreaterThanOrEqual(2);
    for (const count of wardPopulations) if (count.value !== null) expect(count.value).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('publishes a population denominator exactly as the population: same cells at every level', () => {
    const { areas } = publishAreas(figures(), recipe(), rule);
    for (const view of areas) {
      for (const figure of view.indicators) {
        expect({ area: view.code, id: figure.id, value: figure.denominator.value }).toEqual({ area: view.code, id: figure.id, value: view.population.value });
        if (figure.denominator.value === null) expect(figure.rate).toBeNull();
      }
    }
    // Ward W1's denominator is hidden in every indicator and as a population: nowhere shown, nowhere derivable.
    expect(byCode(areas, 'L1-W1').indicators.every((figure) => hidden(figure.denominator))).toBe(true);
  });
});

describe('publishAreas: every partition publishes the same populations', () => {
  it('hides a population total in every partition or in none (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }),
        fc.array(fc.tuple(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 2, maxLength: 2 }), fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 })), { minLength: 2, maxLength: 6 }),
        (threshold, localities) => {
          // Each locality's people split two ways (sex, age band) with the same total: the age bands are the sex counts re-cut.
          const raw = twoPartitionFigures(localities);
          const { areas } = publishAreas(raw, twoPartitionRecipe(threshold), { threshold, symbol: 'c' });
          for (const view of areas) {
            const totals = view.partitions.map((partition) => partition.total.value);
            expect(new Set(totals.map((value) => value === null)).size, `${view.code}: ${JSON.stringify(totals)}`).toBe(1);
            expect(view.population.value === null).toBe(totals[0] === null);
          }
        },
      ),
      { numRuns: 400, seed: 3 },
    );
  });
});
