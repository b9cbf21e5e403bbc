import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { ColumnInfo, WorkbenchApi } from '../../../shared/api';
import type { FilterModel } from '../../../shared/grid';
import type { WorkbenchError } from '../../../shared/result';
import { arrowToDisplayRows } from './arrow-rows';
import { columnKindOf, type ColumnKind } from './column-kinds';
import { toFilterModel, toSortSpecs } from './grid-models';

export interface TableDatasourceEvents {
  /** Rows matching the current filters, as the engine counted them. */
  onRowCount(rowCount: number): void;
  onLoadingChange(loading: boolean): void;
  /** Null when a later page loaded, so a fixed problem stops being shown. */
  onError(error: WorkbenchError | null): void;
}

const UNREADABLE_PAGE: WorkbenchError = {
  code: 'internal',
  message: 'A page of this table arrived in a form the window could not read. Try again; if it keeps happening, restart the workbench.',
};

type PageRequest = Pick<IGetRowsParams, 'startRow' | 'endRow' | 'sortModel' | 'filterModel' | 'successCallback' | 'failCallback'>;

/**
 * The Infinite Row Model's datasource for one table, or its grouped view: every block is a `getTablePage`
 * call, so grouping, sorting and filtering happen in DuckDB and the window only holds the blocks the grid
 * keeps cached. `columns` are the view's columns (for a grouped view, `groupedViewColumns`).
 */
export function createTableDatasource(
  api: Pick<WorkbenchApi, 'getTablePage'>,
  table: string,
  columns: readonly ColumnInfo[],
  events: TableDatasourceEvents,
  groupBy: readonly string[] = [],
  /** Conditions on the table's rows, applied before grouping. */
  rowFilter: FilterModel = {},
): IDatasource {
  const kinds = new Map<string, ColumnKind>(columns.map((column) => [column.name, columnKindOf(column.type)]));
  let inFlight = 0;

  async function load(params: PageRequest): Promise<void> {
    const filter = toFilterModel(params.filterModel, (column) => kinds.get(column));
    if (!filter.ok) {
      events.onError(filter.error);
      params.failCallback();
      return;
    }
    const page = await api.getTablePage({
      table,
      startRow: params.startRow,
      endRow: params.endRow,
      sort: toSortSpecs(params.sortModel),
      filter: filter.value,
      ...(groupBy.length > 0 ? { groupBy: [...groupBy] } : {}),
      ...(Object.keys(rowFilter).length > 0 ? { rowFilter } : {}),
    });
    if (!page.ok) {
      events.onError(page.error);
      params.failCallback();
      return;
    }
    const rows = arrowToDisplayRows(page.value.arrow, page.value.columns);
    const expectedRows = Math.max(0, Math.min(params.endRow, page.value.rowCount) - params.startRow);
    if (rows.length !== expectedRows) throw new Error('The page holds a different number of rows than the engine counted');
    events.onError(null);
    events.onRowCount(page.value.rowCount);
    params.successCallback(rows, page.value.rowCount);
  }

  return {
    getRows(params) {
      inFlight += 1;
      if (inFlight === 1) events.onLoadingChange(true);
      load(params)
        .catch(() => {
          // Undecodable Arrow bytes or a transport that broke its never-throw promise.
          events.onError(UNREADABLE_PAGE);
          params.failCallback();
        })
        .finally(() => {
          inFlight -= 1;
          if (inFlight === 0) events.onLoadingChange(false);
        });
    },
  };
}
