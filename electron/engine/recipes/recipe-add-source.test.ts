import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AddSourceToRecipeRequest } from '../../../shared/api';
import { parseRecipe, type Recipe } from '../../../shared/recipe';
import type { ColumnMapping } from '../../../shared/spec';
import { createEngine } from '../engine';
import { chosenFilesPolicy, FileAccessDeniedError, type FileAccessPolicy } from '../file-access';
import { openWorkspace } from '../workspace/workspace';
import { addSourceToRecipe, recipeFileName, sourceIdFor } from './recipe-add-source';
import { readRecipeFile } from './recipe-file';

const SAMPLES_RECIPE = path.resolve(import.meta.dirname, '../../../samples/birmingham.recipe.json');

const SURVEY_MAPPING: ColumnMapping = {
  specId: 'voice-wellbeing-survey',
  columns: [
    { sourceLabel: 'Response ID', field: 'response_id' },
    { sourceLabel: 'Submitted', field: 'submitted' },
    { sourceLabel: 'Age', field: 'age' },
    { sourceLabel: 'Locality', field: 'locality' },
    { sourceLabel: 'Are you happy?', field: 'happy' },
  ],
};

let folder: string;
let policy: FileAccessPolicy;
let extract: string;
let samples: Recipe;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-recipe-add-'));
  fs.mkdirSync(path.join(folder, 'extracts'));
  extract = path.join(folder, 'extracts', 'voice survey Q3.csv');
  fs.writeFileSync(extract, 'Voice survey\r\nResponse ID,Submitted,Age,Locality,Are you happy?\r\n');
  policy = chosenFilesPolicy();
  policy.grant(extract);
  samples = parseRecipe(JSON.parse(fs.readFileSync(SAMPLES_RECIPE, 'utf8')));
});

afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

function surveyImport(overrides: Partial<AddSourceToRecipeRequest['import']> = {}): AddSourceToRecipeRequest['import'] {
  return { path: extract, table: 'wellbeing_survey', sheet: 'voice survey Q3', headerRow: 2, specId: 'voice-wellbeing-survey', mapping: SURVEY_MAPPING, ...overrides };
}

/** The samples recipe, saved in `folder` and chosen in the open dialog. */
function chosenExistingRecipe(name = 'quarter.recipe.json'): string {
  const target = path.join(folder, name);
  fs.writeFileSync(target, JSON.stringify(samples, null, 2));
  policy.grant(target);
  return target;
}

const filesIn = (where: string): string[] => fs.readdirSync(where).sort();

