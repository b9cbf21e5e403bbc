/**
 * Counts each declared indicator per ward (people indicators, from the per-person facts the run built from
 * the person index and the linked sources) or per stated locality (share indicators, from a source without
 * person linkage). Fields are checked and quoted, values bound.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Condition, PeopleIndicator, Recipe, ShareIndicator } from '../../../shared/recipe';
import type { Geography } from '../geography';
import { quoteIdentifier } from '../sql';
import { findKeyedTable, keyedRelation } from '../privacy';
import type { SourceCatalog } from './catalog';
import { leafAggregate, ParameterSet } from './conditions';
import { ageWindowOf, ensurePersonFacts, leafKey, leavesOf, PERSON_FACT_COUNTS_TABLE, PERSON_FACTS_TABLE } from './person-facts';

/**
 * hits: people satisfying the numerator; base: people in the denominator (persons denominators). A run that
 * perturbs its counts (cell-key) also sums the record keys of the people counted (cell-keys.ts).
 */
export interface Tally {
  hits: number;
  base: number;
  hitKeys?: number;
  baseKeys?: number;
}

export interface PeopleIndicatorCounts {
  readonly kind: 'people';
  readonly indicator: PeopleIndicator;
  /** Per ward code; the key null holds people no source placed in a ward. */
  readonly byWard: Map<string | null, Tally>;
}

export interface ShareIndicatorCounts {
  readonly kind: 'share';
  readonly indicator: ShareIndicator;
  /** Per locality name; null holds responses whose locality could not be recognised. */
  readonly byLocality: Map<string | null, Tally>;
  /** Source rows of unrecognised localities (up to 20), for the unresolved table. */
  readonly unresolvedExampleRows: number[];
}

export type IndicatorCounts = PeopleIndicatorCounts | ShareIndicatorCounts;

/** A condition over the person's fact columns (person_facts), leaf by leaf as the condition compiler would. */
function factCondition(condition: Condition, factColumns: ReadonlyMap<string, string>): string {
  if ('anyOf' in condition) return `(${condition.anyOf.map((part) => factCondition(part, factColumns)).join(' OR ')})`;
  if ('allOf' in condition) return `(${condition.allOf.map((part) => factCondition(part, factColumns)).join(' AND ')})`;
  if ('not' in condition) return `(NOT ${factCondition(condition.not, factColumns)})`;
  const column = factColumns.get(leafKey(condition));
  if (column === undefined) throw new Error('person_facts has no column for a leaf of this recipe');
  return `f.${quoteIdentifier(column)}`;
}

/**
 * Every people indicator's numerator and denominator per ward, in one scan of the per-person facts counted by
 * ward and combination (person-facts.ts). Each condition's fields are still checked against the catalog, so a recipe naming a
 * missing field fails here with the same message whether or not the facts were already built.
 */
