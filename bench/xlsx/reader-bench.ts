/**
 * xlsx reader benchmark: `npx tsx bench/xlsx/reader-bench.ts [--rows N] [--skip-sheetjs] [--skip-exceljs]`.
 *
 * Writes (once) a synthetic N-row × 11-column workbook into bench/inputs/, then measures each reader in its
 * own child process, so peak RSS is that reader's alone, and prints a Markdown table. Rows: the inflate-only
 * floor, the streaming reader, the streaming reader plus structured cloning of every batch (what moving it
 * into a worker thread would add), the SheetJS reader, and exceljs's streaming reader.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import { writeSyntheticXlsx } from './synthetic-xlsx';

const THIS_FILE = fileURLToPath(import.meta.url);
const INPUT_DIRECTORY = path.resolve(path.dirname(THIS_FILE), '../inputs');

const MEASUREMENTS = ['baseline', 'inflate', 'stream', 'stream+clone', 'sheetjs', 'exceljs'] as const;
type Measurement = (typeof MEASUREMENTS)[number];

const DESCRIPTIONS: Record<Measurement, string> = {
  baseline: 'Node + tsx + modules loaded, no reading (memory floor)',
  inflate: 'inflate the sheet XML only (own ZIP reader, no scan)',
  stream: 'streaming reader → RawRow batches',
  'stream+clone': 'streaming reader + v8 serialize/deserialize of each batch (worker cost)',
  sheetjs: 'SheetJS reader (readSheetWithSheetJS: dense, cellNF)',
  exceljs: 'exceljs streaming WorkbookReader',
};

interface ChildReport {
  readonly rows: number;
  readonly cells: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly maxEventLoopBlockMs?: number;
  readonly cloneMs?: number;
}

async function measure(kind: Measurement, filePath: string): Promise<Omit<ChildReport, 'maxRssMb' | 'wallMs' | 'cpuMs'>> {
  switch (kind) {
    case 'baseline':
      await import('../../electron/engine/xlsx/stream-reader');
      await import('../../electron/engine/xlsx/sheetjs-reader');
      return { rows: 0, cells: 0 };
    case 'inflate': {
      const { ZipArchive } = await import('../../electron/engine/xlsx/zip');
      const { resolveLimits } = await import('../../electron/engine/xlsx/limits');
      const archive = await ZipArchive.open(filePath, resolveLimits(undefined));
      try {
        const entry = archive.entry('xl/worksheets/sheet1.xml');
        if (!entry) throw new Error('no sheet1.xml');
        let bytes = 0;
        for await (const chunk of archive.readEntry(entry)) bytes += chunk.length;
        return { rows: 0, cells: bytes };
      } finally {
        await archive.close();
      }
    }
    case 'stream':
    case 'stream+clone': {
      const { readXlsxRows } = await import('../../electron/engine/xlsx/stream-reader');
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      let rows = 0;
      let cells = 0;
      let cloneMs = 0;
      for await (const batch of readXlsxRows(filePath)) {
        let received = batch;
        if (kind === 'stream+clone') {
          const started = performance.now();
          received = deserialize(serialize(batch)) as typeof batch;
          cloneMs += performance.now() - started;
        }
        rows += received.length;
        for (const row of received) for (const cell of row.cells) if (cell !== null) cells++;
      }
      delay.disable();
      return { rows, cells, maxEventLoopBlockMs: delay.max / 1e6, ...(kind === 'stream+clone' ? { cloneMs } : {}) };
    }
    case 'sheetjs': {
      const { readRowsWithSheetJS } = await import('../../electron/engine/xlsx/sheetjs-reader');
      const rows = readRowsWithSheetJS(filePath);
      let cells = 0;
      for (const row of rows) for (const cell of row.cells) if (cell !== null) cells++;
      return { rows: rows.length, cells };
    }
    case 'exceljs': {
      const { default: ExcelJS } = await import('exceljs');
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore', entries: 'ignore' });
      let rows = 0;
      let cells = 0;
      for await (const worksheet of reader) {
        for await (const row of worksheet) {
          rows++;
          row.eachCell(() => cells++);
        }
      }
      return { rows, cells };
    }
  }
}

async function runChild(kind: Measurement, filePath: string): Promise<void> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await measure(kind, filePath);
  const cpu = process.cpuUsage(cpuBefore);
  const report: ChildReport = {
    ...result,
    wallMs: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function runInChild(kind: Measurement, filePath: string): ChildReport {
  const output = execFileSync(process.execPath, ['--import', 'tsx', THIS_FILE, '--child', kind, filePath], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lastLine = output.trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as ChildReport;
}

function argumentValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function formatSeconds(milliseconds: number): string {
  return (milliseconds / 1000).toFixed(2);
}

async function main(): Promise<void> {
  const rows = Number(argumentValue('--rows') ?? 1_000_000);
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer');
  fs.mkdirSync(INPUT_DIRECTORY, { recursive: true });
  const filePath = path.join(INPUT_DIRECTORY, `synthetic-${rows}.xlsx`);
  if (!fs.existsSync(filePath)) {
    const started = performance.now();
    const partial = `${filePath}.partial`;
    await writeSyntheticXlsx(partial, { rows });
    fs.renameSync(partial, filePath);
    console.error(`wrote ${filePath} in ${formatSeconds(performance.now() - started)} s`);
  }
  const fileMb = fs.statSync(filePath).size / 1024 ** 2;
  const skipped = new Set(MEASUREMENTS.filter((kind) => process.argv.includes(`--skip-${kind}`)));

  const lines = [
    `xlsx readers on ${rows.toLocaleString('en-GB')} rows × 11 columns (${fileMb.toFixed(1)} MB xlsx), Node ${process.version}, one child process per row`,
    '',
    '| reader | wall s | rows/s | CPU s (all threads) | peak RSS MB | longest event-loop block ms | rows | non-empty cells |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const kind of MEASUREMENTS) {
    if (skipped.has(kind)) continue;
    console.error(`measuring ${kind}…`);
    const report = runInChild(kind, filePath);
    const rowsPerSecond = report.rows > 0 ? Math.round(report.rows / (report.wallMs / 1000)).toLocaleString('en-GB') : '—';
    const clone = report.cloneMs === undefined ? '' : ` (clone ${formatSeconds(report.cloneMs)} s)`;
    lines.push(
      `| ${DESCRIPTIONS[kind]} | ${formatSeconds(report.wallMs)}${clone} | ${rowsPerSecond} | ${formatSeconds(report.cpuMs)} | ${Math.round(report.maxRssMb)} | ${
        report.maxEventLoopBlockMs === undefined ? '—' : report.maxEventLoopBlockMs.toFixed(0)
      } | ${report.rows.toLocaleString('en-GB')} | ${kind === 'inflate' ? `${(report.cells / 1024 ** 2).toFixed(0)} MB XML` : report.cells.toLocaleString('en-GB')} |`,
    );
  }
  console.log(lines.join('\n'));
}

if (process.argv.includes('--child')) {
  const kind = argumentValue('--child') as Measurement;
  const filePath = process.argv[process.argv.indexOf('--child') + 2];
  if (!MEASUREMENTS.includes(kind) || !filePath) throw new Error(`bad child arguments: ${process.argv.slice(2).join(' ')}`);
  await runChild(kind, filePath);
} else {
  await main();
}
