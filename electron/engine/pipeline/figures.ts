/**
 * Turns per-ward population counts and indicator tallies into figures for every area level, before any
 * disclosure control: the city (every ward, plus people no source placed in a ward), each locality (its
 * wards under the recipe's ward→locality map) and, when asked for, each ward. These exact figures are what
 * the tests compare with the samples' answer key; only their suppressed form (publish.ts) leaves the engine.
 */
import type { AreaLevel, PartitionName, Recipe } from '../../../shared/recipe';
import type { Geography } from '../geography';
import type { IndicatorCounts, Tally } from './indicators';
import { type PopulationData, populationInAgeRange, type WardPopulation } from './population';

export const CITY_CODE = 'E08000025';
export const CITY_NAME = 'Birmingham';

export interface RawPartition {
  readonly partition: PartitionName;
  readonly categories: { readonly label: string; readonly count: number }[];
}

export interface RawIndicatorFigure {
  readonly count: number;
  /** Null when the indicator has no denominator at this level. */
  readonly denominator: number | null;
  /**
   * In a run that perturbs its counts: the sums of the record keys of the people (or responses) counted and
   * of those in the denominator. Absent where the figure is not a count of keyed records: a denominator from
   * the population estimates.
   */
  readonly countKeys?: number;
  readonly denominatorKeys?: number;
}

export interface RawArea {
  readonly level: AreaLevel;
  readonly code: string;
  readonly name: string;
  readonly parent: string | null;
  readonly population: number;
  readonly partitions: RawPartition[];
  readonly indicators: Record<string, RawIndicatorFigure>;
}

export interface RawFigures {
  readonly city: RawArea;
  readonly localities: RawArea[];
  readonly wards: RawArea[];
  /** Per indicator: people (or responses) counted in the city but placed in no locality. */
  readonly unresolved: Record<string, number>;
  /** In a run that perturbs its counts: per indicator, the sum of the record keys of those unresolved people. */
  readonly unresolvedKeys?: Record<string, number>;
}

function partitionsOf(wards: readonly (WardPopulation | undefined)[], recipe: Recipe): { population: number; partitions: RawPartition[] } {
  const sexCounts = new Map<string, number>();
  const ageCounts = new Map<number, number>();
  const ethnicityCounts = new Map<string, number>();
  for (const ward of wards) {
    if (ward === undefined) continue;
    for (const [sex, byAge] of ward.bySexAge) {
      for (const [age, count] of byAge) {
        sexCounts.set(sex, (sexCounts.get(sex) ?? 0) + count);
        ageCounts.set(age, (ageCounts.get(age) ?? 0) + count);
      }
    }
    for (const [group, count] of ward.byEthnicity) ethnicityCounts.set(group, (ethnicityCounts.get(group) ?? 0) + count);
  }
  const population = [...sexCounts.values()].reduce((sum, count) => sum + count, 0);
  const build: Record<PartitionName, () => RawPartition> = {
    sex: () => ({ partition: 'sex', categories: recipe.village.sexCategories.map((label) => ({ label, count: sexCounts.get(label) ?? 0 })) }),
    ageBand: () => ({
      partition: 'ageBand',
      categories: recipe.village.ageBands.map((band) => {
        let count = 0;
        for (const [age, value] of ageCounts) if (age >= band.min && age <= band.max) count += value;
        return { label: band.label, count };
      }),
    }),
    ethnicity: () => ({
      partition: 'ethnicity',
      categories: Object.keys(recipe.population.ethnicity?.groupFields ?? {}).map((label) => ({ label, count: ethnicityCounts.get(label) ?? 0 })),
    }),
  };
  return { population, partitions: recipe.village.partitions.map((name) => build[name]()) };
}

function sumTallies(tallies: readonly (Tally | undefined)[]): Tally {
  const total: Tally = { hits: 0, base: 0 };
  for (const tally of tallies) {
    if (tally === undefined) continue;
    total.hits += tally.hits;
    total.base += tally.base;
    if (tally.hitKeys !== undefined) total.hitKeys = (total.hitKeys ?? 0) + tally.hitKeys;
    if (tally.baseKeys !== undefined) total.baseKeys = (total.baseKeys ?? 0) + tally.baseKeys;
  }
  return total;
}

/** The key sums a figure carries in a perturbed run (none in a suppressed one). */
function keysOf(tally: Tally, withDenominator: boolean): Pick<RawIndicatorFigure, 'countKeys' | 'denominatorKeys'> {
  return {
    ...(tally.hitKeys === undefined ? {} : { countKeys: tally.hitKeys }),
    ...(withDenominator && tally.baseKeys !== undefined ? { denominatorKeys: tally.baseKeys } : {}),
  };
}

