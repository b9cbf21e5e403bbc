/**
 * Counts each declared indicator per ward (people indicators, from the person index and the linked
 * sources) or per stated locality (share indicators, from a source without person linkage). The SQL is
 * built from the compiled conditions (bound values, checked and quoted fields) and the person index.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PeopleIndicator, Recipe, ShareIndicator } from '../../../shared/recipe';
import type { Geography } from '../geography';
import { quoteIdentifier } from '../sql';
import type { SourceCatalog } from './catalog';
import { compileCondition, ParameterSet } from './conditions';
import { ageSql, PERSONS_TABLE } from './persons';

/** hits: people satisfying the numerator; base: people in the denominator (persons denominators). */
export interface Tally {
  hits: number;
  base: number;
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

export async function countPeopleIndicator(connection: DuckDBConnection, indicator: PeopleIndicator, recipe: Recipe, catalog: SourceCatalog): Promise<PeopleIndicatorCounts> {
  const parameters = new ParameterSet('i');
  const context = `indicator "${indicator.id}"`;
  const onDay = `CAST(${parameters.add(indicator.ageAt ?? recipe.referenceDate)} AS DATE)`;
  const age = ageSql('p.date_of_birth', onDay);
  const numerator = compileCondition(indicator.numerator, catalog, 'p.person_id', parameters, context);
  const inBase = typeof indicator.denominator === 'object'
    ? compileCondition(indicator.denominator.persons, catalog, 'p.person_id', parameters, context)
    : 'TRUE';
  const minimum = `CAST(${parameters.add(indicator.ageRange[0])} AS BIGINT)`;
  const maximum = `CAST(${parameters.add(indicator.ageRange[1])} AS BIGINT)`;
  const reader = await connection.runAndReadAll(
    `SELECT p.ward_code AS ward, CAST(count(*) FILTER (WHERE ${numerator}) AS BIGINT) AS hits, CAST(count(*) AS BIGINT) AS base
     FROM ${quoteIdentifier(PERSONS_TABLE)} p
     WHERE ((p.date_of_birth IS NOT NULL AND ${age} BETWEEN ${minimum} AND ${maximum}) OR (p.date_of_birth IS NULL AND p.age_min >= ${minimum} AND p.age_max <= ${maximum}))
       AND ${inBase}
     GROUP BY ALL ORDER BY ALL`,
    parameters.values,
  );
  const byWard = new Map<string | null, Tally>();
  for (const row of reader.getRowObjectsJson()) {
    byWard.set(row.ward === null ? null : String(row.ward), { hits: Number(row.hits), base: Number(row.base) });
  }
  return { kind: 'people', indicator, byWard };
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

export async function countShareIndicator(connection: DuckDBConnection, indicator: ShareIndicator, catalog: SourceCatalog, geography: Geography): Promise<ShareIndicatorCounts> {
  const parameters = new ParameterSet('s');
  const context = `indicator "${indicator.id}"`;
  const areaColumn = catalog.column(indicator.source, indicator.areaField, context);
  const fieldColumn = catalog.column(indicator.source, indicator.field, context);
  const type = catalog.columnType(indicator.source, indicator.field, context);
  const value = type === 'BOOLEAN' ? parameters.add(indicator.equals === true || indicator.equals === 'true') : parameters.add(String(indicator.equals));
  const test = type === 'BOOLEAN' ? `${fieldColumn} = ${value}` : `CAST(${fieldColumn} AS VARCHAR) = ${value}`;
  const reader = await connection.runAndReadAll(
    `SELECT CAST(${areaColumn} AS VARCHAR) AS area, CAST(count(*) FILTER (WHERE ${test}) AS BIGINT) AS hits, CAST(count(*) AS BIGINT) AS base,
       list(source_row ORDER BY source_row)[1:20] AS example_rows
     FROM ${catalog.tableSql(indicator.source)} GROUP BY ALL ORDER BY ALL`,
    parameters.values,
  );
  const localityByKey = new Map(geography.localities.map((locality) => [localityKey(locality.name), locality.name]));
  const byLocality = new Map<string | null, Tally>();
  const unresolvedExampleRows: number[] = [];
  for (const row of reader.getRowObjectsJson()) {
    const locality = typeof row.area === 'string' ? (localityByKey.get(localityKey(row.area)) ?? null) : null;
    const tally = byLocality.get(locality) ?? { hits: 0, base: 0 };
    tally.hits += Number(row.hits);
    tally.base += Number(row.base);
    byLocality.set(locality, tally);
    if (locality === null && Array.isArray(row.example_rows)) {
      for (const example of row.example_rows) if (unresolvedExampleRows.length < 20) unresolvedExampleRows.push(Number(example));
    }
  }
  unresolvedExampleRows.sort((a, b) => a - b);
  return { kind: 'share', indicator, byLocality, unresolvedExampleRows };
}