export async function countPeopleIndicators(
  connection: DuckDBConnection,
  recipe: Recipe,
  catalog: SourceCatalog,
  factColumns: ReadonlyMap<string, string>,
  recordKeySecret?: string,
): Promise<PeopleIndicatorCounts[]> {
  const indicators = recipe.indicators.filter((indicator): indicator is PeopleIndicator => indicator.kind !== 'share');
  if (indicators.length === 0) return [];
  const conditions = indicators.map((indicator) => {
    const context = `indicator "${indicator.id}"`;
    const checks = new ParameterSet('check');
    const used = [indicator.numerator, ...(typeof indicator.denominator === 'object' ? [indicator.denominator.persons] : [])];
    for (const leaf of used.flatMap(leavesOf)) {
      catalog.tableSql(leaf.source);
      leafAggregate(leaf, catalog, 't', checks, context);
    }
    const window = factColumns.get(ageWindowOf(indicator, recipe).key);
    if (window === undefined) throw new Error('person_facts has no column for an age window of this recipe');
    const numerator = factCondition(indicator.numerator, factColumns);
    const inBase = typeof indicator.denominator === 'object' ? factCondition(indicator.denominator.persons, factColumns) : 'TRUE';
    return { counted: `f.${quoteIdentifier(window)} AND ${inBase}`, numerator };
  });
  const tallies = conditions.map(({ counted, numerator }, index) =>
    `CAST(coalesce(sum(f.people) FILTER (WHERE ${counted} AND ${numerator}), 0) AS BIGINT) AS ${quoteIdentifier(`h${index}`)}, CAST(coalesce(sum(f.people) FILTER (WHERE ${counted}), 0) AS BIGINT) AS ${quoteIdentifier(`b${index}`)}`,
  );
  const reader = await connection.runAndReadAll(
    `SELECT f.ward_code AS ward, ${tallies.join(', ')} FROM ${quoteIdentifier(PERSON_FACT_COUNTS_TABLE)} f GROUP BY f.ward_code ORDER BY f.ward_code`,
  );
  const rows = reader.getRowObjectsJson();
  const keySums = recordKeySecret === undefined ? null : await peopleKeySums(connection, conditions, recordKeySecret);
  return indicators.map((indicator, index) => {
    const byWard = new Map<string | null, Tally>();
    for (const row of rows) {
      const base = Number(row[`b${index}`]);
      // As a GROUP BY over the people counted would: a ward with nobody in the denominator has no entry.
      if (base === 0) continue;
      const ward = row.ward === null ? null : String(row.ward);
      const keys = keySums?.get(ward);
      byWard.set(ward, { hits: Number(row[`h${index}`]), base, ...(keys === undefined ? {} : { hitKeys: keys[2 * index] as number, baseKeys: keys[2 * index + 1] as number }) });
    }
    return { kind: 'people', indicator, byWard };
  });
}

/**
 * Per ward, each indicator's sums of record keys (numerator, denominator) over the people of person_facts,
 * keyed as Explore keys them (privacy/record-keys.ts), so a count perturbed here and the same people grouped
 * in Explore are published alike. One scan of person_facts, a row per person.
 */
async function peopleKeySums(connection: DuckDBConnection, conditions: readonly { counted: string; numerator: string }[], secret: string): Promise<Map<string | null, number[]>> {
  const facts = await findKeyedTable(connection, PERSON_FACTS_TABLE);
  if (facts === null) throw new Error('person_facts is missing: the run builds it before counting');
  const keyed = await keyedRelation(connection, facts, secret);
  const key = `f.${quoteIdentifier(keyed.keyColumn)}`;
  const sums = conditions.map(({ counted, numerator }, index) =>
    `CAST(coalesce(sum(${key}) FILTER (WHERE ${counted} AND ${numerator}), 0) AS BIGINT) AS ${quoteIdentifier(`h${index}`)}, CAST(coalesce(sum(${key}) FILTER (WHERE ${counted}), 0) AS BIGINT) AS ${quoteIdentifier(`b${index}`)}`,
  );
  const reader = await connection.runAndReadAll(`SELECT f.ward_code AS ward, ${sums.join(', ')} FROM (${keyed.sql}) f GROUP BY f.ward_code`, keyed.params);
  const byWard = new Map<string | null, number[]>();
  for (const row of reader.getRowObjectsJson()) {
    byWard.set(row.ward === null ? null : String(row.ward), conditions.flatMap((_, index) => [Number(row[`h${index}`]), Number(row[`b${index}`])]));
  }
  return byWard;
}

/** Lower-case letters only, without a leading "birmingham": "Birmingham, Hodge Hill " → "hodgehill". */
export function localityKey(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z]/g, '')
    .replace(/^birmingham/, '');
}

