/**
 * The samples recipe run once through the engine's methods, as the window runs it: progress and summary,
 * the stored village against the pipeline's own village.json, dashboards and exports through disclosure
 * control, and a cancelled second run (with a changed source already re-imported when it is cancelled)
 * leaving the first run's tables and results exactly as they were.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard, JobStatus, RecipeRunSummary, ResponseOf } from '../../../shared/api';
import { parseRecipe } from '../../../shared/recipe';
import type { VillageJson } from '../../../shared/village';
import { createEngine, type Engine } from '../engine';
import { parseCsv } from '../geography/csv';
import { folderPolicy } from '../file-access';
import { quoteIdentifier } from '../sql';
import { openWorkspace } from '../workspace/workspace';
import { runOutputsFolder } from './recovery';
import { tablesWrittenBy } from './stash';

const samples = path.resolve(import.meta.dirname, '../../../samples');
const THRESHOLD = 5;

let folder: string;
let data: string;
let engine: Engine;
let first: RecipeRunSummary;
let phases: string[];
let finalStatus: JobStatus;

async function call<T>(method: string, payload: unknown): Promise<T> {
  const result = await engine.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Polls a job until it ends, recording every phase it reported; `onPoll` may act on the way. */
async function follow(jobId: string, onPoll?: (status: JobStatus) => Promise<void>): Promise<{ status: JobStatus; phases: string[] }> {
  const seen: string[] = [];
  for (;;) {
    const status = await call<JobStatus>('getJob', { jobId });
    if (seen[seen.length - 1] !== status.progress.phase) seen.push(status.progress.phase);
    if (status.state !== 'running') return { status, phases: seen };
    await onPoll?.(status);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function snapshot(): Promise<Record<string, string>> {
  const recipe = parseRecipe(JSON.parse(fs.readFileSync(path.join(data, 'birmingham.recipe.json'), 'utf8')));
  const state: Record<string, string> = {};
  const connection = engine.workspace.connection;
  for (const table of tablesWrittenBy(recipe)) {
    const reader = await connection.runAndReadAll(`SELECT count(*) AS n, CAST(sum(hash(CAST(t AS VARCHAR))) AS VARCHAR) AS h FROM ${quoteIdentifier(table)} t`);
    state[table] = JSON.stringify(reader.getRowObjectsJson()[0]);
  }
  for (const sql of ['SELECT count(*) AS n, string_agg(import_id, \',\' ORDER BY import_id) AS ids FROM vw.imports', 'SELECT count(*) AS n FROM vw.findings', 'SELECT count(*) AS n FROM vw.recipe_runs', 'SELECT count(*) AS n FROM vw.recipe_stash']) {
    state[sql] = JSON.stringify((await connection.runAndReadAll(sql)).getRowObjectsJson());
  }
  return state;
}

/** NHS numbers and UPNs as they appear in the committed sample extracts. */
function sampleIdentifiers(): Set<string> {
  const found = new Set<string>();
  for (const name of fs.readdirSync(samples)) {
    const file = path.join(samples, name);
    if (!name.endsWith('.csv') && !name.endsWith('.xlsx')) continue;
    const workbook = name.endsWith('.xlsx') ? XLSX.read(fs.readFileSync(file)) : null;
    const text = workbook === null
      ? fs.readFileSync(file, 'utf8')
      : workbook.SheetNames.map((sheet) => XLSX.utils.sheet_to_csv(workbook.Sheets[sheet] as XLSX.WorkSheet)).join('\n');
    for (const match of text.matchAll(/\b(\d{10}|[A-Z]\d{11}[0-9A-Z])\b/g)) found.add(match[1] as string);
  }
  return found;
}

function workbookRows(bytes: Uint8Array): Map<string, unknown[][]> {
  const workbook = XLSX.read(bytes, { type: 'array', cellFormula: true });
  return new Map(workbook.SheetNames.map((name) => [name, XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[name] as XLSX.WorkSheet, { header: 1, defval: '' })]));
}

function workbookText(bytes: Uint8Array): string {
  return [...workbookRows(bytes).values()].map((rows) => rows.map((row) => row.join('\t')).join('\n')).join('\n');
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'recipe-runs-'));
  data = path.join(folder, 'data');
  fs.cpSync(samples, data, { recursive: true, filter: (source) => !source.includes(`${path.sep}generator`) && !source.includes(`${path.sep}full`) });
  const workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 2 });
  engine = createEngine(workspace, folderPolicy([data]));
  const { jobId } = await call<{ jobId: string }>('runRecipe', { path: path.join(data, 'birmingham.recipe.json') });
  const followed = await follow(jobId);
  finalStatus = followed.status;
  phases = followed.phases;
  if (finalStatus.kind !== 'recipe' || finalStatus.result === null) throw new Error(`The run ended ${finalStatus.state}: ${JSON.stringify(finalStatus.error)}`);
  first = finalStatus.result;
}, 180_000);

