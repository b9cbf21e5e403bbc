/**
 * Baselines for xlsx → workspace: parsing the same workbook with SheetJS alone, with exceljs's streaming
 * reader, with the engine's own streaming reader (no DuckDB), and with pandas when it is installed. Each
 * loads its reader on demand, so a child's memory holds only the reader it measures.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { MeasurementContext, MeasurementOutcome } from '../protocol';

/** SheetJS's parse of the whole workbook, with the options the engine's SheetJS reader uses; nothing after it. */
export async function parseWithSheetJs(context: MeasurementContext): Promise<MeasurementOutcome> {
  const XLSX = await import('xlsx');
  const started = performance.now();
  const workbook = XLSX.read(readFileSync(context.input), {
    type: 'buffer',
    dense: true,
    cellNF: true,
    cellDates: false,
    cellFormula: false,
    cellHTML: false,
    cellStyles: false,
  });
  const wallMs = performance.now() - started;
  const firstSheet = workbook.SheetNames[0];
  const sheet = firstSheet === undefined ? undefined : workbook.Sheets[firstSheet];
  const range = sheet?.['!ref'] === undefined ? undefined : XLSX.utils.decode_range(sheet['!ref']);
  return { wallMs, rows: range === undefined ? 0 : range.e.r - range.s.r };
}

export async function readWithExcelJs(context: MeasurementContext): Promise<MeasurementOutcome> {
  const { default: ExcelJS } = await import('exceljs');
  const started = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(context.input, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore', entries: 'ignore' });
  let rows = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      // Touch every cell value, as an importer would.
      row.eachCell(() => undefined);
      rows += 1;
    }
  }
  return { wallMs: performance.now() - started, rows: rows - 1 };
}

export async function readWithStreamReader(context: MeasurementContext): Promise<MeasurementOutcome> {
  const { readXlsxRows } = await import('../../electron/engine/xlsx/stream-reader');
  const started = performance.now();
  let rows = 0;
  for await (const batch of readXlsxRows(context.input)) rows += batch.length;
  return { wallMs: performance.now() - started, rows: rows - 1 };
}

const PANDAS_SCRIPT = `
import json, resource, sys, time
import pandas
started = time.perf_counter()
frame = pandas.read_excel(sys.argv[1], engine="openpyxl")
wall_ms = (time.perf_counter() - started) * 1000
print(json.dumps({"wallMs": wall_ms, "rows": len(frame.index), "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

/** pandas runs in its own python3 process, so its peak memory is reported as a figure of that process. */
export async function readWithPandas(context: MeasurementContext): Promise<MeasurementOutcome> {
  if (!pandasAvailable()) return { wallMs: 0, notMeasured: 'python3 with pandas and openpyxl is not installed (optional baseline)' };
  const output = execFileSync('python3', ['-c', PANDAS_SCRIPT, context.input], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const report = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { wallMs: number; rows: number; maxRssMb: number };
  return { wallMs: report.wallMs, rows: report.rows, externalMaxRssMb: report.maxRssMb };
}

export function pandasAvailable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import pandas, openpyxl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
