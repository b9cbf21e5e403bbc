/**
 * A series through the engine's methods, on a small recipe cut from the samples (police, social care and the
 * population): two periods given at run time, then the first period run again. The re-run replaces that period
 * in the series, the older run stays in the workspace (listed as replaced, still readable), and the audit line
 * of the new run names the run it replaced.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecipeRunSummary, ResponseOf } from '../../../shared/api';
import type { RunPeriod } from '../../../shared/recipe';
import type { VillageJson } from '../../../shared/village';
import { createEngine, type Engine } from '../engine';
import { folderPolicy } from '../file-access';
import { openWorkspace } from '../workspace/workspace';

const samples = path.resolve(import.meta.dirname, '../../../samples');
const KEPT = ['police_da', 'social_care', 'population', 'population_ethnicity'];
const Q1: RunPeriod = { label: '2024/25 Q1', start: '2024-04-01', end: '2024-06-30', referenceDate: '2024-06-30' };
const Q4: RunPeriod = { label: '2023/24 Q4', start: '2024-01-01', end: '2024-03-31', referenceDate: '2024-03-31' };

let folder: string;
let recipePath: string;
let engine: Engine;
const runs: RecipeRunSummary[] = [];

async function call<T>(method: string, payload: unknown): Promise<T> {
  const result = await engine.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function runFor(period: RunPeriod): Promise<RecipeRunSummary> {
  const { jobId } = await call<{ jobId: string }>('runRecipe', { path: recipePath, period });
  const status = await engine.jobs.settle(jobId);
  if (status?.kind !== 'recipe' || status.state !== 'succeeded' || status.result === null) throw new Error(`the run ended ${status?.state}: ${status?.error?.message}`);
  return status.result;
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'recipe-series-'));
  const data = path.join(folder, 'data');
  fs.mkdirSync(data);
  for (const file of ['police_domestic_abuse.csv', 'socialcare_episodes.xlsx', 'population_estimates.xlsx']) fs.copyFileSync(path.join(samples, file), path.join(data, file));
  const recipe = JSON.parse(fs.readFileSync(path.join(samples, 'birmingham.recipe.json'), 'utf8')) as Record<string, unknown> & { sources: { id: string }[]; indicators: { id: string }[] };
  const indicators = ['child_protection_plan', 'looked_after', 'domestic_abuse_notification'];
  recipePath = path.join(data, 'series.recipe.json');
  fs.writeFileSync(
    recipePath,
    JSON.stringify({
      ...recipe,
      title: 'A series',
      sources: recipe.sources.filter((source) => KEPT.includes(source.id)),
      linkage: { sources: ['police_da', 'social_care'] },
      personAttributes: { priority: ['social_care', 'police_da'] },
      indicators: recipe.indicators.filter((indicator) => indicators.includes(indicator.id)),
      outcomes: [{ id: 'safe', title: 'Safe', indicators: [{ indicator: 'looked_after', polarity: 'lower-is-better', target: 0.5 }, { indicator: 'domestic_abuse_notification', polarity: 'lower-is-better' }] }],
    }),
  );
  const workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 2 });
  engine = createEngine(workspace, folderPolicy([data]));
  runs.push(await runFor(Q1), await runFor(Q4), await runFor(Q1));
}, 600_000);

afterAll(async () => {
  await engine?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('a series of recipe runs', () => {
  it('orders the periods oldest first, whatever order they were run in', async () => {
    const second = await call<VillageJson>('getVillage', { runId: runs[1]?.runId });
    expect(second.period).toEqual(Q4);
    expect(second.referenceDate).toBe(Q4.referenceDate);
    expect(second.periods.map((period) => [period.label, period.runId])).toEqual([[Q4.label, runs[1]?.runId], [Q1.label, runs[0]?.runId]]);
    const city = second.outcomes.trends.find((area) => area.level === 'city');
    expect(city?.indicators.map((trend) => trend.id)).toEqual(['child_protection_plan', 'looked_after', 'domestic_abuse_notification']);
    expect(city?.indicators.find((trend) => trend.id === 'looked_after')?.polarity).toBe('lower-is-better');
    expect(city?.indicators[0]?.points.map((point) => point.period)).toEqual([Q4.label, Q1.label]);
  });

  it('replaces a re-run period in the series and keeps the older run, audited', async () => {
    const latest = await call<VillageJson>('getVillage', {});
    expect(latest.periods.map((period) => [period.label, period.runId])).toEqual([[Q4.label, runs[1]?.runId], [Q1.label, runs[2]?.runId]]);
    const listed = await call<ResponseOf<'listRecipeRuns'>>('listRecipeRuns', {});
    expect(listed.runs.map((run) => [run.runId, run.period?.label, run.replacedBy])).toEqual([
      [runs[2]?.runId, Q1.label, undefined],
      [runs[1]?.runId, Q4.label, undefined],
      [runs[0]?.runId, Q1.label, runs[2]?.runId],
    ]);
    // The replaced run is still there, whole.
    const older = await call<VillageJson>('getVillage', { runId: runs[0]?.runId });
    expect(older.periods.map((period) => period.runId)).toEqual([runs[0]?.runId]);
    const audit = await engine.workspace.connection.runAndReadAll(
      "SELECT json_extract_string(detail_json, '$.runId') AS run, json_extract_string(detail_json, '$.replacesRunOfPeriod') AS replaces FROM vw.audit WHERE action = 'recipe-run' AND outcome = 'succeeded' ORDER BY occurred_at",
    );
    expect(audit.getRowObjectsJson()).toEqual([
      { run: runs[0]?.runId, replaces: null },
      { run: runs[1]?.runId, replaces: null },
      { run: runs[2]?.runId, replaces: runs[0]?.runId },
    ]);
  });

  it('exports the outcomes pages of the series, and refuses an unknown locality', async () => {
    const workbook = await call<ResponseOf<'exportView'>>('exportView', { view: { kind: 'outcomes', area: 'Hodge Hill' }, format: 'xlsx' });
    expect(workbook.fileName).toMatch(/^outcomes-hodge-hill-run-.*\.xlsx$/);
    const page = await call<ResponseOf<'exportView'>>('exportView', { view: { kind: 'outcomes' }, format: 'html' });
    const html = Buffer.from(page.bytes).toString('utf8');
    expect(html).toContain('Outcomes framework, 2024/25 Q1');
    expect(html).toContain('2023/24 Q4, 2024/25 Q1');
    const unknown = await engine.dispatch('exportView', { view: { kind: 'outcomes', area: 'Atlantis' }, format: 'xlsx' });
    expect(unknown.ok).toBe(false);
    expect(unknown.ok ? '' : unknown.error.message).toMatch(/no locality "Atlantis".*Hodge Hill/);
  });
});
