import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecipe, type Recipe } from '../../shared/recipe';
import { seriousAccessibilityViolations } from './axe';
import { REPOSITORY_ROOT, startWorkbench, type Workbench } from './harness';

/**
 * "Add to a recipe…" on the import summary, in Chromium through the loopback host, by keyboard: the survey
 * just imported (with its chosen header row) replaces the samples recipe's survey source, then starts a new
 * recipe at the stand-in save dialog's path, which the engine writes whole and can read back.
 */

const SAMPLES_RECIPE = 'birmingham.recipe.json';
const SURVEY = 'voice_survey_titled.csv';

let workbench: Workbench;

beforeAll(async () => {
  workbench = await startWorkbench({
    inputs: {
      [SAMPLES_RECIPE]: fs.readFileSync(path.join(REPOSITORY_ROOT, 'samples', SAMPLES_RECIPE)),
      // A second extract, so the host offers a choice of files as the Import screen expects.
      'education_ehc_plans.csv': fs.readFileSync(path.join(REPOSITORY_ROOT, 'samples', 'education_ehc_plans.csv')),
      // A title line as wide as the table: detection takes it for the header, so the officer picks row 2.
      [SURVEY]: 'Voice survey,extract,of,June,2024\r\nResponse ID,Submitted,Age,Locality,Are you happy?\r\nR1,2024-05-01,12,Ladywood,Yes\r\nR2,2024-05-02,15,Solihull,n\r\n',
    },
  });
});

afterAll(async () => {
  await workbench?.close();
});

const recipeOnDisk = (name: string): Recipe => parseRecipe(JSON.parse(fs.readFileSync(path.join(workbench.inputsFolder, name), 'utf8')));

describe('Import saves to a recipe', () => {
  it('adds the import to a chosen recipe (replacing its source of the same id) and starts a new recipe, from the keyboard', async () => {
    const { page } = workbench;
    const samples = recipeOnDisk(SAMPLES_RECIPE);
    await page.goto(workbench.host.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await page.getByRole('radio', { name: SURVEY }).check();
    await expect.poll(() => page.getByText('Detected header row 1; data starts at row 2.').count(), { timeout: 30_000 }).toBe(1);
    await page.getByLabel('Header row').selectOption({ label: 'Row 2' });
    await expect.poll(() => page.getByText('Chosen header row 2; data starts at row 3.').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByLabel('Data-sharing specification').inputValue(), { timeout: 30_000 }).toBe('voice-wellbeing-survey');
    await page.getByLabel('Table name (optional)').fill('wellbeing_survey');
    await page.getByRole('button', { name: `Import ${SURVEY}` }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Imported into wellbeing_survey' }).count(), { timeout: 60_000 }).toBe(1);

    // The only recipe the host offers is the samples recipe, which already has a wellbeing_survey source.
    const addToRecipe = page.getByRole('button', { name: 'Add to a recipe…' });
    await addToRecipe.focus();
    await page.keyboard.press('Enter');
    const status = page.getByRole('group', { name: 'Add to a recipe' }).getByRole('status');
    const samplesPath = path.join(workbench.inputsFolder, SAMPLES_RECIPE);
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(`Replaced the source "wellbeing_survey", reading ${SURVEY}. Saved to ${samplesPath}.`);
    const extended = recipeOnDisk(SAMPLES_RECIPE);
    const index = samples.sources.findIndex((source) => source.id === 'wellbeing_survey');
    expect(extended.sources.map((source) => source.id)).toEqual(samples.sources.map((source) => source.id));
    expect(extended.sources[index]).toMatchObject({ id: 'wellbeing_survey', file: SURVEY, sheet: 'voice_survey_titled', headerRow: 2, spec: 'voice-wellbeing-survey' });
    expect(extended.sources[index]?.attributes).toEqual(samples.sources[index]?.attributes);
    expect(extended.sources[index]?.mapping?.columns.map((column) => column.field)).toEqual(['response_id', 'submitted', 'age', 'locality', 'happy']);
    expect({ ...extended, sources: samples.sources }).toEqual(samples);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Start a new recipe…' }).focus();
    await page.keyboard.press('Enter');
    const newPath = path.join(workbench.inputsFolder, 'voice_survey_titled.recipe.json');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(`Started a new recipe with the source "wellbeing_survey", reading ${SURVEY}. Saved to ${newPath}.`);
    const todo = page.getByRole('list', { name: 'Still to do in the recipe' }).getByRole('listitem');
    expect(await todo.allTextContents()).toEqual([
      'Add the population estimates (specification population-estimates) as a source and point population.source at it: for now it names "wellbeing_survey".',
      'List the person-level sources to link in linkage.sources: for now it holds only "wellbeing_survey".',
      expect.stringMatching(/^Check the title and referenceDate \(set to today, \d{4}-\d{2}-\d{2}\), and add indicators: see docs\/recipe\.md\.$/),
    ]);
    const opened = await workbench.engine.dispatch('readRecipe', { path: newPath });
    if (!opened.ok) throw new Error(`the new recipe does not read back: ${opened.error.message}`);
    // The same source as in the samples recipe, without the attributes only that recipe's author wrote.
    const replaced = extended.sources[index];
    expect((opened.value as { recipe: Recipe }).recipe.sources).toEqual([
      { id: 'wellbeing_survey', file: SURVEY, sheet: 'voice_survey_titled', headerRow: 2, spec: 'voice-wellbeing-survey', mapping: replaced?.mapping },
    ]);
    await workbench.screenshot('import-add-to-recipe');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // With two recipes on offer, the officer picks one from the list and adds to it.
    await addToRecipe.focus();
    await page.keyboard.press('Enter');
    const choice = page.getByLabel('Recipe to add this import to');
    await expect.poll(() => choice.count(), { timeout: 15_000 }).toBe(1);
    await choice.selectOption({ label: 'voice_survey_titled.recipe.json' });
    await page.getByRole('button', { name: 'Add to this recipe' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(`Replaced the source "wellbeing_survey", reading ${SURVEY}. Saved to ${newPath}.`);
    expect(recipeOnDisk('voice_survey_titled.recipe.json').sources).toHaveLength(1);
    expect(fs.readdirSync(workbench.inputsFolder).filter((name) => name.endsWith('.part'))).toEqual([]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});
