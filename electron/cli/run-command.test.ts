/**
 * `village run` as a user runs it: the real entry point in a child process on the committed samples, in a
 * temporary folder, then the outputs and the workspace's audit trail are checked.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VILLAGE_JSON_FORMAT, type VillageJson } from '../../shared/village';
import { openWorkspace } from '../engine/workspace/workspace';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'village-run-cli-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

function runCli(...args: string[]) {
  return spawnSync(tsx, [path.join(root, 'electron/cli/village.ts'), 'run', ...args], { cwd: root, encoding: 'utf8', timeout: 170_000 });
}

describe('village run', () => {
  it('writes every output for the samples recipe and audits the export', async () => {
    const out = path.join(folder, 'out');
    const result = runCli('samples/birmingham.recipe.json', '--out', out, '--workspace', path.join(folder, 'ws'));
    expect(result.stderr).toMatch(/linkage…/);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Wrote 27 files to/);
    const village = JSON.parse(fs.readFileSync(path.join(out, 'village.json'), 'utf8')) as VillageJson;
    expect(village.format).toBe(VILLAGE_JSON_FORMAT);
    expect(village.areas.filter((area) => area.level === 'locality')).toHaveLength(10);
    expect(fs.readdirSync(path.join(out, 'validation'))).toHaveLength(24);
    expect(fs.statSync(path.join(out, 'village.xlsx')).size).toBeGreaterThan(10_000);
    expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    const workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 1 });
    try {
      // Ending lines only: audited operations also commit a 'started' line first.
      const audit = await workspace.connection.runAndReadAll("SELECT action || ' ' || outcome AS line, count(*) AS n FROM vw.audit WHERE outcome <> 'started' GROUP BY ALL");
      const lines = Object.fromEntries(audit.getRowObjectsJson().map((row) => [String(row.line), Number(row.n)]));
      expect(lines['export succeeded']).toBe(1);
      expect(lines['link-run succeeded']).toBe(1);
      expect(lines['recipe-run succeeded']).toBe(1);
      // The run went through the run store: kept with the village the outputs were exported from.
      const runs = await workspace.connection.runAndReadAll('SELECT run_id, village_json FROM vw.recipe_runs');
      const [stored] = runs.getRowObjectsJson();
      expect(runs.getRowObjectsJson()).toHaveLength(1);
      expect(result.stdout).toContain(`Run ${String(stored?.run_id)} kept in the workspace.`);
      expect(JSON.parse(String(stored?.village_json))).toEqual(village);
      expect((await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.recipe_stash')).getRowObjectsJson()).toEqual([{ n: '0' }]);
    } finally {
      await workspace.close();
    }
  }, 180_000);

  it('refuses an invalid recipe with exit code 2, naming the file and the problem', () => {
    const recipe = path.join(folder, 'bad.recipe.json');
    fs.writeFileSync(recipe, JSON.stringify({ version: 1, title: 'x', referenceDate: '2024-06-30', sources: [], surprise: true }));
    const result = runCli(recipe, '--out', path.join(folder, 'out'), '--workspace', path.join(folder, 'ws'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('bad.recipe.json');
    expect(result.stderr).toMatch(/surprise/);
    expect(fs.existsSync(path.join(folder, 'out'))).toBe(false);
  }, 60_000);

  it('refuses period dates without --period, and a period that ends before it starts, naming the option', () => {
    const out = path.join(folder, 'out');
    const orphan = runCli('samples/birmingham.recipe.json', '--out', out, '--period-start', '2024-04-01');
    expect(orphan.status).toBe(2);
    expect(orphan.stderr).toMatch(/--period-start need --period LABEL/);
    const backwards = runCli('samples/birmingham.recipe.json', '--out', out, '--period', '2024/25 Q1', '--period-start', '2024-06-30', '--period-end', '2024-04-01');
    expect(backwards.status).toBe(2);
    expect(backwards.stderr).toMatch(/--period-end: the period ends \(2024-04-01\) before it starts \(2024-06-30\)/);
    const notADate = runCli('samples/birmingham.recipe.json', '--out', out, '--period', 'Q1', '--period-start', '2024-02-30', '--period-end', '2024-06-30');
    expect(notADate.status).toBe(2);
    expect(notADate.stderr).toMatch(/--period-start: is not a real calendar date/);
    expect(fs.existsSync(out)).toBe(false);
  }, 60_000);

  it('needs --out', () => {
    const result = runCli('samples/birmingham.recipe.json');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--out/);
  }, 60_000);
});
