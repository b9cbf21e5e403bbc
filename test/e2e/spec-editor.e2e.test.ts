import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nhsCheckDigit } from '../../shared/identifiers';
import { parseSpecification } from '../../shared/spec';
import { validateFile } from '../../electron/engine/validate/validate-file';
import { seriousAccessibilityViolations } from './axe';
import { startWorkbench, type Workbench } from './harness';

/**
 * Writing a specification in the window for an extract no bundled specification describes: a
 * pipe-delimited youth-offending referrals file. Choose it as a sample, draft a specification from it,
 * edit the draft (a number becomes a code list, a code is added, a field becomes required) while the live
 * check follows, save it through the save dialog, and validate the extract with the saved file.
 */

const ROWS = 30;

function youthOffendingReferrals(): string {
  const lines = ['YOT Ref|NHS No|Known As|Birth Date|Outcome|Stage|Hours Ordered'];
  let stem = 612000000;
  for (let index = 0; index < ROWS; index += 1) {
    let check = nhsCheckDigit(String(stem));
    while (check === null) check = nhsCheckDigit(String(++stem));
    lines.push(
      [
        `YOT-${4100 + index}`,
        `${stem}${check}`,
        // Three referrals carry no known-as name.
        index % 10 === 4 ? '' : ['Jay', 'Mo', 'Kez', 'Ash'][index % 4],
        `${String((index % 27) + 1).padStart(2, '0')}/${String((index % 12) + 1).padStart(2, '0')}/20${10 + (index % 6)}`,
        ['Referral order', 'Youth caution', 'Conditional caution'][index % 3],
        // Stage 3 appears on every fifth row: the code list the officer writes leaves it out.
        String(index % 5 === 2 ? 3 : (index % 2) + 1),
        String(12 + index),
      ].join('|'),
    );
    stem += 11;
  }
  return `${lines.join('\n')}\n`;
}

let workbench: Workbench;

/** Scrolls the main area so the panel with this heading id is at its top. */
async function scrollMainTo(headingId: string): Promise<void> {
  await workbench.page.evaluate((id) => {
    type Box = { getBoundingClientRect(): { top: number }; scrollBy(x: number, y: number): void };
    const { document } = globalThis as unknown as { document: { querySelector(selector: string): Box | null } };
    const main = document.querySelector('main');
    const panel = document.querySelector(`[aria-labelledby="${id}"]`);
    if (main !== null && panel !== null) main.scrollBy(0, panel.getBoundingClientRect().top - main.getBoundingClientRect().top - 16);
  }, headingId);
}

beforeAll(async () => {
  workbench = await startWorkbench({ inputs: { 'yot referrals 2025.txt': youthOffendingReferrals() } });
});

afterAll(async () => {
  await workbench?.close();
});

