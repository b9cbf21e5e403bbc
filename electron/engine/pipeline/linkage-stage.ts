/**
 * The linkage stage: reads every linked source's pseudonymised match keys (the import stored them in a
 * `match_keys` column; raw identifiers are never in the workspace), clusters the records into people with
 * the documented cascade (../linkage/README.md), and writes
 *   person_links(source, source_row, person_id, linked_by)
 * Records are read in recipe order, then by source_row, so person ids are the same on every run of the same
 * inputs.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Recipe } from '../../../shared/recipe';
import type { Geography } from '../geography';
import { type LinkQualityReport, linkColumns, linkQualityReport, type LinkResult, normaliseSex } from '../linkage';
import { quoteIdentifier } from '../sql';
import { RecipeFieldError, type SourceCatalog } from './catalog';
import { attributePass } from './attribute-pass';
import { PERSON_LINKS_TABLE } from './conditions';
import { WARD_COLUMN } from './persons';

export const MATCH_KEYS_COLUMN = 'match_keys';

export interface LinkageInput {
  readonly source: string[];
  readonly sourceRow: number[];
  readonly keys: Record<string, (string | null)[]>;
  readonly dateOfBirth: (string | null)[];
  readonly sex: (string | null)[];
  readonly ward: (string | null)[];
  readonly district: (string | null)[];
}

export interface LinkageOutcome {
  readonly input: LinkageInput;
  readonly result: LinkResult;
  readonly quality: LinkQualityReport;
  /** Groups the second pass left alone because they were ambiguous (e.g. twins). */
  readonly ambiguousGroups: number;
  /** Indistinguishable candidates the second pass paired in order (e.g. twins). */
  readonly exchangeablePairs: number;
}

/**
 * One record's match keys as the import stored them. Accepts a list of {key, value} structs, a list of
 * "key=value" (or "key:value") strings, or the same as JSON text; pseudonyms are base64url, so the last
 * separator splits key from value.
 */
export function parseMatchKeys(stored: unknown): { key: string; value: string }[] {
  if (stored === null || stored === undefined) return [];
  if (typeof stored === 'string') {
    const text = stored.trim();
    if (text === '') return [];
    if (text.startsWith('[') || text.startsWith('{')) return parseMatchKeys(JSON.parse(text) as unknown);
    const separator = Math.max(text.lastIndexOf('='), text.lastIndexOf(':'));
    if (separator <= 0) throw new Error('A stored match key has no key name');
    return [{ key: text.slice(0, separator), value: text.slice(separator + 1) }];
  }
  if (Array.isArray(stored)) return stored.flatMap((entry) => parseMatchKeys(entry));
  if (typeof stored === 'object') {
    const entry = stored as Record<string, unknown>;
    if (typeof entry.key === 'string' && typeof entry.value === 'string') return [{ key: entry.key, value: entry.value }];
    return Object.entries(entry).flatMap(([key, value]) => (typeof value === 'string' ? [{ key, value }] : []));
  }
  throw new Error('Stored match keys are in an unknown format');
}

