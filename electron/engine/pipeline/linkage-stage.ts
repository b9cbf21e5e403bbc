/**
 * The linkage stage: reads every linked source's pseudonymised match keys (the import stored them in a
 * `match_keys` column; raw identifiers are never in the workspace), clusters the records into people with
 * the documented cascade (../linkage/README.md), and writes
 *   person_links(source, source_row, person_id, linked_by)
 * Records are read in recipe order, then by source_row, so person ids are the same on every run of the same
 * inputs.
 */
import { DuckDBDataChunk, INTEGER, type DuckDBConnection } from '@duckdb/node-api';
import type { ProbabilisticSettings, Recipe } from '../../../shared/recipe';
import type { LinkageDecisionConflictView, LinkageModelView, LinkageRecordRef } from '../../../shared/village';
import { NAME_ENCODINGS_COLUMN } from '../import';
import {
  CLERICAL_KEY,
  type DecisionConflictKind,
  fitAndScore,
  type KeyValue,
  type LinkQualityReport,
  linkColumns,
  linkQualityReport,
  type LinkResult,
  matchKeyDefinition,
  type ModelOutcome,
  normaliseSex,
  PROBABILISTIC_KEY,
  probabilisticPass,
  RECORDS_TABLE,
  recordsTableSql,
  type ReviewDecision,
  type ScoredPair,
} from '../linkage';
import { quoteIdentifier } from '../sql';
import { RecipeFieldError, type SourceCatalog } from './catalog';
import { attributePass, type AttributeTier, EXCHANGEABLE_FIELDS, EXCHANGEABLE_KEY } from './attribute-pass';
import { PERSON_LINKS_TABLE } from './conditions';
import { WARD_COLUMN } from './persons';

export const MATCH_KEYS_COLUMN = 'match_keys';

export interface LinkageInput {
  readonly source: string[];
  readonly sourceRow: number[];
  /** Per key name, each record's value: a code standing for the pseudonym (or the pseudonym itself), or null. */
  readonly keys: Record<string, (KeyValue | null)[]>;
  readonly dateOfBirth: (string | null)[];
  readonly sex: (string | null)[];
  readonly ward: (string | null)[];
  readonly district: (string | null)[];
  readonly lsoa: (string | null)[];
  /** Village ethnicity group (through the recipe's ethnicityGroups), null when not known. */
  readonly ethnicity: (string | null)[];
}

export interface LinkageOutcome {
  readonly input: LinkageInput;
  readonly result: LinkResult;
  readonly quality: LinkQualityReport;
  /** Groups the second pass left alone because they were ambiguous (e.g. twins). */
  readonly ambiguousGroups: number;
  /** Indistinguishable candidates the second pass paired in order (e.g. twins). */
  readonly exchangeablePairs: number;
  /** The probabilistic stage's model, its estimates and its scored pairs; null when the recipe turns it off. */
  readonly model: ModelOutcome | null;
  /** Merges the probabilistic stage made, and pairs above the threshold a guard kept apart. */
  readonly probabilisticMerges: number;
  readonly probabilisticKeptApart: number;
  /** Grey-zone pairs an officer's decision can change: below the threshold, and not held apart by different NHS numbers or UPNs. */
  readonly reviewPairs: readonly ScoredPair[];
  /** Clerical decisions this run could not honour, each with what overruled it (records named by source and row). */
  readonly decisionConflicts: readonly DecisionConflictRow[];
  /** Milliseconds of each phase of the stage, in order (the bench reports them; the stage's callers may add theirs). */
  readonly phases: Record<string, number>;
}

/** A decided pair the run could not honour: the pair, the kind, and what overruled it. */
export interface DecisionConflictRow {
  readonly kind: DecisionConflictKind;
  readonly decision: 'match' | 'not-a-match';
  readonly pair: RecordPair;
  /** For match-refused-not-a-match: the "not a match" pair the match would have joined. */
  readonly blockedBy: RecordPair | null;
  /** For not-a-match-already-linked: the key that joined the two records. */
  readonly linkedBy: string | null;
}

export interface RecordPair {
  readonly sourceA: string;
  readonly rowA: number;
  readonly sourceB: string;
  readonly rowB: number;
}

