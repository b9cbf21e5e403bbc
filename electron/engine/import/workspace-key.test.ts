import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../workspace/workspace';
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
    const first = await ensureWorkspaceKey(workspace, workspace.connection);
    const again = await Promise.all([ensureWorkspaceKey(workspace, workspace.connection), ensureWorkspaceKey(workspace, workspace.connection)]);
    expect(first).toHaveLength(32);
    expect(again.map((key) => Buffer.from(key).toString('hex'))).toEqual([Buffer.from(first).toString('hex'), Buffer.from(first).toString('hex')]);
    const keyFile = path.join(workspace.secretsFolder, 'pseudonymisation.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('cannot be read by any SQL, even with a path that climbs out of an allowed folder', async () => {
    await ensureWorkspaceKey(workspace, workspace.connection);
    const keyFile = path.join(workspace.secretsFolder, 'pseudonymisation.key');
    await expect(workspace.connection.run(`SELECT * FROM read_text('${keyFile}')`)).rejects.toThrow(/Permission|disabled/);
    const climbing = path.join(workspace.stagingFolder, '..', 'secrets', 'pseudonymisation.key');
    await expect(workspace.connection.run(`SELECT * FROM read_text('${climbing}')`)).rejects.toThrow(/Permission|disabled/);
    const settings = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.settings');
    expect(Number(settings.getRowObjectsJson()[0]?.n)).toBe(0);
  });

  it('moves a key kept in the database by older workspaces out into the secrets folder', async () => {
    const legacy = Buffer.alloc(32, 7).toString('base64url');
    await workspace.connection.run("INSERT INTO vw.settings VALUES ('pseudonymisation-key', $value)", { value: legacy });
    const key = await ensureWorkspaceKey(workspace, workspace.connection);
    expect(Buffer.from(key).toString('base64url')).toBe(legacy);
    const remaining = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.settings');
    expect(Number(remaining.getRowObjectsJson()[0]?.n)).toBe(0);
  });
});

describe('moving a key to a partner deliberately', () => {
  it('exports the key with its warning, and a fresh workspace that imports it keys identifiers the same', async () => {
    const key = await ensureWorkspaceKey(workspace, workspace.connection);
    const exported = await exportWorkspaceKey(workspace, workspace.connection, { workspaceLabel: 'BCC insight' });
    expect(JSON.parse(exported.text)).toMatchObject({ format: 'village-workbench-linkage-key', fingerprint: exported.fingerprint, warning: expect.stringContaining('data-sharing agreement') });
    const partner = await openWorkspace({ location: path.join(folder, 'partner') });
    try {
      const outcome = await importWorkspaceKey(partner, partner.connection, exported.text);
      expect(outcome).toEqual({ fingerprint: exported.fingerprint, unchanged: false });
      expect(Buffer.from(await ensureWorkspaceKey(partner, partner.connection)).toString('hex')).toBe(Buffer.from(key).toString('hex'));
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
    const own = Buffer.from(await ensureWorkspaceKey(workspace, workspace.connection)).toString('hex');
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
    expect(Buffer.from(await ensureWorkspaceKey(workspace, workspace.connection)).toString('hex')).toBe(own);
    await expect(importWorkspaceKey(workspace, workspace.connection, '{"format":"something else"}')).rejects.toThrow(/not a Village Workbench key file/);
  });
});

