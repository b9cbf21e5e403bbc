/**
 * Exporting a stored run's outputs into a folder: every file lands under its name complete or not at all,
 * temporary files of a killed export are cleared, and the export is audited as an operation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VillageJson } from '../../../shared/village';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { runOutputsFolder } from '../recipes/recovery';
import { exportRunOutputs, temporaryNameFor } from './export-run-outputs';

let folder: string;
let workspace: Workspace;
const village = { title: 'T', recipe: { file: 'r.json', sha256: 'r' }, sources: [{ id: 'b', sha256: 'x' }, { id: 'a', sha256: 'y' }], areas: [], indicators: [] } as unknown as VillageJson;

beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-export-'));
  workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 1 });
  const run = runOutputsFolder(workspace, 'run-1');
  fs.mkdirSync(path.join(run, 'validation'), { recursive: true });
  for (const file of ['village.json', 'village.xlsx', 'report.html', 'validation/a.json', 'validation/a.csv', 'validation/b.json', 'validation/b.csv']) {
    fs.writeFileSync(path.join(run, file), `new ${file}`);
  }
});
afterEach(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function audit(): Promise<unknown[]> {
  return (await workspace.connection.runAndReadAll("SELECT action, outcome FROM vw.audit ORDER BY occurred_at, outcome DESC")).getRowObjectsJson();
}

describe('exporting a stored run', () => {
  it('copies every file in source order, clears a killed export’s temporary files and audits start and end', async () => {
    const out = path.join(folder, 'out');
    fs.mkdirSync(path.join(out, 'validation'), { recursive: true });
    const stale = temporaryNameFor(path.join(out, 'validation', 'a.json'));
    fs.writeFileSync(stale, 'half');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'the user’s own file');
    const written = await exportRunOutputs({ runFolder: runOutputsFolder(workspace, 'run-1'), connection: workspace.connection, runId: 'run-1', village, outDir: out });
    expect(written.map((file) => file.file)).toEqual(['validation/b.json', 'validation/b.csv', 'validation/a.json', 'validation/a.csv', 'village.json', 'village.xlsx', 'report.html']);
    expect(fs.readFileSync(path.join(out, 'validation', 'a.json'), 'utf8')).toBe('new validation/a.json');
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.readdirSync(out).sort()).toEqual(['notes.txt', 'report.html', 'validation', 'village.json', 'village.xlsx']);
    expect(await audit()).toEqual([{ action: 'export', outcome: 'started' }, { action: 'export', outcome: 'succeeded' }]);
  });

  it('leaves the previous complete file in place and no temporary file when a write fails', async () => {
    const out = path.join(folder, 'out');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'village.json'), 'old village.json');
    // A folder where village.xlsx should go: the rename onto it fails after the earlier files were written.
    fs.mkdirSync(path.join(out, 'village.xlsx'));
    await expect(exportRunOutputs({ runFolder: runOutputsFolder(workspace, 'run-1'), connection: workspace.connection, runId: 'run-1', village, outDir: out })).rejects.toThrow();
    expect(fs.readFileSync(path.join(out, 'village.json'), 'utf8')).toBe('new village.json');
    expect(fs.existsSync(path.join(out, 'report.html'))).toBe(false);
    expect(fs.readdirSync(out).filter((name) => name.endsWith('.partial'))).toEqual([]);
    expect(await audit()).toEqual([{ action: 'export', outcome: 'started' }, { action: 'export', outcome: 'failed' }]);
  });

  it('refuses a run with no outputs folder without writing anything', async () => {
    await expect(exportRunOutputs({ runFolder: runOutputsFolder(workspace, 'run-missing'), connection: workspace.connection, runId: 'run-missing', village, outDir: path.join(folder, 'out') })).rejects.toThrow(/run-missing/);
    expect(fs.existsSync(path.join(folder, 'out'))).toBe(false);
    expect(await audit()).toEqual([]);
  });
});