/** What village.json and the Linkage screen say about a decision the run could not honour. */
export function decisionConflictView(conflict: DecisionConflictRow, fileOf: ReadonlyMap<string, string>): LinkageDecisionConflictView {
  const refs = (pair: RecordPair): [LinkageRecordRef, LinkageRecordRef] => [
    { source: pair.sourceA, file: fileOf.get(pair.sourceA) ?? null, row: pair.rowA },
    { source: pair.sourceB, file: fileOf.get(pair.sourceB) ?? null, row: pair.rowB },
  ];
  const name = (pair: RecordPair): string => refs(pair).map((ref) => `${ref.file ?? ref.source} row ${ref.row}`).join(' and ');
  const explanation = ((): string => {
    switch (conflict.kind) {
      case 'not-a-match-already-linked':
        return `"Not a match" on ${name(conflict.pair)} was not applied: the exact keys${conflict.linkedBy === null ? '' : ` (${conflict.linkedBy})`} join them, and a shared identifier or exact key outweighs a clerical decision, so they stay one person. Check the identifiers in the originals.`;
      case 'match-refused-identifiers':
        return `"Match" on ${name(conflict.pair)} was not applied: their people hold different NHS numbers or UPNs, which never merge, so they stay two people.`;
      case 'match-refused-not-a-match':
        return `"Match" on ${name(conflict.pair)} was not applied: with the links already made it would join ${conflict.blockedBy === null ? 'two records' : name(conflict.blockedBy)}, decided "not a match"; "not a match" wins, so they stay two people. Review the two decisions together.`;
    }
  })();
  return { kind: conflict.kind, decision: conflict.decision, records: refs(conflict.pair), blockedBy: conflict.blockedBy === null ? null : refs(conflict.blockedBy), linkedBy: conflict.linkedBy, explanation };
}