describe('addSourceToRecipe, an existing recipe', () => {
  it('adds the import as a new source at the end, with file, sheet, header row, specification and mapping', () => {
    const target = chosenExistingRecipe();
    const added = addSourceToRecipe({ recipePath: target, recipe: 'existing', import: surveyImport({ table: 'Voice Survey Q3' }) }, policy);
    expect(added).toMatchObject({ path: target, sourceId: 'voice_survey_q3', file: 'extracts/voice survey Q3.csv', replaced: false, created: false });
    const reopened = readRecipeFile(target, policy);
    expect(reopened.sha256).toBe(added.sha256);
    expect(reopened.recipe.sources).toHaveLength(samples.sources.length + 1);
    expect(reopened.recipe.sources.slice(0, -1)).toEqual(samples.sources);
    expect(reopened.recipe.sources.at(-1)).toEqual({
      id: 'voice_survey_q3',
      file: 'extracts/voice survey Q3.csv',
      sheet: 'voice survey Q3',
      headerRow: 2,
      spec: 'voice-wellbeing-survey',
      mapping: SURVEY_MAPPING,
    });
    // Everything else in the recipe is as it was.
    expect({ ...reopened.recipe, sources: samples.sources }).toEqual(samples);
    expect(added.stillToDo).toEqual([
      'Name the fields of "voice_survey_q3" that carry date of birth, sex, ethnicity and area under its attributes, if the village should use them.',
      '"voice_survey_q3" is not in linkage.sources, so its people are not linked: add it there if it holds people.',
    ]);
  });

  it('replaces the source of the same id in place, keeping the attributes the author wrote', () => {
    const target = chosenExistingRecipe();
    const index = samples.sources.findIndex((source) => source.id === 'wellbeing_survey');
    const before = samples.sources[index];
    const added = addSourceToRecipe({ recipePath: target, recipe: 'existing', import: surveyImport() }, policy);
    expect(added).toMatchObject({ sourceId: 'wellbeing_survey', replaced: true, created: false });
    const sources = readRecipeFile(target, policy).recipe.sources;
    expect(sources.map((source) => source.id)).toEqual(samples.sources.map((source) => source.id));
    expect(sources[index]).toEqual({
      id: 'wellbeing_survey',
      file: 'extracts/voice survey Q3.csv',
      sheet: 'voice survey Q3',
      headerRow: 2,
      spec: 'voice-wellbeing-survey',
      mapping: SURVEY_MAPPING,
      ...(before?.attributes === undefined ? {} : { attributes: before.attributes }),
    });
  });

  it('names the extract relative to the recipe folder, also from a sibling folder', () => {
    fs.mkdirSync(path.join(folder, 'recipes'));
    const target = chosenExistingRecipe(path.join('recipes', 'q3.recipe.json'));
    const added = addSourceToRecipe({ recipePath: target, recipe: 'existing', import: surveyImport() }, policy);
    expect(added.file).toBe('../extracts/voice survey Q3.csv');
    expect(added.stillToDo[0]).toBe("../extracts/voice survey Q3.csv is outside the recipe's folder, so it will need choosing each time the recipe runs: keep the extract beside the recipe to avoid that.");
    expect(readRecipeFile(target, policy).recipe.sources.at(-1)?.file).toBe('../extracts/voice survey Q3.csv');
    expect(recipeFileName(extract, path.join(folder, 'extracts'))).toBe('voice survey Q3.csv');
  });

  it('refuses an extract the user did not choose, and a recipe the user did not choose, writing nothing', () => {
    const target = chosenExistingRecipe();
    const original = fs.readFileSync(target, 'utf8');
    const secret = path.join(folder, 'extracts', 'not chosen.csv');
    fs.writeFileSync(secret, 'a,b\r\n');
    expect(() => addSourceToRecipe({ recipePath: target, recipe: 'existing', import: surveyImport({ path: secret }) }, policy)).toThrow(FileAccessDeniedError);
    expect(() => addSourceToRecipe({ recipePath: target, recipe: 'existing', import: surveyImport({ path: secret }) }, policy)).toThrow(/not chosen\.csv was not chosen/);
    const unchosen = path.join(folder, 'other.recipe.json');
    fs.writeFileSync(unchosen, original);
    expect(() => addSourceToRecipe({ recipePath: unchosen, recipe: 'existing', import: surveyImport() }, policy)).toThrow(/other\.recipe\.json was not chosen/);
    expect(fs.readFileSync(target, 'utf8')).toBe(original);
    expect(fs.readFileSync(unchosen, 'utf8')).toBe(original);
    expect(filesIn(folder)).toEqual(['extracts', 'other.recipe.json', 'quarter.recipe.json']);
  });

  it('leaves an invalid recipe untouched, naming what is wrong', () => {
    const target = path.join(folder, 'broken.recipe.json');
    fs.writeFileSync(target, JSON.stringify({ ...samples, version: 2 }));
    policy.grant(target);
    expect(() => addSourceToRecipe({ recipePath: target, recipe: 'existing', import: surveyImport() }, policy)).toThrow(/broken\.recipe\.json: Invalid recipe[\s\S]*version/);
    expect(JSON.parse(fs.readFileSync(target, 'utf8'))).toEqual({ ...samples, version: 2 });
  });

  it('writes atomically: the whole recipe goes to a temporary file first; if the rename fails the recipe is as it was and nothing is left behind', () => {
    const target = chosenExistingRecipe();
    const original = fs.readFileSync(target, 'utf8');
    const renamed: { from: string; text: string }[] = [];
    const rename = vi.spyOn(fs, 'renameSync').mockImplementation((from) => {
      renamed.push({ from: String(from), text: fs.readFileSync(from, 'utf8') });
      throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    });
    try {
      expect(() => addSourceToRecipe({ recipePath: target, recipe: 'existing', import: surveyImport() }, policy)).toThrow(/could not be saved as quarter\.recipe\.json \(ENOSPC\); nothing was changed/);
    } finally {
      rename.mockRestore();
    }
    expect(renamed).toHaveLength(1);
    expect(path.dirname(renamed[0]?.from ?? '')).toBe(folder);
    expect(parseRecipe(JSON.parse(renamed[0]?.text ?? '')).sources.at(-1)?.file).toBe('extracts/voice survey Q3.csv');
    expect(fs.readFileSync(target, 'utf8')).toBe(original);
    expect(filesIn(folder)).toEqual(['extracts', 'quarter.recipe.json']);
  });
});

