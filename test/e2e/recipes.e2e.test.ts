import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './axe';
import { REPOSITORY_ROOT, startWorkbench, type Workbench } from './harness';

/**
 * Saving a recipe from the Recipes screen through the shell's save dialog (the loopback host's stand-in puts
 * the suggested name in its folder): the engine writes it whole, and the saved file opens as the same recipe.
 */

let workbench: Workbench;

beforeAll(async () => {
  workbench = await startWorkbench({ inputs: { 'birmingham.recipe.json': fs.readFileSync(path.join(REPOSITORY_ROOT, 'samples', 'birmingham.recipe.json')) } });
});

afterAll(async () => {
  await workbench?.close();
});

describe('Recipes in Chromium', () => {
  it('saves the open recipe where the save dialog chose, and the saved file reads as the same recipe', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    await page.keyboard.press('Alt+8');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Recipes');
    await page.getByRole('button', { name: 'Open a recipe…' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Birmingham as a village of 100 (synthetic samples)' }).count(), { timeout: 15_000 }).toBe(1);

    // Leaving the screen and coming back finds the recipe still open.
    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    await page.keyboard.press('Alt+8');
    await expect.poll(() => page.getByRole('heading', { name: 'Birmingham as a village of 100 (synthetic samples)' }).count(), { timeout: 15_000 }).toBe(1);

    const before = new Set(fs.readdirSync(workbench.inputsFolder));
    await page.getByRole('button', { name: 'Save recipe…' }).click();
    const status = page.getByRole('status').filter({ hasText: /^Saved / });
    await expect.poll(() => status.count(), { timeout: 15_000 }).toBe(1);
    const added = fs.readdirSync(workbench.inputsFolder).filter((name) => !before.has(name));
    expect(added).toHaveLength(1);
    const [savedName] = added as [string];
    expect(savedName).toMatch(/\.recipe\.json$/);
    expect(await status.textContent()).toContain(`Saved ${savedName}.`);

    const original = await workbench.engine.dispatch('readRecipe', { path: path.join(workbench.inputsFolder, 'birmingham.recipe.json') });
    const saved = await workbench.engine.dispatch('readRecipe', { path: path.join(workbench.inputsFolder, savedName) });
    if (!original.ok || !saved.ok) throw new Error('a recipe could not be read back');
    expect((saved.value as { recipe: unknown }).recipe).toEqual((original.value as { recipe: unknown }).recipe);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A second save never overwrites the first: the stand-in dialog offers a new name, as a person would choose.
    await page.getByRole('button', { name: 'Save recipe…' }).click();
    await expect.poll(() => fs.readdirSync(workbench.inputsFolder).filter((name) => !before.has(name)).length, { timeout: 15_000 }).toBe(2);
    expect(fs.readdirSync(workbench.inputsFolder).filter((name) => name.endsWith('.part'))).toEqual([]);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});
