import fs from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { AreaTrend, IndicatorTrend, TrendPoint } from '../../shared/outcomes';
import type { VillageJson } from '../../shared/village';
import { readPngText } from '../../renderer/src/maps/png-text';
import { seriousAccessibilityViolations } from './axe';
import { expectKeyboardReachesEveryArea, expectMapMatches } from './outcome-map-checks';
import { DESKTOP_VIEWPORT, LAPTOP_VIEWPORT, runSamplesSeries, samplesSeriesInputs, startWorkbench, type Workbench } from './harness';

/**
 * The Outcomes screen on the samples' series of four quarters, each quarter's recipe run through the typed
 * contract as `npm run demo` runs them: the locality profile, a trend chart and the city framework table show
 * village.json's figures, intervals and calls; their maps colour every area as village.json has it; the page
 * prints on A4 and exports its workbook (figures checked cell by cell), its self-contained printable page and a
 * PNG of every kind of chart with its text chunks; the keyboard reaches every view and every area of a map, axe
 * finds nothing serious, and the page never scrolls sideways.
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

/** Text as the engine's pages escape it. */
function escapedHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** A point as the outcomes workbook writes it: the value to one decimal, the suppression symbol, or blank. */
function workbookCell(point: TrendPoint | undefined): string | number {
  if (point === undefined || !point.available) return '';
  if (point.suppressed) return point.display;
  return point.value === null ? '' : Math.round(point.value * 10) / 10;
}

function sheetRows(workbook: XLSX.WorkBook, name: string): (string | number)[][] {
  const sheet = workbook.Sheets[name];
  if (sheet === undefined) throw new Error(`the workbook has no sheet "${name}" (it has ${workbook.SheetNames.join(', ')})`);
  return XLSX.utils.sheet_to_json<(string | number)[]>(sheet, { header: 1, defval: '' });
}

function indicatorIdNamed(name: string): string {
  const indicator = published.indicators.find((entry) => entry.name === name);
  if (indicator === undefined) throw new Error(`village.json has no indicator named ${name}`);
  return indicator.id;
}

/** The framework's indicators in the order every page lists them; indicators no outcome lists come last. */
function frameworkIds(): string[] {
  const framed = published.outcomes.framework.flatMap((outcome) => outcome.indicators.map((entry) => entry.indicator));
  const city = published.outcomes.trends.find((area) => area.level === 'city');
  return [...framed, ...(city?.indicators ?? []).map((trend) => trend.id).filter((id) => !framed.includes(id))];
}

function unitOf(id: string): string {
  const unit = published.indicators.find((indicator) => indicator.id === id)?.unit;
  return unit === 1000 ? 'per 1,000' : unit === 'percent' ? '%' : 'per 100';
}

