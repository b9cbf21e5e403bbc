/**
 * The shape of a table imported against a specification (documented in README.md, which the linkage and
 * village pipelines rely on): which columns exist, their DuckDB types, and how one checked row becomes one
 * table row with every direct identifier replaced by a keyed pseudonym, a postcode district, or nothing.
 */
import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DATE,
  DOUBLE,
  DuckDBBlobValue,
  DuckDBDataChunk,
  DuckDBDateValue,
  LIST,
  listValue,
  STRUCT,
  structValue,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { SpecField, Specification } from '../../../shared/spec';
import { postcodeDistrict, type Geography, type PostcodeLookup } from '../geography';
import { resolveArea, type AreaFields } from '../geography';
import { createMatchKeyBuilder, type MatchKey } from '../linkage';
import { createNameEncoder } from '../privacy';
import {
  normaliseIdSystem,
  normaliseLocalId,
  normaliseNhsNumber,
  normaliseUpn,
  type IdentifierKind,
  type Pseudonymiser,
} from '../privacy';
import { isoDateToEpochDays, isSuppressed, type CoercedValue } from '../tabular';
import type { CheckedRow } from '../validate';

export const NAME_ENCODINGS_COLUMN = 'name_encodings';
export const NAME_ENCODINGS_TYPE = 'STRUCT(forename_bloom BLOB, surname_bloom BLOB, forename_phonetic VARCHAR, surname_phonetic VARCHAR)';

export type OutputColumnType = 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'VARCHAR' | 'STRUCT("key" VARCHAR, "value" VARCHAR)[]' | typeof NAME_ENCODINGS_TYPE;

export interface OutputColumn {
  readonly name: string;
  readonly type: OutputColumnType;
}

/** How a field reaches the table. */
export type FieldTreatment =
  | { readonly kind: 'value' }
  | { readonly kind: 'pseudonym'; readonly identifierKind: IdentifierKind; readonly normalise: (text: string) => string | null }
  | { readonly kind: 'district' }
  | { readonly kind: 'omitted' };

const NAME_KINDS = new Set<SpecField['identifier']>(['forename', 'surname', 'full-name']);
const AREA_KINDS = new Set<SpecField['identifier']>(['lsoa11', 'lsoa21', 'lsoa', 'ward-code', 'ward-name', 'postcode']);
const PERSON_KINDS = new Set<SpecField['identifier']>(['nhs-number', 'upn', 'local-id', 'forename', 'surname', 'full-name']);
const MATCH_KEY_TYPE = LIST(STRUCT({ key: VARCHAR, value: VARCHAR }));
const NAME_ENCODINGS_DUCKDB_TYPE = STRUCT({ forename_bloom: BLOB, surname_bloom: BLOB, forename_phonetic: VARCHAR, surname_phonetic: VARCHAR });
const DUCKDB_TYPES: Readonly<Record<OutputColumnType, DuckDBType>> = {
  BIGINT,
  DOUBLE,
  BOOLEAN,
  DATE,
  VARCHAR,
  'STRUCT("key" VARCHAR, "value" VARCHAR)[]': MATCH_KEY_TYPE,
  [NAME_ENCODINGS_TYPE]: NAME_ENCODINGS_DUCKDB_TYPE,
};
/** Rows per appended data chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2_048;
const DATE_CACHE_LIMIT = 100_000;
/**
 * Chunks between explicit appender flushes (65,536 rows): appended chunks wait in the appender's buffer
 * until it flushes, and flushing often keeps that buffer, and the import's peak memory, small.
 */
const CHUNKS_PER_FLUSH = 32;

/** The local-ID system of a specification: its id, so each partner's case-system IDs are keyed apart. */
export function localIdSystem(spec: Specification): string {
  return normaliseIdSystem(spec.id);
}