describe('addSourceToRecipe, a new recipe', () => {
  it('writes a recipe parseRecipe accepts around the one source, says what is still to add, and can open it', () => {
    const target = path.join(folder, 'voice.recipe.json');
    policy.grantSave(target);
    const added = addSourceToRecipe({ recipePath: target, recipe: 'new', import: surveyImport() }, policy, new Date('2026-12-02T09:00:00Z'));
    expect(added).toMatchObject({ path: target, sourceId: 'wellbeing_survey', file: 'extracts/voice survey Q3.csv', replaced: false, created: true });
    const reopened = readRecipeFile(target, policy).recipe;
    expect(reopened.sources).toEqual([
      { id: 'wellbeing_survey', file: 'extracts/voice survey Q3.csv', sheet: 'voice survey Q3', headerRow: 2, spec: 'voice-wellbeing-survey', mapping: SURVEY_MAPPING },
    ]);
    expect(reopened.referenceDate).toBe('2026-12-02');
    expect(reopened.population.ageFields).toEqual(Object.fromEntries(Array.from({ length: 26 }, (_, age) => [`age_${age}`, age])));
    expect(reopened.village.ageBands).toEqual(samples.village.ageBands);
    expect(added.stillToDo).toEqual([
      'Add the population estimates (specification population-estimates) as a source and point population.source at it: for now it names "wellbeing_survey".',
      'List the person-level sources to link in linkage.sources: for now it holds only "wellbeing_survey".',
      'Check the title and referenceDate (set to today, 2026-12-02), and add indicators: see docs/recipe.md.',
    ]);
  });

  it('is written only where the save dialog chose, and only as .json', () => {
    const target = path.join(folder, 'voice.recipe.json');
    policy.grant(target);
    expect(() => addSourceToRecipe({ recipePath: target, recipe: 'new', import: surveyImport() }, policy)).toThrow(/may only save where you chose to; voice\.recipe\.json/);
    const text = path.join(folder, 'voice.txt');
    policy.grantSave(text);
    expect(() => addSourceToRecipe({ recipePath: text, recipe: 'new', import: surveyImport() }, policy)).toThrow(/A recipe is a \.json file, not voice\.txt/);
    expect(filesIn(folder)).toEqual(['extracts']);
  });
});

describe('sourceIdFor', () => {
  it('makes a snake_case id from a table name, or "source" when nothing is left', () => {
    expect(sourceIdFor('Police DA 2024-Q3')).toBe('police_da_2024_q3');
    expect(sourceIdFor('2024_survey')).toBe('survey');
    expect(sourceIdFor('££')).toBe('source');
  });
});

describe('addSourceToRecipe through the engine', () => {
  it('checks the request against the contract and answers a refusal as an error value', async () => {
    const engine = createEngine(await openWorkspace({ location: path.join(folder, 'workspace') }), policy);
    try {
      const target = chosenExistingRecipe();
      const badHeader = await engine.dispatch('addSourceToRecipe', { recipePath: target, recipe: 'existing', import: surveyImport({ headerRow: 0 }) });
      expect(badHeader).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      const notChosen = await engine.dispatch('addSourceToRecipe', { recipePath: path.join(folder, 'elsewhere.recipe.json'), recipe: 'new', import: surveyImport() });
      expect(notChosen).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/elsewhere\.recipe\.json was not chosen in the save dialog/) } });
      const unknownSpec = await engine.dispatch('addSourceToRecipe', { recipePath: target, recipe: 'existing', import: surveyImport({ specId: 'no-such-spec' }) });
      expect(unknownSpec).toMatchObject({ ok: false, error: { code: 'not-found' } });
      const added = await engine.dispatch('addSourceToRecipe', { recipePath: target, recipe: 'existing', import: surveyImport() });
      expect(added).toMatchObject({ ok: true, value: { sourceId: 'wellbeing_survey', replaced: true } });
    } finally {
      await engine.close();
    }
  });
});