export async function countShareIndicator(
  connection: DuckDBConnection,
  indicator: ShareIndicator,
  catalog: SourceCatalog,
  geography: Geography,
  recordKeySecret?: string,
): Promise<ShareIndicatorCounts> {
  const parameters = new ParameterSet('s');
  const context = `indicator "${indicator.id}"`;
  const areaColumn = catalog.column(indicator.source, indicator.areaField, context);
  const fieldColumn = catalog.column(indicator.source, indicator.field, context);
  const type = catalog.columnType(indicator.source, indicator.field, context);
  const value = type === 'BOOLEAN' ? parameters.add(indicator.equals === true || indicator.equals === 'true') : parameters.add(String(indicator.equals));
  const test = type === 'BOOLEAN' ? `${fieldColumn} = ${value}` : `CAST(${fieldColumn} AS VARCHAR) = ${value}`;
  // A perturbed run sums the responses' record keys too, keyed as Explore keys the source's rows.
  const table = recordKeySecret === undefined ? null : await findKeyedTable(connection, catalog.get(indicator.source).table);
  const keyed = table === null || recordKeySecret === undefined ? null : await keyedRelation(connection, table, recordKeySecret);
  const keySums = keyed === null
    ? ''
    : `, CAST(coalesce(sum(${quoteIdentifier(keyed.keyColumn)}) FILTER (WHERE ${test}), 0) AS BIGINT) AS hit_keys, CAST(coalesce(sum(${quoteIdentifier(keyed.keyColumn)}), 0) AS BIGINT) AS base_keys`;
  const reader = await connection.runAndReadAll(
    `SELECT CAST(${areaColumn} AS VARCHAR) AS area, CAST(count(*) FILTER (WHERE ${test}) AS BIGINT) AS hits, CAST(count(*) AS BIGINT) AS base${keySums},
       list(source_row ORDER BY source_row)[1:20] AS example_rows
     FROM ${keyed === null ? catalog.tableSql(indicator.source) : `(${keyed.sql}) AS keyed_rows`} GROUP BY ALL ORDER BY ALL`,
    { ...parameters.values, ...(keyed === null ? {} : keyed.params) },
  );
  const localityByKey = new Map(geography.localities.map((locality) => [localityKey(locality.name), locality.name]));
  const byLocality = new Map<string | null, Tally>();
  const unresolvedExampleRows: number[] = [];
  for (const row of reader.getRowObjectsJson()) {
    const locality = typeof row.area === 'string' ? (localityByKey.get(localityKey(row.area)) ?? null) : null;
    const tally = byLocality.get(locality) ?? (keyed === null ? { hits: 0, base: 0 } : { hits: 0, base: 0, hitKeys: 0, baseKeys: 0 });
    tally.hits += Number(row.hits);
    tally.base += Number(row.base);
    if (tally.hitKeys !== undefined) tally.hitKeys += Number(row.hit_keys);
    if (tally.baseKeys !== undefined) tally.baseKeys += Number(row.base_keys);
    byLocality.set(locality, tally);
    if (locality === null && Array.isArray(row.example_rows)) {
      for (const example of row.example_rows) if (unresolvedExampleRows.length < 20) unresolvedExampleRows.push(Number(example));
    }
  }
  unresolvedExampleRows.sort((a, b) => a - b);
  return { kind: 'share', indicator, byLocality, unresolvedExampleRows };
}

/**
 * Every indicator of the recipe, in recipe order: people indicators from person_facts (the given fact
 * columns, or those the workspace holds, rebuilt when a leaf is missing), share indicators from their source.
 */
export async function countIndicators(
  connection: DuckDBConnection,
  recipe: Recipe,
  catalog: SourceCatalog,
  geography: Geography,
  factColumns?: ReadonlyMap<string, string>,
  recordKeySecret?: string,
): Promise<IndicatorCounts[]> {
  const people = await countPeopleIndicators(connection, recipe, catalog, factColumns ?? (await ensurePersonFacts(connection, recipe, catalog)), recordKeySecret);
  const counts: IndicatorCounts[] = [];
  let nextPeople = 0;
  for (const indicator of recipe.indicators) {
    if (indicator.kind === 'share') counts.push(await countShareIndicator(connection, indicator, catalog, geography, recordKeySecret));
    else counts.push(people[nextPeople++] as PeopleIndicatorCounts);
  }
  return counts;
}