/** Reads the records of every linked source, in recipe order then source_row. */
export async function readLinkageInput(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog): Promise<LinkageInput> {
  const input: LinkageInput = { source: [], sourceRow: [], keys: {}, dateOfBirth: [], sex: [], ward: [], district: [] };
  const sourceById = new Map(recipe.sources.map((source) => [source.id, source]));
  for (const sourceId of recipe.linkage.sources) {
    const context = `linkage source "${sourceId}"`;
    if (!catalog.hasColumn(sourceId, MATCH_KEYS_COLUMN)) {
      throw new RecipeFieldError(`${context}: its table has no ${MATCH_KEYS_COLUMN} column, so its specification has no identifying fields to link on`);
    }
    const attributes = sourceById.get(sourceId)?.attributes;
    const dob = attributes?.dateOfBirth === undefined ? 'NULL' : `CAST(${catalog.column(sourceId, attributes.dateOfBirth, context)} AS VARCHAR)`;
    const sex = attributes?.sex === undefined ? 'NULL' : `CAST(${catalog.column(sourceId, attributes.sex.field, context)} AS VARCHAR)`;
    const district = attributes?.district === undefined ? 'NULL' : `CAST(${catalog.column(sourceId, attributes.district, context)} AS VARCHAR)`;
    const ward = catalog.hasColumn(sourceId, WARD_COLUMN) ? `CAST(${quoteIdentifier(WARD_COLUMN)} AS VARCHAR)` : 'NULL';
    const reader = await connection.runAndReadAll(
      `SELECT CAST(source_row AS BIGINT) AS source_row, ${quoteIdentifier(MATCH_KEYS_COLUMN)} AS match_keys, ${dob} AS dob, ${sex} AS sex, ${ward} AS ward, ${district} AS district
       FROM ${catalog.tableSql(sourceId)} ORDER BY source_row`,
    );
    const sexMap = attributes?.sex?.map ?? {};
    for (const row of reader.getRowObjectsJson()) {
      const index = input.source.length;
      input.source.push(sourceId);
      input.sourceRow.push(Number(row.source_row));
      input.dateOfBirth.push(typeof row.dob === 'string' ? row.dob : null);
      input.ward.push(typeof row.ward === 'string' ? row.ward : null);
      input.district.push(typeof row.district === 'string' ? row.district : null);
      const sexCode = typeof row.sex === 'string' ? row.sex : null;
      const category = sexCode === null ? null : (sexMap[sexCode] ?? null);
      input.sex.push(category === null ? null : normaliseSex(category));
      for (const { key, value } of parseMatchKeys(row.match_keys)) {
        let column = input.keys[key];
        if (column === undefined) {
          column = [];
          input.keys[key] = column;
        }
        column[index] = value;
      }
    }
  }
  const count = input.source.length;
  for (const column of Object.values(input.keys)) {
    for (let index = 0; index < count; index += 1) if (column[index] === undefined) column[index] = null;
  }
  return input;
}

/** Links the records and writes person_links, replacing any earlier run's table. */
export async function runLinkage(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog, geography: Geography): Promise<LinkageOutcome> {
  const input = await readLinkageInput(connection, recipe, catalog);
  const cascade = linkColumns({ count: input.source.length, keys: input.keys, dateOfBirth: input.dateOfBirth, sex: input.sex });
  const empty = input.source.map(() => null);
  const second = attributePass(
    {
      source: input.source,
      dateOfBirth: input.dateOfBirth,
      sex: input.sex,
      ward: input.ward,
      district: input.district,
      locality: input.ward.map((ward) => (ward === null ? null : (geography.localityMap.localityOf.get(ward) ?? null))),
      nhs: input.keys.nhs ?? empty, upn: input.keys.upn ?? empty },
    cascade,
  );
  const result = second.result;
  const quality = linkQualityReport(input.source.map((source) => ({ source })), result);

  const links = quoteIdentifier(PERSON_LINKS_TABLE);
  await connection.run(`CREATE OR REPLACE TABLE ${links} (source VARCHAR NOT NULL, source_row BIGINT NOT NULL, person_id VARCHAR NOT NULL, linked_by VARCHAR)`);
  const appender = await connection.createAppender(PERSON_LINKS_TABLE);
  for (let index = 0; index < input.source.length; index += 1) {
    appender.appendVarchar(input.source[index] as string);
    appender.appendBigInt(BigInt(input.sourceRow[index] as number));
    appender.appendVarchar(result.personIds[index] as string);
    const linkedBy = result.linkedBy[index];
    if (linkedBy === null || linkedBy === undefined) appender.appendNull();
    else appender.appendVarchar(linkedBy);
    appender.endRow();
  }
  appender.closeSync();
  return { input, result, quality, ambiguousGroups: second.ambiguousGroups, exchangeablePairs: second.exchangeablePairs };
}
