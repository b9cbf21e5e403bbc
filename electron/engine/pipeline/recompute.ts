/**
 * The village views again on a warm workspace, from what the run left there: indicator counts from the
 * per-person facts (person-facts.ts) and the share sources, populations, the figures of the city and its
 * localities (and wards when asked for), and disclosure control. This is what the run's indicators, village
 * and disclosure stages do; a recompute needs no linkage and no import.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Recipe } from '../../../shared/recipe';
import type { Geography } from '../geography';
import type { SourceCatalog } from './catalog';
import { computeFigures, type RawFigures } from './figures';
import type { IndicatorCounts } from './indicators';
import { countIndicators } from './indicators';
import { checkAgeRangeAligns, type PopulationData, readPopulation } from './population';
import { publishAreas, type PublishedAreas } from './publish';
import { type CellKeyRule, publishAreasPerturbed } from './publish-perturbed';

/** The population, refusing sex values the village has no category for. */
export async function readVillagePopulation(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog): Promise<PopulationData> {
  const population = await readPopulation(connection, recipe, catalog);
  if (population.unknownSexValues.length > 0) {
    throw new Error(`The population's sex values ${population.unknownSexValues.map((value) => `"${value}"`).join(', ')} are not village sex categories (${recipe.village.sexCategories.join(', ')}); map them in the population source's attributes.sex`);
  }
  for (const indicator of recipe.indicators) {
    if (indicator.kind !== 'share') checkAgeRangeAligns(population.bands, indicator.ageRange, `Indicator "${indicator.id}"`);
  }
  if (recipe.village.partitions.includes('ageBand')) {
    for (const band of recipe.village.ageBands) checkAgeRangeAligns(population.bands, [band.min, band.max], `The village age band "${band.label}"`);
  }
  return population;
}

export interface RecomputedVillage {
  readonly counts: readonly IndicatorCounts[];
  readonly population: PopulationData;
  readonly raw: RawFigures;
  readonly published: PublishedAreas;
}

/** `cellKeyRule`: the run's rule when the recipe chose cell-key perturbation (run-recipe.ts `cellKeyRuleOf`). */
export async function recomputeVillage(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog, geography: Geography, cellKeyRule: CellKeyRule | null = null): Promise<RecomputedVillage> {
  const counts = await countIndicators(connection, recipe, catalog, geography, undefined, cellKeyRule?.secret);
  const population = await readVillagePopulation(connection, recipe, catalog);
  const raw = computeFigures(recipe, geography, population, counts);
  const published = cellKeyRule === null
    ? publishAreas(raw, recipe, { threshold: recipe.disclosure.threshold, symbol: recipe.disclosure.symbol })
    : publishAreasPerturbed(raw, recipe, cellKeyRule);
  return { counts, population, raw, published };
}
