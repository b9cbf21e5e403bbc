/**
 * The issue's targets, judged from one run's figures. Both import targets judge the same product path,
 * `importFile` (what `startImport` runs without a specification): of the 1M-row sheet for xlsx, of the same
 * rows as CSV for csv; the specification import is an explanatory row of each group. A target whose figures are missing is "not measured",
 * never met by default; at --quick sizes every verdict is marked indicative, since the targets are stated
 * for the full sizes.
 */
import { VILLAGE_RECOMPUTE_SERIES } from './protocol';
import type { GroupSummary, RowSummary } from './results-model';

export type TargetStatus = 'met' | 'not met' | 'not measured';

export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly status: TargetStatus;
}

const XLSX_SPEEDUP_OVER_SHEETJS = 5;
const XLSX_PEAK_RSS_MB = 600;
const CSV_RATIO_TO_READ_CSV = 1.25;
const RECIPE_SECONDS = 60;
const VILLAGE_WARM_MS = 300;
const GRID_PAGE_P95_MS = 30;
/**
 * Documented memory ceilings (docs/security.md, "Bounded resources"): peak RSS of the whole child, Node and
 * DuckDB together. DuckDB's memory_limit is 2 GB, so the recipe's ceiling leaves about 1 GB for the engine.
 */
const MEMORY_CEILINGS_MB = { 'xlsx-spec-import': 1_200, recipe: 3_072 } as const;
/** "Does not grow": the large table's heap after GC within this fraction, or this many MB, of the small table's. */
const RENDERER_HEAP_TOLERANCE = { fraction: 0.1, megabytes: 5 };

function findRow(groups: readonly GroupSummary[], key: string): RowSummary | undefined {
  return groups.flatMap((group) => group.rows).find((row) => row.key === key);
}

function missing(target: string, ...rows: (RowSummary | undefined)[]): TargetResult | null {
  const reasons = rows.map((row) => (row === undefined ? 'not run (left out with --only)' : row.notMeasured)).filter((reason) => reason !== null);
  return reasons.length === 0 ? null : { target, measured: `not measured: ${[...new Set(reasons)].join('; ')}`, status: 'not measured' };
}

const verdict = (met: boolean): TargetStatus => (met ? 'met' : 'not met');

function xlsxTargets(groups: readonly GroupSummary[]): TargetResult[] {
  const product = findRow(groups, 'xlsx-import');
  const sheetJs = findRow(groups, 'xlsx-sheetjs');
  const speedTarget = `xlsx → workspace (importFile, as the csv target) ≥ ${XLSX_SPEEDUP_OVER_SHEETJS}× faster than SheetJS parse alone (median times)`;
  const memoryTarget = `xlsx → workspace (importFile) peak RSS < ${XLSX_PEAK_RSS_MB} MB`;
  const results: TargetResult[] = [];
  const speedMissing = missing(speedTarget, product, sheetJs);
  if (speedMissing) results.push(speedMissing);
  else {
    const speedup = sheetJs!.timeVsProduct!;
    results.push({
      target: speedTarget,
      measured: `${speedup.toFixed(1)}× (${sheetJs!.wallSeconds!.median.toFixed(1)} s vs ${product!.wallSeconds!.median.toFixed(1)} s)`,
      status: verdict(speedup >= XLSX_SPEEDUP_OVER_SHEETJS),
    });
  }
  results.push(
    missing(memoryTarget, product) ?? {
      target: memoryTarget,
      measured: `${Math.round(product!.peakRssMb!)} MB`,
      status: verdict(product!.peakRssMb! < XLSX_PEAK_RSS_MB),
    },
  );
  return results;
}

function csvTarget(groups: readonly GroupSummary[]): TargetResult {
  const product = findRow(groups, 'csv-import');
  const readCsv = findRow(groups, 'csv-duckdb');
  const target = `csv → workspace within ${CSV_RATIO_TO_READ_CSV}× of DuckDB read_csv alone (median times)`;
  const absent = missing(target, product, readCsv);
  if (absent) return absent;
  const ratio = 1 / readCsv!.timeVsProduct!;
  return {
    target,
    measured: `${ratio.toFixed(2)}× (${product!.wallSeconds!.median.toFixed(2)} s vs ${readCsv!.wallSeconds!.median.toFixed(2)} s)`,
    status: verdict(ratio <= CSV_RATIO_TO_READ_CSV),
  };
}