export function computeFigures(recipe: Recipe, geography: Geography, population: PopulationData, counts: readonly IndicatorCounts[]): RawFigures {
  const localityOf = geography.localityMap.localityOf;
  const wardsOfLocality = new Map<string, string[]>(geography.localities.map((locality) => [locality.name, []]));
  for (const ward of geography.wards) wardsOfLocality.get(localityOf.get(ward.code) ?? '')?.push(ward.code);
  const allWards = geography.wards.map((ward) => ward.code);
  const wantsWards = recipe.indicators.some((indicator) => (indicator.levels as readonly AreaLevel[]).includes('ward'));

  const figureFor = (entry: IndicatorCounts, level: AreaLevel, wardCodes: readonly string[], localityName: string | null): RawIndicatorFigure | null => {
    if (!(entry.indicator.levels as readonly AreaLevel[]).includes(level)) return null;
    if (entry.kind === 'share') {
      if (level === 'ward') return null;
      const tally = level === 'city' ? sumTallies([...entry.byLocality.values()]) : sumTallies([entry.byLocality.get(localityName)]);
      return { count: tally.hits, denominator: tally.base, ...keysOf(tally, true) };
    }
    const { indicator } = entry;
    const [min, max] = indicator.ageRange;
    const populationOf = (codes: readonly string[]): number => codes.reduce((sum, code) => sum + populationInAgeRange(population.wards.get(code), min, max), 0);
    if (indicator.estimate === 'rate-applied-to-population') {
      const estimateFor = (codes: readonly string[]): number => {
        const tally = sumTallies(codes.map((code) => entry.byWard.get(code)));
        return tally.base === 0 ? 0 : Math.round((tally.hits / tally.base) * populationOf(codes));
      };
      const count = level === 'city'
        ? geography.localities.reduce((sum, locality) => sum + estimateFor(wardsOfLocality.get(locality.name) ?? []), 0)
        : estimateFor(wardCodes);
      // An estimate is keyed by the people observed behind it: the same people, the same adjustment.
      const observed = level === 'city' ? geography.localities.flatMap((locality) => wardsOfLocality.get(locality.name) ?? []) : wardCodes;
      return { count, denominator: populationOf(wardCodes), ...keysOf(sumTallies(observed.map((code) => entry.byWard.get(code))), false) };
    }
    const tallies = [...wardCodes.map((code) => entry.byWard.get(code)), ...(level === 'city' ? [entry.byWard.get(null)] : [])];
    const tally = sumTallies(tallies);
    const fromPopulation = indicator.denominator === 'population';
    return { count: tally.hits, denominator: fromPopulation ? populationOf(wardCodes) : tally.base, ...keysOf(tally, !fromPopulation) };
  };

  const areaFor = (level: AreaLevel, code: string, name: string, parent: string | null, wardCodes: readonly string[]): RawArea => {
    const { population: people, partitions } = partitionsOf(wardCodes.map((ward) => population.wards.get(ward)), recipe);
    const indicators: Record<string, RawIndicatorFigure> = {};
    for (const entry of counts) {
      const figure = figureFor(entry, level, wardCodes, level === 'locality' ? name : null);
      if (figure !== null) indicators[entry.indicator.id] = figure;
    }
    return { level, code, name, parent, population: people, partitions, indicators };
  };

  const unresolved: Record<string, number> = {};
  const unresolvedKeys: Record<string, number> = {};
  for (const entry of counts) {
    const tally = entry.kind === 'share' ? entry.byLocality.get(null) : entry.byWard.get(null);
    unresolved[entry.indicator.id] = tally?.hits ?? 0;
    if (tally?.hitKeys !== undefined) unresolvedKeys[entry.indicator.id] = tally.hitKeys;
  }
  return {
    city: areaFor('city', CITY_CODE, CITY_NAME, null, allWards),
    localities: geography.localities.map((locality) => areaFor('locality', locality.name, locality.name, null, wardsOfLocality.get(locality.name) ?? [])),
    wards: wantsWards
      ? geography.wards.map((ward) => areaFor('ward', ward.code, ward.name, localityOf.get(ward.code) ?? null, [ward.code]))
      : [],
    unresolved,
    ...(Object.keys(unresolvedKeys).length === 0 ? {} : { unresolvedKeys }),
  };
}
