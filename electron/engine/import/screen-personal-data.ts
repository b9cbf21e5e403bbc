/**
 * Screening of an import with no specification. A specification says which fields are identifiers; a plain
 * import has only the file's labels and values, so every column is put through the validator's detector
 * (validate/personal-data.ts: by label, then by a sample of values), plus the person-id names Explore
 * treats as person-level (`person_id`, `Child ID`); a column already pseudonymised (`child_pseudonym`) is
 * kept as it is. What it finds is handled as a specification import
 * would, before the table is committed:
 * - NHS numbers, UPNs, email addresses, phone numbers and person ids become keyed pseudonyms
 *   (`<column>_pseudonym`, HMAC with the workspace key; NHS numbers and UPNs under the same kinds as
 *   specification imports, so they link), a value that fails its check being left empty rather than kept;
 * - names and addresses are dropped: no import stores them;
 * - postcodes are kept only as their district (`<column>_district`);
 * - dates of birth are kept, for ages; the column's name marks the table person-level, so its rows
 *   cannot be exported (explore/person-level.ts), only its suppressed groups.
 * The result lists each column found, what was found and what was done, for the import summary.
 */
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ScreenedColumn } from '../../../shared/api';
import { normaliseColumnName } from '../../../shared/grid';
import { isPersonLevelColumn, createPseudonymiser, normaliseLocalId, normaliseNhsNumber, normaliseUpn, type IdentifierKind, type Pseudonymiser } from '../privacy';
import { postcodeDistrict } from '../geography';
import { quoteIdentifier } from '../sql';
import { PERSONAL_DATA_DESCRIPTIONS, PersonalDataSampler, personalDataKindFromLabel, type PersonalDataKind } from '../validate';
import { ensureWorkspaceKey } from './workspace-key';

const SAMPLED_VALUES = 500;

type Found = PersonalDataKind | 'person-id';

interface Column {
  readonly name: string;
  readonly found: Found | null;
}

/** How one column's values are rewritten, or null when the column is kept or dropped as it is. */
type Rewrite = (text: string) => string | null;

function describeFound(found: Found): string {
  return found === 'person-id' ? 'person identifiers' : PERSONAL_DATA_DESCRIPTIONS[found];
}

function rewriteFor(found: Found, column: string, pseudonymiser: () => Pseudonymiser): { action: ScreenedColumn['action']; suffix: string | null; rewrite: Rewrite | null } {
  const keyed = (kind: IdentifierKind, normalise: (text: string) => string | null): Rewrite => (text) => {
    const normalised = normalise(text);
    return normalised === null ? null : pseudonymiser().pseudonym(kind, normalised);
  };
  switch (found) {
    case 'nhs-number':
      return { action: 'pseudonymised', suffix: 'pseudonym', rewrite: keyed('nhs', normaliseNhsNumber) };
    case 'upn':
      return { action: 'pseudonymised', suffix: 'pseudonym', rewrite: keyed('upn', normaliseUpn) };
    case 'email':
    case 'phone':
    case 'person-id':
      return { action: 'pseudonymised', suffix: 'pseudonym', rewrite: keyed(`local-id:${normaliseColumnName(column) || found}`, normaliseLocalId) };
    case 'postcode':
      return { action: 'reduced to district', suffix: 'district', rewrite: postcodeDistrict };
    case 'name':
    case 'address':
      return { action: 'dropped', suffix: null, rewrite: null };
    case 'date-of-birth':
      return { action: 'kept', suffix: null, rewrite: null };
  }
}

async function classify(connection: DuckDBConnection, table: string, name: string): Promise<Found | null> {
  const byLabel = personalDataKindFromLabel(name);
  if (byLabel !== null) return byLabel;
  const sampler = new PersonalDataSampler(SAMPLED_VALUES);
  const column = quoteIdentifier(name);
  const sample = await connection.runAndReadAll(`SELECT CAST(${column} AS VARCHAR) FROM ${table} WHERE ${column} IS NOT NULL LIMIT ${SAMPLED_VALUES}`);
  for (const [value] of sample.getRows()) sampler.add(typeof value === 'string' ? value : null);
  // A column already pseudonymised by the partner (`child_pseudonym`) is kept as sent: keying it again hides nothing more.
  const alreadyKeyed = /_pseudonym$|^match_keys?$/.test(normaliseColumnName(name));
  return sampler.dominantKind() ?? (isPersonLevelColumn(name) && !alreadyKeyed ? 'person-id' : null);
}

