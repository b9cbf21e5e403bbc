import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useRef } from 'react';
import type { ColumnInfo } from '../../../shared/api';
import { workbenchGridTheme } from '../explore/ag-grid-setup';
import type { DisplayRow } from '../explore/arrow-rows';
import { columnKindOf } from '../explore/column-kinds';

interface ResultsGridProps {
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly DisplayRow[];
  readonly label: string;
  readonly helpId: string;
}

/** Tab leaves the grid, arrow keys move inside it (the ARIA grid pattern). */
function leaveGridOnTab(): false {
  return false;
}

/**
 * The statement's rows as the engine returned them. Ordering and filtering belong in the SQL, so the grid
 * does not re-sort or filter what DuckDB sent.
 */
export function ResultsGrid({ columns, rows, label, helpId }: ResultsGridProps) {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const columnDefs = useMemo<ColDef<DisplayRow>[]>(
    () =>
      columns.map((column) => ({
        colId: column.name,
        field: column.name,
        headerName: column.name,
        headerTooltip: `${column.name} (${column.type})`,
        ...(columnKindOf(column.type) === 'number' ? { type: 'rightAligned' } : {}),
      })),
    [columns],
  );
  const rowData = useMemo(() => [...rows], [rows]);

  function onGridReady() {
    // AG Grid has no option for the grid's accessible name, so label its role="grid" element directly.
    const grid = containerRef.current?.querySelector('[role="grid"], [role="treegrid"]');
    grid?.setAttribute('aria-label', label);
    grid?.setAttribute('aria-describedby', helpId);
  }

  return (
    <div className="grid-panel__grid" ref={containerRef}>
      <AgGridReact<DisplayRow>
        theme={workbenchGridTheme}
        loadThemeGoogleFonts={false}
        columnDefs={columnDefs}
        defaultColDef={{ sortable: false, resizable: true, minWidth: 110, cellDataType: false }}
        rowData={rowData}
        suppressFieldDotNotation
        enableCellTextSelection
        ensureDomOrder
        tabToNextCell={leaveGridOnTab}
        tabToNextHeader={leaveGridOnTab}
        onGridReady={onGridReady}
      />
    </div>
  );
}