function recipeTarget(groups: readonly GroupSummary[]): TargetResult {
  const recipe = findRow(groups, 'recipe');
  const target = `whole city recipe end to end ≤ ${RECIPE_SECONDS} s (median)`;
  return missing(target, recipe) ?? { target, measured: `${recipe!.wallSeconds!.median.toFixed(1)} s`, status: verdict(recipe!.wallSeconds!.median <= RECIPE_SECONDS) };
}

function villageTarget(groups: readonly GroupSummary[]): TargetResult {
  const recipe = findRow(groups, 'recipe');
  const target = `village recompute (city + ten localities), warm, ≤ ${VILLAGE_WARM_MS} ms (p95 of warm runs)`;
  const absent = missing(target, recipe);
  if (absent) return absent;
  const warm = recipe!.latenciesMs[VILLAGE_RECOMPUTE_SERIES];
  if (warm === undefined) return { target, measured: 'not measured: no warm runs were reported', status: 'not measured' };
  return { target, measured: `p50 ${warm.median.toFixed(0)} ms, p95 ${warm.p95.toFixed(0)} ms`, status: verdict(warm.p95 <= VILLAGE_WARM_MS) };
}

function gridTarget(groups: readonly GroupSummary[]): TargetResult {
  const grid = findRow(groups, 'grid-paging');
  const rows = grid?.figures.tableRows;
  const target = `200-row grid page ≤ ${GRID_PAGE_P95_MS} ms p95 (warm pages, every view)${rows === undefined ? '' : ` at ${rows.toLocaleString('en-GB')} rows`}`;
  const absent = missing(target, grid);
  if (absent) return absent;
  const warmSeries = Object.entries(grid!.latenciesMs).filter(([name]) => name.endsWith('warm page'));
  const worst = Math.max(...warmSeries.map(([, summary]) => summary.p95));
  return {
    target,
    measured: warmSeries.map(([name, summary]) => `${name.replace(' warm page', '')} ${summary.p95.toFixed(1)} ms`).join(', '),
    status: verdict(worst <= GRID_PAGE_P95_MS),
  };
}

function rendererTarget(groups: readonly GroupSummary[]): TargetResult {
  const renderer = findRow(groups, 'renderer-memory');
  const target = `renderer memory does not grow with table size (heap after GC, large table within ${RENDERER_HEAP_TOLERANCE.fraction * 100}% or ${RENDERER_HEAP_TOLERANCE.megabytes} MB of small)`;
  const absent = missing(target, renderer);
  if (absent) return absent;
  const small = renderer!.figures['small table: heap after GC MB'];
  const large = renderer!.figures['large table: heap after GC MB'];
  if (small === undefined || large === undefined) return { target, measured: 'not measured: heap figures missing', status: 'not measured' };
  const allowed = Math.max(small * RENDERER_HEAP_TOLERANCE.fraction, RENDERER_HEAP_TOLERANCE.megabytes);
  const smallRows = renderer!.figures.smallRows ?? 0;
  const largeRows = renderer!.figures.largeRows ?? 0;
  return {
    target,
    measured: `${small.toFixed(1)} MB at ${smallRows.toLocaleString('en-GB')} rows, ${large.toFixed(1)} MB at ${largeRows.toLocaleString('en-GB')} rows`,
    status: verdict(large - small <= allowed),
  };
}

function memoryCeilingTargets(groups: readonly GroupSummary[]): TargetResult[] {
  const described: Record<keyof typeof MEMORY_CEILINGS_MB, string> = {
    'xlsx-spec-import': '1M-row import with a specification (validation, pseudonyms)',
    recipe: 'whole city recipe (scale 1)',
  };
  return (Object.keys(MEMORY_CEILINGS_MB) as (keyof typeof MEMORY_CEILINGS_MB)[]).map((key) => {
    const row = findRow(groups, key);
    const ceiling = MEMORY_CEILINGS_MB[key];
    const target = `memory ceiling: ${described[key]} peak RSS ≤ ${ceiling.toLocaleString('en-GB')} MB`;
    return missing(target, row) ?? { target, measured: `${Math.round(row!.peakRssMb!).toLocaleString('en-GB')} MB`, status: verdict(row!.peakRssMb! <= ceiling) };
  });
}

export function judgeTargets(groups: readonly GroupSummary[]): TargetResult[] {
  return [...xlsxTargets(groups), csvTarget(groups), recipeTarget(groups), villageTarget(groups), gridTarget(groups), rendererTarget(groups), ...memoryCeilingTargets(groups)];
}
