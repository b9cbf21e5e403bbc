import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './axe';
import { REPOSITORY_ROOT, startWorkbench, type Workbench } from './harness';

/**
 * The SQL console and Explore's column profile on an imported sample: a SELECT run with Ctrl+Enter shows its
 * rows and status, a statement that would change the workspace is refused with a message, and the profile
 * panel shows DuckDB's counts and histogram for a column.
 */

let workbench: Workbench;

beforeAll(async () => {
  workbench = await startWorkbench({ inputs: { 'education_ehc_plans.csv': fs.readFileSync(path.join(REPOSITORY_ROOT, 'samples', 'education_ehc_plans.csv')) } });
  const file = path.join(workbench.inputsFolder, 'education_ehc_plans.csv');
  workbench.engine.fileAccess.grant(file);
  const started = await workbench.engine.dispatch('startImport', { path: file, specId: 'education-ehc-plans', tableName: 'ehc_plans' });
  if (!started.ok) throw new Error(started.error.message);
  const { jobId } = started.value as { jobId: string };
  // Polled by hand: expect.poll belongs inside a test.
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const job = await workbench.engine.dispatch('getJob', { jobId });
    const state = job.ok ? (job.value as { state: string }).state : 'failed';
    if (state === 'succeeded') return;
    if (state !== 'running') throw new Error(`The sample import ended ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The sample import did not finish in 30 s');
});

afterAll(async () => {
  await workbench?.close();
});

describe('SQL console in Chromium', () => {
  it('runs a SELECT with Ctrl+Enter, shows rows and status, and refuses a statement that writes', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    await page.getByRole('button', { name: 'SQL' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('SQL console');

    await page.getByLabel('Row limit').fill('5');
    const editor = page.getByLabel('SQL statement');
    await editor.fill('SELECT primary_need, count(*) AS children FROM ehc_plans GROUP BY primary_need ORDER BY children DESC, primary_need');
    await editor.press('Control+Enter');

    const status = page.getByRole('status').filter({ hasText: / ms$/ });
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^5 rows \(the first 5: the statement returns more; raise the row limit or narrow the query\) in [\d,]+ ms$/);
    const grid = page.getByRole('grid', { name: 'Statement results' });
    // The grid draws its rows a moment after the status line updates.
    await expect.poll(() => grid.getByRole('columnheader', { name: 'children' }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => Number(await grid.locator('[role="row"][row-index="0"] [col-id="children"]').textContent()), { timeout: 15_000 }).toBeGreaterThan(0);
    await workbench.screenshot('sql');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await editor.fill('DELETE FROM ehc_plans');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => page.getByText('The statement did not run').count(), { timeout: 15_000 }).toBe(1);
    await workbench.screenshot('sql-refused');
    const rows = await workbench.engine.dispatch('listTables', {});
    expect(rows.ok && (rows.value as { tables: { name: string; rowCount: number }[] }).tables.find((table) => table.name === 'ehc_plans')?.rowCount).toBe(754);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('profiles a column in Explore: counts, range and a histogram from DuckDB', async () => {
    const { page } = workbench;
    await page.keyboard.press('Alt+3');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Explore');
    await page.getByRole('button', { name: /ehc_plans/ }).click();
    // At the laptop's width the profile starts folded beside the grid.
    await page.getByRole('button', { name: 'Show column profile' }).click();
    await page.getByLabel('Column', { exact: true }).selectOption('date_of_birth');

    const facts = page.locator('.profile-panel .facts');
    await expect.poll(() => facts.textContent(), { timeout: 15_000 }).toMatch(/Rows754/);
    expect(await facts.textContent()).toMatch(/Smallest\d{4}-\d{2}-\d{2}Largest\d{4}-\d{2}-\d{2}/);
    expect(await page.locator('.histogram__bar').count()).toBeGreaterThan(1);
    expect(await page.getByRole('figure').getByText('Distribution of date_of_birth').count()).toBe(1);

    await workbench.screenshot('explore-profile');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});
