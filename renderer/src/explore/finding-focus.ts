import type { ColumnInfo } from '../../../shared/api';

/** The column every imported table carries: the row number the officer sees in Excel. */
export const SOURCE_ROW_COLUMN = 'source_row';

/**
 * The workspace column that holds a specification field. Identifiers are stored pseudonymised
 * (`<field>_pseudonym`), postcodes as their district, suppressed counts beside their value; names are not
 * stored at all, so they have no column to highlight.
 */
export function columnForField(field: string | null | undefined, columns: readonly ColumnInfo[]): string | null {
  if (field === null || field === undefined) return null;
  const names = new Set(columns.map((column) => column.name));
  for (const candidate of [field, `${field}_pseudonym`, `${field}_district`, `${field}_suppressed`]) {
    if (names.has(candidate)) return candidate;
  }
  return null;
}

/** AG Grid's filter model that shows one sheet row, as the grid's own number filter would write it. */
export function sourceRowFilter(rowNumber: number): Record<string, unknown> {
  return { [SOURCE_ROW_COLUMN]: { filterType: 'number', type: 'equals', filter: rowNumber } };
}

