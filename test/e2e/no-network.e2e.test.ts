import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from './harness';

/**
 * "No network, ever": the whole samples recipe — import, validate, pseudonymise, link, villages,
 * dashboards' figures, outputs — runs through the CLI with every outbound connection made to fail loudly
 * and logged. Where the machine allows it, the same run also happens inside an empty network namespace.
 */

let folder: string;

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-no-network-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

function runRecipeGuarded(prefix: string[], label: string) {
  const log = path.join(folder, `${label}.log`);
  fs.writeFileSync(log, '');
  const nodeArgs = [
    '--import',
    'tsx',
    '--import',
    path.join(REPOSITORY_ROOT, 'test/support/network-guard.ts'),
    path.join(REPOSITORY_ROOT, 'electron/cli/village.ts'),
    'run',
    path.join(REPOSITORY_ROOT, 'samples/birmingham.recipe.json'),
    '--out',
    path.join(folder, `${label}-out`),
    '--workspace',
    path.join(folder, `${label}-ws`),
  ];
  const [command, ...args] = [...prefix, process.execPath, ...nodeArgs];
  const result = spawnSync(command!, args, { cwd: REPOSITORY_ROOT, encoding: 'utf8', timeout: 240_000, env: { ...process.env, VW_NETWORK_LOG: log } });
  return { result, attempts: fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

function canUseEmptyNetworkNamespace(): boolean {
  return spawnSync('unshare', ['-n', '--', 'true']).status === 0;
}

describe('no network', () => {
  it('runs the whole samples recipe with every outbound connection refused, and attempts none', () => {
    const { result, attempts } = runRecipeGuarded([], 'guarded');
    expect(result.stderr).not.toMatch(/Network access refused/);
    expect(result.status).toBe(0);
    expect(attempts).toEqual([]);
    expect(fs.existsSync(path.join(folder, 'guarded-out', 'village.json'))).toBe(true);
  });

  it('the guard itself catches a connection attempt (so an empty log means something)', () => {
    const log = path.join(folder, 'probe.log');
    fs.writeFileSync(log, '');
    const probe = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', path.join(REPOSITORY_ROOT, 'test/support/network-guard.ts'), '-e', "require('node:net').connect(443, '192.0.2.1')"],
      { cwd: REPOSITORY_ROOT, encoding: 'utf8', env: { ...process.env, VW_NETWORK_LOG: log } },
    );
    expect(probe.status).not.toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/^tcp /);
  });

  it.runIf(canUseEmptyNetworkNamespace())('runs the whole samples recipe inside a network namespace with no interfaces up', () => {
    const { result, attempts } = runRecipeGuarded(['unshare', '-n', '--'], 'namespace');
    expect(result.status).toBe(0);
    expect(attempts).toEqual([]);
  });
});
