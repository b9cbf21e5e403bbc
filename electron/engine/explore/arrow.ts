import {
  Bool,
  DateDay,
  Float64,
  Int32,
  Int64,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import {
  DuckDBTypeId,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
  DuckDBDateValue,
} from '@duckdb/node-api';

/**
 * Turns a DuckDB result into Arrow IPC bytes for the window. @duckdb/node-api has no Arrow output, so the
 * columns are rebuilt here, choosing Arrow types that keep values exact: BIGINT stays a 64-bit integer,
 * DATE stays a day count; types Arrow-in-the-browser handles poorly (DECIMAL, TIMESTAMP, HUGEINT, nested)
 * travel as their exact text.
 */

function validityBitmap(values: readonly DuckDBValue[]): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, index) => {
    if (value === null) nullCount += 1;
    else bitmap[index >> 3]! |= 1 << (index & 7);
  });
  return { bitmap, nullCount };
}

function int64Vector(values: readonly DuckDBValue[]): Vector {
  const { bitmap, nullCount } = validityBitmap(values);
  const data = new BigInt64Array(values.length);
  values.forEach((value, index) => {
    if (value !== null) data[index] = BigInt(value as bigint | number);
  });
  return makeVector(makeData({ type: new Int64(), length: values.length, nullCount, nullBitmap: bitmap, data }));
}

function dateDayVector(values: readonly DuckDBValue[]): Vector {
  const { bitmap, nullCount } = validityBitmap(values);
  const data = new Int32Array(values.length);
  values.forEach((value, index) => {
    if (value instanceof DuckDBDateValue) data[index] = value.days;
  });
  return makeVector(makeData({ type: new DateDay(), length: values.length, nullCount, nullBitmap: bitmap, data }));
}

function columnVector(type: DuckDBType, values: readonly DuckDBValue[]): Vector {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return vectorFromArray(values as (boolean | null)[], new Bool());
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return vectorFromArray(values as (number | null)[], new Int32());
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return int64Vector(values);
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return vectorFromArray(values as (number | null)[], new Float64());
    case DuckDBTypeId.DATE:
      return dateDayVector(values);
    default:
      return vectorFromArray(
        values.map((value) => (value === null ? null : String(value))),
        new Utf8(),
      );
  }
}

export function resultToArrowIpc(result: DuckDBResultReader): Uint8Array {
  return columnsToArrowIpc(result.columnNames(), result.columnTypes(), result.getColumns());
}

/** The same from columns gathered by hand, e.g. the first chunks of a streamed console query. */
export function columnsToArrowIpc(names: readonly string[], types: readonly DuckDBType[], columns: readonly (readonly DuckDBValue[])[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  names.forEach((name, index) => {
    vectors[name] = columnVector(types[index]!, columns[index] ?? []);
  });
  return tableToIPC(new Table(vectors), 'stream');
}
