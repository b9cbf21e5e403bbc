import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './axe';
import { REPOSITORY_ROOT, startWorkbench, type Workbench } from './harness';

/**
 * The Validate screen on a real sample extract: counts by rule and by column from the stored report, a
 * finding opened as its row in Explore (source_row filter pushed to DuckDB, column highlighted), and the
 * safe CSV report downloaded with no cell value in it.
 */

let workbench: Workbench;
const consoleProblems: string[] = [];

beforeAll(async () => {
  workbench = await startWorkbench({ inputs: { 'education_ehc_plans.csv': fs.readFileSync(path.join(REPOSITORY_ROOT, 'samples', 'education_ehc_plans.csv')) } });
  workbench.page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleProblems.push(message.text());
  });
  workbench.page.on('pageerror', (error) => consoleProblems.push(error.message));
});

afterAll(async () => {
  await workbench?.close();
});

async function importSample(): Promise<void> {
  const file = path.join(workbench.inputsFolder, 'education_ehc_plans.csv');
  workbench.engine.fileAccess.grant(file);
  const started = await workbench.engine.dispatch('startImport', { path: file, specId: 'education-ehc-plans', tableName: 'ehc_plans' });
  if (!started.ok) throw new Error(started.error.message);
  const { jobId } = started.value as { jobId: string };
  await expect
    .poll(async () => {
      const job = await workbench.engine.dispatch('getJob', { jobId });
      return job.ok ? (job.value as { state: string }).state : 'failed';
    }, { timeout: 30_000 })
    .toBe('succeeded');
}

describe('Validate in Chromium', () => {
  it('shows counts by rule and column, opens a finding’s row in Explore, and exports the safe report', async () => {
    await importSample();
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    await page.keyboard.press('Alt+2');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Validate');

    await page.getByLabel('Imported table').selectOption('ehc_plans');
    await expect.poll(() => page.getByRole('heading', { name: /^ehc_plans: not valid against education-ehc-plans/ }).count(), { timeout: 15_000 }).toBe(1);

    const byRule = page.getByRole('region', { name: 'Findings by rule' });
    expect(await byRule.getByRole('row').count()).toBeGreaterThan(1);
    const countHeader = byRule.getByRole('columnheader', { name: /Findings/ });
    expect(await countHeader.getAttribute('aria-sort')).toBe('descending');
    await countHeader.getByRole('button').click();
    expect(await countHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.getByRole('region', { name: 'Findings by column' }).getByRole('row').count()).toBeGreaterThan(1);

    await workbench.screenshot('validate');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export safe report (CSV)' }).click();
    const saved = await (await download).path();
    const csv = fs.readFileSync(saved, 'utf8');
    // The header block says what was checked; findings name the partner's own column titles.
    const lines = csv.split('\r\n');
    const sha256 = createHash('sha256').update(fs.readFileSync(path.join(workbench.inputsFolder, 'education_ehc_plans.csv'))).digest('hex');
    expect(lines.slice(0, 6)).toEqual(['\uFEFFValidation report', 'File,education_ehc_plans.csv', `SHA-256,${sha256}`, expect.stringMatching(/^Sheet,/), 'Specification,education-ehc-plans', expect.stringMatching(/^Specification version,\S+/)]);
    expect(lines).toContainEqual(expect.stringMatching(/^Checked on,\d{4}-\d{2}-\d{2}$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Rows checked,\d+$/));
    const headingIndex = lines.indexOf('Rule,Severity,Sheet,Cell,Row,Column,Column title,Message,Specification field');
    expect(headingIndex).toBeGreaterThan(10);
    const partnerTitles = new Set(['UPN', 'Surname', 'Forename', 'Date of Birth', 'Gender', 'EHC Plan Start Date', 'Primary Need', 'Home Postcode', 'Home LSOA']);
    const titlesUsed = lines.slice(headingIndex + 1).map((line) => line.split(',')[6]).filter((title) => title !== undefined && title !== '');
    expect(titlesUsed.length).toBeGreaterThan(0);
    expect(titlesUsed.every((title) => partnerTitles.has(title as string))).toBe(true);
    // No UPN, postcode or surname from the extract appears in the report sent back to the partner.
    const extract = fs.readFileSync(path.join(workbench.inputsFolder, 'education_ehc_plans.csv'), 'utf8').split(/\r?\n/).slice(1, 50);
    for (const line of extract) {
      const [upn, surname, , , , , , postcode] = line.split(',');
      for (const value of [upn, surname, postcode]) if (value && value.length > 3) expect(csv).not.toContain(value);
    }

    // The finding whose column lies furthest right, so the grid has to scroll to show it.
    const tables = await workbench.engine.dispatch('listTables', {});
    if (!tables.ok) throw new Error(tables.error.message);
    const columns = (tables.value as { tables: { name: string; columns: { name: string }[] }[] }).tables.find((table) => table.name === 'ehc_plans')!.columns.map((column) => column.name);
    const findingRows = page.getByRole('region', { name: 'Findings', exact: true }).getByRole('row').filter({ has: page.getByRole('button', { name: /^Show row \d+$/ }) });
    const fields = await findingRows.evaluateAll((rows) => rows.map((row) => (row as unknown as { cells: { textContent: string | null }[] }).cells[2]?.textContent ?? ''));
    const columnIndex = (field: string): number => Math.max(columns.indexOf(field), columns.indexOf(`${field}_pseudonym`), columns.indexOf(`${field}_district`));
    const furthest = fields.reduce((best, field, index) => (columnIndex(field) > columnIndex(fields[best] ?? '') ? index : best), 0);
    // A narrow window, so that column starts out of sight (the grid shows about five columns at 1024 px).
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(columnIndex(fields[furthest] ?? ''), 'a finding on a column past the first six').toBeGreaterThan(5);
    const firstRowButton = findingRows.nth(furthest).getByRole('button', { name: /^Show row \d+$/ });
    const rowNumber = Number((await firstRowButton.textContent())?.replace(/\D/g, ''));
    await firstRowButton.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Explore');
    const grid = page.getByRole('grid', { name: /Rows of ehc_plans/ });
    await expect.poll(() => grid.locator('[role="row"][row-index="0"] [col-id="source_row"]').textContent(), { timeout: 15_000 }).toBe(String(rowNumber));
    // "Show row" brings the finding's column into view, with no AG Grid error in the console.
    const highlightedInView = (): Promise<boolean> =>
      page.evaluate(() => {
        type Box = { left: number; right: number };
        const doc = (globalThis as unknown as { document: { querySelector(selector: string): { getBoundingClientRect(): Box } | null } }).document;
        const header = doc.querySelector('.grid-panel__grid .header--highlight');
        const root = doc.querySelector('.grid-panel__grid .ag-root-wrapper');
        if (header === null || root === null) return false;
        const column = header.getBoundingClientRect();
        const sight = root.getBoundingClientRect();
        return column.left >= sight.left && column.right <= sight.right;
      });
    await expect.poll(highlightedInView, { timeout: 5_000 }).toBe(true);
    expect(consoleProblems.filter((text) => /AG Grid|error #\d+/i.test(text))).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'match the filters' }).first().textContent()).toMatch(/^1 of /);
    expect(await page.getByText(`Showing sheet row ${rowNumber} from the validation report`).count()).toBe(1);
    await workbench.screenshot('validate-row-in-explore');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const pageRequests = workbench.requests.filter((url) => url.endsWith('/api/getTablePage'));
    expect(pageRequests.length).toBeGreaterThan(0);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});
