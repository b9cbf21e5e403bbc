/**
 * `npm run bench [-- --quick] [-- --only xlsx,csv,…]`: generates the inputs (bench/inputs/, git-ignored),
 * runs every measurement several times, each time in a child process of its own (bench/child.ts), with the
 * baselines measured in the same run and interleaved with the product path, and writes the results as
 * Markdown and JSON. A full run writes bench/results/latest.{md,json}; --quick or --only write under
 * bench/tmp/ instead, so a smoke test never replaces the committed figures.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_FOLDER, REPOSITORY_ROOT, SAMPLES_SEED, syntheticCityWithRecipe, syntheticCsv, syntheticXlsx } from './inputs';
import { renderMarkdown } from './markdown';
import type { MeasurementName } from './measurements/index';
import { pandasAvailable } from './measurements/xlsx-readers';
import { RESULT_MARKER, type ChildReport, type MeasurementContext } from './protocol';
import { summariseGroup, type GroupResult, type MeasuredRow, type RowRole } from './results-model';
import { judgeTargets } from './targets';

interface Profile {
  readonly name: 'full' | 'quick';
  readonly sheetRows: number;
  readonly cityScale: number;
  /** The scaling series: the whole recipe at each of these scales of the synthetic city. */
  readonly scalingScales: readonly number[];
  readonly gridRows: number;
  readonly rendererSmallRows: number;
  readonly rendererLargeRows: number;
  /** Child processes per row of the table. */
  readonly repetitions: number;
  /** Whole-recipe runs: each takes minutes at scale 1. */
  readonly recipeRepetitions: number;
  /** Warm pages per grid view, warm village recomputes per recipe run. */
  readonly samples: number;
}

const PROFILES: Record<Profile['name'], Profile> = {
  full: { name: 'full', sheetRows: 1_000_000, cityScale: 1, scalingScales: [0.25, 0.5, 1, 2], gridRows: 10_000_000, rendererSmallRows: 1_000_000, rendererLargeRows: 10_000_000, repetitions: 3, recipeRepetitions: 2, samples: 100 },
  quick: { name: 'quick', sheetRows: 20_000, cityScale: 0.05, scalingScales: [0.0125, 0.025, 0.05, 0.1], gridRows: 200_000, rendererSmallRows: 20_000, rendererLargeRows: 200_000, repetitions: 2, recipeRepetitions: 1, samples: 30 },
};

const GROUP_IDS = ['xlsx', 'csv', 'recipe', 'scaling', 'grid', 'renderer'] as const;
type GroupId = (typeof GROUP_IDS)[number];

interface PlannedRow {
  readonly key: string;
  /** null only for a row that cannot be measured (notMeasured says why). */
  readonly measurement: MeasurementName | null;
  readonly label: string;
  readonly role: RowRole;
  readonly input: string;
  readonly options?: Readonly<Record<string, number>>;
  readonly repetitions: number;
  /** Known before running: the row is listed with this reason instead of figures. */
  readonly notMeasured?: string;
}

interface PlannedGroup {
  readonly id: GroupId;
  readonly title: string;
  readonly rows: readonly PlannedRow[];
}

const CHILD_ENTRY = path.join(BENCH_FOLDER, 'child.ts');
const SCRATCH_FOLDER = path.join(BENCH_FOLDER, 'tmp');
const RENDERER_INDEX = path.join(REPOSITORY_ROOT, 'out', 'renderer', 'index.html');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHILD_TIMEOUT_MS = 30 * 60 * 1000;

const megabytes = (filePath: string): string => `${(fs.statSync(filePath).size / 1024 ** 2).toFixed(0)} MB`;
const count = (value: number): string => value.toLocaleString('en-GB');