/** A clerical decision on a pair of records, named by source and row (so it survives re-imports in order). */
export interface StoredDecision {
  readonly sourceA: string;
  readonly rowA: number;
  readonly sourceB: string;
  readonly rowB: number;
  readonly decision: ReviewDecision;
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

/** How the import stores match keys: a list of {key, value} structs. */
const STRUCT_MATCH_KEYS_TYPE = 'STRUCT("key" VARCHAR, "value" VARCHAR)[]';

interface LinkageSourceQuery {
  readonly sourceId: string;
  /** source_row, match_keys and the attributes (dob, sex, ward, district, lsoa, ethnicity) of the source's rows. */
  readonly select: string;
  readonly sexMap: Readonly<Record<string, string>>;
  readonly structuredKeys: boolean;
}

function linkageSourceQueries(recipe: Recipe, catalog: SourceCatalog): LinkageSourceQuery[] {
  const sourceById = new Map(recipe.sources.map((source) => [source.id, source]));
  return recipe.linkage.sources.map((sourceId) => {
    const context = `linkage source "${sourceId}"`;
    if (!catalog.hasColumn(sourceId, MATCH_KEYS_COLUMN)) {
      throw new RecipeFieldError(`${context}: its table has no ${MATCH_KEYS_COLUMN} column, so its specification has no identifying fields to link on`);
    }
    const attributes = sourceById.get(sourceId)?.attributes;
    const dob = attributes?.dateOfBirth === undefined ? 'NULL' : `CAST(${catalog.column(sourceId, attributes.dateOfBirth, context)} AS VARCHAR)`;
    const sex = attributes?.sex === undefined ? 'NULL' : `CAST(${catalog.column(sourceId, attributes.sex.field, context)} AS VARCHAR)`;
    const lsoa = attributes?.lsoa === undefined ? 'NULL' : `upper(trim(CAST(${catalog.column(sourceId, attributes.lsoa, context)} AS VARCHAR)))`;
    const ethnicity = attributes?.ethnicity === undefined ? 'NULL' : `CAST(${catalog.column(sourceId, attributes.ethnicity, context)} AS VARCHAR)`;
    const district = attributes?.district === undefined ? 'NULL' : `CAST(${catalog.column(sourceId, attributes.district, context)} AS VARCHAR)`;
    const ward = catalog.hasColumn(sourceId, WARD_COLUMN) ? `CAST(${quoteIdentifier(WARD_COLUMN)} AS VARCHAR)` : 'NULL';
    return {
      sourceId,
      select: `SELECT CAST(source_row AS BIGINT) AS source_row, ${quoteIdentifier(MATCH_KEYS_COLUMN)} AS match_keys, CAST(${dob} AS VARCHAR) AS dob, CAST(${sex} AS VARCHAR) AS sex,
        CAST(${ward} AS VARCHAR) AS ward, CAST(${district} AS VARCHAR) AS district, CAST(${lsoa} AS VARCHAR) AS lsoa, CAST(${ethnicity} AS VARCHAR) AS ethnicity
        FROM ${catalog.tableSql(sourceId)}`,
      sexMap: attributes?.sex?.map ?? {},
      structuredKeys: catalog.columnType(sourceId, MATCH_KEYS_COLUMN, context) === STRUCT_MATCH_KEYS_TYPE,
    };
  });
}

type AttributeValue = string | null;

/** Appends one record's source, row and attributes (not its keys); returns its index. */
function addRecord(
  input: LinkageInput,
  groupOfCode: ReadonlyMap<string, string>,
  query: LinkageSourceQuery,
  sourceRow: number,
  attributes: { dob: unknown; sex: unknown; ward: unknown; district: unknown; lsoa: unknown; ethnicity: unknown },
): number {
  const text = (value: unknown): AttributeValue => (typeof value === 'string' ? value : null);
  const index = input.source.length;
  input.source.push(query.sourceId);
  input.sourceRow.push(sourceRow);
  input.dateOfBirth.push(text(attributes.dob));
  input.ward.push(text(attributes.ward));
  input.district.push(text(attributes.district));
  const lsoa = text(attributes.lsoa);
  input.lsoa.push(lsoa === '' ? null : lsoa);
  const ethnicity = text(attributes.ethnicity);
  input.ethnicity.push(ethnicity === null ? null : (groupOfCode.get(ethnicity) ?? null));
  const sexCode = text(attributes.sex);
  const category = sexCode === null ? null : (query.sexMap[sexCode] ?? null);
  input.sex.push(category === null ? null : normaliseSex(category));
  return index;
}

/**
 * Reads the records of every linked source, in recipe order then source_row. Keys stored as {key, value}
 * structs (what the import writes) are coded in DuckDB: each distinct key and pseudonym becomes a whole
 * number from 1 (empty values none), read as numbers, so linking compares codes exactly as it would compare
 * the pseudonyms and no pseudonym is turned into a JS string. Keys stored another way are parsed row by row.
 */
export async function readLinkageInput(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog): Promise<LinkageInput> {
  const input: LinkageInput = { source: [], sourceRow: [], keys: {}, dateOfBirth: [], sex: [], ward: [], district: [], lsoa: [], ethnicity: [] };
  const groupOfCode = new Map(Object.entries(recipe.ethnicityGroups).flatMap(([group, codes]) => codes.map((code): [string, string] => [code, group])));
  const queries = linkageSourceQueries(recipe, catalog);
  if (queries.length > 0 && queries.every((query) => query.structuredKeys)) {
    await readCodedRecords(connection, queries, input, groupOfCode);
  } else {
    for (const query of queries) await readRecordsByRow(connection, query, input, groupOfCode);
  }
  const count = input.source.length;
  for (const column of Object.values(input.keys)) {
    for (let index = 0; index < count; index += 1) if (column[index] === undefined) column[index] = null;
  }
  return input;
}

async function readRecordsByRow(connection: DuckDBConnection, query: LinkageSourceQuery, input: LinkageInput, groupOfCode: ReadonlyMap<string, string>): Promise<void> {
  const reader = await connection.runAndReadAll(`${query.select} ORDER BY source_row`);
  for (const row of reader.getRowObjectsJson()) {
    const index = addRecord(input, groupOfCode, query, Number(row.source_row), { dob: row.dob, sex: row.sex, ward: row.ward, district: row.district, lsoa: row.lsoa, ethnicity: row.ethnicity });
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

async function readCodedRecords(connection: DuckDBConnection, queries: readonly LinkageSourceQuery[], input: LinkageInput, groupOfCode: ReadonlyMap<string, string>): Promise<void> {
  const records = queries.map((query, sourceIndex) => `SELECT CAST(${sourceIndex} AS INTEGER) AS source_index, * FROM (${query.select})`).join('\nUNION ALL\n');
  const keyReader = await connection.runAndReadAll(`SELECT DISTINCT entry.key AS key FROM (SELECT unnest(match_keys) AS entry FROM (${records})) WHERE entry.key IS NOT NULL ORDER BY key`);
  const keyNames = keyReader.getRowObjectsJson().map((row) => String(row.key));
  const parameters: Record<string, string> = {};
  // Per record and key, the code of its last entry of that key (as when a row's keys are parsed in order);
  // 0 when that entry is empty.
  const codes = keyNames.map((name, index) => {
    parameters[`k${index}`] = name;
    return `arg_max(coalesce(c.code, 0), e.position) FILTER (WHERE e.entry.key = $k${index}) AS ${quoteIdentifier(`c${index}`)}`;
  });
  const reader = await connection.runAndReadAll(
    `WITH numbered AS MATERIALIZED (SELECT row_number() OVER () AS record, * FROM (${records})),
     entries AS (SELECT record, unnest(match_keys) AS entry, generate_subscripts(match_keys, 1) AS position FROM numbered),
     coded AS (
       SELECT key, value, CAST(row_number() OVER () AS INTEGER) AS code
       FROM (SELECT DISTINCT entry.key AS key, entry.value AS value FROM entries WHERE entry.key IS NOT NULL AND entry.value IS NOT NULL AND entry.value <> '')
     ),
     keyed AS (
       SELECT e.record${codes.map((code) => `, ${code}`).join('')}
       FROM entries e LEFT JOIN coded c ON c.key = e.entry.key AND c.value = e.entry.value
       WHERE e.entry.key IS NOT NULL GROUP BY e.record
     )
     SELECT n.source_index, n.source_row, n.dob, n.sex, n.ward, n.district, n.lsoa, n.ethnicity${keyNames.map((_, index) => `, k.${quoteIdentifier(`c${index}`)}`).join('')}
     FROM numbered n LEFT JOIN keyed k ON k.record = n.record ORDER BY n.source_index, n.source_row`,
    parameters,
  );
  const [sourceIndex, sourceRow, dob, sex, ward, district, lsoa, ethnicity, ...keyColumns] = reader.getColumns() as unknown[][];
  const rows = reader.currentRowCount;
  for (let row = 0; row < rows; row += 1) {
    addRecord(input, groupOfCode, queries[Number(sourceIndex?.[row])] as LinkageSourceQuery, Number(sourceRow?.[row]), {
      dob: dob?.[row],
      sex: sex?.[row],
      ward: ward?.[row],
      district: district?.[row],
      lsoa: lsoa?.[row],
      ethnicity: ethnicity?.[row],
    });
  }
  keyNames.forEach((name, index) => {
    input.keys[name] = (keyColumns[index] ?? []).map((code) => (typeof code === 'number' && code > 0 ? code : null));
  });
}

function empty(input: LinkageInput): null[] {
  return input.source.map(() => null);
}

/** Per record, whether it holds a match key built from a name (its agency named the person). */
export function namedRecords(input: LinkageInput): boolean[] {
  const columns = Object.entries(input.keys).filter(([key]) => matchKeyDefinition(key).named).map(([, column]) => column);
  return input.source.map((_, index) => columns.some((column) => column[index] !== null && column[index] !== undefined));
}

/** The second pass's groupings, finest first: name, fields in words, whether exchangeable pairs may form, and the attributes combined. */
const ATTRIBUTE_TIERS = [
  { name: 'dob-sex-ethnicity-lsoa', fields: 'date of birth + sex + ethnicity group + LSOA code (second pass)', pairExchangeable: true, parts: ['dateOfBirth', 'sex', 'ethnicity', 'lsoa'] },
  { name: 'dob-sex-ethnicity-ward', fields: 'date of birth + sex + ethnicity group + resolved ward (second pass)', pairExchangeable: false, parts: ['dateOfBirth', 'sex', 'ethnicity', 'ward'] },
  { name: 'dob-ward', fields: 'date of birth + resolved ward (second pass; sex must agree)', pairExchangeable: false, parts: ['dateOfBirth', 'ward'] },
  { name: 'dob-district', fields: 'date of birth + postcode district (second pass; sex must agree)', pairExchangeable: false, parts: ['dateOfBirth', 'district'] },
] as const;

type TierPart = (typeof ATTRIBUTE_TIERS)[number]['parts'][number];

/**
 * The second pass's groupings, finest first. Sex and ethnicity are in the finer keys because at city scale
 * many children share a birthday in a ward; the coarser keys leave them out so that records without them (the
 * police hold neither) can still join, and rely on the pass's guards. Each key is a number made from the codes
 * of its parts (mixed radix, so equal numbers mean equal parts), far cheaper than joining strings per record.
 */
export function attributeTiers(input: LinkageInput): AttributeTier[] {
  const coded = new Map<TierPart, { codes: Int32Array; values: string[] }>();
  const codesOf = (part: TierPart): { codes: Int32Array; values: string[] } => {
    let entry = coded.get(part);
    if (entry === undefined) {
      entry = codedValues(input[part]);
      coded.set(part, entry);
    }
    return entry;
  };
  return ATTRIBUTE_TIERS.map((tier) => {
    const parts = tier.parts.map(codesOf);
    const keys = new Array<number | null>(input.source.length);
    for (let index = 0; index < keys.length; index += 1) {
      let key = 0;
      for (const part of parts) {
        const code = part.codes[index] as number;
        if (code === 0) {
          key = -1;
          break;
        }
        key = key * (part.values.length + 1) + code;
      }
      keys[index] = key < 0 ? null : key;
    }
    return { name: tier.name, fields: tier.fields, pairExchangeable: tier.pairExchangeable, keys };
  });
}

/** What each key of the cascade and of the second pass combines, for the link-quality report. */
export function linkKeyFields(): Record<string, string> {
  return {
    ...Object.fromEntries(ATTRIBUTE_TIERS.map((tier) => [tier.name, tier.fields])),
    [EXCHANGEABLE_KEY]: EXCHANGEABLE_FIELDS,
    [PROBABILISTIC_KEY]: 'match probability from keyed name encodings, date of birth, sex and area (Fellegi–Sunter) at or above the threshold',
    [CLERICAL_KEY]: 'pairs an officer marked as a match in clerical review',
  };
}

/** What village.json says about the model: its parameters and its own estimates, no count of people. */
export function linkageModelView(model: ModelOutcome, settings: ProbabilisticSettings): LinkageModelView {
  return {
    threshold: settings.threshold,
    estimatedPrecision: model.estimatedPrecision,
    estimatedRecall: model.estimatedRecall,
    thresholdChart: model.thresholdChart.map((point) => ({ threshold: point.threshold, estimatedPrecision: point.estimatedPrecision, estimatedRecall: point.estimatedRecall })),
    priorWeight: model.parameters.priorWeight,
    comparisons: model.parameters.comparisons.map((comparison) => ({ id: comparison.id, label: comparison.label, levels: comparison.levels.map((level) => ({ ...level })) })),
    blockingRules: settings.blocking.map((rule) => rule.join(' + ')),
  };
}

/** Rows per appended chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2_048;

/**
 * Creates a temporary table of INTEGER columns and fills it from aligned arrays of whole numbers, a data chunk at
 * a time (numbers only: far cheaper to hand to DuckDB than strings). A column listed in `zeroIsNull` holds codes
 * from 1, and 0 there becomes NULL.
 */
async function writeIntegerTable(connection: DuckDBConnection, table: string, columns: Readonly<Record<string, ArrayLike<number>>>, zeroIsNull: ReadonlySet<string> = new Set()): Promise<void> {
  const names = Object.keys(columns);
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdentifier(table)} (${names.map((name) => `${quoteIdentifier(name)} INTEGER`).join(', ')})`);
  const rows = names.length === 0 ? 0 : (columns[names[0] as string] as ArrayLike<number>).length;
  const appender = await connection.createAppender(table, 'main', 'temp');
  const chunk = DuckDBDataChunk.create(names.map(() => INTEGER));
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    const end = Math.min(rows, start + CHUNK_ROWS);
    chunk.reset();
    chunk.setColumns(
      names.map((name) => {
        const source = columns[name] as ArrayLike<number>;
        const nullable = zeroIsNull.has(name);
        const values = new Array<number | null>(end - start);
        for (let index = start; index < end; index += 1) {
          const value = source[index] as number;
          values[index - start] = nullable && value === 0 ? null : value;
        }
        return values;
      }),
    );
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}

/** A small table of (code, value) for the distinct values behind a column of codes (code i + 1 for values[i]). */
async function writeLookupTable(connection: DuckDBConnection, table: string, values: readonly string[]): Promise<void> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdentifier(table)} (code INTEGER, value VARCHAR)`);
  const appender = await connection.createAppender(table, 'main', 'temp');
  values.forEach((value, index) => {
    appender.appendInteger(index + 1);
    appender.appendVarchar(value);
    appender.endRow();
  });
  appender.closeSync();
}

/** Per record, the code of its value (0 where it has none), and the distinct values in code order. */
function codedValues(values: readonly (string | null)[]): { codes: Int32Array; values: string[] } {
  const codeOf = new Map<string, number>();
  const distinct: string[] = [];
  const codes = new Int32Array(values.length);
  values.forEach((value, index) => {
    if (value === null || value === undefined || value === '') return;
    let code = codeOf.get(value);
    if (code === undefined) {
      distinct.push(value);
      code = distinct.length;
      codeOf.set(value, code);
    }
    codes[index] = code;
  });
  return { codes, values: distinct };
}

/**
 * Fills the model's records table: one row per record that carries a name encoding, with its cluster after the
 * exact keys, its stored encodings, date of birth, sex, ward and district. Records are numbered as the linkage
 * input orders them (recipe order, then source_row). Sex, ward and district go to DuckDB as codes (the model only
 * compares them for equality) and the date of birth as a code into a table of the distinct dates.
 */
async function writeModelRecords(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog, input: LinkageInput, cluster: Int32Array): Promise<void> {
  const attributes = 'linkage_fs_attributes';
  const dates = 'linkage_fs_dates';
  const dob = codedValues(input.dateOfBirth);
  await writeLookupTable(connection, dates, dob.values);
  const count = input.source.length;
  const rec = new Int32Array(count);
  for (let index = 0; index < count; index += 1) rec[index] = index;
  await writeIntegerTable(
    connection,
    attributes,
    { rec, cluster, dob: dob.codes, sex: codedValues(input.sex).codes, ward: codedValues(input.ward).codes, district: codedValues(input.district).codes },
    new Set(['dob', 'sex', 'ward', 'district']),
  );
  const encodings = recipe.linkage.sources
    .map((sourceId, sourceIndex) => {
      const column = catalog.hasColumn(sourceId, NAME_ENCODINGS_COLUMN) ? quoteIdentifier(NAME_ENCODINGS_COLUMN) : 'NULL';
      return `SELECT CAST(${sourceIndex} AS INTEGER) AS source_index, CAST(source_row AS BIGINT) AS source_row, ${column} AS e FROM ${catalog.tableSql(sourceId)}`;
    })
    .join('\nUNION ALL\n');
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdentifier(RECORDS_TABLE)} AS
     ${recordsTableSql(`SELECT n.rec, a.cluster, n.e, TRY_CAST(d.value AS DATE) AS dob, a.sex, a.ward, a.district
       FROM (SELECT CAST(row_number() OVER (ORDER BY source_index, source_row) - 1 AS INTEGER) AS rec, e FROM (${encodings})) n
       JOIN ${quoteIdentifier(attributes)} a ON a.rec = n.rec LEFT JOIN ${quoteIdentifier(dates)} d ON d.code = a.dob`)}`,
  );
  await connection.run(`DROP TABLE ${quoteIdentifier(attributes)}`);
  await connection.run(`DROP TABLE ${quoteIdentifier(dates)}`);
}

/** Pairs of records already in one cluster among the records the model sees (those with a name encoding). */
async function knownMatchingPairs(connection: DuckDBConnection): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT CAST(coalesce(sum(n * (n - 1) / 2), 0) AS BIGINT) AS pairs FROM (SELECT count(*) AS n FROM ${quoteIdentifier(RECORDS_TABLE)} GROUP BY cluster)`);
  return Number(reader.getRowObjectsJson()[0]?.pairs ?? 0);
}

