/**
 * Reads the population estimates (the denominators and the village partitions) into per-ward counts:
 * ward → sex category → single year of age, and ward → ethnicity group. Rows the import could not place in a
 * ward (including a totals row, should one survive) are reported, never added to any area.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Recipe } from '../../../shared/recipe';
import { quoteIdentifier } from '../sql';
import type { SourceCatalog } from './catalog';
import { WARD_COLUMN } from './persons';

export interface WardPopulation {
  /** sex category → age → count. */
  readonly bySexAge: Map<string, Map<number, number>>;
  /** ethnicity group → count. */
  readonly byEthnicity: Map<string, number>;
}

export interface PopulationData {
  readonly wards: Map<string, WardPopulation>;
  /** Population rows without a ward: {source, rows, people}. */
  readonly unplaced: { source: string; rows: number; people: number }[];
  /** Sex values found that the recipe does not map to a village category. */
  readonly unknownSexValues: string[];
}

function wardEntry(wards: Map<string, WardPopulation>, ward: string): WardPopulation {
  let entry = wards.get(ward);
  if (entry === undefined) {
    entry = { bySexAge: new Map(), byEthnicity: new Map() };
    wards.set(ward, entry);
  }
  return entry;
}

export async function readPopulation(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog): Promise<PopulationData> {
  const wards = new Map<string, WardPopulation>();
  const unplaced: PopulationData['unplaced'] = [];
  const unknownSexValues = new Set<string>();
  const { source, sexField, ageFields } = recipe.population;
  const context = `population source "${source}"`;
  catalog.columnType(source, WARD_COLUMN, `${context} (needs a geography field the import resolves to a ward)`);
  const ageEntries = Object.entries(ageFields);
  const sums = ageEntries.map(([field], index) => `CAST(sum(${catalog.column(source, field, context)}) AS BIGINT) AS ${quoteIdentifier(`a${index}`)}`);
  const reader = await connection.runAndReadAll(
    `SELECT ${quoteIdentifier(WARD_COLUMN)} AS ward, CAST(${catalog.column(source, sexField, context)} AS VARCHAR) AS sex, count(*) AS row_count, ${sums.join(', ')}
     FROM ${catalog.tableSql(source)} GROUP BY ALL ORDER BY ward, sex`,
  );
  const sexMap = recipe.sources.find((entry) => entry.id === source)?.attributes?.sex?.map;
  let unplacedRows = 0;
  let unplacedPeople = 0;
  for (const row of reader.getRowObjectsJson()) {
    const counts = ageEntries.map((_, index) => Number(row[`a${index}`] ?? 0));
    if (row.ward === null) {
      unplacedRows += Number(row.row_count);
      unplacedPeople += counts.reduce((sum, count) => sum + count, 0);
      continue;
    }
    const raw = String(row.sex ?? '');
    const sex = sexMap === undefined ? raw : (sexMap[raw] ?? null);
    if (sex === null || !recipe.village.sexCategories.includes(sex)) {
      unknownSexValues.add(raw);
      continue;
    }
    const entry = wardEntry(wards, String(row.ward));
    let byAge = entry.bySexAge.get(sex);
    if (byAge === undefined) {
      byAge = new Map();
      entry.bySexAge.set(sex, byAge);
    }
    ageEntries.forEach(([, age], index) => byAge.set(age, (byAge.get(age) ?? 0) + (counts[index] as number)));
  }
  if (unplacedRows > 0) unplaced.push({ source, rows: unplacedRows, people: unplacedPeople });

  const ethnicity = recipe.population.ethnicity;
  if (ethnicity !== undefined) {
    const ethnicityContext = `population ethnicity source "${ethnicity.source}"`;
    catalog.columnType(ethnicity.source, WARD_COLUMN, ethnicityContext);
    const groups = Object.entries(ethnicity.groupFields);
    const groupSums = groups.map(([, field], index) => `CAST(sum(${catalog.column(ethnicity.source, field, ethnicityContext)}) AS BIGINT) AS ${quoteIdentifier(`g${index}`)}`);
    const groupReader = await connection.runAndReadAll(
      `SELECT ${quoteIdentifier(WARD_COLUMN)} AS ward, count(*) AS row_count, ${groupSums.join(', ')} FROM ${catalog.tableSql(ethnicity.source)} GROUP BY ALL ORDER BY ward`,
    );
    for (const row of groupReader.getRowObjectsJson()) {
      const counts = groups.map((_, index) => Number(row[`g${index}`] ?? 0));
      if (row.ward === null) {
        unplaced.push({ source: ethnicity.source, rows: Number(row.row_count), people: counts.reduce((sum, count) => sum + count, 0) });
        continue;
      }
      const entry = wardEntry(wards, String(row.ward));
      groups.forEach(([group], index) => entry.byEthnicity.set(group, (entry.byEthnicity.get(group) ?? 0) + (counts[index] as number)));
    }
  }
  return { wards, unplaced, unknownSexValues: [...unknownSexValues].sort() };
}

/** People in a ward aged within [min, max] (all sexes). */
export function populationInAgeRange(ward: WardPopulation | undefined, min: number, max: number): number {
  if (ward === undefined) return 0;
  let total = 0;
  for (const byAge of ward.bySexAge.values()) for (const [age, count] of byAge) if (age >= min && age <= max) total += count;
  return total;
}