async function planXlsx(profile: Profile): Promise<PlannedGroup> {
  const workbook = await syntheticXlsx(profile.sheetRows);
  const repetitions = profile.repetitions;
  const pandasMissing = pandasAvailable() ? {} : { notMeasured: 'python3 with pandas and openpyxl is not installed (optional baseline)' };
  return {
    id: 'xlsx',
    title: `xlsx → workspace: ${count(profile.sheetRows)} rows × 11 columns (${megabytes(workbook)} .xlsx)`,
    rows: [
      {
        key: 'xlsx-spec-import',
        measurement: 'xlsx-spec-import',
        label: 'engine import with a specification (importWithSpecification: validation, pseudonyms, match keys), what a recipe runs',
        role: 'product',
        input: workbook,
        repetitions,
      },
      { key: 'xlsx-sheetjs', measurement: 'xlsx-sheetjs', label: 'SheetJS parse alone (dense, cellNF)', role: 'baseline', input: workbook, repetitions },
      { key: 'xlsx-exceljs', measurement: 'xlsx-exceljs', label: 'exceljs streaming WorkbookReader, every cell visited', role: 'baseline', input: workbook, repetitions },
      { key: 'xlsx-pandas', measurement: 'xlsx-pandas', label: 'pandas read_excel (openpyxl)', role: 'baseline', input: workbook, repetitions, ...pandasMissing },
      { key: 'xlsx-stream-reader', measurement: 'xlsx-stream-reader', label: "engine's streaming reader alone (readXlsxRows, no DuckDB)", role: 'extra', input: workbook, repetitions },
      {
        key: 'xlsx-validate',
        measurement: 'xlsx-validate',
        label: "engine's validation alone (validateFile: read, header, validate, coerce; no pseudonyms, no DuckDB)",
        role: 'extra',
        input: workbook,
        // An explanatory row: one run is enough, and at 1M rows each takes about a minute.
        repetitions: 1,
      },
      { key: 'xlsx-import', measurement: 'xlsx-import', label: 'engine import without a specification (importFile) of the sheet into a file-backed workspace', role: 'extra', input: workbook, repetitions },
    ],
  };
}

async function planCsv(profile: Profile): Promise<PlannedGroup> {
  const csv = await syntheticCsv(profile.sheetRows);
  // CSV runs are short, so more repetitions cost little and steady the ratio.
  const repetitions = profile.repetitions + 2;
  return {
    id: 'csv',
    title: `csv → workspace: the same ${count(profile.sheetRows)} rows as CSV (${megabytes(csv)})`,
    rows: [
      {
        key: 'csv-spec-import',
        measurement: 'csv-spec-import',
        label: 'engine import with a specification (as the xlsx row: validation, pseudonyms, match keys), what a recipe runs',
        role: 'product',
        input: csv,
        repetitions: profile.repetitions,
      },
      { key: 'csv-duckdb', measurement: 'csv-duckdb', label: 'DuckDB read_csv into a table of a file-backed database', role: 'baseline', input: csv, repetitions },
      { key: 'csv-import', measurement: 'csv-import', label: 'engine import without a specification (importFile) into a file-backed workspace', role: 'extra', input: csv, repetitions },
    ],
  };
}

async function planRecipe(profile: Profile): Promise<PlannedGroup> {
  const city = await syntheticCityWithRecipe(profile.cityScale);
  return {
    id: 'recipe',
    title: `Whole recipe and village recompute: the synthetic city at scale ${profile.cityScale} (samples generator, seed ${SAMPLES_SEED}), samples/birmingham.recipe.json`,
    rows: [
      {
        key: 'recipe',
        measurement: 'recipe',
        label: 'village run: import (with validation), geography, linkage, indicators, villages, disclosure, outputs',
        role: 'product',
        input: city,
        options: { warmRecomputes: profile.samples },
        repetitions: profile.recipeRepetitions,
      },
    ],
  };
}

/**
 * How the whole recipe's cost grows with the work: the city at each scale, one run each (the recipe group
 * repeats scale 1), with every stage's time and peak RSS. Every row is an extra: the group has no baseline,
 * and its target compares the time at the largest scale with the time at the next (twice the work), in the same run.
 */
