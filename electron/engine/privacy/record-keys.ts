/**
 * Record keys for cell-key perturbation (perturbation.ts), for Explore's grouped views and for recipe runs
 * that choose cell-key perturbation (../pipeline/cell-keys.ts): both key a person the same way. Every row of a table gets a key from 0 to
 * 255, the first byte of SHA-256(secret ‖ 0x1F ‖ kind ‖ 0x1F ‖ identity) (long identities shortened first, see
 * `digest`), where the secret is 32 random bytes (node:crypto) made once per workspace and kept owner-only in
 * its `secrets/` folder, beside the pseudonymisation key and like it out of DuckDB's reach: no SQL, not even
 * the console, can read it, and it is never exported. It reaches DuckDB only as a bound parameter of the grouped view's query.
 *
 * Why a keyed hash rather than a stored table of keys: the keys follow from the data, so nothing has to be
 * kept in step with the person index through re-runs, failed runs and their restores, and no table of keys
 * exists for SQL to read. DuckDB has no HMAC; a secret prefix is enough here, because no hash output is ever
 * shown (length extension needs one).
 *
 * The identity decides which rows share a key, and so what stays consistent:
 * - a row with a `person_id` (persons, person_facts, person_links) is its person: the smallest of the
 *   person's records' identities in person_links, a record's identity being its source and its stored
 *   match keys (pseudonyms; its row number only when it has none). Person ids are renumbered when the data
 *   change; the pseudonyms are not, so a person keeps the same key across re-runs and resent extracts, and
 *   an unchanged group keeps the same published count;
 * - a record of a source table (`source_row`) is the table and its match keys (or its row number);
 * - any other row is the whole row as text (identical rows share a key).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../sql';
import { USER_SCHEMA } from '../workspace';

type Params = Record<string, string | number | boolean | null>;

/** A table of the user schema and its column names (Explore's RelationInfo fits). */
export interface KeyedTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string }[];
}

/** The table's columns, or null when the user schema has no such table. */
export async function findKeyedTable(connection: DuckDBConnection, name: string): Promise<KeyedTable | null> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $schema AND table_catalog = current_database() AND table_name = $name ORDER BY ordinal_position`,
    { schema: USER_SCHEMA, name },
  );
  const columns = reader.getRowObjectsJson().map((row) => ({ name: String(row.column_name) }));
  return columns.length === 0 ? null : { name, columns };
}

export const RECORD_KEY_SECRET_FILE = 'record-keys.key';
const SECRET_BYTES = 32;
const PERSON_LINKS = 'person_links';

/** The workspace's record-key secret, made on first use; created exclusively, so racing first uses agree. */
export function ensureRecordKeySecret(secretsFolder: string): string {
  const secretPath = path.join(secretsFolder, RECORD_KEY_SECRET_FILE);
  if (!fs.existsSync(secretPath)) {
    try {
      fs.writeFileSync(secretPath, `${randomBytes(SECRET_BYTES).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const secret = fs.readFileSync(secretPath, 'utf8').trim();
  if (Buffer.from(secret, 'base64url').length !== SECRET_BYTES) throw new Error('The workspace record-key secret is damaged; restore the workspace from a backup');
  return secret;
}

/** A relation with one more column, the record key of each row. */
export interface KeyedRelation {
  readonly sql: string;
  readonly params: Params;
  readonly keyColumn: string;
}

function unusedName(base: string, columns: readonly { name: string }[]): string {
  let name = base;
  for (let suffix = 2; columns.some((column) => column.name === name); suffix += 1) name = `${base}_${suffix}`;
  return name;
}

/**
 * A long identity (a whole row, a list of match keys) shortened by DuckDB's fast hash before the keyed
 * SHA-256, which then hashes a few bytes a row: a grouped view of a million rows costs under a second, not
 * two. The secret stays in the SHA-256; a collision of the fast hash only gives two rows the same key.
 */
const digest = (value: string): string => `CAST(hash(${value}) AS VARCHAR)`;

const userTable = (name: string): string => `${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(name)}`;
const has = (relation: KeyedTable, column: string): boolean => relation.columns.some((info) => info.name === column);

