import fs from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { AreaTrend, IndicatorTrend } from '../../shared/outcomes';
import type { VillageJson } from '../../shared/village';
import { seriousAccessibilityViolations } from './axe';
import { DESKTOP_VIEWPORT, LAPTOP_VIEWPORT, runSamplesSeries, samplesSeriesInputs, startWorkbench, type Workbench } from './harness';

/**
 * The Outcomes screen on the samples' series of four quarters, each quarter's recipe run through the typed
 * contract as `npm run demo` runs them: the locality profile, a trend chart and the city framework table show
 * village.json's figures, intervals and calls; the page prints on A4 and exports its workbook and a chart's PNG;
 * the keyboard reaches every view, axe finds nothing serious, and the page never scrolls sideways.
 */

/** The samples' four quarters, as the generator wrote them (samples/periods/ and the latest). */
const SERIES = ['2023/24 Q2', '2023/24 Q3', '2023/24 Q4', '2024/25 Q1'];
const LOCALITY = 'Hodge Hill';
const grouping = new Intl.NumberFormat('en-GB');
const formatted = (display: string): string => (/^-?\d{4,}$/.test(display) ? grouping.format(Number(display)) : display);

let workbench: Workbench;
let published: VillageJson;

beforeAll(async () => {
  workbench = await startWorkbench({ inputs: samplesSeriesInputs() });
  published = await runSamplesSeries(workbench);
  await workbench.page.goto(workbench.host.url);
  await workbench.page.getByRole('heading', { level: 1 }).waitFor();
  await workbench.page.keyboard.press('Alt+0');
  await workbench.page.getByRole('heading', { level: 1, name: 'Outcomes' }).waitFor();
}, 900_000);

afterAll(async () => {
  await workbench?.close();
});

function areaTrend(name: string): AreaTrend {
  const area = published.outcomes.trends.find((entry) => entry.name === name);
  if (area === undefined) throw new Error(`village.json has no trends for ${name}`);
  return area;
}

function indicatorTrend(area: AreaTrend, id: string): IndicatorTrend {
  const trend = area.indicators.find((entry) => entry.id === id);
  if (trend === undefined) throw new Error(`${area.name} has no trend of ${id}`);
  return trend;
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor();
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelector(selector: string): { scrollWidth: number; clientWidth: number } | null } }).document;
    const main = doc.querySelector('.app-main');
    return Math.max(doc.documentElement.scrollWidth - doc.documentElement.clientWidth, main === null ? 0 : main.scrollWidth - main.clientWidth);
  });
}

async function savedDownload(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await (download as Download).path();
  return { name: (download as Download).suggestedFilename(), bytes: fs.readFileSync(file) };
}

