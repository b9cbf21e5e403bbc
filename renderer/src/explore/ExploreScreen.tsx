import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TableSummary } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { ProblemNotice } from '../components/ProblemNotice';
import { SidePanel } from '../components/SidePanel';
import { NARROW_WINDOW, useMediaQuery } from '../components/use-media-query';
import { browserPreferenceStore, readPreference, writePreference } from '../shell/stored-preference';
import { useScreenIntent } from '../shell/navigation-context';
import { ColumnProfilePanel } from './ColumnProfilePanel';
import { TableGrid, type RowFocus } from './TableGrid';
import { TableList } from './TableList';

const LAST_TABLE = 'explore-table';
/** One empty grouping, so resetting it does not rebuild the grid's datasource. */
const noGrouping: string[] = [];

type TablesState = { status: 'loading' } | { status: 'ready'; tables: TableSummary[] } | { status: 'failed'; error: WorkbenchError };

/** A grid remounts when its table's columns change, because the column definitions and datasource depend on them. */
function gridKey(table: TableSummary): string {
  return JSON.stringify([table.name, table.columns]);
}

export function ExploreScreen() {
  const api = useWorkbenchApi();
  const [tables, setTables] = useState<TablesState>({ status: 'loading' });
  const intent = useScreenIntent('explore');
  const [selectedName, setSelectedName] = useState<string | null>(() => intent?.params.table ?? readPreference(browserPreferenceStore(), LAST_TABLE));
  const [profileColumn, setProfileColumn] = useState<string | null>(null);
  const [groupBy, setGroupBy] = useState<string[]>(noGrouping);
  const [refreshCount, setRefreshCount] = useState(0);
  const [refreshing, setRefreshing] = useState(false);
  const narrow = useMediaQuery(NARROW_WINDOW);
  // Null until the officer opens or closes a panel: then it follows the window's width (and, for the
  // list of tables, whether a table is chosen), so on a laptop the grid gets the width.
  const [tablesChoice, setTablesChoice] = useState<boolean | null>(null);
  const [profileChoice, setProfileChoice] = useState<boolean | null>(null);

  const loadTables = useCallback(async () => {
    setRefreshing(true);
    const result = await api.listTables({});
    setRefreshing(false);
    setTables(result.ok ? { status: 'ready', tables: result.value.tables } : { status: 'failed', error: result.error });
  }, [api]);

  useEffect(() => {
    void loadTables();
  }, [loadTables]);

  // Another screen asked for a table (a new import, a finding's row). Explore mounts afresh when it is
  // opened, so the table list loaded above already includes it.
  useEffect(() => {
    if (intent === null) return;
    setSelectedName(intent.params.table);
    setProfileColumn(null);
    setGroupBy(noGrouping);
  }, [intent]);

  function selectTable(name: string) {
    setSelectedName(name);
    if (narrow) setTablesChoice(null);
    setProfileColumn(null);
    setGroupBy(noGrouping);
    writePreference(browserPreferenceStore(), LAST_TABLE, name);
  }

  function refresh() {
    setRefreshCount((count) => count + 1);
    void loadTables();
  }

  const tableList = tables.status === 'ready' ? tables.tables : [];
  const selected = tableList.find((table) => table.name === selectedName) ?? null;
  const focus: RowFocus | null =
    intent !== null && intent.params.sourceRow !== undefined && intent.params.table === selected?.name
      ? { sourceRow: intent.params.sourceRow, field: intent.params.column ?? null, serial: intent.serial }
      : null;
  // Kept stable between renders: the grid's datasource is rebuilt whenever the grouping changes.
  const shownGroupBy = useMemo(() => {
    const present = groupBy.filter((column) => selected?.columns.some((info) => info.name === column) ?? false);
    return present.length === groupBy.length ? groupBy : present;
  }, [groupBy, selected]);
  const selectionGone = tables.status === 'ready' && selectedName !== null && selected === null;
  const tablesExpanded = tablesChoice ?? (!narrow || selected === null);
  const profileExpanded = profileChoice ?? !narrow;

  return (
    <div className="screen explore">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Explore</h1>
          <p className="screen__lede">Browse the tables in this workspace. Sorting, filtering and grouping run in the workspace database, so large tables stay quick.</p>
        </div>
        <button type="button" className="button button--secondary" onClick={refresh} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>

      <ProblemNotice
        title="The list of tables could not be loaded"
        error={tables.status === 'failed' ? tables.error : null}
        actions={
          <button type="button" className="button" onClick={refresh}>
            Try again
          </button>
        }
      />

      <div className="explore__layout">
        <SidePanel title="Tables" headingId="tables-heading" className="table-panel" expanded={tablesExpanded} onExpandedChange={setTablesChoice}>
          {tables.status === 'loading' && <p className="panel__hint">Loading the list of tables…</p>}
          {tables.status === 'failed' && <p className="panel__hint">The list of tables is not available.</p>}
          {tables.status === 'ready' && tableList.length === 0 && (
            <p className="panel__hint">This workspace has no tables yet. Tables appear here once data has been imported; select Refresh afterwards.</p>
          )}
          {tableList.length > 0 && <TableList tables={tableList} selected={selected?.name ?? null} onSelect={selectTable} />}
        </SidePanel>

        {selected ? (
          <TableGrid
            key={gridKey(selected)}
            table={selected}
            groupBy={shownGroupBy}
            onGroupByChange={setGroupBy}
            refreshCount={refreshCount} focus={focus} onColumnFocus={setProfileColumn} />
        ) : (
          <section className="panel grid-panel grid-panel--empty" aria-label="Table rows">
            <p className="panel__hint">
              {selectionGone
                ? `The table ${selectedName} is no longer in this workspace. Choose another table from the list.`
                : 'Choose a table from the list to see its rows.'}
            </p>
          </section>
        )}

        <SidePanel title="Column profile" headingId="profile-heading" className="profile-panel" expanded={profileExpanded} onExpandedChange={setProfileChoice}>
          {selected ? (
            <ColumnProfilePanel table={selected} column={profileColumn} onColumnChange={setProfileColumn} />
          ) : (
            <p className="panel__hint">Choose a table to profile its columns.</p>
          )}
        </SidePanel>
      </div>
    </div>
  );
}
