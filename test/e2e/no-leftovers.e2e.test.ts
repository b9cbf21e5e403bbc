import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from './harness';

/**
 * Nothing sensitive left behind: after the whole samples recipe, the process's temporary folder holds no
 * copy of any extract, the workspace's staging folder is empty, and nothing the command printed contains
 * an identifier or a name from the extracts.
 */

let folder: string;

function csvColumn(file: string, column: string, encoding: 'utf8' | 'latin1' = 'utf8'): string[] {
  const [header, ...lines] = fs.readFileSync(path.join(REPOSITORY_ROOT, 'samples', file), encoding).replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  const index = header!.split(',').indexOf(column);
  return lines.map((line) => line.split(',')[index]?.trim() ?? '').filter((value) => value.length >= 4);
}

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-leftovers-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('nothing sensitive left behind', () => {
  it('leaves no temporary copies and prints no identifiers while running the whole recipe', () => {
    const temporary = path.join(folder, 'tmp');
    fs.mkdirSync(temporary);
    const workspace = path.join(folder, 'ws');
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'electron/cli/village.ts'), 'run', 'samples/birmingham.recipe.json', '--out', path.join(folder, 'out'), '--workspace', workspace],
      { cwd: REPOSITORY_ROOT, encoding: 'utf8', timeout: 240_000, env: { ...process.env, TMPDIR: temporary, TMP: temporary, TEMP: temporary } },
    );
    expect(result.status).toBe(0);

    // tsx keeps its compiled-code cache in the temporary folder; that is program code, not data.
    const leftovers = fs.readdirSync(temporary, { recursive: true }).map(String).filter((entry) => !entry.startsWith('tsx-'));
    expect(leftovers).toEqual([]);
    expect(fs.readdirSync(path.join(workspace, 'staging'))).toEqual([]);
    expect(fs.readdirSync(path.join(workspace, 'tmp'))).toEqual([]);

    const printed = `${result.stdout}\n${result.stderr}`;
    const nhsNumbers = csvColumn('health_mental_health_referrals.csv', 'NHS Number').slice(0, 200);
    const surnames = [...new Set(csvColumn('police_domestic_abuse.csv', 'Surname', 'latin1'))].slice(0, 200);
    const postcodes = csvColumn('police_domestic_abuse.csv', 'Home Postcode', 'latin1').slice(0, 200);
    expect(nhsNumbers.length).toBeGreaterThan(50);
    expect(surnames.length).toBeGreaterThan(50);
    for (const value of [...nhsNumbers, ...postcodes]) expect(printed).not.toContain(value);
    for (const surname of surnames) expect(printed).not.toMatch(new RegExp(`\\b${surname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
  });
});
