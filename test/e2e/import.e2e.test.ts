import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nhsCheckDigit } from '../../shared/identifiers';
import { handWorkbookZip, worksheetXml } from '../../electron/engine/xlsx/test-support/hand-workbook';
import { seriousAccessibilityViolations } from './axe';
import { shortcutKeysOf } from '../../renderer/src/shell/keyboard-shortcuts';
import { SCREENS } from '../../renderer/src/shell/screens';
import { REPOSITORY_ROOT, startWorkbench, type Workbench } from './harness';

/**
 * The Import screen as an officer uses it, in Debian's Chromium through the loopback host: choose a file
 * from the host's offered files, see the first rows with the detected header, accept the specification the
 * engine's mapping suggests, import with a progress bar, and read the summary with its provenance.
 */

const sample = (name: string): Buffer => fs.readFileSync(path.join(REPOSITORY_ROOT, 'samples', name));

let workbench: Workbench;

/**
 * A child health register too big to finish before Cancel is pressed, so the cancel test does not race the
 * import. Synthetic rows in the register's own layout, with valid NHS numbers from the test range.
 */
function largeHealthRegister(rows: number): Buffer {
  const cell = (reference: string, text: string): string => `<c r="${reference}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const header = ['NHS_NUMBER', 'DATE_OF_BIRTH', 'GENDER', 'ETHNIC_CATEGORY', 'GP_PRACTICE_CODE', 'POSTCODE', 'LSOA_CODE'];
  const lines = [`<row r="1">${header.map((title, index) => cell(`${String.fromCharCode(65 + index)}1`, title)).join('')}</row>`];
  let serial = 0;
  for (let row = 2; lines.length <= rows; row += 1) {
    let nhs: string;
    let check: number | null;
    do {
      serial += 1;
      const firstNine = `999${String(serial).padStart(6, '0')}`;
      check = nhsCheckDigit(firstNine);
      nhs = `${firstNine}${check ?? ''}`;
    } while (check === null);
    const values = [nhs, `20${String(10 + (row % 9)).padStart(2, '0')}-0${1 + (row % 9)}-1${row % 9}`, String(1 + (row % 2)), 'A', 'M99001', `B${1 + (row % 90)} 1AA`, 'E01009452'];
    lines.push(`<row r="${row}">${values.map((value, index) => cell(`${String.fromCharCode(65 + index)}${row}`, value)).join('')}</row>`);
  }
  return handWorkbookZip({ sheets: [{ name: 'Register', xml: worksheetXml(lines.join('')) }] });
}

beforeAll(async () => {
  workbench = await startWorkbench({
    inputs: {
      'education_ehc_plans.csv': sample('education_ehc_plans.csv'),
      'health_child_register.xlsx': largeHealthRegister(300_000),
      // A title line as wide as the table: detection takes it for the header, so the officer picks row 2.
      'voice_survey_titled.csv': 'Voice survey of the children and young people of Birmingham (all ten localities),extract,of,June,2024\r\nResponse ID,Submitted,Age,Locality,Are you happy?\r\nR1,2024-05-01,12,Ladywood,Yes\r\nR2,2024-05-02,15,Solihull,n\r\n',
      // Personal data under a partner's own labels, loaded with no specification (issue 20).
      'partner_referrals.csv': 'Ref,Surname,Home Postcode,Ward\r\n9434765919,Quixleby,B12 9QT,Aston\r\n9434765870,Zandorin,B13 8RT,Nechells\r\n',
    },
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

  it('lets the officer choose the header row: the preview and the suggested mapping follow it, and the import uses it', async () => {
    const { page } = workbench;
    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    const importAnother = page.getByRole('button', { name: 'Import another file' });
    if ((await importAnother.count()) > 0) await importAnother.click();
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await page.getByRole('radio', { name: 'voice_survey_titled.csv' }).check();
    await expect.poll(() => page.getByText('Detected header row 1; data starts at row 2.').count(), { timeout: 30_000 }).toBe(1);

    const headerSelect = page.getByLabel('Header row');
    expect(await headerSelect.inputValue()).toBe('');
    await headerSelect.selectOption({ label: 'Row 2' });
    await expect.poll(() => page.getByText('Chosen header row 2; data starts at row 3.').count(), { timeout: 30_000 }).toBe(1);
    const preview = page.getByRole('region', { name: 'First rows of voice_survey_titled' });
    expect(await preview.getByRole('rowheader', { name: /^2\s*Header$/ }).count()).toBe(1);
    // The long title cell is cut short (its whole text on hover), so column A stays narrow.
    const titleCell = preview.getByRole('cell', { name: /^Voice survey of the children/ });
    expect((await titleCell.boundingBox())?.width ?? Number.POSITIVE_INFINITY).toBeLessThan(420);
    expect(await titleCell.getAttribute('title')).toBe('Voice survey of the children and young people of Birmingham (all ten localities)');
    expect(await preview.evaluate((element) => { const box = element as unknown as { scrollWidth: number; clientWidth: number }; return box.scrollWidth <= box.clientWidth; })).toBe(true);
    await expect.poll(() => page.getByLabel('Data-sharing specification').inputValue(), { timeout: 30_000 }).toBe('voice-wellbeing-survey');
    expect(await page.getByLabel(/Specification field for column A, Response ID/).inputValue()).toBe('response_id');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Import voice_survey_titled.csv' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Imported into voice_survey_titled' }).count(), { timeout: 60_000 }).toBe(1);
    // Focus moves to the summary's heading, wholly in view.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('summary-heading');
    const heading = await page.getByRole('heading', { name: 'Imported into voice_survey_titled' }).boundingBox();
    const viewport = page.viewportSize();
    expect(heading !== null && viewport !== null && heading.y >= 0 && heading.y + heading.height <= viewport.height).toBe(true);
    const tables = await workbench.engine.dispatch('listTables', {});
    const table = tables.ok ? (tables.value as { tables: { name: string; rowCount: number; columns: { name: string }[] }[] }).tables.find((candidate) => candidate.name === 'voice_survey_titled') : undefined;
    expect(table?.rowCount).toBe(2);
    expect(table?.columns.map((column) => column.name)).toEqual(['source_row', 'response_id', 'submitted', 'age', 'locality', 'happy']);
    await importAnother.click();
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('screens a file loaded with no specification and says what it did with each personal column', async () => {
    const { page } = workbench;
    await page.keyboard.press('Alt+1');
    const importAnother = page.getByRole('button', { name: 'Import another file' });
    if ((await importAnother.count()) > 0) await importAnother.click();
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await page.getByRole('radio', { name: 'partner_referrals.csv' }).check();
    await expect.poll(() => page.getByLabel('Data-sharing specification').count(), { timeout: 30_000 }).toBe(1);
    await page.getByLabel('Data-sharing specification').selectOption({ label: 'No specification: load a CSV file as it is' });
    await page.getByRole('button', { name: 'Import partner_referrals.csv' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Imported into partner_referrals' }).count(), { timeout: 60_000 }).toBe(1);
    const screening = page.getByRole('heading', { name: 'Personal data found and protected' }).locator('..');
    expect(await screening.getByRole('listitem').allTextContents()).toEqual([
      'Ref: NHS numbers, pseudonymised as ref_pseudonym',
      'Surname: names, dropped (not stored)',
      'Home Postcode: postcodes, reduced to district as home_postcode_district',
    ]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await workbench.screenshot('import-plain-screening');
    await importAnother.click();
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('shows progress with Cancel while a workbook imports', async () => {
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

    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('imports a file dropped on the page: the host keeps its bytes inside the workspace and the import reads it from there', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    /** Drops synthetic files on the drop zone, as a browser's DataTransfer carries them. */
    async function drop(files: { name: string; text: string }[]): Promise<void> {
      const dataTransfer = await page.evaluateHandle((dropped) => {
        // Runs in the page; the test files are type-checked without the DOM library.
        const pageGlobals = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: string[], name: string, options: { type: string }) => unknown;
        };
        const transfer = new pageGlobals.DataTransfer();
        for (const file of dropped) transfer.items.add(new pageGlobals.File([file.text], file.name, { type: 'text/csv' }));
        return transfer;
      }, files);
      await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer });
    }

    await drop([{ name: 'notes.md', text: '# not an extract' }]);
    await expect.poll(() => page.getByText(/notes\.md was dropped, but the workbench imports only/).count(), { timeout: 15_000 }).toBe(1);

    const ehcPlans = sample('education_ehc_plans.csv').toString('utf8');
    await drop([{ name: 'Dropped EHC plans.csv', text: ehcPlans }]);
    await expect.poll(() => page.getByText('Chosen:').textContent(), { timeout: 15_000 }).toBe('Chosen: Dropped EHC plans.csv');
    await expect.poll(() => page.getByLabel('Data-sharing specification').inputValue(), { timeout: 30_000 }).toBe('education-ehc-plans');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Import Dropped EHC plans.csv' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Imported into dropped_ehc_plans' }).count(), { timeout: 60_000 }).toBe(1);

    const tables = await workbench.engine.dispatch('listTables', {});
    const table = tables.ok ? (tables.value as { tables: { name: string; rowCount: number; provenance: { fileName: string; sha256: string } | null }[] }).tables.find((candidate) => candidate.name === 'dropped_ehc_plans') : undefined;
    expect(table?.provenance?.fileName).toBe('Dropped EHC plans.csv');
    expect(table?.provenance?.sha256).toBe(createHash('sha256').update(sample('education_ehc_plans.csv')).digest('hex'));
    // Kept inside the workspace, beside the folders DuckDB may read, and nowhere else.
    const droppedFolder = path.join(workbench.folder, 'workspace', 'dropped');
    const kept = fs.readdirSync(droppedFolder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(kept.map((entry) => entry.name)).toEqual(['Dropped EHC plans.csv']);
    expect(fs.readdirSync(workbench.inputsFolder)).not.toContain('Dropped EHC plans.csv');
    await page.getByRole('button', { name: 'Import another file' }).click();
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('opens the keyboard shortcuts with ? and closes them with Escape', async () => {
    const { page } = workbench;
    await page.locator('body').focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Every screen of the navigation, with its keys, drawn from the same list.
    const listed = await dialog.getByRole('row').allTextContents();
    for (const screen of SCREENS) expect(listed).toContain(`${shortcutKeysOf(screen)}Open ${screen.label}`);
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