/** The stored decisions as pairs of record indices of this run's input (decisions on rows no longer present are ignored). */
function decisionsForInput(input: LinkageInput, decisions: readonly StoredDecision[]): { a: number; b: number; decision: ReviewDecision }[] {
  const indexOf = new Map<string, number>();
  input.source.forEach((source, index) => indexOf.set(`${source}\u001f${input.sourceRow[index] as number}`, index));
  const pairs = decisions.flatMap((entry) => {
    const a = indexOf.get(`${entry.sourceA}\u001f${entry.rowA}`);
    const b = indexOf.get(`${entry.sourceB}\u001f${entry.rowB}`);
    return a === undefined || b === undefined ? [] : [{ a: Math.min(a, b), b: Math.max(a, b), decision: entry.decision }];
  });
  // In input order (recipe order, then row), whatever order they were read or decided in, so conflicts resolve the same way on every run.
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}

/** The pairs worth a clerical decision: below the threshold, between people whose NHS numbers and UPNs do not differ. */
function reviewablePairs(pairs: readonly ScoredPair[], threshold: number, personIndex: Int32Array, nhs: readonly (KeyValue | null)[], upn: readonly (KeyValue | null)[]): ScoredPair[] {
  const candidates = pairs.filter((pair) => pair.probability < threshold);
  // Only the people a candidate pair names need their identifiers gathered.
  const named = new Uint8Array(personIndex.length);
  for (const pair of candidates) {
    named[personIndex[pair.a] as number] = 1;
    named[personIndex[pair.b] as number] = 1;
  }
  const valuesOf = (column: readonly (KeyValue | null)[]): Map<number, Set<KeyValue>> => {
    const byPerson = new Map<number, Set<KeyValue>>();
    column.forEach((value, index) => {
      if (value === null || value === undefined) return;
      const person = personIndex[index] as number;
      if (named[person] === 0) return;
      const set = byPerson.get(person) ?? new Set<KeyValue>();
      set.add(value);
      byPerson.set(person, set);
    });
    return byPerson;
  };
  const identifiers = [valuesOf(nhs), valuesOf(upn)];
  const differ = (a: number, b: number): boolean =>
    identifiers.some((byPerson) => {
      const left = byPerson.get(personIndex[a] as number);
      const right = byPerson.get(personIndex[b] as number);
      return left !== undefined && right !== undefined && ([...left].some((value) => !right.has(value)) || [...right].some((value) => !left.has(value)));
    });
  return candidates.filter((pair) => !differ(pair.a, pair.b));
}

