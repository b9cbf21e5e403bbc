import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './axe';
import { REPOSITORY_ROOT, startWorkbench, type Workbench } from './harness';

/**
 * The Import screen as an officer uses it, in Debian's Chromium through the loopback host: choose a file
 * from the host's offered files, see the first rows with the detected header, accept the specification the
 * engine's mapping suggests, import with a progress bar, and read the summary with its provenance.
 */

const sample = (name: string): Buffer => fs.readFileSync(path.join(REPOSITORY_ROOT, 'samples', name));

let workbench: Workbench;

beforeAll(async () => {
  workbench = await startWorkbench({
    inputs: { 'education_ehc_plans.csv': sample('education_ehc_plans.csv'), 'health_child_register.xlsx': sample('health_child_register.xlsx') },
  });
});

afterAll(async () => {
  await workbench?.close();
});

describe('Import in Chromium', () => {
  it('previews a file, suggests its specification and mapping, imports it and shows provenance', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');

    await page.getByRole('button', { name: 'Choose files…' }).click();
    await page.getByRole('radio', { name: 'education_ehc_plans.csv' }).check();

    const specSelect = page.getByLabel('Data-sharing specification');
    await expect.poll(() => specSelect.inputValue(), { timeout: 30_000 }).toBe('education-ehc-plans');
    expect(await specSelect.locator('option:checked').textContent()).toContain('(suggested)');

    const preview = page.getByRole('region', { name: 'First rows of education_ehc_plans' });
    expect(await preview.getByRole('rowheader', { name: /^1\s*Header$/ }).count()).toBe(1);
    expect(await page.getByText('Detected header row 1; data starts at row 2.').count()).toBe(1);

    const upnSelect = page.getByLabel(/Specification field for column A, UPN/);
    expect(await upnSelect.inputValue()).toBe('upn');
    const mappingRow = page.getByRole('region', { name: 'Column mapping' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'UPN' }) });
    expect(await mappingRow.textContent()).toMatch(/100%/);

    await page.getByLabel('Table name (optional)').fill('9 bad');
    expect(await page.getByText(/Table names use letters, digits and underscores/).count()).toBe(1);
    await page.getByLabel('Table name (optional)').fill('ehc_plans');

    await workbench.screenshot('import-mapping');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Import education_ehc_plans.csv' }).click();
    const summary = page.getByRole('heading', { name: 'Imported into ehc_plans' });
    await expect.poll(() => summary.count(), { timeout: 60_000 }).toBe(1);
    const facts = await page.locator('.import-summary .facts').textContent();
    expect(facts).toMatch(/SHA-256[0-9a-f]{64}/);
    expect(facts).toMatch(/Rows imported\d/);
    expect(await page.locator('.verdict').textContent()).toMatch(/against the specification: \d+ errors?, \d+ warnings?/);

    const recipe = JSON.parse(await page.getByLabel('Recipe source for this import').inputValue()) as Record<string, unknown>;
    expect(recipe).toMatchObject({ id: 'ehc_plans', file: 'education_ehc_plans.csv', spec: 'education-ehc-plans' });

    await workbench.screenshot('import-summary');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const tables = await workbench.engine.dispatch('listTables', {});
    expect(tables.ok && (tables.value as { tables: { name: string }[] }).tables.map((table) => table.name)).toContain('ehc_plans');

    await page.getByRole('button', { name: 'Open the validation report' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Validate');
    await expect.poll(() => page.getByRole('heading', { name: /^ehc_plans: (valid|not valid) against education-ehc-plans/ }).count(), { timeout: 15_000 }).toBe(1);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('shows progress with Cancel while a workbook imports, and says a dropped file must be chosen instead', async () => {
    const { page } = workbench;
    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await page.getByRole('radio', { name: 'health_child_register.xlsx' }).check();
    await expect.poll(() => page.getByLabel('Data-sharing specification').inputValue(), { timeout: 30_000 }).toBe('health-child-register');

    await page.getByRole('button', { name: 'Import health_child_register.xlsx' }).click();
    const cancel = page.getByRole('button', { name: 'Cancel' });
    await expect.poll(() => cancel.count(), { timeout: 10_000 }).toBe(1);
    await cancel.click();
    expect(await page.getByRole('progressbar').count()).toBe(1);
    await workbench.screenshot('import-progress');
    await expect.poll(() => page.getByText('The import was cancelled; the workspace is unchanged').count(), { timeout: 30_000 }).toBe(1);
    const tables = await workbench.engine.dispatch('listTables', {});
    expect(tables.ok && (tables.value as { tables: { name: string }[] }).tables.map((table) => table.name)).not.toContain('health_child_register');

    await page.locator('.drop-zone').dispatchEvent('drop');
    expect(await page.getByText(/A dropped file cannot be imported/).count()).toBe(1);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('opens the keyboard shortcuts with ? and closes them with Escape', async () => {
    const { page } = workbench;
    await page.locator('body').focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('Alt+7');
    await workbench.screenshot('keyboard-shortcuts');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await page.keyboard.press('Alt+7');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('SQL console');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('SQL console');
  });
});