export function fieldTreatment(spec: Specification, field: SpecField): FieldTreatment {
  if (field.identifier === 'nhs-number') return { kind: 'pseudonym', identifierKind: 'nhs', normalise: normaliseNhsNumber };
  if (field.identifier === 'upn') return { kind: 'pseudonym', identifierKind: 'upn', normalise: normaliseUpn };
  if (field.identifier === 'local-id') return { kind: 'pseudonym', identifierKind: `local-id:${localIdSystem(spec)}`, normalise: normaliseLocalId };
  if (NAME_KINDS.has(field.identifier)) return { kind: 'omitted' };
  if (field.identifier === 'postcode') return { kind: 'district' };
  if (field.personalData === 'direct-identifier') {
    // Record references (referral IDs, incident numbers) identify a person's record: keyed per field.
    if (field.type === 'string' || field.type === 'code') {
      return { kind: 'pseudonym', identifierKind: `local-id:${localIdSystem(spec)}.${field.name}`, normalise: normaliseLocalId };
    }
    return { kind: 'omitted' };
  }
  return { kind: 'value' };
}

function valueType(field: SpecField): OutputColumnType {
  switch (field.type) {
    case 'integer':
      return 'BIGINT';
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    default:
      return 'VARCHAR';
  }
}

export interface OutputPlan {
  readonly columns: OutputColumn[];
  readonly treatments: FieldTreatment[];
  readonly hasMatchKeys: boolean;
  /** Whether the specification has a forename or surname field, so rows get keyed name encodings. */
  readonly hasNameEncodings: boolean;
  readonly hasArea: boolean;
}

export function planOutput(spec: Specification): OutputPlan {
  const columns: OutputColumn[] = [{ name: 'source_row', type: 'BIGINT' }];
  const treatments = spec.fields.map((field) => fieldTreatment(spec, field));
  spec.fields.forEach((field, index) => {
    const treatment = treatments[index] as FieldTreatment;
    if (treatment.kind === 'value') {
      columns.push({ name: field.name, type: valueType(field) });
      if (field.suppressible) columns.push({ name: `${field.name}_suppressed`, type: 'VARCHAR' });
    } else if (treatment.kind === 'pseudonym') columns.push({ name: `${field.name}_pseudonym`, type: 'VARCHAR' });
    else if (treatment.kind === 'district') columns.push({ name: `${field.name}_district`, type: 'VARCHAR' });
  });
  const hasMatchKeys = spec.fields.some((field) => PERSON_KINDS.has(field.identifier));
  const hasArea = spec.fields.some((field) => AREA_KINDS.has(field.identifier));
  const hasNameEncodings = spec.fields.some((field) => field.identifier === 'forename' || field.identifier === 'surname');
  if (hasMatchKeys) columns.push({ name: 'match_keys', type: 'STRUCT("key" VARCHAR, "value" VARCHAR)[]' });
  if (hasNameEncodings) columns.push({ name: NAME_ENCODINGS_COLUMN, type: NAME_ENCODINGS_TYPE });
  if (hasArea) columns.push({ name: 'ward_code', type: 'VARCHAR' }, { name: 'area_unresolved_reason', type: 'VARCHAR' });
  const names = new Set<string>();
  for (const column of columns) {
    if (names.has(column.name)) throw new Error(`Specification ${spec.id} would make two columns called ${column.name}; rename the field`);
    names.add(column.name);
  }
  return { columns, treatments, hasMatchKeys, hasNameEncodings, hasArea };
}

export interface RowWriterContext {
  readonly spec: Specification;
  readonly plan: OutputPlan;
  readonly pseudonymiser: Pseudonymiser;
  readonly geography: Geography;
  readonly postcodeLookup?: PostcodeLookup;
}

/** Counts of what the writer withheld or could not place, for the import's counts JSON. */
export interface WriterCounts {
  /** Per field: identifiers present but failing their check, so stored as NULL (never keyed). */
  readonly pseudonymsWithheld: Record<string, number>;
  /** Per reason: rows whose area did not resolve to a Birmingham ward. */
  readonly areaUnresolved: Record<string, number>;
}