function unusedName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let counter = 2; taken.has(name.toLowerCase()); counter += 1) name = `${wanted}_${counter}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * Screens `schema.table` (the import's staging table, inside the import's transaction) and rewrites it in
 * place, keeping its row order; returns what was found.
 */
export async function screenPersonalData(connection: DuckDBConnection, workspace: { readonly secretsFolder: string }, schema: string, table: string): Promise<ScreenedColumn[]> {
  const qualified = `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
  const described = await connection.runAndReadAll(`SELECT column_name FROM (DESCRIBE ${qualified})`);
  const columns: Column[] = [];
  for (const [name] of described.getRows()) columns.push({ name: String(name), found: await classify(connection, qualified, String(name)) });
  if (columns.every((column) => column.found === null)) return [];

  let keyedBy: Pseudonymiser | null = null;
  const key = await ensureWorkspaceKey(workspace);
  const pseudonymiser = (): Pseudonymiser => (keyedBy ??= createPseudonymiser(key));
  const taken = new Set(columns.map((column) => column.name.toLowerCase()));
  const screened: ScreenedColumn[] = [];
  const selectList: string[] = [];
  const joins: string[] = [];
  const mappingTables: string[] = [];
  for (const [index, column] of columns.entries()) {
    const source = `s.${quoteIdentifier(column.name)}`;
    if (column.found === null) {
      selectList.push(source);
      continue;
    }
    const plan = rewriteFor(column.found, column.name, pseudonymiser);
    const storedAs = plan.suffix === null ? (plan.action === 'kept' ? column.name : null) : unusedName(`${normaliseColumnName(column.name) || `column_${index + 1}`}_${plan.suffix}`, taken);
    screened.push({ column: column.name, found: describeFound(column.found), action: plan.action, storedAs });
    if (plan.action === 'kept') selectList.push(source);
    if (plan.rewrite === null || storedAs === null) continue;
    // Each distinct value is rewritten once in the engine (the key never enters DuckDB), then joined back.
    const mapping = `import_screen_${randomUUID().replaceAll('-', '')}`;
    const mappingName = `${quoteIdentifier(schema)}.${quoteIdentifier(mapping)}`;
    mappingTables.push(mappingName);
    await connection.run(`CREATE TABLE ${mappingName} (sent VARCHAR PRIMARY KEY, stored VARCHAR)`);
    const distinct = await connection.runAndReadAll(`SELECT DISTINCT CAST(${quoteIdentifier(column.name)} AS VARCHAR) FROM ${qualified} WHERE ${quoteIdentifier(column.name)} IS NOT NULL`);
    const appender = await connection.createAppender(mapping, schema);
    for (const [sent] of distinct.getRows()) {
      const stored = plan.rewrite(String(sent));
      appender.appendVarchar(String(sent));
      if (stored === null) appender.appendNull();
      else appender.appendVarchar(stored);
      appender.endRow();
    }
    appender.closeSync();
    const alias = `m${index}`;
    joins.push(`LEFT JOIN ${mappingName} ${alias} ON ${alias}.sent = CAST(${source} AS VARCHAR)`);
    selectList.push(`${alias}.stored AS ${quoteIdentifier(storedAs)}`);
  }
  const rewritten = `${quoteIdentifier(schema)}.${quoteIdentifier(`${table}_screened`)}`;
  await connection.run(`CREATE TABLE ${rewritten} AS SELECT ${selectList.join(', ')} FROM ${qualified} s ${joins.join(' ')} ORDER BY s.rowid`);
  await connection.run(`DROP TABLE ${qualified}`);
  for (const mappingName of mappingTables) await connection.run(`DROP TABLE ${mappingName}`);
  await connection.run(`ALTER TABLE ${rewritten} RENAME TO ${quoteIdentifier(table)}`);
  return screened;
}
