/**
 * What one measurement child process reports to the orchestrator (bench/run.ts), as a single JSON line on
 * stdout after RESULT_MARKER, so anything else the child prints cannot be mistaken for its result.
 */

export const RESULT_MARKER = 'BENCH_RESULT ';

/** The recipe measurement's latency series that the village target is judged on. */
export const VILLAGE_RECOMPUTE_SERIES = 'village recompute, warm (indicators, villages of city and localities, disclosure)';

export interface MeasurementContext {
  /** The input file or folder the measurement reads. */
  readonly input: string;
  /** A fresh folder of the child's own for workspaces and databases; removed when the child ends. */
  readonly scratchFolder: string;
  /** Measurement-specific numeric options (table sizes, sample counts). */
  readonly options: Readonly<Record<string, number>>;
}

export interface MeasurementOutcome {
  /** Wall time of the measured work only: module loading and setup outside it are not counted. */
  readonly wallMs: number;
  readonly rows?: number;
  /** Named consecutive parts of wallMs (import phases, recipe stages). */
  readonly stages?: Readonly<Record<string, number>>;
  /** Named series of latencies in ms (grid pages, warm recomputes), summarised as p50/p95 by the orchestrator. */
  readonly latencies?: Readonly<Record<string, readonly number[]>>;
  /** Other named figures, each with its unit in the name (heapMb, domRows). */
  readonly figures?: Readonly<Record<string, number>>;
  /** Peak RSS of another process that did the work (pandas in python3), reported instead of the child's. */
  readonly externalMaxRssMb?: number;
  /** Set when the measurement could not run; the report shows the reason instead of figures. */
  readonly notMeasured?: string;
}

export interface ChildReport extends MeasurementOutcome {
  /** CPU time of the whole child, all threads (DuckDB's included). */
  readonly cpuMs: number;
  /** Peak resident set of the whole child process. */
  readonly maxRssMb: number;
}

export type Measurement = (context: MeasurementContext) => Promise<MeasurementOutcome>;

/** Runs `work` and returns its result with the wall time it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; wallMs: number }> {
  const started = performance.now();
  const result = await work();
  return { result, wallMs: performance.now() - started };
}
