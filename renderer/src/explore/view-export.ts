import type { ColumnState } from 'ag-grid-community';
import type { RequestOf } from '../../../shared/api';
import type { FilterModel, SortSpec } from '../../../shared/grid';

/**
 * What "export the visible view" sends: the grid's grouping, its sort (in the order the columns were
 * sorted), its filters, and its displayed columns in their displayed order. The engine re-runs that view
 * in DuckDB, so the file holds every matching row or group, not only those scrolled into sight.
 */

export function sortFromColumnState(state: readonly ColumnState[]): SortSpec[] {
  return state
    .filter((column) => column.sort === 'asc' || column.sort === 'desc')
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((column) => ({ column: column.colId, direction: column.sort === 'desc' ? 'desc' : 'asc' }));
}

export function tableViewExport(
  table: string,
  groupBy: readonly string[],
  sort: SortSpec[],
  filter: FilterModel,
  displayedColumns: readonly string[],
  format: 'xlsx' | 'csv',
  rowFilter: FilterModel = {},
): RequestOf<'exportView'> {
  return { view: { kind: 'table', table, groupBy: [...groupBy], sort, filter, rowFilter, columns: [...displayedColumns] }, format };
}
