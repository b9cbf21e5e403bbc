import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choroplethFigures } from '../../shared/maps';
import type { AreaView, VillageJson } from '../../shared/village';
import { readPngText } from '../../renderer/src/maps/png-text';
import { seriousAccessibilityViolations } from './axe';
import { startWorkbenchWithSamplesRun, type Workbench } from './harness';

/**
 * The choropleths on a recipe run of the bundled samples (run through the engine, so this file spends its
 * time on the maps): every area's colour class, figures and tooltip are village.json's, suppressed wards are
 * hatched and say so, the keyboard reaches every area, saved maps carry the attribution, and report.html
 * holds the maps.
 */

const ATTRIBUTION = 'Contains OS data © Crown copyright and database right; Source: Office for National Statistics licensed under the Open Government Licence v3.0';
const grouping = new Intl.NumberFormat('en-GB');
const formatted = (display: string): string => (/^-?\d{4,}$/.test(display) ? grouping.format(Number(display)) : display);

let workbench: Workbench;
let published: VillageJson;

beforeAll(async () => {
  ({ workbench, published } = await startWorkbenchWithSamplesRun());
}, 300_000);

afterAll(async () => {
  await workbench?.close();
});

async function heading(): Promise<string | null> {
  return workbench.page.getByRole('heading', { level: 1 }).textContent();
}

function figureOf(area: AreaView, id: string) {
  const figure = area.indicators.find((entry) => entry.id === id);
  if (figure === undefined) throw new Error(`${area.name} has no ${id}`);
  return figure;
}

interface ShownArea {
  readonly code: string;
  readonly status: string;
  readonly classIndex: string;
  readonly cells: string[];
}

async function shownAreas(page: Page, level: 'locality' | 'ward'): Promise<ShownArea[]> {
  return page.locator(`figure.choropleth[data-level="${level}"] tr[data-code]`).evaluateAll((rows) =>
    rows.map((row) => ({
      code: row.getAttribute('data-code') ?? '',
      status: row.getAttribute('data-status') ?? '',
      classIndex: row.getAttribute('data-class') ?? '',
      cells: [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? ''),
    })),
  );
}

async function legendClasses(page: Page, level: 'locality' | 'ward'): Promise<Map<string, { min: number; max: number }>> {
  const entries = await page.locator(`figure.choropleth[data-level="${level}"] .choropleth__classes li[data-min]`).evaluateAll((items) =>
    items.map((item) => [item.getAttribute('data-class') ?? '', Number(item.getAttribute('data-min')), Number(item.getAttribute('data-max'))] as const),
  );
  return new Map(entries.map(([index, min, max]) => [index, { min, max }]));
}

/** Each area's row says what village.json says: figure, count, denominator, and a class whose range holds its rate. */
async function expectAreasMatch(page: Page, level: 'locality' | 'ward', indicatorId: string): Promise<ShownArea[]> {
  const areas = published.areas.filter((area) => area.level === level);
  const shown = await shownAreas(page, level);
  const classes = await legendClasses(page, level);
  expect(shown.map((row) => row.code).sort()).toEqual(areas.map((area) => area.code).sort());
  for (const area of areas) {
    const figure = figureOf(area, indicatorId);
    const row = shown.find((entry) => entry.code === area.code) as ShownArea;
    expect(row.cells[1], area.name).toBe(formatted(figure.count.display));
    expect(row.cells[2], area.name).toBe(formatted(figure.denominator.display));
    if (figure.rate === null) {
      expect(row.status, area.name).toBe(figure.count.status !== 'published' || figure.denominator.status !== 'published' ? 'suppressed' : 'no-data');
      expect(row.classIndex, area.name).toBe('');
      if (row.status === 'suppressed') expect(row.cells[0], area.name).toBe(`${published.suppression.symbol} (suppressed)`);
    } else {
      expect(row.status, area.name).toBe('published');
      expect(row.cells[0], area.name).toBe(figure.rateDisplay);
      const range = classes.get(row.classIndex);
      expect(range, `${area.name} class ${row.classIndex}`).toBeDefined();
      expect(figure.rate, area.name).toBeGreaterThanOrEqual((range?.min ?? 0) - 1e-9);
      expect(figure.rate, area.name).toBeLessThanOrEqual((range?.max ?? 0) + 1e-9);
    }
  }
  return shown;
}

