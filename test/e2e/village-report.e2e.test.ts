import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VillageJson } from '../../shared/village';
import { readPngText } from '../../renderer/src/maps/png-text';
import { largestRemainder } from '../../renderer/src/village/pictogram-model';
import { seriousAccessibilityViolations } from './axe';
import { startWorkbenchWithSamplesRun, type Workbench } from './harness';

/**
 * The Village screen on a run of the bundled samples (issue 19): the run's report.html opens from the window
 * in a new tab, served by the loopback host and rendering with nothing fetched from anywhere else, and prints
 * on A4 with each locality on its own page; a village of 1,000 is drawn as ten blocks of 100 from
 * village.json's counts, readable by a screen reader, and its saved PNG carries the reference date.
 */

/** The page's getComputedStyle, for code evaluated in the browser (the tests' own types have no DOM). */
interface BrowserStyles {
  getComputedStyle(element: unknown): { readonly breakBefore: string; readonly display: string };
}

let workbench: Workbench;
let published: VillageJson;

beforeAll(async () => {
  ({ workbench, published } = await startWorkbenchWithSamplesRun());
}, 300_000);

afterAll(async () => {
  await workbench?.close();
});

async function openVillage(): Promise<void> {
  const { page } = workbench;
  await page.goto(workbench.host.url);
  // The window has drawn its first screen (and listens for shortcuts) before Alt+4 is pressed.
  await expect.poll(() => page.getByRole('heading', { level: 1 }).count(), { timeout: 30_000 }).toBe(1);
  await page.keyboard.press('Alt+4');
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Village of 100');
  await expect.poll(() => page.getByRole('heading', { name: /^Birmingham:/ }).count(), { timeout: 30_000 }).toBe(1);
}

describe('the village and its report in Chromium', () => {
  it("opens the run's report.html in a new tab, offline, printing each locality on its own A4 page", async () => {
    await openVillage();
    const { page } = workbench;
    const [report] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Open the report (report.html)' }).click()]);
    await report.waitForLoadState('load');
    expect(report.url()).toMatch(new RegExp(`^${workbench.host.origin}/published/[0-9a-f]{48}/report\\.html$`));
    expect(await report.locator('h1').textContent()).toBe(published.title);
    const localities = published.areas.filter((area) => area.level === 'locality');
    expect(await report.locator('section.area').count()).toBe(localities.length + 1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'The report opened in a new tab' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Open it again' }).getAttribute('href')).toBe(new URL(report.url()).pathname);

    await report.emulateMedia({ media: 'print' });
    const breaks = await report.locator('section.area').evaluateAll((sections) => sections.map((section) => (globalThis as unknown as BrowserStyles).getComputedStyle(section).breakBefore));
    // The city, then the first locality straight after the "Localities" heading (itself on a new page), then a page each.
    expect(breaks).toEqual(['auto', 'auto', ...localities.slice(1).map(() => 'page')]);
    expect(await report.locator('nav').evaluate((nav) => (globalThis as unknown as BrowserStyles).getComputedStyle(nav).display)).toBe('none');
    const pdf = Buffer.from(await report.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThan(localities.length + 2);
    expect(await report.locator('style').first().textContent()).toContain('@page{size:A4');
    await report.close();
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('draws a village of 1,000 as ten blocks of 100 from the published counts, and saves it with the reference date', async () => {
    await openVillage();
    const { page } = workbench;
    const city = published.areas.find((area) => area.level === 'city');
    const lookedAfter = city?.indicators.find((figure) => figure.id === 'looked_after');
    if (lookedAfter?.count.value == null || lookedAfter.denominator.value == null) throw new Error('the samples city has no published looked-after figure');
    await page.getByLabel('Show').selectOption({ label: 'Looked after' });
    await page.getByRole('radio', { name: '1,000' }).check();

    const expected = largestRemainder([lookedAfter.count.value], lookedAfter.denominator.value, 1000)[0] as number;
    const panel = page.getByRole('region', { name: 'Birmingham: Looked after' });
    const figures = panel.getByRole('img', { name: /^Birmingham: \d+ of 1,000 \(drawn as 10 blocks of 100\) — Looked after/ });
    await expect.poll(() => figures.count()).toBe(1);
    expect(await figures.locator('use').count()).toBe(1000);
    expect(await figures.locator('use[data-segment="0"]').count()).toBe(expected);
    expect(await figures.getAttribute('aria-label')).toContain(`${expected} of 1,000`);
    expect(await panel.getByRole('button', { name: new RegExp(`Looked after\\s*${expected} of 1,000`) }).count()).toBe(1);

    // The choice is kept when the officer comes back.
    await page.reload();
    await expect.poll(() => page.getByRole('radio', { name: '1,000' }).isChecked(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => panel.getByRole('img').first().getAttribute('aria-label'), { timeout: 30_000 }).toContain('of 1,000');

    // Beside the city, a locality whose figure is published, for the picture.
    const shown = published.areas.find((area) => area.level === 'locality' && area.indicators.some((figure) => figure.id === 'looked_after' && figure.count.value !== null));
    if (shown !== undefined) await page.getByLabel('Locality beside the city').selectOption({ label: shown.name });
    await page.getByRole('heading', { name: 'Birmingham: Looked after' }).evaluate((heading) => heading.closest('section')?.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('village-1000');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Download PNG' }).click();
    const png = new Uint8Array(fs.readFileSync((await (await download).path()) as string));
    const text = readPngText(png);
    expect(text.get('Title')).toBe('Birmingham: Looked after, a village of 1,000');
    expect(text.get('Description')).toContain(`Reference date ${published.referenceDate}.`);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});
