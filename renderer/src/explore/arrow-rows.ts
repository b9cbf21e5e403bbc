import { tableFromIPC } from 'apache-arrow';
import type { ColumnInfo } from '../../../shared/api';
import { columnKindOf } from './column-kinds';
import { formatEpochDate } from './format';

/** A grid row: each column's value ready to show, or null for a missing value. */
export type DisplayRow = Record<string, string | null>;

function displayValue(value: unknown, isDate: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (isDate && typeof value === 'number') return formatEpochDate(value);
  if (value instanceof Date) return formatEpochDate(value.getTime());
  return String(value);
}

/**
 * Decodes one page of Arrow IPC stream bytes into plain rows. BIGINT stays exact by going straight from
 * bigint to text; DATE becomes dd/mm/yyyy. Columns are read by name from the contract's column list.
 */
export function arrowToDisplayRows(bytes: Uint8Array, columns: readonly ColumnInfo[]): DisplayRow[] {
  const table = tableFromIPC(bytes);
  const readers = columns.map((column) => ({
    name: column.name,
    vector: table.getChild(column.name),
    isDate: columnKindOf(column.type) === 'date',
  }));
  const rows: DisplayRow[] = [];
  for (let index = 0; index < table.numRows; index += 1) {
    rows.push(Object.fromEntries(readers.map((reader) => [reader.name, displayValue(reader.vector?.get(index), reader.isDate)])));
  }
  return rows;
}
