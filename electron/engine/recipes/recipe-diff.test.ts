/**
 * A small recipe cut from the samples (police, social care and the population only, so each run takes a few
 * seconds): readRecipe's file-access rule and field-named errors, sources outside the recipe's folder, a
 * failing run restoring the tables, a diff between two runs after one extract changed, and exported text that
 * a spreadsheet could run as a formula arriving inert.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus, ResponseOf } from '../../../shared/api';
import { createEngine, type Engine } from '../engine';
import { folderPolicy } from '../file-access';
import { openWorkspace } from '../workspace/workspace';

const samples = path.resolve(import.meta.dirname, '../../../samples');
const KEPT = ['police_da', 'social_care', 'population', 'population_ethnicity'];
const TITLE = '=HYPERLINK("http://example.invalid","trimmed")';

let folder: string;
let data: string;
let recipePath: string;
let engine: Engine;

async function call<T>(method: string, payload: unknown): Promise<T> {
  const result = await engine.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function runToEnd(file: string): Promise<JobStatus> {
  const { jobId } = await call<{ jobId: string }>('runRecipe', { path: file });
  const status = await engine.jobs.settle(jobId);
  if (status === null) throw new Error('The job vanished');
  return status;
}

function trimmedRecipe(): Record<string, unknown> {
  const recipe = JSON.parse(fs.readFileSync(path.join(samples, 'birmingham.recipe.json'), 'utf8')) as Record<string, unknown> & {
    sources: { id: string }[];
    linkage: { sources: string[] };
    personAttributes: { priority: string[] };
    indicators: { id: string }[];
  };
  return {
    ...recipe,
    title: TITLE,
    sources: recipe.sources.filter((source) => KEPT.includes(source.id)),
    linkage: { sources: ['police_da', 'social_care'] },
    personAttributes: { priority: ['social_care', 'police_da'] },
    indicators: recipe.indicators.filter((indicator) => ['child_in_need', 'child_protection_plan', 'looked_after', 'domestic_abuse_notification'].includes(indicator.id)),
    outcomes: [],
  };
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'recipe-diff-'));
  data = path.join(folder, 'data');
  fs.mkdirSync(data);
  for (const file of ['police_domestic_abuse.csv', 'socialcare_episodes.xlsx', 'population_estimates.xlsx']) fs.copyFileSync(path.join(samples, file), path.join(data, file));
  recipePath = path.join(data, 'trimmed.recipe.json');
  fs.writeFileSync(recipePath, JSON.stringify(trimmedRecipe(), null, 2));
  const workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 2 });
  engine = createEngine(workspace, folderPolicy([data]));
}, 60_000);

afterAll(async () => {
  await engine?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('recipes: reading, failing, diffing', () => {
  it('reads only allowed recipes and names the field at fault', async () => {
    const read = await call<ResponseOf<'readRecipe'>>('readRecipe', { path: recipePath });
    expect(read.recipe.title).toBe(TITLE);
    expect(read.sha256).toMatch(/^[0-9a-f]{64}$/);

    const outside = path.join(folder, 'elsewhere.recipe.json');
    fs.copyFileSync(recipePath, outside);
    const refused = await engine.dispatch('readRecipe', { path: outside });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    const refusedRun = await engine.dispatch('runRecipe', { path: outside });
    expect(refusedRun.ok ? null : refusedRun.error.code).toBe('forbidden');

    const broken = path.join(data, 'broken.recipe.json');
    fs.writeFileSync(broken, JSON.stringify({ ...trimmedRecipe(), disclosure: { threshold: 'five', symbol: 'c' } }));
    const invalid = await engine.dispatch('readRecipe', { path: broken });
    expect(invalid.ok ? null : invalid.error.code).toBe('invalid-request');
    expect(invalid.ok ? '' : invalid.error.message).toContain('disclosure.threshold');

    const notJson = path.join(data, 'not-json.recipe.json');
    fs.writeFileSync(notJson, '{ "version": 1,');
    const unparsable = await engine.dispatch('readRecipe', { path: notJson });
    expect(unparsable.ok ? null : unparsable.error.code).toBe('invalid-request');
  });

  it('refuses a recipe whose source lies outside its folder and was not chosen', async () => {
    const recipe = trimmedRecipe() as { sources: { id: string; file: string }[] };
    const escaping = path.join(data, 'escaping.recipe.json');
    fs.writeFileSync(escaping, JSON.stringify({ ...recipe, sources: recipe.sources.map((source) => (source.id === 'police_da' ? { ...source, file: '../outside.csv' } : source)) }));
    fs.copyFileSync(path.join(data, 'police_domestic_abuse.csv'), path.join(folder, 'outside.csv'));
    const refused = await engine.dispatch('runRecipe', { path: escaping });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    engine.fileAccess.grant(path.join(folder, 'outside.csv'));
    const readable = await engine.dispatch('readRecipe', { path: escaping });
    expect(readable.ok).toBe(true);
  });

  it('a failed run restores the tables; a changed extract shows in the diff; exported text is inert', async () => {
    const first = await runToEnd(recipePath);
    expect(first.state).toBe('succeeded');
    const firstRun = first.kind === 'recipe' ? first.result : null;
    const count = async (table: string) => Number((await engine.workspace.connection.runAndReadAll(`SELECT count(*) AS n FROM ${table}`)).getRowObjectsJson()[0]?.n);
    const policeRows = await count('src_police_da');
    const persons = await count('persons');

    // Police imports first and succeeds with fewer rows; social care is then unreadable, so the run fails.
    const police = path.join(data, 'police_domestic_abuse.csv');
    const lines = fs.readFileSync(police, 'utf8').split('\n');
    fs.writeFileSync(police, lines.slice(0, Math.floor(lines.length * 0.6)).join('\n') + '\n');
    const socialCare = path.join(data, 'socialcare_episodes.xlsx');
    const socialCareBytes = fs.readFileSync(socialCare);
    fs.writeFileSync(socialCare, 'not a workbook');
    const failed = await runToEnd(recipePath);
    expect(failed.state).toBe('failed');
    expect(await count('src_police_da')).toBe(policeRows);
    expect(await count('persons')).toBe(persons);
    expect((await call<ResponseOf<'listRecipeRuns'>>('listRecipeRuns', {})).runs).toHaveLength(1);

    fs.writeFileSync(socialCare, socialCareBytes);
    const second = await runToEnd(recipePath);
    expect(second.state).toBe('succeeded');
    const secondRun = second.kind === 'recipe' ? second.result : null;
    expect(await count('src_police_da')).toBeLessThan(policeRows);
    const { runs } = await call<ResponseOf<'listRecipeRuns'>>('listRecipeRuns', {});
    expect(runs.map((run) => run.runId)).toEqual([secondRun?.runId, firstRun?.runId]);

    const diff = await call<ResponseOf<'diffRecipeRuns'>>('diffRecipeRuns', { from: firstRun?.runId, to: secondRun?.runId });
    expect(diff.sourcesChanged.map((source) => source.id)).toEqual(['police_da']);
    expect(diff.sourcesChanged[0]?.beforeSha256).not.toBe(diff.sourcesChanged[0]?.afterSha256);
    const city = diff.changes.find((change) => change.area === 'Birmingham (city)' && change.measure === 'Domestic abuse notification · count');
    expect(city).toBeDefined();
    expect(Number(city?.after)).toBeLessThan(Number(city?.before));
    expect(diff.changes.some((change) => change.measure.startsWith('Building safety · Domestic abuse notifications'))).toBe(true);
    for (const change of diff.changes) for (const display of [change.before, change.after]) {
      const value = Number(display);
      if (change.measure.endsWith('· count') && Number.isInteger(value)) expect(value === 0 || value >= 5).toBe(true);
    }

    const workbook = await call<ResponseOf<'exportView'>>('exportView', { view: { kind: 'dashboard', id: 'building-safety' }, format: 'xlsx' });
    const about = XLSX.read(workbook.bytes, { type: 'array', cellFormula: true }).Sheets['About this data'] as XLSX.WorkSheet;
    const cells = Object.entries(about).filter(([address]) => !address.startsWith('!')).map(([, cell]) => cell as XLSX.CellObject);
    expect(cells.every((cell) => cell.f === undefined)).toBe(true);
    expect(cells.map((cell) => cell.v)).toContain(`'${TITLE}`);
    const csv = await call<ResponseOf<'exportView'>>('exportView', { view: { kind: 'village' }, format: 'csv' });
    expect(Buffer.from(csv.bytes).toString('utf8')).not.toMatch(/(^|[\n,])"?[=+\-@]/);
    const audit = await engine.workspace.connection.runAndReadAll("SELECT count(*) AS n FROM vw.audit WHERE action = 'export' AND json_extract_string(detail_json, '$.sha256') IN ($a, $b)", { a: workbook.sha256, b: csv.sha256 });
    expect(Number(audit.getRowObjectsJson()[0]?.n)).toBe(2);
  }, 120_000);
});
