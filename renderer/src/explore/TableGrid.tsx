import type { CellFocusedEvent, ColDef, FilterChangedEvent, GridApi, GridReadyEvent, IDateFilterParams, INumberFilterParams, ITextFilterParams, ValueFormatterParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ColumnInfo, TableSummary } from '../../../shared/api';
import { groupedViewColumns, looksPersonLevel, type FilterModel } from '../../../shared/grid';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { downloadBytes } from '../charts/download';
import { ProblemNotice } from '../components/ProblemNotice';
import { workbenchGridTheme } from './ag-grid-setup';
import type { DisplayRow } from './arrow-rows';
import { columnKindOf, type ColumnKind } from './column-kinds';
import { columnForField, SOURCE_ROW_COLUMN, sourceRowFilter } from './finding-focus';
import { formatCount, formatRowCount } from './format';
import { describeFilter, FILTER_OPTIONS, toFilterModel } from './grid-models';
import { GroupByControl } from './GroupByControl';
import { createTableDatasource } from './table-datasource';
import { sortFromColumnState, tableViewExport } from './view-export';

/** One empty row filter, so an ungrouped view does not rebuild the grid's datasource on every render. */
const NO_ROW_FILTER: FilterModel = {};

/** Blocks of 200 rows, at most 10 kept: the window holds about 2,000 rows however big the table is. */
const CACHE_BLOCK_SIZE = 200;
const MAX_BLOCKS_IN_CACHE = 10;

const FILTER_COMPONENT: Record<ColumnKind, string> = {
  number: 'agNumberColumnFilter',
  date: 'agDateColumnFilter',
  text: 'agTextColumnFilter',
};

function filterParamsFor(kind: ColumnKind): ITextFilterParams | INumberFilterParams | IDateFilterParams {
  // The engine runs one condition per column with these operators; ranges include both ends (SQL BETWEEN).
  if (kind === 'number') return { filterOptions: [...FILTER_OPTIONS.number], maxNumConditions: 1, inRangeInclusive: true };
  if (kind === 'date') return { filterOptions: [...FILTER_OPTIONS.date], maxNumConditions: 1, inRangeInclusive: true, browserDatePicker: true };
  return { filterOptions: [...FILTER_OPTIONS.text], maxNumConditions: 1 };
}

/** A code beside what it means, e.g. "Ladywood (E05011118)"; the filter still matches the code. */
function labelledCode(labels: Readonly<Record<string, string>>) {
  return ({ value }: Pick<ValueFormatterParams<DisplayRow>, 'value'> | { value?: unknown }): string => {
    const code = value === null || value === undefined ? '' : String(value);
    const label = labels[code];
    return label === undefined ? code : `${label} (${code})`;
  };
}

interface ColumnLayout {
  readonly highlighted: string | null;
  readonly codeLabels: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Columns kept at the left while the rest scroll: a grouped view's grouping columns and row count. */
  readonly pinned: ReadonlySet<string>;
}

function columnDefsFor(columns: readonly ColumnInfo[], layout: ColumnLayout): ColDef<DisplayRow>[] {
  return columns.map((column) => {
    const kind = columnKindOf(column.type);
    const highlight = column.name === layout.highlighted ? { cellClass: 'cell--highlight', headerClass: 'header--highlight' } : {};
    const labels = layout.codeLabels[column.name];
    return {
      ...highlight,
      colId: column.name,
      field: column.name,
      headerName: column.name,
      headerTooltip: labels === undefined ? `${column.name} (${column.type})` : `${column.name} (${column.type}); codes shown with their meaning, filters match the code`,
      filter: FILTER_COMPONENT[kind],
      filterParams: filterParamsFor(kind),
      ...(labels === undefined ? {} : { valueFormatter: labelledCode(labels), tooltipValueGetter: labelledCode(labels), minWidth: 130 }),
      ...(layout.pinned.has(column.name) ? { pinned: 'left' as const, lockPinned: true } : {}),
      // The sheet's row number is short: it keeps a narrow fixed width rather than a share of the grid's.
      ...(column.name === SOURCE_ROW_COLUMN && layout.pinned.has(column.name) ? { flex: 0, width: 116, minWidth: 110 } : {}),
      ...(kind === 'number' ? { type: 'rightAligned' } : {}),
    };
  });
}

const defaultColDef: ColDef<DisplayRow> = {
  sortable: true,
  resizable: true,
  floatingFilter: true,
  // Columns share the grid's width and scroll inside it when there are more than fit.
  flex: 1,
  minWidth: 110,
  // Values arrive as display text; stop the grid guessing types from the first block.
  cellDataType: false,
};

