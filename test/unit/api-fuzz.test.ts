import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineMethodNames } from '../../shared/api';
import { ERROR_CODES } from '../../shared/result';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { folderPolicy } from '../../electron/engine/file-access';
import { openWorkspace } from '../../electron/engine/workspace/workspace';

/**
 * Every engine method, fed hostile payloads: wrong types, huge strings, path traversal, SQL fragments in
 * names. Each must come back as a Result value with a known error code (never a throw, never a hang),
 * and the workspace must be untouched.
 */

let folder: string;
let allowed: string;
let engine: Engine;

const hostileStrings = fc.oneof(
  fc.constantFrom(
    '../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '/etc/shadow',
    'referrals"; DROP TABLE vw.imports; --',
    "x') ; ATTACH '/tmp/evil.db' AS evil; --",
    'COPY (SELECT 1) TO \'/tmp/out.csv\'',
    '\u0000',
    '',
    'job-00000000-0000-0000-0000-000000000000',
  ),
  fc.string({ maxLength: 64 }),
  fc.string({ minLength: 5000, maxLength: 20_000 }),
);

const hostileValues: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileStrings,
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, undefined, true, false, Number.NaN, Number.POSITIVE_INFINITY, -1, 2 ** 53 + 1),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('table', 'path', 'sheet', 'tableName', 'jobId', 'startRow', 'endRow', 'sort', 'filter', 'column', '__proto__', 'constructor'), tie('value'), { maxKeys: 6 }),
  ),
})).value;

async function workspaceSnapshot(): Promise<string> {
  const result = await engine.workspace.connection.runAndReadAll(
    "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('main','vw') ORDER BY ALL",
  );
  const imports = await engine.workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.imports');
  return JSON.stringify([result.getRowObjectsJson(), imports.getRowObjectsJson()]);
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-fuzz-'));
  allowed = path.join(folder, 'allowed');
  fs.mkdirSync(allowed);
  fs.writeFileSync(path.join(folder, 'outside.csv'), 'secret\n1\n');
  engine = createEngine(await openWorkspace({ location: path.join(folder, 'workspace') }), folderPolicy([allowed]));
});

afterAll(async () => {
  await engine.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('API payload fuzzing', () => {
  it('answers every hostile payload to every method with a clear error value', async () => {
    const before = await workspaceSnapshot();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...engineMethodNames), hostileValues, async (method, payload) => {
        const result = await engine.dispatch(method, payload);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) {
          expect(ERROR_CODES).toContain(result.error.code);
          expect(result.error.message.length).toBeGreaterThan(0);
          expect(result.error.message.length).toBeLessThan(2000);
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
    await engine.jobs.cancelAll();
    expect(await workspaceSnapshot()).toBe(before);
  });

  it('refuses path traversal out of the allowed folder', async () => {
    for (const attempt of [path.join(allowed, '..', 'outside.csv'), `${allowed}/../outside.csv`, path.join(folder, 'outside.csv'), '/etc/passwd']) {
      const result = await engine.dispatch('startImport', { path: attempt });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('rejects unknown method names, including prototype keys', async () => {
    for (const method of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'chooseFiles', 'drop']) {
      expect(await engine.dispatch(method, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });

  it('treats SQL in table and column names as names, never as SQL', async () => {
    const attempts = [
      { table: 'x" ; DROP TABLE vw.imports; --', startRow: 0, endRow: 10 },
      { table: 'vw.imports', startRow: 0, endRow: 10 },
      { table: 'duckdb_settings()', startRow: 0, endRow: 10 },
    ];
    for (const request of attempts) {
      expect(await engine.dispatch('getTablePage', request)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    const badName = await engine.dispatch('startImport', { path: path.join(allowed, 'a.csv'), tableName: 'a; DROP TABLE x' });
    expect(badName).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
