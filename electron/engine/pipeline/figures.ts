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
  const total = { hits: 0, base: 0 };
  for (const tally of tallies) {
    if (tally === undefined) continue;
    total.hits += tally.hits;
    total.base += tally.base;
  }
  return total;
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
      return { count: tally.hits, denominator: tally.base };
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
      return { count, denominator: populationOf(wardCodes) };
    }
    const tallies = [...wardCodes.map((code) => entry.byWard.get(code)), ...(level === 'city' ? [entry.byWard.get(null)] : [])];
    const tally = sumTallies(tallies);
    return { count: tally.hits, denominator: indicator.denominator === 'population' ? populationOf(wardCodes) : tally.base };
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
  for (const entry of counts) {
    unresolved[entry.indicator.id] = entry.kind === 'share' ? (entry.byLocality.get(null)?.hits ?? 0) : (entry.byWard.get(null)?.hits ?? 0);
  }
  return {
    city: areaFor('city', CITY_CODE, CITY_NAME, null, allWards),
    localities: geography.localities.map((locality) => areaFor('locality', locality.name, locality.name, null, wardsOfLocality.get(locality.name) ?? [])),
    wards: wantsWards
      ? geography.wards.map((ward) => areaFor('ward', ward.code, ward.name, localityOf.get(ward.code) ?? null, [ward.code]))
      : [],
    unresolved,
  };
}
