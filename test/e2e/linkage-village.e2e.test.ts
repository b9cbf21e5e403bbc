import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedShare, VillageJson } from '../../shared/village';
import { seriousAccessibilityViolations } from './axe';
import { startWorkbenchWithSamplesRun, type Workbench } from './harness';

/**
 * The Linkage and Village screens on a recipe run of the bundled samples (run through the engine, so this
 * file spends its time on the screens): the link rates on the page are the engine's, each with its
 * denominator named, and the ten localities' small multiples tell their figures to the keyboard as they do
 * to the mouse.
 */

const grouping = new Intl.NumberFormat('en-GB');

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

/** The words the screen must show for a share: the engine's display and its denominator. */
function expectedShareText(share: PublishedShare): string {
  if (share.value === null) return share.display;
  return `${share.display} of ${grouping.format(share.denominator.value as number)} ${share.denominatorLabel}`;
}

describe('Linkage in Chromium', () => {
  it('shows the engine’s link rates per source and per pair, each with its denominator', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(heading).toBe('Import');
    await page.keyboard.press('Alt+6');
    await expect.poll(heading).toBe('Linkage');

    const perSource = page.getByRole('region', { name: 'Linkage per source' });
    await expect.poll(() => perSource.getByRole('row').count(), { timeout: 15_000 }).toBe(published.linkage.perSource.length + 1);
    const shownShares = published.linkage.perSource.filter((row) => row.matchedShare.value !== null);
    expect(shownShares.length).toBeGreaterThan(0);
    for (const row of published.linkage.perSource) {
      const cells = await perSource.getByRole('row').filter({ has: page.getByRole('rowheader', { name: row.source, exact: true }) }).getByRole('cell').allTextContents();
      expect(cells).toContain(expectedShareText(row.matchedShare));
      expect(cells).toContain(expectedShareText(row.unmatchedShare));
    }

    // The rate matrix reads across: row A, column B is the share of A's people also in B.
    const pair = published.linkage.pairs.find((candidate) => candidate.shareOfA.value !== null && candidate.shareOfB.value !== null);
    if (!pair) throw new Error('the samples have no pair with published rates');
    const matrix = page.getByRole('region', { name: 'Link rates between sources, as a matrix' });
    const columns = await matrix.getByRole('columnheader').allTextContents();
    const columnOf = (source: string): number => columns.indexOf(source);
    const cellsOfRow = (source: string) => matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name: source, exact: true }) }).getByRole('cell').allTextContents();
    const rowA = await cellsOfRow(pair.sourceA);
    const rowB = await cellsOfRow(pair.sourceB);
    expect(rowA[columnOf(pair.sourceB)]).toBe(pair.shareOfA.display);
    expect(rowB[columnOf(pair.sourceA)]).toBe(pair.shareOfB.display);

    await page.getByText('Pairs as a list').click();
    const pairRow = page
      .getByRole('region', { name: 'People in both sources of each pair' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: pair.sourceA, exact: true }) })
      .filter({ has: page.getByRole('cell', { name: pair.sourceB, exact: true }) });
    const pairCells = await pairRow.getByRole('cell').allTextContents();
    expect(pairCells).toEqual(expect.arrayContaining([expectedShareText(pair.shareOfA), expectedShareText(pair.shareOfB)]));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});

describe('Village small multiples in Chromium', () => {
  it('tell each locality’s figures to the keyboard as they do to the mouse', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    // The window reopens on the screen last shown.
    await expect.poll(heading).not.toBeNull();
    await page.keyboard.press('Alt+4');
    await expect.poll(heading).toBe('Village of 100');
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Sex' });
    const multiples = page.locator('.village__multiples');
    await expect.poll(() => multiples.getByRole('img').count(), { timeout: 15_000 }).toBe(published.areas.filter((area) => area.level === 'locality').length);

    // Tab from the panel's last control before the villages lands on the first locality's village.
    await page.getByRole('button', { name: 'Show as table' }).last().focus();
    await page.keyboard.press('Tab');
    const firstVillage = multiples.getByRole('img').first();
    expect(await firstVillage.evaluate((element) => element === (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    const localityName = await multiples.locator('.village__multiple-title').first().textContent();
    const locality = published.areas.find((area) => area.level === 'locality' && area.name === localityName);
    const sex = locality?.partitions.find((partition) => partition.partition === 'sex');
    if (!sex) throw new Error(`village.json has no sex partition for ${localityName}`);

    const tooltip = multiples.getByRole('tooltip');
    await expect.poll(() => tooltip.count()).toBe(1);
    expect(await firstVillage.getAttribute('aria-describedby')).toBe(await tooltip.getAttribute('id'));
    expect(await tooltip.textContent()).toMatch(/Count.*Denominator.*Source/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Home to End with the arrow keys visits every category the engine published for this locality.
    const titles: string[] = [];
    await page.keyboard.press('Home');
    for (let step = 0; step < 12; step += 1) {
      titles.push((await tooltip.locator('.pictogram__tooltip-title').textContent()) ?? '');
      await page.keyboard.press('ArrowRight');
    }
    const shown = new Set(titles);
    for (const category of sex.categories.filter((candidate) => candidate.villagers !== null)) {
      expect(shown).toContain(`${category.label}: ${category.villagers} of ${published.village.size}`);
    }
    await page.keyboard.press('End');
    const lastTitle = await tooltip.locator('.pictogram__tooltip-title').textContent();
    expect(lastTitle).toBe(titles[titles.length - 1]);
    await page.keyboard.press('Escape');
    await expect.poll(() => tooltip.count()).toBe(0);
    await page.keyboard.press('Tab');
    await expect.poll(() => tooltip.count()).toBe(0);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});
