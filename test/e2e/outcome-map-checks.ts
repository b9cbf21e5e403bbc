import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { AreaView, VillageJson } from '../../shared/village';

/**
 * Checks of a choropleth on a page against village.json: every area's row (figure, count, denominator, status)
 * and colour class, and a keyboard path through every area whose tooltip says the area's figure.
 */

const grouping = new Intl.NumberFormat('en-GB');
const formatted = (display: string): string => (/^-?\d{4,}$/.test(display) ? grouping.format(Number(display)) : display);

function figureOf(area: AreaView, id: string) {
  const figure = area.indicators.find((entry) => entry.id === id);
  if (figure === undefined) throw new Error(`${area.name} has no ${id}`);
  return figure;
}

/** Each area's row says what village.json says, and its class's legend range holds its rate; returns the suppressed codes. */
export async function expectMapMatches(map: Locator, published: VillageJson, level: 'locality' | 'ward', indicatorId: string): Promise<string[]> {
  const areas = published.areas.filter((area) => area.level === level);
  const shown = await map.locator('tr[data-code]').evaluateAll((rows) =>
    rows.map((row) => ({ code: row.getAttribute('data-code') ?? '', status: row.getAttribute('data-status') ?? '', classIndex: row.getAttribute('data-class') ?? '', cells: [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '') })),
  );
  const classes = new Map(
    await map.locator('.choropleth__classes li[data-min]').evaluateAll((items) => items.map((item) => [item.getAttribute('data-class') ?? '', [Number(item.getAttribute('data-min')), Number(item.getAttribute('data-max'))]] as const)),
  );
  expect(shown.map((row) => row.code).sort()).toEqual(areas.map((area) => area.code).sort());
  for (const area of areas) {
    const figure = figureOf(area, indicatorId);
    const row = shown.find((entry) => entry.code === area.code);
    if (row === undefined) throw new Error(`no row for ${area.name}`);
    expect(row.cells[1], area.name).toBe(formatted(figure.count.display));
    expect(row.cells[2], area.name).toBe(formatted(figure.denominator.display));
    if (figure.rate === null) {
      expect(row.status, area.name).toBe(figure.count.status !== 'published' || figure.denominator.status !== 'published' ? 'suppressed' : 'no-data');
      expect(row.classIndex, area.name).toBe('');
      if (row.status === 'suppressed') expect(row.cells[0], area.name).toBe(`${published.suppression.symbol} (suppressed)`);
    } else {
      expect(row.status, area.name).toBe('published');
      expect(row.cells[0], area.name).toBe(figure.rateDisplay);
      const [min, max] = classes.get(row.classIndex) ?? [Number.NaN, Number.NaN];
      expect(figure.rate, `${area.name} in class ${row.classIndex}`).toBeGreaterThanOrEqual(min - 1e-9);
      expect(figure.rate, `${area.name} in class ${row.classIndex}`).toBeLessThanOrEqual(max + 1e-9);
    }
  }
  return shown.filter((row) => row.status === 'suppressed').map((row) => row.code);
}

/** Tab from the first area visits every area in order, and each focus opens a tooltip with its figure, count and denominator. */
export async function expectKeyboardReachesEveryArea(page: Page, map: Locator, published: VillageJson, indicatorId: string): Promise<void> {
  const codes = await map.locator('tr[data-code]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code') ?? ''));
  await map.locator('.choropleth__area').first().focus();
  // ECharts puts its tooltip beside the canvas's own wrapper, inside the chart's element.
  const tooltip = map.locator('.choropleth__canvas > div:not(:first-child)');
  const visited: string[] = [];
  for (let step = 0; step < codes.length; step += 1) {
    const code = await page.evaluate(() => {
      const focused = (globalThis as unknown as { document: { activeElement: { closest(selector: string): { getAttribute(name: string): string | null } | null } | null } }).document.activeElement;
      return focused?.closest('tr')?.getAttribute('data-code') ?? null;
    });
    if (code === null) break;
    visited.push(code);
    const area = published.areas.find((entry) => entry.code === code);
    if (area === undefined) throw new Error(`the map shows ${code}, which village.json does not have`);
    const figure = figureOf(area, indicatorId);
    await expect.poll(() => tooltip.textContent(), { timeout: 5_000 }).toContain(area.name);
    const text = (await tooltip.textContent()) ?? '';
    const shown = figure.rate === null ? (figure.count.status === 'published' && figure.denominator.status === 'published' ? 'no figure' : 'suppressed') : figure.rateDisplay;
    for (const expected of [shown, `count ${figure.count.display}`, `of ${figure.denominator.display}`, 'Source:']) expect(text, area.name).toContain(expected);
    await page.keyboard.press('Tab');
  }
  expect(visited).toEqual(codes);
}