/**
 * Tab leaves the grid and arrow keys move inside it (the ARIA grid pattern); otherwise Tab walks every cell of
 * a table that may hold a million rows before reaching the rest of the page.
 */
function leaveGridOnTab(): false {
  return false;
}

/** What to do about a view that would not load, from what the officer has changed: grouping, filters, or nothing. */
function loadingNextStep(error: WorkbenchError | null, grouped: boolean, filtered: boolean): string | undefined {
  if (error === null || error.code !== 'invalid-request') return undefined;
  if (grouped) return filtered ? 'Change the grouping or its filters, or select Show rows, then try again.' : 'Change the grouping, or select Show rows, then try again.';
  return filtered ? 'Change or clear the filters, then try again.' : 'Select Try again; if it keeps happening, select Refresh above the table.';
}

/** A row another screen asked to see: Validate's "Show row" for a finding. */
export interface RowFocus {
  readonly sourceRow: number;
  /** The finding's specification field; its stored column is highlighted. */
  readonly field: string | null;
  readonly serial: number;
}

type ExportState = { status: 'idle' } | { status: 'running' } | { status: 'saved'; message: string } | { status: 'failed'; error: WorkbenchError };

interface TableGridProps {
  readonly table: TableSummary;
  /** Columns the view is grouped by; empty for the rows themselves. */
  readonly groupBy: readonly string[];
  readonly onGroupByChange: (groupBy: string[]) => void;
  /** Changes when the officer asks for fresh data, so cached blocks are dropped. */
  readonly refreshCount: number;
  readonly focus: RowFocus | null;
  /** The column of the cell the officer moved to, so the profile panel can follow it. */
  readonly onColumnFocus: (column: string) => void;
}

