import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../shared/api';
import { seriousAccessibilityViolations } from './axe';
import { callFromPage, startWorkbench, type Workbench } from './harness';

/**
 * The real window in Debian's Chromium through the loopback host: a CSV imported through the API appears
 * in Explore, its first page of rows comes from DuckDB into AG Grid, a click on a heading sorts in DuckDB,
 * and nothing the page does leaves the machine.
 */

function referralsCsv(rows: number): string {
  // entry_id numbers the lines; a referral_id would be a record reference, keyed on import like an NHS number.
  const lines = ['entry_id,child_pseudonym,referral_date,locality,reason'];
  const localities = ['Ladywood', 'Hodge Hill', 'Sutton Coldfield', 'Perry Barr', 'Selly Oak'];
  for (let index = 1; index <= rows; index += 1) {
    const day = String((index % 28) + 1).padStart(2, '0');
    lines.push(`${1_000_000_000_000 + index},p${(index * 7919) % 100_000},${day}/0${(index % 9) + 1}/2026,${localities[index % localities.length]},reason ${index % 13}`);
  }
  return `${lines.join('\n')}\n`;
}

let workbench: Workbench;

beforeAll(async () => {
  workbench = await startWorkbench({ inputs: { 'referrals.csv': referralsCsv(5000) } });
});

afterAll(async () => {
  await workbench?.close();
});

function apiCall<T>(method: string, payload: unknown): Promise<T> {
  return callFromPage<T>(workbench, method, payload);
}

describe('Explore in Chromium', () => {
  it('shows rows imported through the API, sorts them in DuckDB, and stays on loopback', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(() => page.url()).not.toContain('#token');

    const { paths } = await apiCall<ResponseOf<'chooseFiles'>>('chooseFiles', { purpose: 'import' });
    expect(paths.some((filePath) => filePath.endsWith('referrals.csv'))).toBe(true);
    const { jobId } = await apiCall<ResponseOf<'startImport'>>('startImport', { path: paths[0] });
    await expect
      .poll(async () => (await apiCall<ResponseOf<'getJob'>>('getJob', { jobId })).state, { timeout: 30_000 })
      .toBe('succeeded');

    await page.getByRole('button', { name: 'Explore' }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('button', { name: /referrals/ }).click();

    const grid = page.getByRole('grid', { name: /Rows of referrals/ });
    await expect.poll(() => grid.isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'rows' }).first().textContent()).toMatch(/5,000 rows/);
    const firstId = grid.locator('[role="row"][row-index="0"] [col-id="entry_id"]');
    await expect.poll(() => firstId.textContent()).toBe('1000000000001');

    await grid.getByRole('columnheader', { name: /entry_id/ }).locator('.ag-header-cell-label').click();
    await grid.getByRole('columnheader', { name: /entry_id/ }).locator('.ag-header-cell-label').click();
    await expect.poll(() => firstId.textContent(), { timeout: 15_000 }).toBe('1000000005000');

    await workbench.screenshot('explore');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(workbench.requests.length).toBeGreaterThan(0);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('never holds the whole table in the window: pages are fetched as the grid scrolls', async () => {
    const pageRequests = workbench.requests.filter((url) => url.endsWith('/api/getTablePage'));
    expect(pageRequests.length).toBeGreaterThan(0);
    const rowsInDom = await workbench.page.locator('[role="grid"] [role="row"][row-index]').count();
    expect(rowsInDom).toBeLessThan(400);
  });
});
