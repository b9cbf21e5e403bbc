/**
 * Renderer-side memory while scrolling the Explore grid, in Debian's Chromium through the loopback host
 * (the end-to-end harness: workspace, engine, host, browser). The same scroll sequence runs over a small
 * and a large table, each in a freshly loaded page; the JS heap (CDP `Runtime.getHeapUsage`, after a forced
 * GC) and the DOM size are compared. The grid caches at most 10 blocks of 200 rows, so neither should grow
 * with the table.
 */
import type { CDPSession, Page } from 'playwright-core';
import { startWorkbench } from '../../test/e2e/harness';
import type { MeasurementContext, MeasurementOutcome } from '../protocol';
import { createGridTable } from './grid-table';

/** Where to scroll, as fractions of the grid's scroll range: a sweep down, then jumps back and forth. */
const SCROLL_POSITIONS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 0.05, 0.95, 0.25, 0.75, 0.5, 0.15, 0.85, 0.35, 0.65, 1, 0];

interface HeapUsage {
  readonly usedSize: number;
  readonly totalSize: number;
}

interface ScrollRun {
  readonly heapAfterGcMb: number;
  readonly peakHeapMb: number;
  readonly domNodes: number;
  /** The highest row index the grid rendered: shows the scroll really reached the end of the table. */
  readonly deepestRowShown: number;
}

const MB = 1024 * 1024;

async function usedHeapMb(cdp: CDPSession, collectGarbageFirst: boolean): Promise<number> {
  if (collectGarbageFirst) await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
  return usage.usedSize / MB;
}

async function domNodeCount(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'Nodes')?.value ?? Number.NaN;
}

/** Scrolls the grid's vertical scrollbar (which drives its body) to a fraction of its range; runs in the page, typed without the DOM library. */
async function scrollGridTo(page: Page, fraction: number): Promise<void> {
  await page.locator('.ag-body-vertical-scroll-viewport').evaluate((viewport, to) => {
    const element = viewport as unknown as { scrollTop: number; scrollHeight: number; clientHeight: number };
    element.scrollTop = Math.round((element.scrollHeight - element.clientHeight) * to);
  }, fraction);
}

async function deepestRenderedRow(page: Page): Promise<number> {
  const indexes = await page.locator('[role="grid"] [role="row"][row-index]').evaluateAll((rows) =>
    rows.map((row) => Number((row as unknown as { getAttribute(name: string): string | null }).getAttribute('row-index'))),
  );
  return Math.max(-1, ...indexes);
}

async function waitForRowsShown(page: Page): Promise<void> {
  // Blocks load after a 100 ms debounce; then no cell may still show AG Grid's loading stub.
  await page.waitForTimeout(120);
  await page.locator('.ag-row-loading, .ag-skeleton-container').first().waitFor({ state: 'detached', timeout: 60_000 });
  await page.getByText('Loading rows…').waitFor({ state: 'hidden', timeout: 60_000 });
}

async function scrollThroughTable(page: Page, cdp: CDPSession, url: string, table: string): Promise<ScrollRun> {
  // Via a blank page, so the host's address (whose token fragment the window strips) loads afresh.
  await page.goto('about:blank');
  await page.goto(url);
  await page.getByRole('button', { name: 'Explore' }).click();
  await page.getByRole('button', { name: new RegExp(table) }).click();
  await page.getByRole('grid', { name: new RegExp(`Rows of ${table}`) }).waitFor();
  await waitForRowsShown(page);
  let peakHeapMb = await usedHeapMb(cdp, false);
  let deepestRowShown = -1;
  for (const fraction of SCROLL_POSITIONS) {
    await scrollGridTo(page, fraction);
    await waitForRowsShown(page);
    peakHeapMb = Math.max(peakHeapMb, await usedHeapMb(cdp, false));
    deepestRowShown = Math.max(deepestRowShown, await deepestRenderedRow(page));
  }
  return { heapAfterGcMb: await usedHeapMb(cdp, true), peakHeapMb, domNodes: await domNodeCount(cdp), deepestRowShown };
}

export async function measureRendererMemory(context: MeasurementContext): Promise<MeasurementOutcome> {
  const smallRows = context.options.smallRows ?? 1_000_000;
  const largeRows = context.options.largeRows ?? 10_000_000;
  const workbench = await startWorkbench();
  try {
    const connection = workbench.engine.workspace.connection;
    const smallTable = await createGridTable(connection, smallRows);
    const largeTable = await createGridTable(connection, largeRows);
    const cdp = await workbench.page.context().newCDPSession(workbench.page);
    await cdp.send('Performance.enable');
    const started = performance.now();
    const runs: Record<string, ScrollRun> = {};
    // Scroll the small table, the large one, then the small one again, so warm-up is not mistaken for growth.
    for (const [label, table] of [['small', smallTable], ['large', largeTable], ['small (again)', smallTable]] as const) {
      runs[label] = await scrollThroughTable(workbench.page, cdp, workbench.host.url, table);
    }
    const figures: Record<string, number> = {};
    for (const [label, run] of Object.entries(runs)) {
      figures[`${label} table: heap after GC MB`] = run.heapAfterGcMb;
      figures[`${label} table: peak heap MB`] = run.peakHeapMb;
      figures[`${label} table: DOM nodes`] = run.domNodes;
      figures[`${label} table: deepest row index shown`] = run.deepestRowShown;
    }
    figures.smallRows = smallRows;
    figures.largeRows = largeRows;
    if (workbench.offLoopbackRequests().length > 0) throw new Error('the page made a request off the loopback host');
    return { wallMs: performance.now() - started, figures };
  } finally {
    await workbench.close();
  }
}