/** Per person_id, the smallest identity of its records, or null when the workspace has no person_links. */
async function personIdentitySql(connection: DuckDBConnection, params: Params): Promise<string | null> {
  const links = await findKeyedTable(connection, PERSON_LINKS);
  if (!links || !['person_id', 'source', 'source_row'].every((column) => has(links, column))) return null;
  const sources = await connection.runAndReadAll(`SELECT DISTINCT CAST(source AS VARCHAR) AS source FROM ${userTable(PERSON_LINKS)} ORDER BY 1`);
  const records: string[] = [];
  for (const [index, row] of sources.getRowObjectsJson().entries()) {
    const source = String(row.source);
    const table = await findKeyedTable(connection, `src_${source}`);
    if (!table || !has(table, 'source_row') || !has(table, 'match_keys')) continue;
    params[`rk_source${index}`] = source;
    records.push(`SELECT $rk_source${index} AS source, CAST(source_row AS BIGINT) AS source_row, nullif(CAST(match_keys AS VARCHAR), '[]') AS identity FROM ${userTable(table.name)}`);
  }
  const recordIdentity = records.length === 0 ? 'NULL' : 'r.identity';
  const joined = records.length === 0 ? '' : `LEFT JOIN (${records.join(' UNION ALL ')}) r ON r.source = CAST(l.source AS VARCHAR) AND r.source_row = CAST(l.source_row AS BIGINT)`;
  return `SELECT CAST(l.person_id AS VARCHAR) AS person_id, min(CAST(l.source AS VARCHAR) || chr(31) || coalesce(${recordIdentity}, 'row ' || CAST(l.source_row AS VARCHAR))) AS identity
    FROM ${userTable(PERSON_LINKS)} l ${joined} GROUP BY 1`;
}

/** The relation's rows with their record keys; the secret and every name are bound parameters. */
export async function keyedRelation(connection: DuckDBConnection, relation: KeyedTable, secret: string): Promise<KeyedRelation> {
  // DuckDB refuses a named parameter that the statement does not use, so each is added where it is used.
  const params: Params = { rk_secret: secret };
  const keyColumn = unusedName('vw_record_key', relation.columns);
  const keyOf = (kind: string, identity: string): string =>
    `CAST(('0x' || left(sha256($rk_secret || chr(31) || '${kind}' || chr(31) || ${identity}), 2)) AS INTEGER)`;
  // The row's alias doubles as the whole row (CAST(alias AS VARCHAR)), so it must not be a column's name.
  const row = quoteIdentifier(unusedName('keyed_row', relation.columns));
  const table = `${userTable(relation.name)} AS ${row}`;
  if (has(relation, 'person_id')) {
    const persons = await personIdentitySql(connection, params);
    const personId = `CAST(${row}.person_id AS VARCHAR)`;
    if (persons !== null) {
      return {
        sql: `SELECT ${row}.*, ${keyOf('person', `coalesce(p.identity, 'id ' || ${personId})`)} AS ${quoteIdentifier(keyColumn)} FROM ${table} LEFT JOIN (${persons}) p ON p.person_id = ${personId}`,
        params,
        keyColumn,
      };
    }
    return { sql: `SELECT ${row}.*, ${keyOf('person', `'id ' || ${personId}`)} AS ${quoteIdentifier(keyColumn)} FROM ${table}`, params, keyColumn };
  }
  params.rk_table = relation.name;
  if (has(relation, 'source_row')) {
    const rowNumber = `'row ' || CAST(${row}.source_row AS VARCHAR)`;
    const identity = has(relation, 'match_keys') ? `coalesce(nullif(CAST(${row}.match_keys AS VARCHAR), '[]'), ${rowNumber})` : rowNumber;
    return { sql: `SELECT ${row}.*, ${keyOf('record', `$rk_table || chr(31) || ${digest(identity)}`)} AS ${quoteIdentifier(keyColumn)} FROM ${table}`, params, keyColumn };
  }
  return { sql: `SELECT ${row}.*, ${keyOf('row', `$rk_table || chr(31) || ${digest(row)}`)} AS ${quoteIdentifier(keyColumn)} FROM ${table}`, params, keyColumn };
}

/**
 * The cell key of a figure that counts no keyed records (a population estimate, read as aggregate rows): the
 * first byte of SHA-256(secret ‖ 0x1F ‖ "aggregate" ‖ 0x1F ‖ the cell's names joined by 0x1F), e.g. the area
 * code, "population" and the age range. Fixed by the cell's identity, so the same area and band always carry
 * the same adjustment, in every run and output, and nobody without the workspace's secret can predict it.
 */
export function aggregateCellKey(secret: string, cell: readonly string[]): number {
  const digest = createHash('sha256').update([secret, 'aggregate', ...cell].join('\u001f')).digest();
  return digest[0] as number;
}