function text(value: CoercedValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Appends checked rows to the staging table, a data chunk at a time (one call into DuckDB per 2,048 rows,
 * not one per cell); raw identifiers live only in these locals.
 */
export function createRowWriter(context: RowWriterContext): { appendRows(appender: DuckDBAppender, rows: readonly CheckedRow[]): void; counts: WriterCounts } {
  const { spec, plan } = context;
  // A row's identifier column and its match key are the same keyed pseudonym (README: "Keys equal the
  // matching _pseudonym columns"); the pseudonymiser remembers its values, so each is keyed once.
  const { pseudonymiser } = context;
  const matchKeysOf = createMatchKeyBuilder();
  const nameEncoder = createNameEncoder(context.pseudonymiser);
  const counts: WriterCounts = { pseudonymsWithheld: {}, areaUnresolved: {} };
  const fieldIndex = (predicate: (field: SpecField) => boolean): number => spec.fields.findIndex(predicate);
  const byKind = (kind: SpecField['identifier']): number => fieldIndex((field) => field.identifier === kind);
  const identifying = {
    nhs: byKind('nhs-number'),
    upn: byKind('upn'),
    localId: byKind('local-id'),
    forename: byKind('forename'),
    surname: byKind('surname'),
    dateOfBirth: byKind('date-of-birth'),
    postcode: byKind('postcode'),
    sex: fieldIndex((field) => field.name === 'sex'),
  };
  const areaIndexes = {
    lsoa11: byKind('lsoa11'),
    lsoa21: byKind('lsoa21'),
    lsoa: byKind('lsoa'),
    wardCode: byKind('ward-code'),
    wardName: byKind('ward-name'),
    postcode: identifying.postcode,
  };
  const system = localIdSystem(spec);
  const fields = spec.fields;
  const treatments = plan.treatments;

  // Dates repeat (birthdays, referral days), so each day's DuckDB value is made once; bounded for safety.
  const dateValues = new Map<string, DuckDBDateValue>();
  function dateValue(iso: string): DuckDBDateValue {
    let date = dateValues.get(iso);
    if (date === undefined) {
      if (dateValues.size >= DATE_CACHE_LIMIT) dateValues.clear();
      date = new DuckDBDateValue(isoDateToEpochDays(iso));
      dateValues.set(iso, date);
    }
    return date;
  }

  function typedValue(field: SpecField, value: CoercedValue): DuckDBValue {
    if (value === null || isSuppressed(value)) return null;
    switch (field.type) {
      case 'integer':
        return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : null;
      case 'number':
        return typeof value === 'number' ? value : null;
      case 'boolean':
        return typeof value === 'boolean' ? value : null;
      case 'date':
        return typeof value === 'string' ? dateValue(value) : null;
      default:
        return String(value);
    }
  }

  const textAt = (values: readonly CoercedValue[], index: number): string | null => (index < 0 ? null : text(values[index]));
  const blob = (bytes: Uint8Array | null): DuckDBBlobValue | null => (bytes === null ? null : new DuckDBBlobValue(bytes));

  /** Row `slot` of the chunk being filled: each table column's value written into `columns[column][slot]`. */
  function addRow(columns: DuckDBValue[][], slot: number, row: CheckedRow): void {
    const values = row.values;
    (columns[0] as DuckDBValue[])[slot] = BigInt(row.rowNumber);
    let column = 1;
    for (let index = 0; index < fields.length; index += 1) {
      const field = fields[index] as SpecField;
      const treatment = treatments[index] as FieldTreatment;
      const value = values[index] ?? null;
      if (treatment.kind === 'value') {
        (columns[column++] as DuckDBValue[])[slot] = typedValue(field, value);
        if (field.suppressible) (columns[column++] as DuckDBValue[])[slot] = value !== null && isSuppressed(value) ? value.marker : null;
      } else if (treatment.kind === 'pseudonym') {
        const raw = text(value);
        const normalised = raw === null ? null : treatment.normalise(raw);
        if (raw !== null && normalised === null) counts.pseudonymsWithheld[field.name] = (counts.pseudonymsWithheld[field.name] ?? 0) + 1;
        (columns[column++] as DuckDBValue[])[slot] = normalised === null ? null : pseudonymiser.pseudonym(treatment.identifierKind, normalised);
      } else if (treatment.kind === 'district') {
        const raw = text(value);
        (columns[column++] as DuckDBValue[])[slot] = raw === null ? null : postcodeDistrict(raw);
      }
    }
    if (plan.hasMatchKeys) {
      const { keys } = matchKeysOf(
        {
          nhsNumber: textAt(values, identifying.nhs),
          upn: textAt(values, identifying.upn),
          localId: textAt(values, identifying.localId),
          localIdSystem: identifying.localId < 0 ? null : system,
          forename: textAt(values, identifying.forename),
          surname: textAt(values, identifying.surname),
          dateOfBirth: textAt(values, identifying.dateOfBirth),
          sex: textAt(values, identifying.sex),
          postcode: textAt(values, identifying.postcode),
        },
        pseudonymiser,
      );
      const items: DuckDBValue[] = new Array<DuckDBValue>(keys.length);
      for (let index = 0; index < keys.length; index += 1) {
        const key = keys[index] as MatchKey;
        items[index] = structValue({ key: key.key, value: key.value });
      }
      (columns[column++] as DuckDBValue[])[slot] = listValue(items);
    }
    if (plan.hasNameEncodings) {
      const encodings = nameEncoder.encode(textAt(values, identifying.forename), textAt(values, identifying.surname));
      (columns[column++] as DuckDBValue[])[slot] = structValue({
        forename_bloom: blob(encodings.forenameBloom),
        surname_bloom: blob(encodings.surnameBloom),
        forename_phonetic: encodings.forenamePhonetic,
        surname_phonetic: encodings.surnamePhonetic,
      });
    }
    if (plan.hasArea) {
      const area: AreaFields = {
        lsoa11: textAt(values, areaIndexes.lsoa11),
        lsoa21: textAt(values, areaIndexes.lsoa21),
        lsoa: textAt(values, areaIndexes.lsoa),
        wardCode: textAt(values, areaIndexes.wardCode),
        wardName: textAt(values, areaIndexes.wardName),
        postcode: textAt(values, areaIndexes.postcode),
      };
      const resolved = resolveArea(area, context.geography, context.postcodeLookup);
      if (!resolved.ok) counts.areaUnresolved[resolved.reason] = (counts.areaUnresolved[resolved.reason] ?? 0) + 1;
      (columns[column] as DuckDBValue[])[slot] = resolved.ok ? resolved.wardCode : null;
      (columns[column + 1] as DuckDBValue[])[slot] = resolved.ok ? null : resolved.reason;
    }
  }

  const types = plan.columns.map((column) => DUCKDB_TYPES[column.type]);
  // One chunk, reset and refilled for every batch: the appender copies what it is given, and a chunk per
  // batch would leave native memory waiting for the garbage collector (and rebuild the types each time).
  let chunk: DuckDBDataChunk | undefined;
  let chunksSinceFlush = 0;

  function appendRows(appender: DuckDBAppender, rows: readonly CheckedRow[]): void {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const end = Math.min(rows.length, start + CHUNK_ROWS);
      const columns: DuckDBValue[][] = types.map(() => new Array<DuckDBValue>(end - start));
      for (let index = start; index < end; index += 1) addRow(columns, index - start, rows[index] as CheckedRow);
      chunk ??= DuckDBDataChunk.create(types);
      chunk.reset();
      chunk.setColumns(columns);
      appender.appendDataChunk(chunk);
      chunksSinceFlush += 1;
      if (chunksSinceFlush === CHUNKS_PER_FLUSH) {
        appender.flushSync();
        chunksSinceFlush = 0;
      }
    }
  }

  return { appendRows, counts };
}
