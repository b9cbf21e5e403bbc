/**
 * Reads the population estimates (the denominators and the village partitions) into per-ward counts:
 * ward → sex category → single year of age, and ward → ethnicity group. Rows the import could not place in a
 * ward (including a totals row, should one survive) are reported, never added to any area.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { populationAgeBands, type Recipe } from '../../../shared/recipe';
import { quoteIdentifier } from '../sql';
import type { SourceCatalog } from './catalog';
import { WARD_COLUMN } from './persons';
import { EngineError } from '../errors';

export interface WardPopulation {
  /** sex category → the first age of a band (the age itself for single years) → count. */
  readonly bySexAge: Map<string, Map<number, number>>;
  /** ethnicity group → count. */
  readonly byEthnicity: Map<string, number>;
}

export interface PopulationData {
  readonly wards: Map<string, WardPopulation>;
  /** The population's age bands in age order; single years are bands of one. */
  readonly bands: readonly PopulationBand[];
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

/** One age band of the population (a single year is a band of one), keyed in the ward counts by its first age. */
export interface PopulationBand {
  readonly label: string;
  readonly min: number;
  readonly max: number;
}

export class PopulationShapeError extends EngineError {
  constructor(message: string) {
    super(message, 'invalid-request');
  }
}

interface PopulationRow {
  readonly ward: string | null;
  readonly sex: string;
  readonly rowCount: number;
  /** band first age → count. */
  readonly counts: Map<number, number>;
}

/** Reads the population rows per ward and sex in whichever shape the recipe declares (wide years, wide bands, long). */
async function readPopulationRows(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog): Promise<{ rows: PopulationRow[]; bands: PopulationBand[] }> {
  const { source, sexField, long } = recipe.population;
  const context = `population source "${source}"`;
  const sex = `CAST(${catalog.column(source, sexField, context)} AS VARCHAR)`;
  const ward = quoteIdentifier(WARD_COLUMN);
  if (long === undefined) {
    const bands = populationAgeBands(recipe.population);
    const sums = bands.map(({ key }, index) => `CAST(sum(${catalog.column(source, key, context)}) AS BIGINT) AS ${quoteIdentifier(`a${index}`)}`);
    const reader = await connection.runAndReadAll(`SELECT ${ward} AS ward, ${sex} AS sex, count(*) AS row_count, ${sums.join(', ')} FROM ${catalog.tableSql(source)} GROUP BY ALL ORDER BY ward, sex`);
    const rows = reader.getRowObjectsJson().map((row) => ({
      ward: row.ward === null ? null : String(row.ward),
      sex: String(row.sex ?? ''),
      rowCount: Number(row.row_count),
      counts: new Map(bands.map((band, index) => [band.min, Number(row[`a${index}`] ?? 0)])),
    }));
    return { rows, bands: bands.map(({ key, min, max }) => ({ label: min === max ? String(min) : key, min, max })) };
  }
  const age = `CAST(${catalog.column(source, long.ageField, context)} AS VARCHAR)`;
  const count = catalog.column(source, long.countField, context);
  const reader = await connection.runAndReadAll(
    `SELECT ${ward} AS ward, ${sex} AS sex, trim(${age}) AS age, count(*) AS row_count, CAST(sum(${count}) AS BIGINT) AS people FROM ${catalog.tableSql(source)} GROUP BY ALL ORDER BY ward, sex, age`,
  );
  const declared = new Map(Object.entries(long.ageBands ?? {}).map(([value, [min, max]]) => [value.trim().toLowerCase(), { label: value, min, max }]));
  const bands = new Map<number, PopulationBand>();
  const grouped = new Map<string, PopulationRow>();
  for (const row of reader.getRowObjectsJson()) {
    const value = row.age === null ? '' : String(row.age);
    let band = declared.get(value.toLowerCase());
    if (band === undefined && long.ageBands === undefined && /^\d{1,3}$/.test(value) && Number(value) <= 130) band = { label: value, min: Number(value), max: Number(value) };
    if (band === undefined) {
      const expected = long.ageBands === undefined ? 'a single year of age (0 to 130); declare population.long.ageBands for bands' : `one of the declared bands (${[...declared.values()].map((entry) => `"${entry.label}"`).join(', ')})`;
      throw new PopulationShapeError(`The ${context} has the age value "${value.slice(0, 40)}" in field ${long.ageField}, which is not ${expected}`);
    }
    bands.set(band.min, band);
    const key = `${String(row.ward)}\u0000${String(row.sex)}`;
    const entry = grouped.get(key) ?? { ward: row.ward === null ? null : String(row.ward), sex: String(row.sex ?? ''), rowCount: 0, counts: new Map<number, number>() };
    grouped.set(key, { ...entry, rowCount: entry.rowCount + Number(row.row_count), counts: entry.counts.set(band.min, (entry.counts.get(band.min) ?? 0) + Number(row.people ?? 0)) });
  }
  const declaredBands = long.ageBands === undefined ? [...bands.values()] : [...declared.values()];
  return { rows: [...grouped.values()], bands: declaredBands.sort((left, right) => left.min - right.min) };
}

export async function readPopulation(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog): Promise<PopulationData> {
  const wards = new Map<string, WardPopulation>();
  const unplaced: PopulationData['unplaced'] = [];
  const unknownSexValues = new Set<string>();
  const { source } = recipe.population;
  catalog.columnType(source, WARD_COLUMN, `population source "${source}" (needs a geography field the import resolves to a ward)`);
  const { rows, bands } = await readPopulationRows(connection, recipe, catalog);
  const sexMap = recipe.sources.find((entry) => entry.id === source)?.attributes?.sex?.map;
  let unplacedRows = 0;
  let unplacedPeople = 0;
  for (const row of rows) {
    const people = [...row.counts.values()].reduce((sum, count) => sum + count, 0);
    if (row.ward === null) {
      unplacedRows += row.rowCount;
      unplacedPeople += people;
      continue;
    }
    const raw = row.sex;
    const sex = sexMap === undefined ? raw : (sexMap[raw] ?? null);
    if (sex === null || !recipe.village.sexCategories.includes(sex)) {
      unknownSexValues.add(raw);
      continue;
    }
    const entry = wardEntry(wards, row.ward);
    let byAge = entry.bySexAge.get(sex);
    if (byAge === undefined) {
      byAge = new Map();
      entry.bySexAge.set(sex, byAge);
    }
    for (const [age, count] of row.counts) byAge.set(age, (byAge.get(age) ?? 0) + count);
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
  return { wards, bands, unplaced, unknownSexValues: [...unknownSexValues].sort() };
}

/** People in a ward aged within [min, max] (all sexes). */
export function populationInAgeRange(ward: WardPopulation | undefined, min: number, max: number): number {
  if (ward === undefined) return 0;
  let total = 0;
  for (const byAge of ward.bySexAge.values()) for (const [age, count] of byAge) if (age >= min && age <= max) total += count;
  return total;
}

/**
 * Refuses an age range that cuts through a population band: its denominator would be a guess. Names the
 * band and the range, e.g. indicator "under_18" (ages 0–17) against the band "15-19".
 */
export function checkAgeRangeAligns(bands: readonly PopulationBand[], range: readonly [number, number], what: string): void {
  const [min, max] = range;
  const cut = bands.find((band) => band.min < band.max && ((band.min < min && band.max >= min) || (band.min <= max && band.max > max)));
  if (cut !== undefined) {
    throw new PopulationShapeError(
      `${what} counts ages ${min}–${max}, but the population gives ages ${cut.min}–${cut.max} as one band ("${cut.label}"), so its denominator cannot be worked out; use age bands that start at ${min} and end at ${max}, or a population by single year of age`,
    );
  }
}