async function planScaling(profile: Profile): Promise<PlannedGroup> {
  const rows: PlannedRow[] = [];
  for (const scale of profile.scalingScales) {
    rows.push({
      key: `scaling-${scale}`,
      measurement: 'recipe',
      label: `village run, city at scale ${scale}`,
      role: 'extra',
      input: await syntheticCityWithRecipe(scale),
      options: { warmRecomputes: 1, scale },
      repetitions: 1,
    });
  }
  return { id: 'scaling', title: `Scaling series: the whole recipe on the synthetic city at scale ${profile.scalingScales.join(', ')} (seed ${SAMPLES_SEED})`, rows };
}

function planGrid(profile: Profile): PlannedGroup {
  return {
    id: 'grid',
    title: `Grid paging: 200-row pages of a ${count(profile.gridRows)}-row table through engine.dispatch('getTablePage')`,
    rows: [
      {
        key: 'grid-paging',
        measurement: 'grid-paging',
        label: `random deep pages, ${profile.samples} per view`,
        role: 'product',
        input: '',
        options: { rows: profile.gridRows, warmPages: profile.samples },
        repetitions: 1,
      },
    ],
  };
}

function planRenderer(profile: Profile): PlannedGroup {
  const missingPieces = [
    fs.existsSync(CHROMIUM) ? null : `Chromium is not at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
    fs.existsSync(RENDERER_INDEX) ? null : 'the renderer is not built (run npm run build:renderer first)',
  ].filter((reason) => reason !== null);
  return {
    id: 'renderer',
    title: `Renderer memory: Explore grid in Chromium via the loopback host, ${count(profile.rendererSmallRows)} vs ${count(profile.rendererLargeRows)} rows`,
    rows: [
      {
        key: 'renderer-memory',
        measurement: 'renderer-memory',
        label: 'scroll the Explore grid (sweep and jumps), JS heap via CDP',
        role: 'product',
        input: '',
        options: { smallRows: profile.rendererSmallRows, largeRows: profile.rendererLargeRows },
        repetitions: 1,
        ...(missingPieces.length > 0 ? { notMeasured: missingPieces.join('; ') } : {}),
      },
    ],
  };
}

async function planGroup(id: GroupId, profile: Profile): Promise<PlannedGroup> {
  switch (id) {
    case 'xlsx':
      return planXlsx(profile);
    case 'csv':
      return planCsv(profile);
    case 'recipe':
      return planRecipe(profile);
    case 'scaling':
      return planScaling(profile);
    case 'grid':
      return planGrid(profile);
    case 'renderer':
      return planRenderer(profile);
  }
}

function runChild(row: PlannedRow & { measurement: MeasurementName }, repetition: number): Promise<ChildReport> {
  const context: MeasurementContext = {
    input: row.input,
    scratchFolder: path.join(SCRATCH_FOLDER, `${row.key}-${process.pid}-${repetition}`),
    options: row.options ?? {},
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD_ENTRY, row.measurement, JSON.stringify(context)], {
      cwd: REPOSITORY_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: CHILD_TIMEOUT_MS,
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const resultLine = output.split('\n').find((line) => line.startsWith(RESULT_MARKER));
      if (code !== 0 || resultLine === undefined) {
        reject(new Error(`${row.key} (run ${repetition + 1}) ended with ${signal ?? `exit code ${code}`} and no result`));
        return;
      }
      resolve(JSON.parse(resultLine.slice(RESULT_MARKER.length)) as ChildReport);
    });
  });
}

/** Repetitions are interleaved across a group's rows, so drifting load on the machine hits baselines and product alike. */
async function runGroup(group: PlannedGroup): Promise<GroupResult> {
  const runs = new Map<string, ChildReport[]>(group.rows.map((row) => [row.key, []]));
  const failures = new Map<string, string>();
  const rounds = Math.max(...group.rows.map((row) => row.repetitions));
  for (let repetition = 0; repetition < rounds; repetition += 1) {
    for (const row of group.rows) {
      if (row.measurement === null || row.notMeasured !== undefined || repetition >= row.repetitions || failures.has(row.key)) continue;
      const previous = runs.get(row.key)!;
      // A measurement that reports it cannot run (a feature not in the engine yet) will not change its mind.
      if (previous.some((run) => run.notMeasured !== undefined)) continue;
      process.stderr.write(`  ${row.key}, run ${repetition + 1} of ${row.repetitions}… `);
      try {
        const report = await runChild({ ...row, measurement: row.measurement }, repetition);
        previous.push(report);
        process.stderr.write(report.notMeasured === undefined ? `${(report.wallMs / 1000).toFixed(2)} s, ${Math.round(report.externalMaxRssMb ?? report.maxRssMb)} MB\n` : 'not measured\n');
      } catch (error) {
        failures.set(row.key, `failed: ${error instanceof Error ? error.message : String(error)}`);
        process.stderr.write(`${failures.get(row.key)}\n`);
      }
    }
  }
  const rows: MeasuredRow[] = group.rows.map((row) => {
    const notMeasured = row.notMeasured ?? failures.get(row.key);
    return { key: row.key, label: row.label, role: row.role, runs: runs.get(row.key) ?? [], ...(notMeasured === undefined ? {} : { notMeasured }) };
  });
  return { id: group.id, title: group.title, rows };
}

function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

const METHOD = [
  'Each row is one measurement run in its own child process (`bench/child.ts`), repeated; the repetitions of a group',
  'are interleaved so baselines and the product path share the machine\'s load. Times are of the measured work only',
  '(module loading and workspace opening excluded); rows/s is at the median time; peak RSS is the highest `maxRSS` of',
  'the child (or of the python3 process for pandas) over the repetitions, so it includes Node and the loaded modules.',
  '"time ÷ product path" is the row\'s median time over the product path\'s median time in the same run: 8.0 means the',
  'product path is 8× faster. Latencies are pooled over every sample: p50/p95 are nearest-rank percentiles.',
].join('\n');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    process.stdout.write(`Usage: npm run bench [-- --quick] [-- --only ${GROUP_IDS.join(',')}] | [-- --only linkage]\n`);
    return;
  }
  if (values.only === 'linkage') return (await import('./linkage/linkage-bench')).runLinkageBench({ quick: values.quick });
  const profile = PROFILES[values.quick ? 'quick' : 'full'];
  const only = values.only === undefined ? [...GROUP_IDS] : values.only.split(',').map((name) => name.trim());
  const unknown = only.filter((name) => !(GROUP_IDS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown group(s) ${unknown.join(', ')}; the groups are ${GROUP_IDS.join(', ')}`);
  const selected = GROUP_IDS.filter((id) => only.includes(id));
  fs.mkdirSync(SCRATCH_FOLDER, { recursive: true });

  const started = performance.now();
  const results: GroupResult[] = [];
  for (const id of selected) {
    process.stderr.write(`${id}: preparing inputs\n`);
    const group = await planGroup(id, profile);
    process.stderr.write(`${group.title}\n`);
    results.push(await runGroup(group));
  }
  const groups = results.map(summariseGroup);
  const targets = judgeTargets(groups);
  const generatedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const complete = profile.name === 'full' && selected.length === GROUP_IDS.length;
  const header = {
    generatedAt,
    profile: complete ? 'full' : values.quick ? 'quick' : `only ${selected.join(',')}`,
    machine: machineDescription(),
    method: complete ? METHOD : `${METHOD}\n\n**Partial or --quick run: the targets are stated for the full sizes, so these verdicts are indicative only.**`,
  };
  const outputFolder = complete ? path.join(BENCH_FOLDER, 'results') : SCRATCH_FOLDER;
  const outputName = complete ? 'latest' : `${profile.name}-latest`;
  fs.mkdirSync(outputFolder, { recursive: true });
  const json = { ...header, profile, wallSeconds: (performance.now() - started) / 1000, targets, groups, rawRuns: results };
  fs.writeFileSync(path.join(outputFolder, `${outputName}.json`), `${JSON.stringify(json, null, 2)}\n`);
  const markdown = renderMarkdown(header, groups, targets);
  fs.writeFileSync(path.join(outputFolder, `${outputName}.md`), markdown);
  process.stdout.write(markdown);
  process.stderr.write(`\nWritten to ${path.relative(REPOSITORY_ROOT, path.join(outputFolder, outputName))}.{md,json} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

await main();
