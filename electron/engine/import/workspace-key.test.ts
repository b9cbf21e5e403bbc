import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { ensureWorkspaceKey } from './workspace-key';

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
