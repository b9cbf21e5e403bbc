import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './axe';
import { startWorkbench, runRecipeToEnd, samplesRecipeInputs, type Workbench } from './harness';

/**
 * Clerical review of the probabilistic linkage in Chromium, on a run of the bundled samples: the officer
 * decides three grey-zone pairs on the Linkage screen, pages on by keyboard and decides one more, pages back
 * (every decision still shown), the recipe runs again, and the next run honours the decisions (the "match"
 * pair is one person, the "not a match" pair two) and still shows them.
 */


let workbench: Workbench;
let recipe: string;

async function personOf(source: string, row: number): Promise<string> {
  const reader = await workbench.engine.workspace.connection.runAndReadAll('SELECT person_id FROM person_links WHERE source = $source AND source_row = $row', { source, row: BigInt(row) });
  return String(reader.getRowObjectsJson()[0]?.person_id);
}

beforeAll(async () => {
  const inputs = samplesRecipeInputs();
  workbench = await startWorkbench({ inputs });
  recipe = path.join(workbench.inputsFolder, 'birmingham.recipe.json');
  workbench.engine.fileAccess.grant(recipe);
  await runRecipeToEnd(workbench.engine, recipe);
  // The samples leave fewer than 50 grey-zone pairs; 60 more, less probable than any real one (copies of the last
  // pair's agreement pattern on rows past the end of its files), give the list three pages.
  await workbench.engine.workspace.connection.run(
    `INSERT INTO vw.linkage_review SELECT source_a, row_a + 1000000 + i, source_b, row_b + 1000000 + i, probability * 0.5 - i * 1e-6, weight, names_swapped, levels_json, weights_json
     FROM (SELECT * FROM vw.linkage_review ORDER BY probability, source_a, row_a, source_b, row_b LIMIT 1), range(60) t(i)`,
  );
}, 400_000);

afterAll(async () => {
  await workbench?.close();
});

describe('Clerical review in Chromium', () => {
  it('keeps three decisions, and the next run honours them', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    await page.keyboard.press('Alt+6');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Linkage');
    const review = page.getByRole('region', { name: 'Clerical review' });
    const pairs = review.getByRole('listitem');
    await expect.poll(() => pairs.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    const labels = (await pairs.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''))) as string[];
    const offered = await Promise.all(
      labels.map(async (name) => {
        const match = /^(\S+) row (\d+) and (\S+) row (\d+)$/.exec(name);
        if (!match) throw new Error(`unexpected pair label ${name}`);
        const pair = { name, sourceA: match[1] as string, rowA: Number(match[2]), sourceB: match[3] as string, rowB: Number(match[4]) };
        return { ...pair, people: [await personOf(pair.sourceA, pair.rowA), await personOf(pair.sourceB, pair.rowB)] };
      }),
    );
    // Three pairs that touch different people, so no decision contradicts another through the links already made.
    const parsed: typeof offered = [];
    for (const pair of offered) {
      const real = !pair.people.includes('undefined');
      if (real && parsed.length < 3 && !parsed.some((chosen) => chosen.people.some((person) => pair.people.includes(person)))) parsed.push(pair);
    }
    expect(parsed).toHaveLength(3);
    const names = parsed.map((pair) => pair.name);
    const decisions = ['Match', 'Not a match', 'Unsure'];
    for (const [index, name] of names.entries()) {
      const button = review.getByRole('group', { name: `Decision on ${name}` }).getByRole('button', { name: decisions[index] as string, exact: true });
      await button.click();
      await expect.poll(() => review.getByRole('group', { name: `Decision on ${name}` }).getByRole('button', { name: decisions[index] as string, exact: true }).getAttribute('aria-pressed'), { timeout: 20_000 }).toBe('true');
    }

    // Paging, by keyboard: the next page, a decision on it, back and forth, and every decision still shown.
    const range = review.getByRole('heading', { level: 3 });
    expect(await range.textContent()).toMatch(/^Showing pairs 1–50 of [\d,]+$/);
    const total = Number((/of ([\d,]+)$/.exec((await range.textContent()) ?? '')?.[1] ?? '0').replaceAll(',', ''));
    expect(total).toBeGreaterThan(50);
    const pager = review.getByRole('navigation', { name: 'Pages of pairs for review', exact: true });
    expect(await pager.getByRole('button', { name: 'Previous 50' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Next 50' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => range.textContent(), { timeout: 20_000 }).toBe(`Showing pairs 51–${Math.min(100, total)} of ${total.toLocaleString('en-GB')}`);
    await expect.poll(() => page.locator(':focus').textContent(), { timeout: 20_000 }).toMatch(/^Showing pairs 51–/);
    const secondPage = (await pairs.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''))) as string[];
    expect(secondPage.some((name) => names.includes(name))).toBe(false);
    const later = secondPage[0] as string;
    await review.getByRole('group', { name: `Decision on ${later}` }).getByRole('button', { name: 'Unsure', exact: true }).click();
    await expect.poll(() => review.getByRole('group', { name: `Decision on ${later}` }).getByRole('button', { name: 'Unsure', exact: true }).getAttribute('aria-pressed'), { timeout: 20_000 }).toBe('true');
    await pager.getByRole('button', { name: 'Previous 50' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => range.textContent(), { timeout: 20_000 }).toMatch(/^Showing pairs 1–50 of/);
    for (const [index, name] of names.entries()) {
      expect(await review.getByRole('group', { name: `Decision on ${name}` }).getByRole('button', { name: decisions[index] as string, exact: true }).getAttribute('aria-pressed')).toBe('true');
    }
    await pager.getByRole('button', { name: 'Next 50' }).click();
    await expect.poll(() => review.getByRole('group', { name: `Decision on ${later}` }).getByRole('button', { name: 'Unsure', exact: true }).getAttribute('aria-pressed'), { timeout: 20_000 }).toBe('true');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await pager.getByRole('button', { name: 'Previous 50' }).click();
    await expect.poll(() => range.textContent(), { timeout: 20_000 }).toMatch(/^Showing pairs 1–50 of/);

    await review.getByRole('listitem').first().scrollIntoViewIfNeeded();
    await workbench.screenshot('linkage-review');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await runRecipeToEnd(workbench.engine, recipe);
    const [matched, apart] = parsed;
    if (matched === undefined || apart === undefined) throw new Error('expected three pairs');
    expect(await personOf(matched.sourceA, matched.rowA)).toBe(await personOf(matched.sourceB, matched.rowB));
    expect(await personOf(apart.sourceA, apart.rowA)).not.toBe(await personOf(apart.sourceB, apart.rowB));

    // Opened afresh (a reload would lose the access key); the window reopens on the screen last shown.
    await page.goto(workbench.host.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Linkage');
    await expect.poll(() => review.getByRole('listitem').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    for (const [index, name] of names.entries()) {
      await expect.poll(() => review.getByRole('group', { name: `Decision on ${name}` }).getByRole('button', { name: decisions[index] as string, exact: true }).getAttribute('aria-pressed'), { timeout: 20_000 }).toBe('true');
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  }, 400_000);
});
