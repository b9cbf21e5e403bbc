/**
 * What a recipe run killed mid-way leaves behind — a committed stash, tables half replaced, an import the run
 * made, a 'started' audit line and part of its outputs folder — is undone by the engine before it answers
 * its first request.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../engine';
import { anyFilePolicy } from '../file-access';
import { beginAuditedOperation, openWorkspace, type Workspace } from '../workspace/workspace';
import { runOutputsFolder } from './recovery';
import { stashTables } from './stash';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-recovery-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

async function rows(workspace: Workspace, sql: string): Promise<unknown[]> {
  return (await workspace.connection.runAndReadAll(sql)).getRowObjectsJson();
}

async function addImport(workspace: Workspace, id: string, table: string): Promise<void> {
  await workspace.connection.run(
    `INSERT INTO vw.imports (import_id, table_name, file_name, size_bytes, sha256, rows_read, rows_imported, rows_rejected, imported_at)
     VALUES ($id, $table, 'a.csv', 1, 'x', 1, 1, 0, TIMESTAMP '2024-01-01')`,
    { id, table },
  );
  await workspace.connection.run("INSERT INTO vw.findings VALUES ($id, 'rule', 'error', 'a', 1, 1, 'A1', 'f', 'm')", { id });
}

describe('recovery of a killed recipe run', () => {
  it('restores the stashed tables, forgets the run’s imports and outputs, and audits the restore before any request', async () => {
    const location = path.join(folder, 'ws');
    let workspace = await openWorkspace({ location, threads: 1 });
    await workspace.connection.run('CREATE TABLE src_a AS SELECT range AS n FROM range(3)');
    await addImport(workspace, 'import-before', 'src_a');
    const storedRun = runOutputsFolder(workspace, 'run-stored');
    fs.mkdirSync(storedRun, { recursive: true });
    await workspace.connection.run(
      "INSERT INTO vw.recipe_runs VALUES ('run-stored', 't', 's', 'p', TIMESTAMP '2024-01-01', '{}', '{}', '[]')",
    );
    const before = { a: await rows(workspace, 'SELECT n FROM src_a ORDER BY n'), imports: await rows(workspace, 'SELECT import_id FROM vw.imports') };

    // The killed run: started, stashed, then replaced src_a, created persons and began writing its outputs.
    await beginAuditedOperation(workspace.connection, 'recipe-run', 'T', { runId: 'run-killed' });
    await stashTables(workspace.connection, ['src_a', 'persons']);
    await workspace.connection.run('CREATE OR REPLACE TABLE src_a AS SELECT range AS n FROM range(10)');
    await addImport(workspace, 'import-during', 'src_a');
    await workspace.connection.run('CREATE TABLE persons (person_id VARCHAR)');
    const killedRun = runOutputsFolder(workspace, 'run-killed');
    fs.mkdirSync(path.join(killedRun, 'validation'), { recursive: true });
    fs.writeFileSync(path.join(killedRun, 'village.json.partial'), '{"format":');
    await workspace.close();

    workspace = await openWorkspace({ location, threads: 1 });
    const engine = createEngine(workspace, anyFilePolicy());
    try {
      const listed = await engine.dispatch('getWorkspaceInfo', {});
      expect(listed).toMatchObject({ ok: true, value: { tableCount: 1 } });
      expect(await rows(workspace, 'SELECT n FROM src_a ORDER BY n')).toEqual(before.a);
      expect(await rows(workspace, "SELECT table_name FROM duckdb_tables() WHERE schema_name IN ('main', 'recipe_stash') ORDER BY ALL")).toEqual([{ table_name: 'src_a' }]);
      expect(await rows(workspace, 'SELECT import_id FROM vw.imports')).toEqual(before.imports);
      expect(await rows(workspace, 'SELECT import_id FROM vw.findings')).toEqual([{ import_id: 'import-before' }]);
      expect(await rows(workspace, 'SELECT count(*) AS n FROM vw.recipe_stash')).toEqual([{ n: '0' }]);
      expect(fs.existsSync(killedRun)).toBe(false);
      expect(fs.existsSync(storedRun)).toBe(true);
      const audit = await rows(workspace, "SELECT action, outcome, json_extract(detail_json, '$.tables') AS tables FROM vw.audit ORDER BY occurred_at, outcome DESC");
      expect(audit).toEqual([
        { action: 'recipe-run', outcome: 'started', tables: null },
        { action: 'recipe-run', outcome: 'interrupted', tables: null },
        { action: 'recipe-run-restore', outcome: 'succeeded', tables: '["persons","src_a"]' },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('does nothing to a workspace no run was interrupted in', async () => {
    const workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 1 });
    const engine = createEngine(workspace, anyFilePolicy());
    try {
      await workspace.connection.run('CREATE TABLE src_a AS SELECT 1 AS n');
      expect((await engine.dispatch('listTables', {})).ok).toBe(true);
      expect(await rows(workspace, 'SELECT count(*) AS n FROM vw.audit')).toEqual([{ n: '0' }]);
    } finally {
      await engine.close();
    }
  });
});