export function TableGrid({ table, groupBy, onGroupByChange, refreshCount, focus, onColumnFocus }: TableGridProps) {
  const api = useWorkbenchApi();
  const gridApiRef = useRef<GridApi<DisplayRow> | null>(null);
  const gridContainerRef = useRef<HTMLDivElement | null>(null);
  const [matchingRows, setMatchingRows] = useState<number | null>(null);
  const [filtersActive, setFiltersActive] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<WorkbenchError | null>(null);
  const [exportState, setExportState] = useState<ExportState>({ status: 'idle' });
  // The rows' filters when the officer grouped them: the groups count only those rows, and Show rows puts
  // the filters back on the rows.
  const [rowFilter, setRowFilter] = useState<{ engine: FilterModel; grid: Record<string, unknown> } | null>(null);
  const grouped = groupBy.length > 0;
  const viewColumns = useMemo<ColumnInfo[]>(
    () => (grouped ? groupedViewColumns(table.columns, groupBy).map(({ name, type }) => ({ name, type })) : table.columns),
    [table.columns, groupBy, grouped],
  );
  const personLevel = table.columns.filter((column) => looksPersonLevel(column.name)).map((column) => column.name);
  const rowsNotExportable = !grouped && personLevel.length > 0;

  const [shownFocus, setShownFocus] = useState<RowFocus | null>(null);
  const highlighted = shownFocus === null ? null : columnForField(shownFocus.field, table.columns);
  const columnDefs = useMemo(
    () =>
      columnDefsFor(viewColumns, {
        highlighted: grouped ? null : highlighted,
        codeLabels: table.codeLabels,
        // The sheet's row number stays in sight beside a finding's column far to the right.
        pinned: new Set(grouped ? groupedViewColumns(table.columns, groupBy).filter((column) => column.role !== 'mean').map((column) => column.name) : [SOURCE_ROW_COLUMN]),
      }),
    [viewColumns, grouped, highlighted, table.codeLabels, table.columns, groupBy],
  );
  const canFocusRows = !grouped && table.columns.some((column) => column.name === SOURCE_ROW_COLUMN);
  const countedRows = grouped && rowFilter !== null ? rowFilter.engine : null;
  const datasource = useMemo(
    () => createTableDatasource(api, table.name, viewColumns, { onRowCount: setMatchingRows, onLoadingChange: setLoading, onError: setError }, groupBy, countedRows ?? NO_ROW_FILTER),
    [api, table.name, viewColumns, groupBy, countedRows],
  );

  function changeGrouping(next: string[]) {
    const gridApi = gridApiRef.current;
    if (!grouped && next.length > 0 && gridApi !== null && gridApi.isAnyFilterPresent()) {
      const gridFilter = gridApi.getFilterModel() as Record<string, unknown>;
      const kinds = new Map(table.columns.map((column) => [column.name, columnKindOf(column.type)]));
      const engineFilter = toFilterModel(gridFilter, (column) => kinds.get(column));
      if (!engineFilter.ok) {
        setError(engineFilter.error);
        return;
      }
      setRowFilter({ engine: engineFilter.value, grid: gridFilter });
    }
    setMatchingRows(null);
    setFiltersActive(next.length === 0 && rowFilter !== null);
    setError(null);
    setShownFocus(null);
    setExportState({ status: 'idle' });
    onGroupByChange(next);
  }

  function countAllRows() {
    setRowFilter(null);
    setMatchingRows(null);
  }

  async function exportView(format: 'xlsx' | 'csv') {
    const gridApi = gridApiRef.current;
    if (gridApi === null) return;
    const kinds = new Map(viewColumns.map((column) => [column.name, columnKindOf(column.type)]));
    const filter = toFilterModel(gridApi.getFilterModel(), (column) => kinds.get(column));
    if (!filter.ok) {
      setExportState({ status: 'failed', error: filter.error });
      return;
    }
    const displayed = gridApi.getAllDisplayedColumns().map((column) => column.getColId());
    setExportState({ status: 'running' });
    const result = await api.exportView(tableViewExport(table.name, groupBy, sortFromColumnState(gridApi.getColumnState()), filter.value, displayed, format, countedRows ?? {}));
    if (!result.ok) {
      setExportState({ status: 'failed', error: result.error });
      return;
    }
    downloadBytes(result.value.bytes, result.value.fileName, result.value.mediaType);
    const what = grouped ? 'the groups of this view, counts perturbed' : 'the rows of this view, small counts suppressed';
    setExportState({ status: 'saved', message: `Saved ${result.value.fileName} to your downloads folder: ${what}.` });
  }

  useEffect(() => {
    if (refreshCount > 0) gridApiRef.current?.purgeInfiniteCache();
  }, [refreshCount]);

  function showFocus(gridApi: GridApi<DisplayRow>, next: RowFocus) {
    if (!canFocusRows) return;
    setShownFocus(next);
    gridApi.setFilterModel(sourceRowFilter(next.sourceRow));
    const column = columnForField(next.field, table.columns);
    if (column !== null) gridApi.ensureColumnVisible(column, 'middle');
  }

  useEffect(() => {
    const gridApi = gridApiRef.current;
    if (gridApi !== null && focus !== null && focus.serial !== shownFocus?.serial) showFocus(gridApi, focus);
    // Keyed on the serial alone: only a new request from another screen should move the grid.
  }, [focus?.serial]);

  const headingId = `grid-heading-${table.name}`;
  const helpId = `grid-help-${table.name}`;
  const gridLabel = `Rows of ${table.name}`;

  function onGridReady(event: GridReadyEvent<DisplayRow>) {
    gridApiRef.current = event.api;
    // AG Grid has no option for the grid's accessible name, so label its role="grid" element directly.
    const gridElement = gridContainerRef.current?.querySelector('[role="grid"], [role="treegrid"]');
    gridElement?.setAttribute('aria-label', gridLabel);
    gridElement?.setAttribute('aria-describedby', helpId);
    if (!grouped && rowFilter !== null) {
      // Back from the groups to the rows: the rows keep the filters they had.
      event.api.setFilterModel(rowFilter.grid);
      setRowFilter(null);
    }
    if (focus !== null) showFocus(event.api, focus);
  }

  function onCellFocused(event: CellFocusedEvent<DisplayRow>) {
    const column = event.column;
    if (column !== null && typeof column === 'object') onColumnFocus(column.getColId());
  }

  function showAllRows() {
    setShownFocus(null);
    gridApiRef.current?.setFilterModel(null);
  }

  function onFilterChanged(event: FilterChangedEvent<DisplayRow>) {
    setFiltersActive(event.api.isAnyFilterPresent());
  }

  function retry() {
    setError(null);
    gridApiRef.current?.purgeInfiniteCache();
  }

  function clearFilters() {
    setError(null);
    setShownFocus(null);
    gridApiRef.current?.setFilterModel(null);
  }

  let countText = grouped ? 'Counting groups…' : 'Counting rows…';
  if (matchingRows !== null) {
    if (grouped) {
      const groups = `${formatCount(matchingRows)} ${matchingRows === 1 ? 'group' : 'groups'}`;
      if (countedRows !== null) countText = filtersActive ? `${groups} match the filters, counting the rows where ${describeFilter(countedRows)}` : `${groups} of the rows where ${describeFilter(countedRows)}`;
      else countText = filtersActive ? `${groups} match the filters` : `${groups} of ${formatRowCount(table.rowCount)}`;
    } else {
      countText = filtersActive ? `${formatCount(matchingRows)} of ${formatRowCount(table.rowCount)} match the filters` : formatRowCount(matchingRows);
    }
  }
  const exportHintId = `export-hint-${table.name}`;

  return (
    <section className="panel grid-panel" aria-labelledby={headingId}>
      <div className="grid-panel__header">
        <h2 id={headingId} className="panel__title">
          {table.name}
        </h2>
        <p className="grid-panel__count" role="status" aria-live="polite">
          {countText}
          {loading && <span className="grid-panel__loading"> Loading rows…</span>}
        </p>
      </div>
      <p id={helpId} className="grid-panel__help grid-panel__help--keys">
        In the table, arrow keys move between cells and headings. On a heading, Enter sorts; on a filter box, Enter starts typing. Tab leaves the table.
      </p>
      <div className="grid-panel__tools">
        <GroupByControl columns={table.columns} groupBy={groupBy} onChange={changeGrouping} />
        <div className="grid-panel__export" role="group" aria-label="Export this view">
          <button type="button" className="button button--secondary button--small" onClick={() => void exportView('xlsx')} disabled={rowsNotExportable || exportState.status === 'running'} aria-describedby={exportHintId}>
            Export xlsx
          </button>
          <button type="button" className="button button--secondary button--small" onClick={() => void exportView('csv')} disabled={rowsNotExportable || exportState.status === 'running'} aria-describedby={exportHintId}>
            Export csv
          </button>
        </div>
      </div>
      <p id={exportHintId} className={rowsNotExportable ? 'callout grid-panel__export-hint' : 'grid-panel__help'}>
        {rowsNotExportable
          ? `Person-level rows (${personLevel.join(', ')}) cannot be exported: group the view and export the groups.`
          : grouped
            ? 'Counts of groups are perturbed, here and in exports (the cell-key method of the ONS’s census tables): each may be off by a little, the same people always give the same count, and counts from 1 to 4 are never shown as such (a group perturbed to 0 is left out, like an empty one). Exports hold this view as shown — its grouping, filters, sorting and columns.'
            : `Exports hold this view as shown — its grouping, filters, sorting and columns — with counts from 1 to 4 shown as “c”.`}
      </p>
      {countedRows !== null && (
        <div className="callout callout--focus grid-panel__row-filter">
          <p>Counting only the rows where {describeFilter(countedRows)}, as filtered before grouping.</p>
          <button type="button" className="button button--secondary button--small" onClick={countAllRows}>
            Count all rows
          </button>
        </div>
      )}
      <div role="status" aria-live="polite" className="grid-panel__export-status">
        {exportState.status === 'running' && 'Preparing the export…'}
        {exportState.status === 'saved' && exportState.message}
      </div>
      <ProblemNotice
        title="The view could not be exported"
        error={exportState.status === 'failed' ? exportState.error : null}
        nextStep={grouped ? 'Change the grouping (coarser columns) or filter the rows, then export again.' : 'Group the view, or filter it, then export again.'}
      />
      {shownFocus !== null && (
        <div className="callout callout--focus">
          <p>
            Showing sheet row {formatCount(shownFocus.sourceRow)} from the validation report
            {highlighted !== null ? `; the column ${highlighted} is highlighted` : shownFocus.field !== null ? `; the field ${shownFocus.field} is not stored in the workspace` : ''}.
          </p>
          <button type="button" className="button button--secondary button--small" onClick={showAllRows}>
            Show all rows
          </button>
        </div>
      )}
      <ProblemNotice
        title={grouped ? 'The groups could not be loaded' : 'Rows could not be loaded'}
        error={error}
        nextStep={loadingNextStep(error, grouped, filtersActive || countedRows !== null)}
        actions={
          <>
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
            {filtersActive && (
              <button type="button" className="button button--secondary" onClick={clearFilters}>
                Clear filters
              </button>
            )}
          </>
        }
      />
      <div className="grid-panel__grid" ref={gridContainerRef}>
        <AgGridReact<DisplayRow>
          key={JSON.stringify(groupBy)}
          theme={workbenchGridTheme}
          loadThemeGoogleFonts={false}
          columnDefs={columnDefs}
          defaultColDef={defaultColDef}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={CACHE_BLOCK_SIZE}
          maxBlocksInCache={MAX_BLOCKS_IN_CACHE}
          blockLoadDebounceMillis={100}
          suppressFieldDotNotation
          enableCellTextSelection
          ensureDomOrder
          tabToNextCell={leaveGridOnTab}
          tabToNextHeader={leaveGridOnTab}
          onGridReady={onGridReady}
          onFilterChanged={onFilterChanged}
          onCellFocused={onCellFocused}
        />
      </div>
    </section>
  );
}