afterAll(async () => {
  await engine?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('a recipe run in the app', () => {
  it('reports progress per stage and a summary', () => {
    expect(finalStatus.state).toBe('succeeded');
    // Polling sees the long stages; the summary's timings list every stage.
    expect(phases).toContain('linkage…');
    expect(phases.indexOf('linkage…')).toBeGreaterThan(phases.findIndex((phase) => phase.startsWith('importing school_census')));
    expect(phases.some((phase) => phase.startsWith('importing school_census'))).toBe(true);
    expect(finalStatus.progress.totalBytes).toBeGreaterThan(1_000_000);
    expect(finalStatus.progress.bytesRead).toBe(finalStatus.progress.totalBytes);
    expect(finalStatus.progress.rows).toBeGreaterThan(40_000);
    expect(first.stages.map((stage) => stage.stage)).toEqual(['import', 'geography', 'unresolved', 'linkage', 'indicators', 'village', 'disclosure', 'dashboards']);
    expect(first.sources.map((source) => source.id)).toContain('school_census');
    expect(first.sources.find((source) => source.id === 'school_census')?.rowsImported).toBe(10_024);
    expect(first.people).toBeGreaterThan(10_000);
    expect(first.peopleDisplay).toBe(String(first.people));
    expect(first.recipeSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores the run: listed, and its village is the pipeline village.json of the run', async () => {
    const { runs } = await call<ResponseOf<'listRecipeRuns'>>('listRecipeRuns', {});
    expect(runs.map((run) => run.runId)).toEqual([first.runId]);
    const latest = await call<VillageJson>('getVillage', {});
    const byId = await call<VillageJson>('getVillage', { runId: first.runId });
    expect(byId).toEqual(latest);
    expect(latest.recipe.sha256).toBe(first.recipeSha256);
    const written = JSON.parse(fs.readFileSync(path.join(runOutputsFolder(engine.workspace, first.runId), 'village.json'), 'utf8')) as VillageJson;
    expect(latest).toEqual(written);
    expect(fs.existsSync(path.join(runOutputsFolder(engine.workspace, first.runId), 'validation', 'school_census.csv'))).toBe(true);
    const audit = await engine.workspace.connection.runAndReadAll("SELECT outcome, detail_json FROM vw.audit WHERE action = 'recipe-run' ORDER BY occurred_at");
    const lines = audit.getRowObjectsJson();
    expect(lines.map((line) => line.outcome)).toEqual(['started', 'succeeded']);
    expect(JSON.parse(String(lines[1]?.detail_json)).runId).toBe(first.runId);
    const missing = await engine.dispatch('getVillage', { runId: 'run-00000000-0000' });
    expect(missing.ok ? null : missing.error.code).toBe('not-found');
  });

  it("names the report.html it wrote for a run, and refuses a run it does not have", async () => {
    const located = await call<ResponseOf<'locateRunReport'>>('locateRunReport', {});
    expect(located).toEqual({ runId: first.runId, path: path.join(runOutputsFolder(engine.workspace, first.runId), 'report.html') });
    expect(fs.readFileSync(located.path, 'utf8')).toContain('<!doctype html>');
    expect((await call<ResponseOf<'locateRunReport'>>('locateRunReport', { runId: first.runId })).path).toBe(located.path);
    const unknown = await engine.dispatch('locateRunReport', { runId: '../../etc' });
    expect(unknown.ok ? null : unknown.error.code).toBe('not-found');
  });

  it('suppresses every dashboard count and closes every line with a hidden cell', async () => {
    for (const id of ['send', 'building-safety'] as const) {
      const dashboard = await call<Dashboard>('getDashboard', { id });
      expect(dashboard.runId).toBe(first.runId);
      expect(dashboard.charts.length).toBeGreaterThanOrEqual(4);
      for (const chart of dashboard.charts) {
        for (const series of chart.series) {
          expect(series.values).toHaveLength(chart.categories.length);
          series.values.forEach((value, index) => {
            if (value === null) expect(['c', '']).toContain(series.display[index]);
            if (chart.unit === 'count' && value !== null) expect(value === 0 || value >= THRESHOLD).toBe(true);
          });
        }
      }
    }
    const safety = await call<Dashboard>('getDashboard', { id: 'building-safety' });
    const table = safety.charts.find((chart) => chart.id === 'safety-child-protection-by-category');
    expect(table?.series.at(-1)?.name).toBe('All categories');
    const grid = table?.series.map((series) => series.values) ?? [];
    expect(grid.flat().some((value) => value === null)).toBe(true);
    // Categories withheld in every area are named in the description, not drawn; they are hidden cells of every row.
    const notDrawn = (table?.description.match(/ ([^.]*): withheld in every area/)?.[1]?.split(', ') ?? []).length;
    for (const line of grid) expect(line.filter((value) => value === null).length).not.toBe(1);
    for (const line of (table?.categories ?? []).map((_, index) => grid.map((series) => series[index]))) expect(line.filter((value) => value === null).length + notDrawn).not.toBe(1);
    // Every rate travels with its count and denominator; the city is each locality chart's reference.
    for (const chart of [...safety.charts, ...(await call<Dashboard>('getDashboard', { id: 'send' })).charts]) {
      expect(chart.shortTitle?.length ?? 99).toBeLessThanOrEqual(31);
      if (chart.unit === 'count') continue;
      for (const series of chart.series) {
        expect(series.counts).toHaveLength(chart.categories.length);
        expect(series.denominators).toHaveLength(chart.categories.length);
      }
      expect(chart.categories).toContain(chart.reference);
    }
    const send = await call<Dashboard>('getDashboard', { id: 'send' });
    expect(send.charts.map((chart) => chart.id)).toEqual([
      'send-ehc-by-locality',
      'send-sen-support-by-locality',
      'send-by-age-band',
      'send-by-ethnicity',
      'send-suspensions-by-locality',
      'send-schools-most-suspensions',
      'send-persistent-absence-by-locality',
    ]);
    expect(send.charts.find((chart) => chart.id === 'send-schools-most-suspensions')?.categories).toHaveLength(10);
    // Schools by the census's name, with the URN beside it and the roll.
    for (const school of send.charts.find((chart) => chart.id === 'send-schools-most-suspensions')?.categories ?? []) {
      expect(school).toMatch(/^[A-Z][a-z]+( \d+)? (Primary|Secondary) School \(URN 99\d{4}\), ([\d,]+|c) on roll$/);
    }
  });

  it('exports files with no small count and no identifier from the extracts', async () => {
    const identifiers = sampleIdentifiers();
    expect(identifiers.size).toBeGreaterThan(5_000);
    const exported = async (view: unknown, format: string) => {
      const file = await call<ResponseOf<'exportView'>>('exportView', { view, format });
      expect(file.bytes.length).toBeGreaterThan(100);
      return file;
    };
    const villageXlsx = await exported({ kind: 'village' }, 'xlsx');
    const villageCsv = await exported({ kind: 'village', runId: first.runId }, 'csv');
    const sendXlsx = await exported({ kind: 'dashboard', id: 'send' }, 'xlsx');
    const safetyXlsx = await exported({ kind: 'dashboard', id: 'building-safety' }, 'xlsx');
    const safetyCsv = await exported({ kind: 'dashboard', id: 'building-safety' }, 'csv');
    const report = await exported({ kind: 'report' }, 'html');
    expect(villageXlsx.mediaType).toContain('spreadsheetml');
    expect(report.mediaType).toBe('text/html');

    const texts = [workbookText(villageXlsx.bytes), Buffer.from(villageCsv.bytes).toString('utf8'), workbookText(sendXlsx.bytes), workbookText(safetyXlsx.bytes), Buffer.from(safetyCsv.bytes).toString('utf8'), Buffer.from(report.bytes).toString('utf8')];
    for (const text of texts) {
      const tokens = [...text.matchAll(/\d{10}|[A-Z]\d{11}[0-9A-Z]/g)].map((match) => match[0]);
      expect(tokens.filter((token) => identifiers.has(token))).toEqual([]);
    }

    const small = (value: unknown): boolean => typeof value === 'number' && value >= 1 && value < THRESHOLD;
    const csvRows = Buffer.from(villageCsv.bytes).toString('utf8').trim().split('\r\n').map((line) => line.split(','));
    expect(csvRows[0]?.slice(3, 5)).toEqual(['Count', 'Denominator']);
    for (const row of csvRows.slice(1)) for (const cell of row.slice(3, 5)) expect(small(Number(cell))).toBe(false);
    const countHeader = /^(People|Count|Denominator|Records|Merges|Merges across sources|Records linked by it|Kept apart|People in both|Also in another source|Only in this source)$/;
    for (const [sheet, rows] of workbookRows(villageXlsx.bytes)) {
      if (sheet === 'About this data') continue;
      const columns = (rows[0] ?? []).map((label, index) => (countHeader.test(String(label)) ? index : -1)).filter((index) => index >= 0);
      for (const row of rows.slice(1)) for (const column of columns) expect(small(row[column])).toBe(false);
    }
    const safetyRows = workbookRows(safetyXlsx.bytes);
    expect([...safetyRows.keys()][0]).toBe('About this data');
    expect([...safetyRows.keys()]).toEqual(['About this data', 'Domestic abuse by locality', 'CIN domestic abuse factors', 'CP plans by category', 'Looked after by locality']);
    const rateSheet = safetyRows.get('Domestic abuse by locality') ?? [];
    expect(rateSheet[0]?.slice(1)).toEqual(['Domestic abuse notifications per 1,000 children (per 1,000)', 'Domestic abuse notifications per 1,000 children: count', 'Domestic abuse notifications per 1,000 children: denominator']);
    for (const row of rateSheet.slice(1)) for (const cell of row.slice(2)) expect(small(cell)).toBe(false);
    // The csv carries each rate's count and denominator; a withheld count or denominator withholds the rate too.
    const sendCsv = await exported({ kind: 'dashboard', id: 'send' }, 'csv');
    let rates = 0;
    for (const file of [safetyCsv, sendCsv]) {
      const [header, ...rows] = parseCsv(Buffer.from(file.bytes).toString('utf8'));
      expect(header).toEqual(['Chart', 'Category', 'Series', 'Unit', 'Value', 'Count', 'Denominator']);
      for (const [, , , unit, value, count, denominator] of rows as string[][]) {
        for (const cell of [count, denominator]) expect(small(Number(cell))).toBe(false);
        if (unit === 'count') {
          expect(count).toBe(value);
          continue;
        }
        if (count === 'c' || denominator === 'c') expect(value).toBe('c');
        if (value === 'c' || value === '') continue;
        const scale = unit === 'per 1,000' ? 1000 : 100;
        // The rate is rounded to one decimal place.
        expect(Math.abs(Number(value) - (Number(count) / Number(denominator)) * scale)).toBeLessThanOrEqual(0.05 + 1e-9);
        rates += 1;
      }
    }
    expect(rates).toBeGreaterThan(30);
    const cpSheet = safetyRows.get('CP plans by category') ?? [];
    expect(cpSheet.length).toBe(13);
    for (const row of cpSheet.slice(1)) for (const cell of row.slice(1)) expect(small(cell)).toBe(false);
    expect(cpSheet.flat()).toContain('c');
    const about = safetyRows.get('About this data')?.map((row) => row.join(' ')).join('\n') ?? '';
    expect(about).toContain(first.runId);
    expect(about).toContain(first.recipeSha256);
    expect(about).toContain('Counts from 1 to 4');

    const refused = await engine.dispatch('exportView', { view: { kind: 'report' }, format: 'xlsx' });
    expect(refused.ok ? null : refused.error.code).toBe('invalid-request');
  });

  it('a cancelled run leaves the previous run and its tables as they were', async () => {
    const before = await snapshot();
    const villageBefore = await call<VillageJson>('getVillage', {});
    // A changed extract, so a table the cancelled run re-imports would really differ.
    const referrals = path.join(data, 'health_mental_health_referrals.csv');
    const lines = fs.readFileSync(referrals, 'utf8').split('\n');
    fs.writeFileSync(referrals, lines.slice(0, Math.floor(lines.length / 2)).join('\n') + '\n');

    const { jobId } = await call<{ jobId: string }>('runRecipe', { path: path.join(data, 'birmingham.recipe.json') });
    let cancelled = false;
    const busy = await engine.dispatch('runRecipe', { path: path.join(data, 'birmingham.recipe.json') });
    expect(busy.ok ? null : busy.error.code).toBe('busy');
    const { status, phases: seen } = await follow(jobId, async (running) => {
      if (!cancelled && running.progress.phase.startsWith('importing school_census')) {
        cancelled = (await call<{ cancelled: boolean }>('cancelJob', { jobId })).cancelled;
      }
    });
    expect(cancelled).toBe(true);
    expect(seen.some((phase) => phase.startsWith('importing mh_referrals'))).toBe(true);
    expect(status.state).toBe('cancelled');
    expect(await snapshot()).toEqual(before);
    expect(await call<VillageJson>('getVillage', {})).toEqual(villageBefore);
    const outcomes = await engine.workspace.connection.runAndReadAll("SELECT outcome FROM vw.audit WHERE action = 'recipe-run' ORDER BY occurred_at");
    expect(outcomes.getRowObjectsJson().map((row) => row.outcome)).toEqual(['started', 'succeeded', 'started', 'cancelled']);
  }, 120_000);
});
