/**
 * 200-row grid pages from a big table through the validated API (`engine.dispatch('getTablePage', …)`),
 * as the Explore grid asks for them: random deep pages unsorted, sorted by a column, sorted with a filter,
 * and grouped (by LSOA and sex, 1,920 groups, sorted by their counts). The first page of each new view builds
 * the pager's numbered snapshot, so it is reported on its own ("snapshot build") and the warm pages after it
 * separately.
 */
import path from 'node:path';
import type { FilterModel, SortSpec } from '../../shared/grid';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { anyFilePolicy } from '../../electron/engine/file-access';
import { openWorkspace } from '../../electron/engine/workspace/workspace';
import type { MeasurementContext, MeasurementOutcome } from '../protocol';
import { createGridTable } from './grid-table';

const PAGE_ROWS = 200;

interface View {
  readonly name: string;
  readonly sort: SortSpec[];
  readonly filter: FilterModel;
  readonly groupBy?: string[];
}

const VIEWS: readonly View[] = [
  { name: 'unsorted', sort: [], filter: {} },
  { name: 'sorted', sort: [{ column: 'deprivation_score', direction: 'desc' }], filter: {} },
  {
    name: 'sorted+filtered',
    sort: [{ column: 'date_of_birth', direction: 'asc' }],
    filter: { sex: { kind: 'text', operator: 'equals', value: 'F' }, deprivation_score: { kind: 'number', operator: 'greaterThan', value: 25 } },
  },
  { name: 'grouped', sort: [{ column: 'row_count', direction: 'desc' }], filter: {}, groupBy: ['lsoa_code', 'sex'] },
];

/** Other sorts, each a new snapshot, so the snapshot build is measured several times. */
const EXTRA_SORT_COLUMNS = ['nhs_number', 'lsoa_code', 'ethnicity'] as const;

/** Deterministic page positions spread over the whole table (a linear congruential sequence). */
function pageStarts(rowCount: number, count: number): number[] {
  const pages = Math.max(1, Math.floor(rowCount / PAGE_ROWS));
  const starts: number[] = [];
  let state = 12_345;
  for (let index = 0; index < count; index += 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    starts.push((state % pages) * PAGE_ROWS);
  }
  return starts;
}

async function requestPage(engine: Engine, table: string, startRow: number, view: View): Promise<{ ms: number; rowCount: number }> {
  const started = performance.now();
  const result = await engine.dispatch('getTablePage', { table, startRow, endRow: startRow + PAGE_ROWS, sort: view.sort, filter: view.filter, groupBy: view.groupBy ?? [] });
  const ms = performance.now() - started;
  if (!result.ok) throw new Error(`getTablePage failed: ${result.error.message}`);
  return { ms, rowCount: (result.value as { rowCount: number }).rowCount };
}

export async function pageThroughGrid(context: MeasurementContext): Promise<MeasurementOutcome> {
  const rows = context.options.rows ?? 10_000_000;
  const warmPages = context.options.warmPages ?? 100;
  const workspace = await openWorkspace({ location: path.join(context.scratchFolder, 'workspace') });
  const engine = createEngine(workspace, anyFilePolicy());
  try {
    const buildStarted = performance.now();
    const table = await createGridTable(workspace.connection, rows);
    const tableBuildMs = performance.now() - buildStarted;

    const latencies: Record<string, number[]> = {};
    const figures: Record<string, number> = { tableBuildMs, tableRows: rows };
    const started = performance.now();
    const snapshotBuilds: number[] = [];
    for (const view of VIEWS) {
      const first = await requestPage(engine, table, 0, view);
      snapshotBuilds.push(first.ms);
      figures[`${view.name} snapshotBuildMs`] = first.ms;
      figures[`${view.name} matchingRows`] = first.rowCount;
      latencies[`${view.name} warm page`] = [];
      for (const startRow of pageStarts(first.rowCount, warmPages)) {
        latencies[`${view.name} warm page`]!.push((await requestPage(engine, table, startRow, view)).ms);
      }
    }
    for (const column of EXTRA_SORT_COLUMNS) {
      snapshotBuilds.push((await requestPage(engine, table, 0, { name: column, sort: [{ column, direction: 'asc' }], filter: {} })).ms);
    }
    latencies['new view: first page (snapshot build)'] = snapshotBuilds;
    return { wallMs: performance.now() - started, latencies, figures };
  } finally {
    await engine.close();
  }
}