describe('The Specifications screen in Chromium', () => {
  it('drafts a specification from a sample, edits it with a live check, saves it, and the saved file validates the extract', async () => {
    const { page } = workbench;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(workbench.host.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    await page.keyboard.press('Alt+9');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Specifications');

    await page.getByRole('button', { name: 'Choose a sample file…' }).click();
    await expect.poll(() => page.getByText('Sample: yot referrals 2025.txt').count()).toBe(1);
    await page.getByRole('button', { name: 'Draft a specification from this sample' }).click();
    const fieldList = page.getByRole('list', { name: 'Fields of the specification' });
    await expect.poll(() => fieldList.getByRole('button').count(), { timeout: 15_000 }).toBe(7);
    expect(await page.getByLabel('Specification id').inputValue()).toBe('yot-referrals-2025');
    await workbench.screenshot('spec-editor-drafted');
    const status = page.locator('.specs__check-status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(`Live check: 0 errors, 0 warnings in ${ROWS} rows`);

    // The draft read the NHS numbers by their check digit and the outcomes as a code list.
    await fieldList.getByRole('button', { name: /^nhs_no\b/ }).click();
    expect(await page.getByLabel('Identifier kind').inputValue()).toBe('nhs-number');
    expect(await page.getByLabel('Personal data', { exact: true }).inputValue()).toBe('direct-identifier');
    await fieldList.getByRole('button', { name: /^outcome\b/ }).click();
    expect(await page.getByLabel('Type', { exact: true }).inputValue()).toBe('code');
    expect(await page.getByRole('table', { name: 'Allowed codes' }).getByRole('row').count()).toBe(4);

    // Stage was drafted as a whole number; the officer makes it a code list of 1 and 2, from the keyboard.
    await fieldList.getByRole('button', { name: /^stage\b/ }).click();
    await page.getByLabel('Type', { exact: true }).selectOption('code');
    await expect.poll(() => status.textContent()).toBe('Live check paused: 1 problem in the draft');
    expect(await page.getByText('stage: a code field needs a code list').count()).toBeGreaterThan(0);
    for (const code of ['1', '2']) {
      await page.getByRole('button', { name: 'Add code' }).focus();
      await page.keyboard.press('Enter');
      await page.keyboard.type(code);
    }
    expect(await page.getByLabel('Code 2', { exact: true }).inputValue()).toBe('2');
    await page.getByLabel('Meaning of code 1').fill('Pre-court');
    const stageThreeRows = Array.from({ length: ROWS }, (_, index) => index).filter((index) => index % 5 === 2).length;
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(`Live check: ${stageThreeRows} errors, 0 warnings in ${ROWS} rows`);

    // Known As becomes required: the blank ones are reported too.
    await fieldList.getByRole('button', { name: /^known_as\b/ }).click();
    await page.getByLabel('Required', { exact: true }).focus();
    await page.keyboard.press('Space');
    const blankKnownAs = Array.from({ length: ROWS }, (_, index) => index).filter((index) => index % 10 === 4).length;
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(`Live check: ${stageThreeRows + blankKnownAs} errors, 0 warnings in ${ROWS} rows`);
    const byRuleAndColumn = page.getByRole('table', { name: 'Findings by rule and column' });
    await expect.poll(() => byRuleAndColumn.getByRole('row').count()).toBe(3);
    expect(await byRuleAndColumn.getByRole('row', { name: /Required value missing/ }).textContent()).toContain('C · Known As');
    expect(await byRuleAndColumn.getByRole('row', { name: /outside the allowed range or list/ }).textContent()).toContain('F · Stage');

    // Usable at 1366×768: nothing scrolls sideways.
    const overflow = await page.evaluate(() => {
      const { document } = globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelector(selector: string): { scrollWidth: number; clientWidth: number } | null } };
      const main = document.querySelector('main');
      return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, main: main === null ? 0 : main.scrollWidth - main.clientWidth };
    });
    expect(overflow).toEqual({ page: 0, main: 0 });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await scrollMainTo('specs-check');
    await workbench.screenshot('spec-editor-check');
    // The screenshot for the README shows the fields panel: the main area (not the page) scrolls to it.
    await scrollMainTo('specs-fields');
    expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(0);
    // Copied by hand to docs/screenshots/spec-editor.png for the README.
    await workbench.screenshot('spec-editor');

    await page.getByRole('button', { name: 'Save specification…' }).click();
    const saved = page.getByText(/^Saved yot-referrals-2025\.spec\.json/);
    await expect.poll(() => saved.count(), { timeout: 15_000 }).toBe(1);
    const savedPath = path.join(workbench.inputsFolder, 'yot-referrals-2025.spec.json');
    const specification = parseSpecification(JSON.parse(fs.readFileSync(savedPath, 'utf8')));
    expect(specification.fields.find((field) => field.name === 'stage')?.codes).toEqual([
      { code: '1', label: 'Pre-court', synonyms: [] },
      { code: '2', label: '', synonyms: [] },
    ]);

    // The saved file validates the extract exactly as the live check said, cell by cell.
    const validated = await validateFile({ path: path.join(workbench.inputsFolder, 'yot referrals 2025.txt'), spec: specification });
    expect(validated.report.totals.errors).toBe(stageThreeRows + blankKnownAs);
    expect(validated.report.findings.filter((finding) => finding.rule === 'constraint-error').map((finding) => finding.cell)).toEqual(
      Array.from({ length: ROWS }, (_, index) => index).filter((index) => index % 5 === 2).map((index) => `'yot referrals 2025'!F${index + 2}`),
    );
    expect(validated.report.findings.filter((finding) => finding.rule === 'required-value').map((finding) => finding.cell)).toEqual(
      Array.from({ length: ROWS }, (_, index) => index).filter((index) => index % 10 === 4).map((index) => `'yot referrals 2025'!C${index + 2}`),
    );

    // Kept in the workspace, it is offered by id beside the bundled specifications.
    await page.getByRole('button', { name: 'Keep in this workspace' }).click();
    await expect.poll(() => page.getByText('yot-referrals-2025 version 0.1 is kept in this workspace; Import and Validate offer it.').count(), { timeout: 15_000 }).toBe(1);
    const listed = await workbench.engine.call('listSpecifications', {});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.origins).toContainEqual(expect.objectContaining({ specId: 'yot-referrals-2025', version: '0.1', origin: 'workspace' }));
    expect(listed.value.specifications.find((spec) => spec.id === 'yot-referrals-2025')).toEqual(specification);

    // A new version shows what changed from the saved one before it is saved.
    await page.getByLabel('Version').fill('0.2');
    await fieldList.getByRole('button', { name: /^hours_ordered\b/ }).click();
    await page.getByLabel('Maximum').fill('200');
    // Add field moves focus to the new field's name, so it is named by typing.
    await page.getByRole('button', { name: 'Add field' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('panel_date');
    await expect.poll(() => fieldList.getByRole('button', { name: /^panel_date\b/ }).count()).toBe(1);
    const changes = page.getByRole('list').filter({ hasText: 'Specification: version changed from 0.1 to 0.2' });
    await expect.poll(() => changes.count()).toBe(1);
    expect(await changes.textContent()).toContain('hours_ordered: maximum changed from (none) to 200');
    expect(await changes.textContent()).toContain('Field panel_date added');
    expect(await page.getByRole('heading', { name: /What changed from yot-referrals-2025\.spec\.json, version 0\.1, as saved \(3 changes\)/ }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await scrollMainTo('specs-save');
    await workbench.screenshot('spec-editor-changes');
    expect(fs.readdirSync(workbench.inputsFolder).filter((name) => name.endsWith('.part'))).toEqual([]);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('opens a specification written by hand, checks a sample against it and lists what an edit changes', async () => {
    const written = {
      id: 'yot-referrals',
      title: 'Youth offending referrals',
      version: '1.0',
      agency: 'Birmingham Youth Justice Service',
      allowExtraFields: true,
      fields: [
        { name: 'yot_ref', title: 'YOT Ref', type: 'string', required: true, identifier: 'local-id', personalData: 'direct-identifier' },
        { name: 'nhs_no', title: 'NHS No', type: 'string', identifier: 'nhs-number', personalData: 'direct-identifier' },
      ],
    };
    const second = await startWorkbench({
      inputs: { 'yot referrals 2025.txt': youthOffendingReferrals(), 'yot.spec.json': JSON.stringify(written), 'notes.json': '{}' },
    });
    try {
      const { page } = second;
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(second.host.url);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
      await page.keyboard.press('Alt+9');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Specifications');
      await page.getByRole('button', { name: 'Open a specification…' }).click();
      const choice = page.getByRole('list', { name: 'Which specification do you want to open?' });
      await expect.poll(() => choice.getByRole('button').count()).toBe(2);
      await choice.getByRole('button', { name: 'yot.spec.json' }).click();
      await expect.poll(() => page.getByLabel('Specification id').inputValue().catch(() => '')).toBe('yot-referrals');
      await page.getByRole('button', { name: 'Choose a sample file…' }).click();
      const status = page.locator('.specs__check-status');
      // Extra columns are allowed, but not the names and dates of birth the hand-written one does not declare.
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(`Live check: 2 errors, 0 warnings in ${ROWS} rows`);
      const byRuleAndColumn = page.getByRole('table', { name: 'Findings by rule and column' });
      expect(await byRuleAndColumn.getByRole('row', { name: /Personal data the specification does not allow/ }).allTextContents()).toEqual([
        expect.stringContaining('C · Known As'),
        expect.stringContaining('D · Birth Date'),
      ]);
      expect(await page.getByText('No changes from yot.spec.json, version 1.0.').count()).toBe(1);

      await page.getByLabel('Version').fill('1.1');
      await page.getByRole('list', { name: 'Fields of the specification' }).getByRole('button', { name: /^nhs_no\b/ }).click();
      await page.getByLabel('Required', { exact: true }).check();
      const changes = page.getByRole('heading', { name: 'What changed from yot.spec.json, version 1.0 (2 changes)' });
      await expect.poll(() => changes.count()).toBe(1);
      expect(await page.getByText('nhs_no: required changed from no to yes').count()).toBe(1);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expect(second.offLoopbackRequests()).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
