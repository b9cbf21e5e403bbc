import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../shared/api';
import { seriousAccessibilityViolations } from './axe';
import { callFromPage, DESKTOP_VIEWPORT, LAPTOP_VIEWPORT, startWorkbench, samplesRecipeInputs, type Workbench } from './harness';

/**
 * Every screen at the usual council laptop's 1366×768 and at 1920×1080, on the samples recipe's run: the page
 * never scrolls sideways (panels collapse and wrap, wide tables scroll inside themselves), and axe stays clean.
 * At 1366×768 the Explore grid fills what is left: at least 8 columns and 15 rows in sight.
 */

const SCREENS = [
  { heading: 'Import', key: 'Alt+1' },
  { heading: 'Validate', key: 'Alt+2' },
  { heading: 'Explore', key: 'Alt+3' },
  { heading: 'Village of 100', key: 'Alt+4' },
  { heading: 'Dashboards', key: 'Alt+5' },
  { heading: 'Linkage', key: 'Alt+6' },
  { heading: 'SQL console', key: 'Alt+7' },
  { heading: 'Recipes', key: 'Alt+8' },
] as const;

let workbench: Workbench;
const consoleErrors: string[] = [];

beforeAll(async () => {
  const inputs = samplesRecipeInputs();
  workbench = await startWorkbench({ inputs });
  workbench.page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
  });
  await workbench.page.goto(workbench.host.url);
  const recipePath = path.join(workbench.inputsFolder, 'birmingham.recipe.json');
  const { jobId } = await callFromPage<ResponseOf<'runRecipe'>>(workbench, 'runRecipe', { path: recipePath });
  for (let state = 'running'; state !== 'succeeded'; ) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    state = (await callFromPage<ResponseOf<'getJob'>>(workbench, 'getJob', { jobId })).state;
    if (state === 'failed' || state === 'cancelled') throw new Error(`The samples recipe run ${state}`);
  }
}, 240_000);

afterAll(async () => {
  await workbench?.close();
});

async function heading(): Promise<string | null> {
  return workbench.page.getByRole('heading', { level: 1 }).textContent();
}

/** How far the page (the document, or the main area that scrolls) reaches past the window's width. */
async function horizontalOverflow(): Promise<number> {
  return workbench.page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelector(selector: string): { scrollWidth: number; clientWidth: number } | null } }).document;
    const main = doc.querySelector('.app-main');
    const documentOverflow = doc.documentElement.scrollWidth - doc.documentElement.clientWidth;
    const mainOverflow = main === null ? 0 : main.scrollWidth - main.clientWidth;
    return Math.max(documentOverflow, mainOverflow);
  });
}

interface GridSight {
  readonly columns: number;
  readonly rows: number;
  /** How far the grid reaches below its panel. */
  readonly spill: number;
}

/** Columns and rows of the Explore grid wholly in sight in the window, and whether the grid stays inside its panel. */
export async function exploreGridSight(page: Workbench['page']): Promise<GridSight> {
  return page.evaluate(() => {
    type Box = { left: number; right: number; top: number; bottom: number; height: number };
    type Node = { getBoundingClientRect(): Box; getAttribute(name: string): string | null; querySelectorAll(selector: string): ArrayLike<Node>; querySelector(selector: string): Node | null };
    const world = globalThis as unknown as { document: Node; innerHeight: number; innerWidth: number };
    const panel = world.document.querySelector('.grid-panel');
    const root = world.document.querySelector('.grid-panel__grid .ag-root-wrapper');
    if (panel === null || root === null) return { columns: 0, rows: 0, spill: Number.POSITIVE_INFINITY };
    const rootBox = root.getBoundingClientRect();
    const scrollbar = root.querySelector('.ag-body-horizontal-scroll');
    const scrollbarBox = scrollbar?.getBoundingClientRect();
    const bottom = Math.min(rootBox.bottom, scrollbarBox !== undefined && scrollbarBox.height > 0 ? scrollbarBox.top : rootBox.bottom, world.innerHeight);
    const right = Math.min(rootBox.right, world.innerWidth);
    const inside = (box: Box): boolean => box.left >= rootBox.left - 1 && box.right <= right + 1 && box.top >= rootBox.top - 1 && box.bottom <= bottom + 1;
    const columns = Array.from(root.querySelectorAll('.ag-header-row-column [role="columnheader"]')).filter((cell) => inside(cell.getBoundingClientRect())).length;
    const rows = new Set(
      Array.from(root.querySelectorAll('[role="row"][row-index]'))
        .filter((row) => {
          const box = row.getBoundingClientRect();
          return box.height > 0 && box.top >= rootBox.top - 1 && box.bottom <= bottom + 1;
        })
        .map((row) => row.getAttribute('row-index')),
    ).size;
    return { columns, rows, spill: rootBox.bottom - panel.getBoundingClientRect().bottom };
  });
}

describe.each([
  ['1366×768', LAPTOP_VIEWPORT],
  ['1920×1080', DESKTOP_VIEWPORT],
])('every screen at %s', (size, viewport) => {
  it('has no page-level horizontal overflow and no serious accessibility violation', async () => {
    const { page } = workbench;
    await page.setViewportSize(viewport);
    for (const screen of SCREENS) {
      await page.keyboard.press(screen.key);
      await expect.poll(heading).toBe(screen.heading);
      await page.waitForTimeout(500);
      if (screen.heading === 'Explore') {
        await page.getByRole('button', { name: /^src_school_census/ }).click();
        await expect.poll(async () => (await exploreGridSight(page)).rows, { timeout: 15_000 }).toBeGreaterThan(5);
        if (viewport === LAPTOP_VIEWPORT) await workbench.screenshot('viewport-explore');
        const sight = await exploreGridSight(page);
        if (viewport === LAPTOP_VIEWPORT) {
          expect(sight.columns, 'columns in sight').toBeGreaterThanOrEqual(8);
          expect(sight.rows, 'rows in sight').toBeGreaterThanOrEqual(15);
        }
        expect(sight.spill, 'the grid stays inside its panel').toBeLessThanOrEqual(1);
      }
      if (viewport === LAPTOP_VIEWPORT && screen.heading !== 'Explore') await workbench.screenshot(`viewport-${screen.heading.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
      expect(await horizontalOverflow(), `${screen.heading} at ${size}`).toBeLessThanOrEqual(0);
      expect(await seriousAccessibilityViolations(page), `${screen.heading} at ${size}`).toEqual([]);
    }
    expect(workbench.offLoopbackRequests()).toEqual([]);
  }, 180_000);
});
