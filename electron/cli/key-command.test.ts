import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureWorkspaceKey } from '../engine/import/workspace-key';
import { openWorkspace, type Workspace } from '../engine/workspace/workspace';
import { KeyCommandError, runKeyCommand } from './key-command';

let folder: string;
let workspace: Workspace;
let printed: { stdout: string; stderr: string };
const output = { stdout: (text: string) => void (printed.stdout += text), stderr: (text: string) => void (printed.stderr += text) };

beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-key-cli-'));
  workspace = await openWorkspace({ location: path.join(folder, 'ws') });
  printed = { stdout: '', stderr: '' };
});

afterEach(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('village key', () => {
  it('exports an owner-only key file with the warning printed, never over a file, and a partner imports it', async () => {
    const out = path.join(folder, 'bcc.key.json');
    await runKeyCommand(workspace, { action: 'export', file: undefined, out, label: 'BCC' }, output);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const file = JSON.parse(fs.readFileSync(out, 'utf8')) as { key: string; fingerprint: string };
    expect(printed.stderr).toMatch(/^Warning: .*data-sharing agreement/);
    expect(printed.stdout).toContain(file.fingerprint);
    expect(printed.stdout + printed.stderr).not.toContain(file.key);
    await expect(runKeyCommand(workspace, { action: 'export', file: undefined, out, label: undefined }, output)).rejects.toThrow(/already exists/);

    const partner = await openWorkspace({ location: path.join(folder, 'partner') });
    try {
      await runKeyCommand(partner, { action: 'import', file: out, out: undefined, label: undefined }, output);
      expect(Buffer.from(await ensureWorkspaceKey(partner)).toString('base64url')).toBe(file.key);
    } finally {
      await partner.close();
    }
  });

  it('answers a missing file, a missing --out and an unknown action with usage errors (exit 2)', async () => {
    const attempts = [
      { action: 'export', file: undefined, out: undefined, label: undefined },
      { action: 'import', file: path.join(folder, 'missing.json'), out: undefined, label: undefined },
      { action: 'rotate', file: undefined, out: undefined, label: undefined },
    ];
    for (const attempt of attempts) {
      const error = await runKeyCommand(workspace, attempt, output).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(KeyCommandError);
      expect((error as KeyCommandError).exitCode).toBe(2);
    }
  });
});