/**
 * Writes person_links(source, source_row, person_id, linked_by) in input order. The records go to DuckDB as
 * numbers (source, row, person, key codes) and the table's strings are made there, set-wise.
 */
async function writePersonLinks(connection: DuckDBConnection, input: LinkageInput, result: LinkResult): Promise<void> {
  const numbered = 'linkage_person_numbers';
  const sourceNames = 'linkage_source_names';
  const keyNames = 'linkage_key_names';
  const sources = codedValues(input.source);
  const keys = codedValues(result.linkedBy.map((key) => key ?? null));
  const count = input.source.length;
  const rec = new Int32Array(count);
  for (let index = 0; index < count; index += 1) rec[index] = index;
  await writeLookupTable(connection, sourceNames, sources.values);
  await writeLookupTable(connection, keyNames, keys.values);
  await writeIntegerTable(connection, numbered, { rec, source: sources.codes, source_row: Int32Array.from(input.sourceRow), person: result.personIndex, linked_by: keys.codes }, new Set(['linked_by']));
  await connection.run(
    `CREATE OR REPLACE TABLE ${quoteIdentifier(PERSON_LINKS_TABLE)} (source VARCHAR NOT NULL, source_row BIGINT NOT NULL, person_id VARCHAR NOT NULL, linked_by VARCHAR)`,
  );
  await connection.run(
    `INSERT INTO ${quoteIdentifier(PERSON_LINKS_TABLE)}
     SELECT s.value, CAST(n.source_row AS BIGINT), 'P' || CAST(n.person AS VARCHAR), k.value
     FROM ${quoteIdentifier(numbered)} n JOIN ${quoteIdentifier(sourceNames)} s ON s.code = n.source LEFT JOIN ${quoteIdentifier(keyNames)} k ON k.code = n.linked_by
     ORDER BY n.rec`,
  );
  for (const table of [numbered, sourceNames, keyNames]) await connection.run(`DROP TABLE ${quoteIdentifier(table)}`);
}

