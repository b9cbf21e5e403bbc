/**
 * The bench's results: each row is one measurement repeated in several child processes, summarised as
 * min/median wall time, throughput, peak memory, and its time relative to the product path of its group
 * (measured in the same run). Targets are judged from these figures only.
 */
import type { ChildReport } from './protocol';
import { median, summarise, type Summary } from './stats';

export type RowRole = 'product' | 'baseline' | 'extra';

export interface MeasuredRow {
  readonly key: string;
  readonly label: string;
  readonly role: RowRole;
  readonly runs: readonly ChildReport[];
  /** Why the row has no figures (a missing optional tool, a feature not in the engine yet). */
  readonly notMeasured?: string;
}

export interface GroupResult {
  readonly id: string;
  readonly title: string;
  readonly rows: readonly MeasuredRow[];
}

export interface RowSummary {
  readonly key: string;
  readonly label: string;
  readonly role: RowRole;
  readonly repetitions: number;
  readonly wallSeconds: Summary | null;
  readonly rows: number | null;
  /** Rows per second at the median time. */
  readonly rowsPerSecond: number | null;
  /** Highest peak RSS over the repetitions (of the external process where one did the work). */
  readonly peakRssMb: number | null;
  readonly cpuSecondsMedian: number | null;
  /** Median time ÷ the product path's median time in the same group: above 1, the product path is faster. */
  readonly timeVsProduct: number | null;
  /** Median of each stage over the repetitions, in seconds, in the order reported. */
  readonly stagesSeconds: Readonly<Record<string, number>>;
  /** Latency series pooled over the repetitions, in ms. */
  readonly latenciesMs: Readonly<Record<string, Summary>>;
  /** Median of each figure over the repetitions. */
  readonly figures: Readonly<Record<string, number>>;
  readonly notMeasured: string | null;
}

export interface GroupSummary {
  readonly id: string;
  readonly title: string;
  readonly rows: readonly RowSummary[];
}

function measuredRuns(row: MeasuredRow): ChildReport[] {
  return row.runs.filter((run) => run.notMeasured === undefined);
}

function medianByName(records: readonly Readonly<Record<string, number>>[], scale: number): Record<string, number> {
  const names = [...new Set(records.flatMap((record) => Object.keys(record)))];
  return Object.fromEntries(
    names.map((name) => [name, median(records.flatMap((record) => (record[name] === undefined ? [] : [record[name] / scale])))]),
  );
}

function summariseRow(row: MeasuredRow, productMedianMs: number | null): RowSummary {
  const runs = measuredRuns(row);
  const notMeasured = row.notMeasured ?? row.runs.find((run) => run.notMeasured !== undefined)?.notMeasured ?? null;
  if (runs.length === 0) {
    return {
      key: row.key,
      label: row.label,
      role: row.role,
      repetitions: 0,
      wallSeconds: null,
      rows: null,
      rowsPerSecond: null,
      peakRssMb: null,
      cpuSecondsMedian: null,
      timeVsProduct: null,
      stagesSeconds: {},
      latenciesMs: {},
      figures: {},
      notMeasured: notMeasured ?? 'no run produced a result',
    };
  }
  const wallMs = runs.map((run) => run.wallMs);
  const medianMs = median(wallMs);
  const rows = runs[0]?.rows ?? null;
  const latencyNames = [...new Set(runs.flatMap((run) => Object.keys(run.latencies ?? {})))];
  return {
    key: row.key,
    label: row.label,
    role: row.role,
    repetitions: runs.length,
    wallSeconds: summarise(wallMs.map((ms) => ms / 1000)),
    rows,
    rowsPerSecond: rows === null || rows === 0 ? null : rows / (medianMs / 1000),
    peakRssMb: Math.max(...runs.map((run) => run.externalMaxRssMb ?? run.maxRssMb)),
    cpuSecondsMedian: median(runs.map((run) => run.cpuMs / 1000)),
    timeVsProduct: productMedianMs === null || row.role === 'product' ? null : medianMs / productMedianMs,
    stagesSeconds: medianByName(runs.map((run) => run.stages ?? {}), 1000),
    latenciesMs: Object.fromEntries(latencyNames.map((name) => [name, summarise(runs.flatMap((run) => run.latencies?.[name] ?? []))])),
    figures: medianByName(runs.map((run) => run.figures ?? {}), 1),
    notMeasured: null,
  };
}

export function summariseGroup(group: GroupResult): GroupSummary {
  const product = group.rows.find((row) => row.role === 'product');
  const productRuns = product ? measuredRuns(product) : [];
  const productMedianMs = productRuns.length > 0 ? median(productRuns.map((run) => run.wallMs)) : null;
  return { id: group.id, title: group.title, rows: group.rows.map((row) => summariseRow(row, productMedianMs)) };
}
