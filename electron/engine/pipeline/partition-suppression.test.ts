/**
 * Ward partitions published beside the locality and city partitions (issue 17): a ward's sex or age-band count
 * is a cell of its locality's wards × categories table, whose column totals are the locality's row of the city
 * table. An attacker holding every published figure of the three levels, and the lines that add them up
 * (test/support/disclosure-checker.ts), must not be able to work out any hidden count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecipe, type RecipeInput } from '../../../shared/recipe';
import type { AreaView } from '../../../shared/village';
import { DisclosureLedger } from '../../../test/support/disclosure-checker';
import type { RawArea, RawFigures } from './figures';
import { publishAreas } from './publish';

const AGE_BANDS = ['0', '1', '2'];

function recipe(threshold: number): ReturnType<typeof parseRecipe> {
  return parseRecipe({
    version: 1,
    title: 't',
    referenceDate: '2024-06-30',
    sources: [{ id: 'a', file: 'a.csv', spec: 'a' }],
    population: { source: 'a', sexField: 'sex', ageFields: { age_0: 0, age_1: 1, age_2: 2 } },
    village: { sexCategories: ['F', 'M'], ageBands: AGE_BANDS.map((label, age) => ({ label, min: age, max: age })), partitions: ['sex', 'ageBand'] },
    linkage: { sources: ['a'] },
    disclosure: { threshold, symbol: 'c' },
  } satisfies RecipeInput);
}

/** A ward drawn as people per (sex, age band): both partitions split the same people. */
type WardPeople = readonly (readonly number[])[];

function areaOf(level: RawArea['level'], code: string, parent: string | null, people: readonly WardPeople[]): RawArea {
  const cell = (sex: number, band: number): number => people.reduce((sum, ward) => sum + ((ward[sex] as number[])[band] as number), 0);
  const sex = [0, 1].map((index) => AGE_BANDS.reduce((sum, _, band) => sum + cell(index, band), 0));
  return {
    level,
    code,
    name: code,
    parent,
    population: (sex[0] as number) + (sex[1] as number),
    partitions: [
      { partition: 'sex', categories: sex.map((count, index) => ({ label: index === 0 ? 'F' : 'M', count })) },
      { partition: 'ageBand', categories: AGE_BANDS.map((label, band) => ({ label, count: cell(0, band) + cell(1, band) })) },
    ],
    indicators: {},
  };
}

function figuresOf(localities: readonly (readonly WardPeople[])[]): RawFigures {
  const wards = localities.flatMap((itsWards, locality) => itsWards.map((ward, index) => areaOf('ward', `L${locality}-W${index}`, `L${locality}`, [ward])));
  const localityAreas = localities.map((itsWards, locality) => areaOf('locality', `L${locality}`, null, itsWards));
  return { city: areaOf('city', 'E08000025', null, localities.flat()), localities: localityAreas, wards, unresolved: {} };
}

const key = (area: string, partition: string, label: string): string => `${partition}|${area}|${label}`;
const populationKey = (area: string): string => `population|${area}`;

/** Every partition count and population of the three levels, with the lines an attacker knows. */
function ledgerOf(areas: readonly AreaView[]): DisclosureLedger {
  const ledger = new DisclosureLedger();
  for (const area of areas) {
    ledger.record(populationKey(area.code), area.population.value, 'village.json');
    for (const partition of area.partitions) {
      ledger.record(populationKey(area.code), partition.total.value, 'village.json');
      const parts = partition.categories.map((category) => key(area.code, partition.partition, category.label));
      partition.categories.forEach((category, index) => ledger.record(parts[index] as string, category.count.value, 'village.json'));
      ledger.line(populationKey(area.code), parts, 'village.json');
    }
  }
  const childrenOf = (parent: AreaView): AreaView[] => areas.filter((area) => (parent.level === 'city' ? area.level === 'locality' : area.parent === parent.code));
  for (const parent of areas.filter((area) => area.level !== 'ward')) {
    const children = childrenOf(parent);
    ledger.line(populationKey(parent.code), children.map((child) => populationKey(child.code)), 'village.json');
    for (const partition of parent.partitions) {
      for (const category of partition.categories) {
        ledger.line(key(parent.code, partition.partition, category.label), children.map((child) => key(child.code, partition.partition, category.label)), 'village.json');
      }
    }
  }
  return ledger;
}

const wardPeople = fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 2 });

describe('suppressPartitions: wards, localities and the city together', () => {
  it('publishes every ward partition, with no hidden count recoverable from the three levels (property)', () => {
    let hiddenWardCells = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 10 }),
        fc.array(fc.array(wardPeople, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 }),
        (threshold, localities) => {
          const { areas } = publishAreas(figuresOf(localities), recipe(threshold), { threshold, symbol: 'c' });
          for (const view of areas) {
            expect(view.partitions.map((partition) => partition.partition)).toEqual(['sex', 'ageBand']);
            for (const partition of view.partitions) {
              for (const count of [partition.total, ...partition.categories.map((category) => category.count)]) {
                if (count.value !== null) expect(count.value === 0 || count.value >= threshold, `${view.code} ${partition.partition}: ${count.value}`).toBe(true);
                if (view.level === 'ward' && count.value === null) hiddenWardCells += 1;
              }
            }
          }
          const ledger = ledgerOf(areas);
          expect(ledger.inconsistencies()).toEqual([]);
          expect(ledger.disclosures(threshold)).toEqual([]);
          expect(ledger.boundDisclosures(threshold)).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 17 },
    );
    expect(hiddenWardCells).toBeGreaterThan(0);
  });

  it('hides in the city table a locality count that its ward table hid to protect a ward', () => {
    // Threshold 8. L2 is one ward, so its ward table and its row of the city table are the same numbers: what
    // the ward table hides to protect the ward must be hidden in the city table too, or it is published there.
    const localities: WardPeople[][] = [
      [[[0, 1, 0], [0, 0, 0]]],
      [[[3, 7, 0], [2, 3, 1]], [[9, 6, 8], [5, 1, 9]], [[1, 4, 8], [9, 3, 1]], [[5, 3, 3], [0, 8, 7]]],
      [[[8, 2, 1], [0, 6, 2]]],
      [[[4, 6, 4], [0, 4, 9]], [[0, 2, 5], [7, 3, 8]]],
    ];
    const { areas } = publishAreas(figuresOf(localities), recipe(8), { threshold: 8, symbol: 'c' });
    const ledger = ledgerOf(areas);
    expect(ledger.inconsistencies()).toEqual([]);
    expect(ledger.disclosures(8)).toEqual([]);
    expect(ledger.boundDisclosures(8)).toEqual([]);
    const values = (code: string): (number | null)[] => (areas.find((area) => area.code === code) as AreaView).partitions.flatMap((partition) => [partition.total.value, ...partition.categories.map((category) => category.count.value)]);
    expect(values('L2-W0')).toEqual(values('L2'));
    expect(values('L2').some((value) => value === null)).toBe(true);
  });
});
