import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from './engine';
import { anyFilePolicy } from './file-access';
import { openWorkspace } from './workspace/workspace';

/** The window fires requests without waiting for each other; the engine must answer them all. */

let folder: string;
let engine: Engine;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-concurrency-'));
  engine = createEngine(await openWorkspace({ location: path.join(folder, 'ws') }), anyFilePolicy());
  for (const name of ['alpha', 'beta', 'gamma']) {
    await engine.workspace.connection.run(`CREATE TABLE ${name} AS SELECT range AS id, 'row ' || range AS label FROM range(20000)`);
  }
});

afterAll(async () => {
  await engine.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const SAMPLES = path.resolve(import.meta.dirname, '../../samples');

async function startSampleImport(file: string, specId: string): Promise<string> {
  const started = await engine.dispatch('startImport', { path: path.join(SAMPLES, file), specId });
  if (!started.ok) throw new Error(started.error.message);
  return (started.value as { jobId: string }).jobId;
}

describe('concurrent requests', () => {
  it('answers overlapping requests on specification-imported tables while another import runs', async () => {
    await engine.jobs.settle(await startSampleImport('voice_wellbeing_survey.csv', 'voice-wellbeing-survey'));
    await engine.jobs.settle(await startSampleImport('police_domestic_abuse.csv', 'police-domestic-abuse'));
    const running = await startSampleImport('health_child_register.xlsx', 'health-child-register');
    const requests = [
      engine.dispatch('listTables', {}),
      engine.dispatch('listTables', {}),
      engine.dispatch('getTablePage', { table: 'police_domestic_abuse', startRow: 0, endRow: 200 }),
      engine.dispatch('getValidationReport', { table: 'voice_wellbeing_survey' }),
      engine.dispatch('listTables', {}),
    ];
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the engine stopped answering')), 30_000).unref());
    const results = await Promise.race([Promise.all(requests), timeout]);
    expect(results.map((result) => (result.ok ? 'ok' : result.error.message))).toEqual(requests.map(() => 'ok'));
    expect((await engine.jobs.settle(running))?.state).toBe('succeeded');
  });

  it('answers overlapping list, page and profile requests', async () => {
    const requests = [
      engine.dispatch('listTables', {}),
      engine.dispatch('listTables', {}),
      engine.dispatch('getWorkspaceInfo', {}),
      engine.dispatch('getTablePage', { table: 'alpha', startRow: 0, endRow: 200, sort: [{ column: 'id', direction: 'desc' }] }),
      engine.dispatch('getTablePage', { table: 'beta', startRow: 200, endRow: 400 }),
      engine.dispatch('profileColumn', { table: 'gamma', column: 'label' }),
      engine.dispatch('listTables', {}),
      engine.dispatch('getTablePage', { table: 'alpha', startRow: 400, endRow: 600, sort: [{ column: 'id', direction: 'desc' }] }),
    ];
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the engine stopped answering')), 20_000).unref());
    const results = await Promise.race([Promise.all(requests), timeout]);
    expect(results.map((result) => result.ok)).toEqual(requests.map(() => true));
  });
});
