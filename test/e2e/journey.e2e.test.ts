import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../shared/api';
import type { VillageJson } from '../../shared/village';
import { seriousAccessibilityViolations } from './axe';
import { startWorkbench, samplesRecipeInputs, type Workbench } from './harness';

/**
 * The officer's journey on the bundled samples, in Chromium through the loopback host: open the samples
 * recipe and run it (it imports and validates every extract with its specification), see one source's
 * findings, read the city's village from the page and check it equals the engine's village.json, open both
 * dashboards, and save a chart as PNG and its data as xlsx. Every screen is checked with axe and
 * photographed; nothing may leave the loopback host.
 */


let workbench: Workbench;

beforeAll(async () => {
  const inputs = samplesRecipeInputs();
  workbench = await startWorkbench({ inputs });
});

afterAll(async () => {
  await workbench?.close();
});

async function heading(): Promise<string | null> {
  return workbench.page.getByRole('heading', { level: 1 }).textContent();
}

async function expectAccessible(): Promise<void> {
  expect(await seriousAccessibilityViolations(workbench.page)).toEqual([]);
}

async function savedDownload(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const download = workbench.page.waitForEvent('download');
  await click();
  const file = await download;
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('the journey on the samples', () => {
  it('runs the recipe, shows findings, the village as the engine published it, both dashboards and their exports', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(heading).toBe('Import');

    // Recipes: open the samples recipe and run it.
    await page.keyboard.press('Alt+8');
    await expect.poll(heading).toBe('Recipes');
    await page.getByRole('button', { name: 'Open a recipe…' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Birmingham as a village of 100 (synthetic samples)' }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('region', { name: 'Sources of the recipe' }).getByRole('row').count()).toBeGreaterThan(8);
    await page.getByRole('button', { name: 'Run recipe' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /^Run finished/ }).count(), { timeout: 150_000, interval: 500 }).toBe(1);
    expect(await page.getByRole('region', { name: 'Extracts imported by the run' }).getByRole('row').count()).toBeGreaterThan(8);
    await workbench.screenshot('recipes');
    await expectAccessible();

    // Validate: the findings of one source of the run.
    await page.getByRole('button', { name: 'See findings of police_da' }).click();
    await expect.poll(heading).toBe('Validate');
    await expect.poll(() => page.getByRole('heading', { name: /^src_police_da: (not )?valid against police-domestic-abuse/ }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('region', { name: 'Findings by rule' }).getByRole('row').count()).toBeGreaterThan(1);
    await workbench.screenshot('journey-validate');
    await expectAccessible();

    // Village: the city's figures on the page equal village.json.
    const village = await workbench.engine.dispatch('getVillage', {});
    if (!village.ok) throw new Error(village.error.message);
    const published = village.value as VillageJson;
    const city = published.areas.find((area) => area.level === 'city');
    if (!city) throw new Error('village.json has no city');
    await page.keyboard.press('Alt+4');
    await expect.poll(heading).toBe('Village of 100');
    const cityPanel = page.getByRole('region', { name: `${city.name}: Sex` });
    await expect.poll(() => cityPanel.count(), { timeout: 15_000 }).toBe(1);
    const labels: Record<string, string> = { sex: 'Sex', ageBand: 'Age band', ethnicity: 'Ethnicity' };
    for (const partition of city.partitions) {
      await page.getByLabel('Show', { exact: true }).selectOption({ label: labels[partition.partition] ?? partition.partition });
      const legend = page.getByRole('list', { name: `Legend: ${labels[partition.partition]} in ${city.name}` });
      const shown = (await legend.getByRole('button').allTextContents()).filter((text) => !text.startsWith('Withheld ('));
      const expected = partition.categories.map((category) => `${category.label}${category.villagers ?? published.suppression.symbol} of ${published.village.size}`);
      expect(shown).toEqual(expected);
    }
    const povertyFigure = city.indicators.find((indicator) => indicator.id === 'poverty');
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Poverty' });
    await expect.poll(() => page.getByText(`${city.name}: ${povertyFigure?.per100} of 100 — Poverty`).count()).toBeGreaterThan(0);
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Sex' });
    await page.getByRole('list', { name: `Legend: Sex in ${city.name}` }).getByRole('button').first().focus();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toMatch(/Count.*Denominator.*Source/);
    await workbench.screenshot('village');
    await expectAccessible();
    await page.keyboard.press('Escape');
    const pictogramPng = await savedDownload(() => page.getByRole('region', { name: `${city.name}: Sex` }).getByRole('button', { name: 'Download PNG' }).click());
    expect(pictogramPng.name).toBe('village-birmingham-sex.png');
    expect(pictogramPng.bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);

    // Dashboards: SEND and inclusion, then building safety; a chart as PNG and the data as xlsx.
    await page.keyboard.press('Alt+5');
    await expect.poll(heading).toBe('Dashboards');
    const send = await workbench.engine.dispatch('getDashboard', { id: 'send' });
    if (!send.ok) throw new Error(send.error.message);
    const sendCharts = (send.value as Dashboard).charts;
    expect(sendCharts.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('figure').count(), { timeout: 15_000 }).toBe(sendCharts.length);
    const firstChart = page.getByRole('figure', { name: sendCharts[0]?.title });
    expect(await firstChart.getByRole('img').getAttribute('aria-label')).toContain(sendCharts[0]?.title ?? '');
    await firstChart.evaluate((element) => (element as unknown as { scrollIntoView(options: unknown): void }).scrollIntoView({ block: 'start' }));
    await workbench.screenshot('dashboards-send');
    await expectAccessible();
    const chartPng = await savedDownload(() => firstChart.getByRole('button', { name: 'Download PNG' }).click());
    expect(chartPng.name).toMatch(/\.png$/);
    expect(chartPng.bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const workbook = await savedDownload(() => firstChart.getByRole('button', { name: 'Download data (xlsx)' }).click());
    expect(workbook.name).toMatch(/\.xlsx$/);
    expect(workbook.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await firstChart.getByRole('button', { name: 'Show as table' }).click();
    expect(await firstChart.getByRole('table').getByRole('row').count()).toBe((sendCharts[0]?.categories.length ?? 0) + 1);

    await page.getByRole('radio', { name: 'Building safety' }).check();
    const safety = await workbench.engine.dispatch('getDashboard', { id: 'building-safety' });
    if (!safety.ok) throw new Error(safety.error.message);
    const safetyCharts = (safety.value as Dashboard).charts;
    const safetyChart = page.getByRole('figure', { name: safetyCharts[0]?.title });
    await expect.poll(() => safetyChart.count(), { timeout: 15_000 }).toBe(1);
    await safetyChart.evaluate((element) => (element as unknown as { scrollIntoView(options: unknown): void }).scrollIntoView({ block: 'start' }));
    await workbench.screenshot('dashboards-building-safety');
    await expectAccessible();

    // Linkage: the numbers behind the views.
    await page.keyboard.press('Alt+6');
    await expect.poll(heading).toBe('Linkage');
    await expect.poll(() => page.getByRole('region', { name: 'Linkage per source' }).getByRole('row').count(), { timeout: 15_000 }).toBe(published.linkage.perSource.length + 1);
    await workbench.screenshot('linkage');
    await expectAccessible();

    // Next quarter: run the recipe again and compare the two runs (the same files, so nothing changed).
    await page.keyboard.press('Alt+8');
    await expect.poll(heading).toBe('Recipes');
    // The recipe opened at the start is still open.
    await expect.poll(() => page.getByRole('heading', { name: 'Birmingham as a village of 100 (synthetic samples)' }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Run recipe' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /^Run finished/ }).count(), { timeout: 150_000, interval: 500 }).toBe(1);
    await expect.poll(() => page.getByRole('region', { name: 'Recipe runs' }).getByRole('row').count()).toBe(3);
    await page.getByRole('button', { name: 'Show what changed' }).click();
    await expect.poll(() => page.getByText(/published figures? changed; 0 extracts changed\./).textContent(), { timeout: 15_000 }).toMatch(/^0 published figures changed/);
    await page.getByRole('heading', { name: 'Runs in this workspace' }).scrollIntoViewIfNeeded();
    await workbench.screenshot('recipes-diff');
    await expectAccessible();

    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});