/** Links the records and writes person_links, replacing any earlier run's table. */
export async function runLinkage(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog, decisions: readonly StoredDecision[] = []): Promise<LinkageOutcome> {
  const phases: Record<string, number> = {};
  let phaseStarted = performance.now();
  const phaseDone = (name: string): void => {
    const now = performance.now();
    phases[name] = now - phaseStarted;
    phaseStarted = now;
  };
  const input = await readLinkageInput(connection, recipe, catalog);
  phaseDone('read keys');
  const cascade = linkColumns({ count: input.source.length, keys: input.keys, dateOfBirth: input.dateOfBirth, sex: input.sex, source: input.source });
  phaseDone('key cascade');
  const nhs = input.keys.nhs ?? empty(input);
  const upn = input.keys.upn ?? empty(input);
  const second = attributePass({ source: input.source, sex: input.sex, nhs, upn, named: namedRecords(input), addresses: input.keys['dob-postcode'] ?? empty(input), tiers: attributeTiers(input) }, cascade);
  phaseDone('second pass');
  let result = second.result;
  let model: ModelOutcome | null = null;
  let probabilisticMerges = 0;
  let probabilisticKeptApart = 0;
  let decisionConflicts: DecisionConflictRow[] = [];
  const settings = recipe.linkage.probabilistic;
  if (settings.enabled && input.source.length > 1) {
    await writeModelRecords(connection, recipe, catalog, input, result.personIndex);
    phaseDone('model records');
    model = await fitAndScore(connection, { blocking: settings.blocking, threshold: settings.threshold, reviewFrom: settings.reviewFrom, knownMatchingPairs: await knownMatchingPairs(connection) });
    await connection.run(`DROP TABLE IF EXISTS ${quoteIdentifier(RECORDS_TABLE)}`);
    phaseDone('model fit and scoring');
    const pass = probabilisticPass({ pairs: model.pairs, threshold: settings.threshold, nhs, upn, decisions: decisionsForInput(input, decisions) }, result);
    result = pass.result;
    probabilisticMerges = pass.merges;
    probabilisticKeptApart = pass.keptApart;
    const recordPair = (a: number, b: number): RecordPair => ({ sourceA: input.source[a] as string, rowA: input.sourceRow[a] as number, sourceB: input.source[b] as string, rowB: input.sourceRow[b] as number });
    decisionConflicts = pass.decisionConflicts.map((conflict) => ({
      kind: conflict.kind,
      decision: conflict.kind === 'not-a-match-already-linked' ? 'not-a-match' : 'match',
      pair: recordPair(conflict.a, conflict.b),
      blockedBy: conflict.blockedBy === null ? null : recordPair(conflict.blockedBy.a, conflict.blockedBy.b),
      linkedBy: conflict.linkedBy,
    }));
    phaseDone('probabilistic clustering');
  }
  const quality = linkQualityReport(input.source.map((source) => ({ source })), result);
  const reviewPairs = model === null ? [] : reviewablePairs(model.pairs, settings.threshold, result.personIndex, nhs, upn);
  phaseDone('quality report');

  await writePersonLinks(connection, input, result);
  phaseDone('person links');
  return { input, result, quality, ambiguousGroups: second.ambiguousGroups, exchangeablePairs: second.exchangeablePairs, model, probabilisticMerges, probabilisticKeptApart, reviewPairs, decisionConflicts, phases };
}
