import { SQL_ROW_LIMIT_MAX } from '../../../shared/api';
import { formatCount } from '../explore/format';

export const DEFAULT_ROW_LIMIT = 1000;

/** The row limit the officer typed, or a sentence saying what to type instead. */
export function parseRowLimit(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim().replace(/,/g, '');
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: `Type a whole number of rows from 1 to ${formatCount(SQL_ROW_LIMIT_MAX)}.` };
  const value = Number(trimmed);
  if (value < 1 || value > SQL_ROW_LIMIT_MAX) return { ok: false, message: `The row limit must be from 1 to ${formatCount(SQL_ROW_LIMIT_MAX)}.` };
  return { ok: true, value };
}

/** The status line under the results: rows, whether more were left out, and how long the engine took. */
export function resultStatus(result: { rowCount: number; truncated: boolean; elapsedMs: number }, rowLimit: number): string {
  const rows = `${formatCount(result.rowCount)} ${result.rowCount === 1 ? 'row' : 'rows'}`;
  const truncated = result.truncated ? ` (the first ${formatCount(rowLimit)}: the statement returns more; raise the row limit or narrow the query)` : '';
  return `${rows}${truncated} in ${formatCount(Math.round(result.elapsedMs))} ms`;
}