/** What an indicator map's tooltip says of an area: its rate (or why none), count, denominator and source. */
function indicatorTooltip(indicatorId: string): (area: AreaView) => string[] {
  return (area) => {
    const shown = figureOf(area, indicatorId);
    const expected = shown.rate === null ? (shown.count.status === 'published' && shown.denominator.status === 'published' ? 'no figure' : 'suppressed') : shown.rateDisplay;
    return [expected, `count ${shown.count.display}`, `of ${shown.denominator.display}`, 'Source:'];
  };
}

/** Tab from the first area visits every area of the table in order, and each focus opens that area's tooltip. */
async function expectKeyboardReachesEveryArea(page: Page, level: 'locality' | 'ward', tooltipTexts: (area: AreaView) => string[]): Promise<void> {
  const figure = page.locator(`figure.choropleth[data-level="${level}"]`);
  const codes = await figure.locator('tr[data-code]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code') ?? ''));
  await figure.locator('.choropleth__area').first().focus();
  // ECharts puts its tooltip beside the canvas's own wrapper, inside the chart's element.
  const tooltip = figure.locator('.choropleth__canvas > div:not(:first-child)');
  const visited: string[] = [];
  for (let step = 0; step < codes.length; step += 1) {
    const code = await page.evaluate(() => {
      const focused = (globalThis as unknown as { document: { activeElement: { closest(selector: string): { getAttribute(name: string): string | null } | null } | null } }).document.activeElement;
      return focused?.closest('tr')?.getAttribute('data-code') ?? null;
    });
    if (code === null) break;
    visited.push(code);
    const area = published.areas.find((entry) => entry.code === code) as AreaView;
    await expect.poll(() => tooltip.textContent(), { timeout: 5_000 }).toContain(area.name);
    const text = (await tooltip.textContent()) ?? '';
    for (const expected of tooltipTexts(area)) expect(text, area.name).toContain(expected);
    await page.keyboard.press('Tab');
  }
  expect(visited).toEqual(codes);
}

/** The colours drawn on the map's canvas: every class colour an area uses, and the hatch when any is suppressed. */
async function canvasColours(page: Page, level: 'locality' | 'ward'): Promise<Set<string>> {
  const colours = await page.locator(`figure.choropleth[data-level="${level}"] canvas`).first().evaluate((element) => {
    const canvas = element as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray } } | null };
    const context = canvas.getContext('2d');
    if (context === null) return [];
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Map<string, number>();
    for (let index = 0; index < data.length; index += 4) {
      const hex = `#${[data[index], data[index + 1], data[index + 2]].map((value) => (value ?? 0).toString(16).padStart(2, '0')).join('')}`;
      seen.set(hex, (seen.get(hex) ?? 0) + 1);
    }
    return [...seen].filter(([, count]) => count >= 20).map(([hex]) => hex);
  });
  return new Set(colours);
}

async function usedClassColours(page: Page, level: 'locality' | 'ward'): Promise<string[]> {
  return page.locator(`figure.choropleth[data-level="${level}"] tr[data-status="published"] .choropleth__swatch`).evaluateAll((swatches) => {
    const toHex = (rgb: string): string => `#${(rgb.match(/\d+/g) ?? []).slice(0, 3).map((part) => Number(part).toString(16).padStart(2, '0')).join('')}`;
    const styleOf = (globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }).getComputedStyle;
    return [...new Set(swatches.map((swatch) => toHex(styleOf(swatch).backgroundColor)))];
  });
}