describe('the Outcomes screen on the samples series', () => {
  it('publishes the series the runs made: every period, the city and the ten localities', () => {
    expect(published.periods.map((period) => period.label)).toEqual(SERIES);
    expect(published.outcomes.trends.filter((area) => area.level === 'locality')).toHaveLength(10);
  });

  it('opens a locality profile with each indicator’s latest figure, count, call against the city and spine', async () => {
    const page = workbench.page;
    await openTab(page, 'Locality profile');
    await page.getByLabel('Locality', { exact: true }).selectOption({ label: LOCALITY });
    await expect.poll(() => page.locator(`.outcomes-profile[data-locality="${LOCALITY}"]`).count()).toBe(1);
    const locality = areaTrend(LOCALITY);
    const rows = page.locator('.outcomes-profile tr[data-indicator]');
    const shown = await rows.evaluateAll((elements) =>
      elements.map((row) => ({
        id: row.getAttribute('data-indicator') ?? '',
        comparison: row.getAttribute('data-comparison') ?? '',
        value: row.querySelector('[data-cell="value"]')?.textContent ?? '',
        count: row.querySelector('[data-cell="count"]')?.textContent ?? '',
        spines: row.querySelectorAll('svg.spine').length,
      })),
    );
    const framed = new Set(published.outcomes.framework.flatMap((outcome) => outcome.indicators.map((entry) => entry.indicator)));
    const expected = published.outcomes.framework.length > 0 ? published.indicators.filter((indicator) => framed.has(indicator.id)) : published.indicators;
    expect(shown.map((row) => row.id).sort()).toEqual(expected.map((indicator) => indicator.id).sort());
    for (const row of shown) {
      const latest = indicatorTrend(locality, row.id).points.at(-1);
      if (latest === undefined) throw new Error(`no latest point of ${row.id}`);
      expect(row.value, row.id).toBe(latest.display === '' ? '–' : formatted(latest.display));
      expect(row.comparison, row.id).toBe(latest.comparison?.at95 ?? 'not-compared');
      if (latest.count !== null) expect(row.count, row.id).toBe(`${formatted(String(latest.count))} of ${formatted(String(latest.denominator))}`);
      if (latest.suppressed) expect(row.count, row.id).toBe(latest.display);
    }
    expect(shown.some((row) => row.spines === 1)).toBe(true);
    const poverty = indicatorTrend(locality, 'poverty').points;
    await expect.poll(() => page.locator('.outcomes-village li[data-indicator="poverty"]').first().textContent()).toContain(`${poverty.at(-1)?.villagers} of 100 now`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.locator('.app-main').evaluate((element) => element.scrollTo(0, 0));
    await workbench.screenshot('outcomes-profile');
  });

  it('switches the calls to 99.8% confidence', async () => {
    const page = workbench.page;
    await page.getByLabel('Confidence').selectOption('99.8%');
    const locality = areaTrend(LOCALITY);
    const calls = await page.locator('.outcomes-profile tr[data-indicator]').evaluateAll((elements) => elements.map((row) => [row.getAttribute('data-indicator') ?? '', row.getAttribute('data-comparison') ?? '']));
    for (const [id, call] of calls) expect(call, id).toBe(indicatorTrend(locality, id ?? '').points.at(-1)?.comparison?.at998 ?? 'not-compared');
    await page.getByLabel('Confidence').selectOption('95%');
  });

  it('reaches the views from the keyboard: arrow keys move between the tabs', async () => {
    const page = workbench.page;
    await page.getByRole('tab', { name: 'Locality profile' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Trends', selected: true }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toBe('Trends');
    await page.keyboard.press('End');
    await page.getByRole('tab', { name: 'City framework', selected: true }).waitFor();
    await page.keyboard.press('Home');
    await page.getByRole('tab', { name: 'Locality profile', selected: true }).waitFor();
  });

  it('draws a trend chart of the city and the locality, its table and changes from village.json, and saves it as PNG', async () => {
    const page = workbench.page;
    await openTab(page, 'Trends');
    await page.getByLabel('Indicator').selectOption('poverty');
    const checkbox = page.getByRole('checkbox', { name: LOCALITY });
    if (!(await checkbox.isChecked())) await checkbox.check();
    await page.locator('.outcomes-trend canvas').first().waitFor();
    await page.getByRole('button', { name: 'Show as table' }).click();
    for (const area of [areaTrend(published.outcomes.trends[0]?.name ?? ''), areaTrend(LOCALITY)]) {
      const points = indicatorTrend(area, 'poverty').points;
      const cells = await page.locator(`.outcomes-trend__table td[data-area="${area.code}"]`).evaluateAll((elements) => elements.map((cell) => cell.childNodes[0]?.textContent ?? ''));
      expect(cells, area.name).toEqual(points.map((point) => (point.display === '' ? '–' : formatted(point.display))));
      const change = indicatorTrend(area, 'poverty').changeSincePrevious;
      const changeCell = await page.locator(`.outcomes-change tr[data-area="${area.code}"] [data-cell="since-previous"]`).textContent();
      if (change === null) expect(changeCell).toBe('No earlier period');
      else if (change.difference === null) expect(changeCell).toContain('Not known');
      else expect(changeCell).toContain(change.significant === true ? 'significant' : 'not significant');
    }
    const label = await page.locator('.outcomes-trend .echart').getAttribute('aria-label');
    expect(label).toContain('Line chart');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.locator('#trend-title').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('outcomes-trend');
    const png = await savedDownload(page, () => page.getByRole('button', { name: 'Download PNG' }).click());
    expect(png.name).toMatch(/^trend-poverty.*\.png$/);
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('shows the city framework as a heat table: every locality’s figure and call in words, as village.json has them', async () => {
    const page = workbench.page;
    await openTab(page, 'City framework');
    const cells = await page.locator('.framework-table td[data-comparison]').evaluateAll((elements) =>
      elements.map((cell) => ({
        indicator: cell.closest('tr')?.getAttribute('data-indicator') ?? '',
        area: cell.getAttribute('data-area') ?? '',
        comparison: cell.getAttribute('data-comparison') ?? '',
        value: cell.querySelector('.framework-table__value')?.textContent ?? '',
        call: cell.querySelector('.framework-table__call')?.textContent ?? '',
      })),
    );
    const localities = published.outcomes.trends.filter((area) => area.level === 'locality');
    expect(new Set(cells.map((cell) => cell.area))).toEqual(new Set(localities.map((area) => area.code)));
    const words: Record<string, string> = { better: 'Better', similar: 'Similar', worse: 'Worse', higher: 'Higher', lower: 'Lower', 'not-compared': 'Not compared' };
    for (const cell of cells) {
      const latest = indicatorTrend(localities.find((area) => area.code === cell.area) as AreaTrend, cell.indicator).points.at(-1);
      const call = latest?.comparison?.at95 ?? 'not-compared';
      expect(cell.comparison, `${cell.area} ${cell.indicator}`).toBe(call);
      expect(cell.call).toContain(words[call]);
      expect(cell.value).toBe(latest === undefined || latest.display === '' ? '–' : formatted(latest.display));
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.locator('.app-main').evaluate((element) => element.scrollTo(0, 0));
    await workbench.screenshot('outcomes-framework');
  });

  it('prints on A4 without the window’s chrome, with the title, periods, methods and suppression rule', async () => {
    const page = workbench.page;
    await page.emulateMedia({ media: 'print' });
    try {
      const hidden = await page.evaluate(() => {
        const world = globalThis as unknown as { document: { querySelector(selector: string): unknown }; getComputedStyle(element: unknown): { display: string } };
        return ['.app-nav', '.app-header', '.outcomes-tabs', '.outcomes-controls'].map((selector) => world.getComputedStyle(world.document.querySelector(selector)).display);
      });
      expect(hidden).toEqual(['none', 'none', 'none', 'none']);
      const text = await page.locator('.outcomes-tabpanel').textContent();
      expect(text).toContain(published.title);
      expect(text).toContain(published.periods.at(-1)?.label ?? '');
      expect(text).toContain(published.suppression.rule);
      for (const method of published.outcomes.methods) expect(text).toContain(method);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('exports the page as the engine’s workbook, with an "About this data" sheet', async () => {
    const page = workbench.page;
    const saved = await savedDownload(page, () => page.getByRole('button', { name: 'Download this page (xlsx)' }).click());
    expect(saved.name).toMatch(/\.xlsx$/);
    const workbook = XLSX.read(saved.bytes, { type: 'buffer' });
    expect(workbook.SheetNames).toContain('About this data');
    expect(workbook.SheetNames.length).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.outcomes-controls [role="status"]').textContent()).toContain('Small numbers in it are suppressed');
  });

  it('fits a 1920×1080 screen as well, and makes no request beyond the loopback host', async () => {
    const page = workbench.page;
    await page.setViewportSize(DESKTOP_VIEWPORT);
    for (const tab of ['Locality profile', 'Trends', 'City framework']) {
      await openTab(page, tab);
      expect(await horizontalOverflow(page), tab).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize(LAPTOP_VIEWPORT);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});
