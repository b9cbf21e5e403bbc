import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from './harness';

/** The `village` command as a user runs it: a real process, a real workspace folder, exit codes. */

let folder: string;

function village(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'electron/cli/village.ts'), ...args], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-cli-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('village CLI', () => {
  it('imports a CSV and lists it with its row count and source', () => {
    const csv = path.join(folder, 'school census.csv');
    fs.writeFileSync(csv, 'upn,dob,fsm\nA123,01/09/2014,Y\nB456,12/12/2013,N\nC789,30/06/2015,Y\n');
    const workspace = path.join(folder, 'ws');
    const imported = village('import', csv, '--workspace', workspace);
    expect(imported.stderr).toMatch(/hashing|reading|loading/);
    expect(imported.stdout).toMatch(/Imported 3 rows from school census\.csv into table school_census/);
    expect(imported.status).toBe(0);

    const tables = village('tables', '--workspace', workspace);
    expect(tables.status).toBe(0);
    expect(tables.stdout).toMatch(/school_census\s+table\s+3\s+3\s+school census\.csv/);
  });

  it('names the file and exits 2 for an unusable file, leaving the workspace as it was', () => {
    const workspace = path.join(folder, 'ws');
    const garbage = path.join(folder, 'garbage.csv');
    fs.writeFileSync(garbage, Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00]));
    const failed = village('import', garbage, '--workspace', workspace);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/garbage\.csv looks like binary data/);
    expect(village('tables', '--workspace', workspace).stdout).toMatch(/no tables yet/);
  });

  it('imports from a chosen header row, and refuses a row that cannot be one by file, sheet and row', () => {
    const csv = path.join(folder, 'referrals.csv');
    fs.writeFileSync(csv, 'Referrals,extract,June\nid,referral_date,locality\n1,01/02/2026,Ladywood\n2,13/02/2026,Hodge Hill\n');
    const workspace = path.join(folder, 'ws');
    const imported = village('import', csv, '--header-row', '2', '--workspace', workspace);
    expect(imported.stdout).toMatch(/Imported 2 rows from referrals\.csv into table referrals/);
    expect(imported.status).toBe(0);

    const past = village('import', csv, '--header-row', '7', '--table', 'other', '--workspace', workspace);
    expect(past.status).toBe(2);
    expect(past.stderr).toContain('referrals.csv, sheet "referrals": row 7 cannot be the header row: the sheet\'s last row with anything in it is row 4.');
    const notANumber = village('import', csv, '--header-row', 'two', '--workspace', workspace);
    expect(notANumber.status).toBe(2);
    expect(notANumber.stderr).toMatch(/--header-row needs a row number such as 3, not "two"/);
    expect(village('tables', '--workspace', workspace).stdout).not.toMatch(/other/);
  });

  it('explains its usage for an unknown command', () => {
    const unknown = village('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
  });
});
