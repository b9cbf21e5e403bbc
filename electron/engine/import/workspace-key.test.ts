import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import type { JobStatus, ResponseOf } from '../../../shared/api';
import { createEngine } from '../engine';
import { anyFilePolicy } from '../file-access';
import { openWorkspace, WORKSPACE_DATABASE_FILE, type Workspace } from '../workspace/workspace';
import { ensureWorkspaceKey, exportWorkspaceKey, importWorkspaceKey, KeyImportRefusedError } from './workspace-key';

let folder: string;
let workspace: Workspace;

beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-key-'));
  workspace = await openWorkspace({ location: path.join(folder, 'ws') });
});

afterEach(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('the workspace pseudonymisation key', () => {
  it('is made once, kept owner-only in the secrets folder, and returned the same every time', async () => {
    const first = await ensureWorkspaceKey(workspace);
    const again = await Promise.all([ensureWorkspaceKey(workspace), ensureWorkspaceKey(workspace)]);
    expect(first).toHaveLength(32);
    expect(again.map((key) => Buffer.from(key).toString('hex'))).toEqual([Buffer.from(first).toString('hex'), Buffer.from(first).toString('hex')]);
    const keyFile = path.join(workspace.secretsFolder, 'pseudonymisation.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('cannot be read by any SQL, even with a path that climbs out of an allowed folder', async () => {
    await ensureWorkspaceKey(workspace);
    const keyFile = path.join(workspace.secretsFolder, 'pseudonymisation.key');
    await expect(workspace.connection.run(`SELECT * FROM read_text('${keyFile}')`)).rejects.toThrow(/Permission|disabled/);
    const climbing = path.join(workspace.stagingFolder, '..', 'secrets', 'pseudonymisation.key');
    await expect(workspace.connection.run(`SELECT * FROM read_text('${climbing}')`)).rejects.toThrow(/Permission|disabled/);
    const settings = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.settings');
    expect(Number(settings.getRowObjectsJson()[0]?.n)).toBe(0);
  });

  it('moves a key kept in the database by older workspaces out into the secrets folder when the workspace opens', async () => {
    const legacy = Buffer.alloc(32, 7).toString('base64url');
    await workspace.connection.run("INSERT INTO vw.settings VALUES ('pseudonymisation-key', $value)", { value: legacy });
    await workspace.close();
    workspace = await openWorkspace({ location: path.join(folder, 'ws') });
    const key = await ensureWorkspaceKey(workspace);
    expect(Buffer.from(key).toString('base64url')).toBe(legacy);
    expect(fs.statSync(path.join(workspace.secretsFolder, 'pseudonymisation.key')).mode & 0o777).toBe(0o600);
    const remaining = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.settings');
    expect(Number(remaining.getRowObjectsJson()[0]?.n)).toBe(0);
  });
});

describe('no copy of the key in the database file (issue 20, break 7)', () => {
  function databaseBytes(): Buffer {
    const files = [WORKSPACE_DATABASE_FILE, `${WORKSPACE_DATABASE_FILE}.wal`].map((name) => path.join(workspace.folder, name)).filter((file) => fs.existsSync(file));
    return Buffer.concat(files.map((file) => fs.readFileSync(file)));
  }

  it('rewrites the database when it moves a legacy key out, so its bytes are not left in freed pages', async () => {
    const legacy = randomBytes(32).toString('base64url');
    await workspace.connection.run("INSERT INTO vw.settings VALUES ('pseudonymisation-key', $value)", { value: legacy });
    await workspace.connection.run('CHECKPOINT');
    await workspace.close();
    // The search can find the key where it is: in the old workspace's file.
    expect(databaseBytes().includes(Buffer.from(legacy))).toBe(true);
    workspace = await openWorkspace({ location: path.join(folder, 'ws') });
    const key = await ensureWorkspaceKey(workspace);
    expect(Buffer.from(key).toString('base64url')).toBe(legacy);
    await workspace.close();
    expect(databaseBytes().includes(Buffer.from(legacy))).toBe(false);
    workspace = await openWorkspace({ location: path.join(folder, 'ws') });
    const settings = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.settings');
    expect(Number(settings.getRowObjectsJson()[0]?.n)).toBe(0);
    expect(Buffer.from(await ensureWorkspaceKey(workspace)).toString('base64url')).toBe(legacy);
  });

  it('finishes a rewrite that was cut short at the next open', async () => {
    const legacy = randomBytes(32).toString('base64url');
    await workspace.connection.run("INSERT INTO vw.settings VALUES ('pseudonymisation-key', $value)", { value: legacy });
    await workspace.connection.run('CHECKPOINT');
    await workspace.close();
    // As if the process died after the key's row was deleted and before the fresh copy replaced the file.
    fs.writeFileSync(path.join(folder, 'ws', 'secrets', 'database-rewrite.pending'), 'pending\n');
    const raw = await DuckDBInstance.create(path.join(folder, 'ws', WORKSPACE_DATABASE_FILE));
    const rawConnection = await raw.connect();
    await rawConnection.run("DELETE FROM vw.settings WHERE name = 'pseudonymisation-key'");
    await rawConnection.run('CHECKPOINT');
    rawConnection.closeSync();
    raw.closeSync();
    expect(databaseBytes().includes(Buffer.from(legacy))).toBe(true);
    workspace = await openWorkspace({ location: path.join(folder, 'ws') });
    await workspace.close();
    expect(databaseBytes().includes(Buffer.from(legacy))).toBe(false);
    expect(fs.existsSync(path.join(folder, 'ws', 'secrets', 'database-rewrite.pending'))).toBe(false);
    workspace = await openWorkspace({ location: path.join(folder, 'ws') });
  });

  it('keeps the workspace whole through the rewrite: tables, bookkeeping and the audit trail', async () => {
    await workspace.connection.run('CREATE TABLE police AS SELECT range AS id, DATE \'2020-01-01\' + CAST(range AS INTEGER) AS day FROM range(1000)');
    await workspace.connection.run("INSERT INTO vw.settings VALUES ('pseudonymisation-key', $value)", { value: randomBytes(32).toString('base64url') });
    const audit = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.audit');
    await workspace.close();
    workspace = await openWorkspace({ location: path.join(folder, 'ws') });
    const police = await workspace.connection.runAndReadAll('SELECT count(*) AS n, max(day)::VARCHAR AS last FROM police');
    expect(police.getRowObjectsJson()[0]).toEqual({ n: '1000', last: '2022-09-26' });
    const after = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.audit');
    expect(Number(after.getRowObjectsJson()[0]?.n)).toBeGreaterThanOrEqual(Number(audit.getRowObjectsJson()[0]?.n));
    const versions = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.schema_migrations');
    expect(Number(versions.getRowObjectsJson()[0]?.n)).toBeGreaterThan(0);
    // Constraints came across too: the settings' primary key still refuses a second row of one name.
    await workspace.connection.run("INSERT INTO vw.settings VALUES ('a', '1')");
    await expect(workspace.connection.run("INSERT INTO vw.settings VALUES ('a', '2')")).rejects.toThrow(/constraint|duplicate/i);
  });

  it('refuses console SQL that reads the workspace database file, its WAL or any other file', async () => {
    const engine = createEngine(workspace, anyFilePolicy());
    const runSql = async (sql: string): Promise<JobStatus> => {
      const started = await engine.dispatch('runSql', { sql });
      if (!started.ok) throw new Error(started.error.message);
      return (await engine.jobs.settle((started.value as ResponseOf<'runSql'>).jobId))!;
    };
    await workspace.connection.run('CREATE TABLE t AS SELECT 1 AS x');
    await workspace.connection.run('CHECKPOINT');
    const database = path.join(workspace.folder, WORKSPACE_DATABASE_FILE);
    const attempts = [
      `SELECT content FROM read_blob('${database}')`,
      `SELECT * FROM read_text('${database}.wal')`,
      `SELECT * FROM read_csv('${database}', header = false, all_varchar = true)`,
      `SELECT * FROM (SELECT * FROM read_blob('${path.join(workspace.folder, '*.duckdb')}'))`,
      `SELECT * FROM '${database}'`,
      `SELECT * FROM query('SELECT * FROM read_blob(''${database}'')')`,
      `SELECT * FROM glob('${workspace.folder}/*')`,
      `WITH f AS (SELECT * FROM read_text('${path.join(workspace.stagingFolder, 'x.csv')}')) SELECT * FROM f`,
    ];
    for (const sql of attempts) {
      const job = await runSql(sql);
      expect(job.state, sql).toBe('failed');
      expect(job.error?.message ?? '', sql).toMatch(/console reads the workspace's tables, not files/);
    }
    const fine = await runSql('SELECT x, (SELECT count(*) FROM range(3)) AS three FROM t');
    expect(fine.state).toBe('succeeded');
  });
});

describe('moving a key to a partner deliberately', () => {
  it('exports the key with its warning, and a fresh workspace that imports it keys identifiers the same', async () => {
    const key = await ensureWorkspaceKey(workspace);
    const exported = await exportWorkspaceKey(workspace, workspace.connection, { workspaceLabel: 'BCC insight' });
    expect(JSON.parse(exported.text)).toMatchObject({ format: 'village-workbench-linkage-key', fingerprint: exported.fingerprint, warning: expect.stringContaining('data-sharing agreement') });
    const partner = await openWorkspace({ location: path.join(folder, 'partner') });
    try {
      const outcome = await importWorkspaceKey(partner, partner.connection, exported.text);
      expect(outcome).toEqual({ fingerprint: exported.fingerprint, unchanged: false });
      expect(Buffer.from(await ensureWorkspaceKey(partner)).toString('hex')).toBe(Buffer.from(key).toString('hex'));
      expect(fs.statSync(path.join(partner.secretsFolder, 'pseudonymisation.key')).mode & 0o777).toBe(0o600);
      expect(await importWorkspaceKey(partner, partner.connection, exported.text)).toEqual({ fingerprint: exported.fingerprint, unchanged: true });
      const audit = await partner.connection.runAndReadAll("SELECT action, detail_json FROM vw.audit WHERE action = 'key-import'");
      const rows = audit.getRowObjectsJson();
      expect(rows).toHaveLength(1);
      expect(String(rows[0]?.detail_json)).toContain(exported.fingerprint);
      expect(String(rows[0]?.detail_json)).not.toContain(JSON.parse(exported.text).key as string);
    } finally {
      await partner.close();
    }
  });

  it('refuses a new key once the workspace holds imports, and leaves its own key in place', async () => {
    const own = Buffer.from(await ensureWorkspaceKey(workspace)).toString('hex');
    await workspace.connection.run(
      `INSERT INTO vw.imports (import_id, table_name, file_name, size_bytes, sha256, sheet, rows_read, rows_imported, rows_rejected, imported_at)
       VALUES ('i1', 'police', 'police.csv', 10, 'x', NULL, 1, 1, 0, TIMESTAMP '2026-12-01 10:00:00')`,
    );
    const other = await openWorkspace({ location: path.join(folder, 'other') });
    let partnerKey: string;
    try {
      partnerKey = (await exportWorkspaceKey(other, other.connection)).text;
    } finally {
      await other.close();
    }
    await expect(importWorkspaceKey(workspace, workspace.connection, partnerKey)).rejects.toThrow(KeyImportRefusedError);
    await expect(importWorkspaceKey(workspace, workspace.connection, partnerKey)).rejects.toThrow(/already holds 1 import .* new workspace/);
    expect(Buffer.from(await ensureWorkspaceKey(workspace)).toString('hex')).toBe(own);
    await expect(importWorkspaceKey(workspace, workspace.connection, '{"format":"something else"}')).rejects.toThrow(/not a Village Workbench key file/);
  });
});