/** The page's chosen map: the indicator its "Colour by" select holds. */
async function mappedIndicator(page: Page, idPrefix: string): Promise<string> {
  const key = await page.locator(`#${idPrefix}-map-measure`).inputValue();
  expect(key).toMatch(/^indicator:/);
  return key.slice('indicator:'.length);
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

  it('maps the chosen indicator by locality under the profile: classes, figures and tooltips are village.json’s, the locality highlighted', async () => {
    const page = workbench.page;
    const map = page.locator('.outcomes-tabpanel figure.choropleth[data-level="locality"]');
    await expect.poll(() => map.locator('tr[data-code]').count(), { timeout: 15_000 }).toBe(10);
    await page.locator('#outcomes-profile-map-measure').selectOption('indicator:poverty');
    const indicatorId = await mappedIndicator(page, 'outcomes-profile');
    expect(await map.locator('.choropleth__title').textContent()).toBe(`${published.indicators.find((entry) => entry.id === indicatorId)?.name} (${unitOf(indicatorId)}) by locality`);
    await expectMapMatches(map, published, 'locality', indicatorId);
    expect(await map.getByRole('button', { name: LOCALITY, exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await map.locator('.choropleth__legend-heading').textContent()).toContain(`${unitOf(indicatorId)}; denominator: `);
    expect(await map.locator('.choropleth__source').textContent()).toContain('Office for National Statistics');
    await expectKeyboardReachesEveryArea(page, map, published, indicatorId);
    // Pressing an area opens that locality's profile.
    await map.getByRole('button', { name: 'Ladywood', exact: true }).click();
    await expect.poll(() => page.locator('.outcomes-profile').getAttribute('data-locality')).toBe('Ladywood');
    expect(await map.getByRole('button', { name: 'Ladywood', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('Locality', { exact: true }).selectOption({ label: LOCALITY });
    await expect.poll(() => map.getByRole('button', { name: LOCALITY, exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await map.getByRole('button', { name: LOCALITY, exact: true }).focus();
    await page.locator('#outcomes-profile-map-heading').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('outcomes-profile-map');
  });

  it('saves an outcome’s spine chart as a PNG carrying its title, period, sources and suppression rule', async () => {
    const page = workbench.page;
    const outcome = published.outcomes.framework[0]?.title ?? 'Indicators';
    const png = await savedDownload(page, () => page.getByRole('button', { name: `Download the ${outcome} spine chart (PNG)` }).click());
    expect(png.name).toMatch(/^spine-.*hodge-hill\.png$/);
    const bytes = new Uint8Array(png.bytes);
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const text = readPngText(bytes);
    expect(text.get('Title')).toBe(`${outcome}: ${LOCALITY} against ${published.outcomes.trends.find((area) => area.level === 'city')?.name}, ${SERIES.at(-1)}`);
    expect(text.get('Description')).toContain('at 95% confidence');
    expect(text.get('Source')).toContain(published.sources[0]?.file ?? 'no source');
    expect(text.get('Disclaimer')).toBe(published.suppression.rule);
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
    const text = readPngText(new Uint8Array(png.bytes));
    expect(text.get('Title')).toContain(LOCALITY);
    expect(text.get('Description')).toContain(`${SERIES[0]} to ${SERIES.at(-1)}`);
    expect(text.get('Disclaimer')).toBe(published.suppression.rule);
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

  it('saves the framework table as a PNG drawn from the same figures, with its title, period, sources and rule', async () => {
    const page = workbench.page;
    const png = await savedDownload(page, () => page.getByRole('button', { name: 'Download the framework table (PNG)' }).click());
    expect(png.name).toMatch(/^framework-.*\.png$/);
    const bytes = new Uint8Array(png.bytes);
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // Wide enough for a column per locality: the picture is the table, not a crop of the window.
    expect(Buffer.from(bytes).readUInt32BE(16)).toBeGreaterThan(2 * (260 + 96 * 11));
    const text = readPngText(bytes);
    expect(text.get('Title')).toBe(`The outcome framework by locality, ${SERIES.at(-1)}`);
    expect(text.get('Source')).toContain(published.sources[0]?.file ?? 'no source');
    expect(text.get('Disclaimer')).toBe(published.suppression.rule);
  });

  it('maps the city page by locality and by ward: suppressed wards hatched and labelled, every ward reached by the keyboard', async () => {
    const page = workbench.page;
    const map = (level: string) => page.locator(`.outcomes-tabpanel figure.choropleth[data-level="${level}"]`);
    await expect.poll(() => map('locality').locator('tr[data-code]').count(), { timeout: 15_000 }).toBe(10);
    const indicatorId = await mappedIndicator(page, 'outcomes-framework');
    await expectMapMatches(map('locality'), published, 'locality', indicatorId);
    expect(await map('locality').getByRole('button', { name: LOCALITY, exact: true }).getAttribute('aria-pressed')).toBe('true');
    const wards = published.areas.filter((area) => area.level === 'ward');
    expect(wards.length).toBeGreaterThan(0);
    await page.locator('.outcomes-tabpanel').getByRole('radio', { name: 'Wards' }).check();
    const wardIndicator = published.indicators.find((indicator) => wards.some((ward) => ward.indicators.some((figure) => figure.id === indicator.id && figure.rate === null && figure.count.status !== 'published')));
    if (wardIndicator === undefined) throw new Error('no indicator has a suppressed ward');
    await page.locator('#outcomes-framework-map-measure').selectOption(`indicator:${wardIndicator.id}`);
    await expect.poll(() => map('ward').locator('tr[data-code]').count(), { timeout: 15_000 }).toBe(wards.length);
    const suppressed = await expectMapMatches(map('ward'), published, 'ward', wardIndicator.id);
    expect(suppressed.length).toBeGreaterThan(0);
    expect(await map('ward').locator('.choropleth__classes li[data-class="suppressed"]').textContent()).toBe(`Suppressed (${published.suppression.symbol}): ${suppressed.length} ${suppressed.length === 1 ? 'area' : 'areas'}, hatched`);
    await expectKeyboardReachesEveryArea(page, map('ward'), published, wardIndicator.id);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.locator('#outcomes-framework-map-heading').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('outcomes-framework-map');
    await page.locator('.outcomes-tabpanel').getByRole('radio', { name: 'Localities' }).check();
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
    // The city framework, cell by cell: the city's and every locality's latest figure as village.json has it.
    const city = published.outcomes.trends.find((area) => area.level === 'city') as AreaTrend;
    const [header, ...rows] = sheetRows(workbook, 'Framework');
    const localityColumns = (header ?? []).slice(6).map((name) => areaTrend(String(name)));
    expect(localityColumns).toHaveLength(10);
    expect(rows.map((row) => indicatorIdNamed(String(row[1])))).toEqual(frameworkIds());
    for (const row of rows) {
      const id = indicatorIdNamed(String(row[1]));
      expect(row[5], `${id} city`).toEqual(workbookCell(indicatorTrend(city, id).points.at(-1)));
      localityColumns.forEach((area, index) => expect(row[6 + index], `${id} ${area.name}`).toEqual(workbookCell(indicatorTrend(area, id).points.at(-1))));
    }
    const words: Record<string, string> = { better: 'better', similar: 'similar', worse: 'worse', higher: 'higher', lower: 'lower', 'not-compared': 'not compared' };
    const [, ...calls] = sheetRows(workbook, 'Compared with the city');
    for (const row of calls) {
      const id = indicatorIdNamed(String(row[1]));
      localityColumns.forEach((area, index) => {
        const comparison = indicatorTrend(area, id).points.at(-1)?.comparison;
        expect(row[2 + index], `${id} ${area.name}`).toBe(comparison === null || comparison === undefined ? '' : words[comparison.at95]);
      });
    }
    const trendRows = sheetRows(workbook, 'Trends').slice(1);
    expect(trendRows).toHaveLength(published.outcomes.trends.reduce((sum, area) => sum + area.indicators.length * SERIES.length, 0));
    for (const row of trendRows.filter((entry) => entry[0] === LOCALITY)) {
      const point = indicatorTrend(areaTrend(LOCALITY), indicatorIdNamed(String(row[1]))).points.find((entry) => entry.period === row[2]);
      expect(row[5], `${String(row[1])} ${String(row[2])}`).toEqual(workbookCell(point));
    }
  });

  it('exports the city page as a self-contained printable page: A4 print rules, the heat table, maps, methods and no request', async () => {
    const page = workbench.page;
    const saved = await savedDownload(page, () => page.getByRole('button', { name: 'Download the printable page (html)' }).click());
    expect(saved.name).toMatch(/^outcomes-city-.*\.html$/);
    const html = saved.bytes.toString('utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toMatch(/@page\{size:A4/);
    expect(html).toContain('@media print');
    expect(html).toContain('id="outcomes-heat"');
    expect(html).toContain(escapedHtml(published.suppression.rule));
    for (const method of published.outcomes.methods) expect(html).toContain(escapedHtml(method));
    const mapped = published.indicators.filter((indicator) => published.areas.some((area) => area.level === 'locality' && area.indicators.some((figure) => figure.id === indicator.id)));
    const drawn = [...html.matchAll(/<figure class="map outcome-map" data-level="locality" data-indicator="([^"]+)">/g)].map((match) => match[1]);
    expect(new Set(drawn)).toEqual(new Set(mapped.map((indicator) => indicator.id)));
    expect(html).not.toMatch(/(?:src|href)="(?!#)/);
    expect(html).not.toMatch(/url\(|@import/);
    // Opened on its own, the page asks for nothing.
    const viewer = await page.context().newPage();
    const requests: string[] = [];
    viewer.on('request', (request) => requests.push(request.url()));
    await viewer.setContent(html, { waitUntil: 'load' });
    // Per indicator: its outcome, the city and the ten localities.
    expect(await viewer.locator('#outcomes-heat tbody td').count()).toBe(frameworkIds().length * 12);
    expect(await viewer.locator('.outcome-maps svg.choropleth').count()).toBe(mapped.length);
    await viewer.close();
    expect(requests).toEqual([]);
  });

  it('exports a locality profile’s workbook and printable page with the locality’s figures and its map', async () => {
    const page = workbench.page;
    await openTab(page, 'Locality profile');
    await page.getByLabel('Locality', { exact: true }).selectOption({ label: LOCALITY });
    const locality = areaTrend(LOCALITY);
    const city = published.outcomes.trends.find((area) => area.level === 'city') as AreaTrend;
    const saved = await savedDownload(page, () => page.getByRole('button', { name: 'Download this page (xlsx)' }).click());
    expect(saved.name).toMatch(/^outcomes-hodge-hill-.*\.xlsx$/);
    const workbook = XLSX.read(saved.bytes, { type: 'buffer' });
    const [header, ...rows] = sheetRows(workbook, `Profile ${LOCALITY}`);
    expect(header?.slice(3, 8)).toEqual(['Latest', '95% lower', '95% upper', 'City', 'Compared with city (95%)']);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const id = indicatorIdNamed(String(row[1]));
      const latest = indicatorTrend(locality, id).points.at(-1);
      expect(row[3], id).toEqual(workbookCell(latest));
      expect(row[4], id).toEqual(latest?.ci95 === null || latest?.ci95 === undefined ? '' : Math.round(latest.ci95[0] * 10) / 10);
      expect(row[6], id).toEqual(workbookCell(indicatorTrend(city, id).points.at(-1)));
    }
    const page2 = await savedDownload(page, () => page.getByRole('button', { name: 'Download the printable page (html)' }).click());
    const html = page2.bytes.toString('utf8');
    expect(page2.name).toMatch(/^outcomes-hodge-hill-.*\.html$/);
    expect(html).toContain(`${LOCALITY}: locality profile`);
    expect(html).toContain(`${LOCALITY} has the heavy border.`);
    expect(html).toMatch(new RegExp(`<g data-code="${LOCALITY}"[^>]*><title>[^<]*</title><use href="#outcome-shape-hodge-hill" [^>]*stroke="#111111" stroke-width="3"`));
    expect(html).not.toMatch(/(?:src|href)="(?!#)/);
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