describe('Maps in Chromium', () => {
  it('the Village screen maps the localities: classes, figures and tooltips are village.json’s, the chosen locality highlighted', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(heading).not.toBeNull();
    await page.keyboard.press('Alt+4');
    await expect.poll(heading).toBe('Village of 100');
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'EHC plan' });
    await page.getByLabel('Locality beside the city').selectOption({ label: 'Hodge Hill' });
    const map = page.locator('figure.choropleth[data-level="locality"]');
    await expect.poll(() => map.locator('tr[data-code]').count(), { timeout: 15_000 }).toBe(10);
    expect(await map.locator('.choropleth__title').textContent()).toBe('EHC plan (per 100) by locality');
    expect(await map.getAttribute('data-scheme')).toBe('diverging');
    await expectAreasMatch(page, 'locality', 'ehc_plan');
    expect(await map.getByRole('button', { name: 'Hodge Hill', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await map.locator('.choropleth__legend-heading').textContent()).toMatch(/^per 100; denominator: children and young people aged \d+–\d+ \(population estimates\)/);
    expect(await map.locator('.choropleth__unresolved').textContent()).toContain(`${published.areas[0]?.unresolved['ehc_plan']?.display} of the city's`);
    expect(await map.locator('.choropleth__source').textContent()).toContain(ATTRIBUTION);
    const drawn = await canvasColours(page, 'locality');
    for (const colour of await usedClassColours(page, 'locality')) expect(drawn, colour).toContain(colour);
    await expectKeyboardReachesEveryArea(page, 'locality', indicatorTooltip('ehc_plan'));
    // Each area's button is described by its class and figure, for a screen reader that does not read the row.
    for (const area of published.areas.filter((entry) => entry.level === 'locality')) {
      const button = map.getByRole('button', { name: area.name, exact: true });
      const description = map.locator(`[id="${await button.getAttribute('aria-describedby')}"]`);
      expect(await description.textContent(), area.name).toContain(`${area.name}: ${figureOf(area, 'ehc_plan').rateDisplay} per 100`);
    }
    // Pressing an area sets its locality beside the city.
    await map.getByRole('button', { name: 'Ladywood', exact: true }).click();
    await expect.poll(() => page.getByLabel('Locality beside the city').inputValue()).toBe('Ladywood');
    expect(await map.getByRole('button', { name: 'Ladywood', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('Locality beside the city').selectOption({ label: 'Hodge Hill' });
    await map.getByRole('button', { name: 'Hodge Hill', exact: true }).focus();
    await map.evaluate((element) => (element as unknown as { scrollIntoView(options: { block: string }): void }).scrollIntoView({ block: 'start' }));
    await workbench.screenshot('maps-village-localities');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('maps the 69 wards: suppressed wards hatched and labelled as suppressed, every ward reached by the keyboard', async () => {
    const { page } = workbench;
    await page.getByRole('radio', { name: 'Wards' }).first().check();
    await page.getByLabel('Colour by').first().selectOption({ label: 'Looked after' });
    const map = page.locator('figure.choropleth[data-level="ward"]');
    await expect.poll(() => map.locator('tr[data-code]').count(), { timeout: 15_000 }).toBe(69);
    const shown = await expectAreasMatch(page, 'ward', 'looked_after');
    const suppressed = published.areas.filter((area) => area.level === 'ward' && figureOf(area, 'looked_after').rate === null && figureOf(area, 'looked_after').count.status !== 'published');
    expect(suppressed.length).toBeGreaterThan(0);
    expect(shown.filter((row) => row.status === 'suppressed').map((row) => row.code).sort()).toEqual(suppressed.map((area) => area.code).sort());
    expect(await map.locator('.choropleth__classes li[data-class="suppressed"]').textContent()).toBe(`Suppressed (${published.suppression.symbol}): ${suppressed.length} areas, hatched`);
    const drawn = await canvasColours(page, 'ward');
    expect(drawn).toContain('#5f6b7a');
    for (const colour of await usedClassColours(page, 'ward')) expect(drawn, colour).toContain(colour);
    await expectKeyboardReachesEveryArea(page, 'ward', indicatorTooltip('looked_after'));
    await map.locator('.choropleth__area').nth(3).focus();
    await map.evaluate((element) => (element as unknown as { scrollIntoView(options: { block: string }): void }).scrollIntoView({ block: 'start' }));
    await workbench.screenshot('maps-village-wards');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('saves the map as SVG and PNG, each with its title, reference date, source and the OS/ONS attribution', async () => {
    const { page } = workbench;
    const map = page.locator('figure.choropleth[data-level="ward"]');
    const svgDownload = page.waitForEvent('download');
    await map.getByRole('button', { name: 'Download map (SVG)' }).click();
    const svgText = fs.readFileSync((await (await svgDownload).path()) as string, 'utf8');
    expect(svgText).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svgText).toContain('Looked after (per 100) by ward');
    expect(svgText).toContain(`Reference date ${published.referenceDate}`);
    expect(svgText).toContain('Source: Children looked after');
    expect(svgText).toContain(ATTRIBUTION.replace('&', '&amp;'));
    const suppressed = published.areas.filter((area) => area.level === 'ward' && figureOf(area, 'looked_after').rate === null);
    expect(svgText.match(/data-status="suppressed"/g)?.length).toBe(suppressed.length);

    const pngDownload = page.waitForEvent('download');
    await map.getByRole('button', { name: 'Download map (PNG)' }).click();
    const png = new Uint8Array(fs.readFileSync((await (await pngDownload).path()) as string));
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const text = readPngText(png);
    expect(text.get('Title')).toBe('Looked after (per 100) by ward');
    expect(text.get('Copyright')).toBe(ATTRIBUTION);
    expect(text.get('Description')).toContain(`Reference date ${published.referenceDate}`);
    expect(text.get('Source')).toContain('ONS May 2018 ward boundaries');
  });

  it('maps a village partition by ward: each ward’s class, figures and tooltip are village.json’s, suppressed wards hatched, every ward reached by the keyboard', async () => {
    const { page } = workbench;
    const wards = published.areas.filter((area) => area.level === 'ward');
    const categoryOf = (area: AreaView, partition: string, label: string) => area.partitions.find((entry) => entry.partition === partition)?.categories.find((entry) => entry.label === label);
    // The first category some wards publish and others withhold, so the map shows both.
    const city = published.areas.find((area) => area.level === 'city') as AreaView;
    const chosen = city.partitions
      .flatMap((partition) => partition.categories.map((category) => ({ partition: partition.partition, label: category.label })))
      .find(({ partition, label }) => wards.some((ward) => categoryOf(ward, partition, label)?.villagers !== null) && wards.some((ward) => categoryOf(ward, partition, label)?.villagers === null));
    if (chosen === undefined) throw new Error('No village category is both published and suppressed by ward');
    const words: Record<string, string> = { sex: 'sex', ageBand: 'age band', ethnicity: 'ethnic group' };
    await page.keyboard.press('Alt+4');
    await expect.poll(heading).toBe('Village of 100');
    await page.getByRole('radio', { name: 'Wards' }).first().check();
    await page.getByLabel('Colour by').first().selectOption({ label: `${chosen.label} (${words[chosen.partition]})` });
    const map = page.locator('figure.choropleth[data-level="ward"]');
    await expect.poll(() => map.locator('.choropleth__title').textContent(), { timeout: 15_000 }).toContain(`${chosen.label} (${words[chosen.partition]}) as villagers of ${published.village.size}, by ward`);
    expect(await map.getAttribute('data-scheme')).toBe('sequential');
    const shown = await shownAreas(page, 'ward');
    const classes = await legendClasses(page, 'ward');
    // Classes fitted to the wards' range with round breaks, the method stated in the legend (docs/methods.md).
    const expected = choroplethFigures(published, 'ward', { kind: 'share', partition: chosen.partition, category: chosen.label });
    expect(await map.locator('.choropleth__class-note').textContent()).toBe(expected.classNote);
    expect([...classes.values()].map((range) => [range.min, range.max])).toEqual(expected.classes.map((entry) => [entry.min, entry.max]));
    expect(shown.map((row) => row.code).sort()).toEqual(wards.map((area) => area.code).sort());
    const suppressed: string[] = [];
    for (const ward of wards) {
      const category = categoryOf(ward, chosen.partition, chosen.label);
      const total = ward.partitions.find((entry) => entry.partition === chosen.partition)?.total;
      const row = shown.find((entry) => entry.code === ward.code) as ShownArea;
      expect(row.cells[1], ward.name).toBe(formatted(category?.count.display ?? ''));
      expect(row.cells[2], ward.name).toBe(formatted(total?.display ?? ''));
      if (category?.villagers == null) {
        suppressed.push(ward.code);
        expect(row.status, ward.name).toBe('suppressed');
        expect(row.classIndex, ward.name).toBe('');
        expect(row.cells[0], ward.name).toBe(`${published.suppression.symbol} (suppressed)`);
      } else {
        expect(row.status, ward.name).toBe('published');
        expect(row.cells[0], ward.name).toBe(String(category.villagers));
        const range = classes.get(row.classIndex);
        expect(range, `${ward.name} class ${row.classIndex}`).toBeDefined();
        expect(category.villagers, ward.name).toBeGreaterThanOrEqual((range?.min ?? 0) - 1e-9);
        expect(category.villagers, ward.name).toBeLessThanOrEqual((range?.max ?? 0) + 1e-9);
      }
    }
    expect(await map.locator('.choropleth__classes li[data-class="suppressed"]').textContent()).toBe(`Suppressed (${published.suppression.symbol}): ${suppressed.length} ${suppressed.length === 1 ? 'area' : 'areas'}, hatched`);
    const drawn = await canvasColours(page, 'ward');
    expect(drawn).toContain('#5f6b7a');
    for (const colour of await usedClassColours(page, 'ward')) expect(drawn, colour).toContain(colour);
    // Tab through every ward: each focus opens its tooltip with its villagers (or "suppressed"), count and total.
    await expectKeyboardReachesEveryArea(page, 'ward', (ward) => {
      const category = categoryOf(ward, chosen.partition, chosen.label);
      const total = ward.partitions.find((entry) => entry.partition === chosen.partition)?.total;
      return [category?.villagers == null ? `suppressed (${published.suppression.symbol})` : `${category.villagers} of ${published.village.size}`, `${category?.count.display ?? ''} of ${total?.display ?? ''} people`, 'Source: population estimates'];
    });
    await map.locator('.choropleth__area').nth(3).focus();
    await map.evaluate((element) => (element as unknown as { scrollIntoView(options: { block: string }): void }).scrollIntoView({ block: 'start' }));
    await workbench.screenshot('maps-village-ward-partitions');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const svgDownload = page.waitForEvent('download');
    await map.getByRole('button', { name: 'Download map (SVG)' }).click();
    const svgText = fs.readFileSync((await (await svgDownload).path()) as string, 'utf8');
    expect(svgText).toContain(`as villagers of ${published.village.size}, by ward`);
    expect(svgText).toContain(ATTRIBUTION.replace('&', '&amp;'));
    expect(svgText.match(/data-status="suppressed"/g)?.length).toBe(suppressed.length);
    const pngDownload = page.waitForEvent('download');
    await map.getByRole('button', { name: 'Download map (PNG)' }).click();
    const text = readPngText(new Uint8Array(fs.readFileSync((await (await pngDownload).path()) as string)));
    expect(text.get('Title')).toContain('by ward');
    expect(text.get('Copyright')).toBe(ATTRIBUTION);
  });

  it('the dashboards map the same run by area, starting with the dashboard’s topic', async () => {
    const { page } = workbench;
    await page.keyboard.press('Alt+5');
    await expect.poll(heading).toBe('Dashboards');
    const map = page.locator('figure.choropleth[data-level="locality"]');
    await expect.poll(() => map.locator('tr[data-code]').count(), { timeout: 15_000 }).toBe(10);
    expect(await map.locator('.choropleth__title').textContent()).toBe('EHC plan (per 100) by locality');
    await expectAreasMatch(page, 'locality', 'ehc_plan');
    await map.scrollIntoViewIfNeeded();
    await workbench.screenshot('maps-dashboard');
    await page.getByRole('radio', { name: 'Building safety' }).check();
    await expect.poll(() => map.locator('.choropleth__title').textContent(), { timeout: 15_000 }).toBe('Child in need (per 100) by locality');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });

  it('report.html holds the maps as inline SVG, self-contained', async () => {
    const report = await workbench.engine.dispatch('exportView', { view: { kind: 'report' }, format: 'html' });
    if (!report.ok) throw new Error(report.error.message);
    const html = Buffer.from((report.value as { bytes: Uint8Array }).bytes).toString('utf8');
    expect(html).toContain('<section id="maps"');
    const wardIndicators = published.indicators.filter((indicator) => published.areas.some((area) => area.level === 'ward' && area.indicators.some((figure) => figure.id === indicator.id)));
    expect(html.match(/<figure class="map" data-level="locality" data-indicator=/g)?.length).toBe(published.indicators.length);
    expect(html.match(/<figure class="map" data-level="ward" data-indicator=/g)?.length).toBe(wardIndicators.length);
    // Every village category by locality and by ward, the ward maps hatching the wards village.json withholds.
    const categories = (published.areas.find((area) => area.level === 'city')?.partitions ?? []).flatMap((partition) => partition.categories.map((category) => ({ partition: partition.partition, label: category.label })));
    expect(html.match(/<figure class="map" data-level="locality" data-partition=/g)?.length).toBe(categories.length);
    expect(html.match(/<figure class="map" data-level="ward" data-partition=/g)?.length).toBe(categories.length);
    for (const { partition, label } of categories) {
      const start = html.indexOf(`<figure class="map" data-level="ward" data-partition="${partition}" data-category="${label}">`);
      const block = html.slice(start, html.indexOf('</figure>', start));
      const withheld = published.areas.filter((area) => area.level === 'ward' && area.partitions.find((entry) => entry.partition === partition)?.categories.find((entry) => entry.label === label)?.villagers === null);
      expect((block.match(/<g data-code="[^"]+" data-status="suppressed"/g) ?? []).length, `${partition} ${label}`).toBe(withheld.length);
    }
    expect(html).toContain(ATTRIBUTION.replace('&', '&amp;'));
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    await workbench.page.setContent(html);
    await workbench.page.locator('figure.map[data-level="ward"]').first().scrollIntoViewIfNeeded();
    await workbench.screenshot('maps-report');
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});
