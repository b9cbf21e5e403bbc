import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from './harness';

/**
 * A full disk and a read-only disk under the workspace, made for real with a small tmpfs in a private
 * mount namespace: the user gets a sentence that names the disk problem, and the workspace keeps what it had.
 */

const CHILD = path.join(REPOSITORY_ROOT, 'test/support/storage-fault-child.ts');
let folder: string;

/** Private mount namespaces need root (as on CI here); elsewhere these tests are skipped, not faked. */
function canMountPrivately(): boolean {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-mount-probe-'));
  const status = spawnSync('unshare', ['-m', '--', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs "$1"', 'sh', probe]).status;
  fs.rmSync(probe, { recursive: true, force: true });
  return status === 0;
}

function inPrivateMount(script: string, ...args: string[]): string[] {
  const result = spawnSync('unshare', ['-m', '--', 'sh', '-c', script, 'sh', ...args], { cwd: REPOSITORY_ROOT, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`the private-mount run failed: ${result.stderr}`);
  return result.stdout.trim().split('\n');
}

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-storage-'));
  fs.mkdirSync(path.join(folder, 'inputs'));
  fs.mkdirSync(path.join(folder, 'disk'));
  fs.writeFileSync(path.join(folder, 'inputs', 'small.csv'), 'id,locality\n1,Ladywood\n2,Yardley\n');
  const line = 'id,locality,notes\n' + Array.from({ length: 400_000 }, (_, index) => `${index},Hodge Hill,${'x'.repeat(40)}`).join('\n');
  fs.writeFileSync(path.join(folder, 'inputs', 'large.csv'), line);
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe.runIf(canMountPrivately())('storage faults', () => {
  const node = `"${process.execPath}" --import tsx "${CHILD}"`;

  it('a full disk: the import is refused with a clear sentence and the workspace keeps what it had', () => {
    const [outcome] = inPrivateMount(`mount -t tmpfs -o size=12m tmpfs "$1" && ${node} fill "$1/ws" "$2"`, path.join(folder, 'disk'), path.join(folder, 'inputs'));
    const parsed = JSON.parse(outcome!) as { message: string; tables: string[]; staging: string[] };
    expect(parsed.message).toMatch(/large\.csv could not be imported: the disk holding the workspace is full/);
    expect(parsed.tables).toEqual(['small']);
    expect(parsed.staging).toEqual([]);
  });

  it('a read-only disk: opening says so plainly', () => {
    const lines = inPrivateMount(
      `mount -t tmpfs -o size=32m tmpfs "$1" && ${node} open "$1/ws" && mount -o remount,ro "$1" && ${node} open "$1/ws"`,
      path.join(folder, 'disk'),
    );
    expect(JSON.parse(lines[0]!)).toEqual({ opened: true });
    const readOnly = JSON.parse(lines[1]!) as { opened: boolean; message: string };
    expect(readOnly.opened).toBe(false);
    expect(readOnly.message).toMatch(/read-only disk/);
  });
});
