import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRecipe, type Recipe } from '../../../shared/recipe';
import { chosenFilesPolicy, FileAccessDeniedError, type FileAccessPolicy } from '../file-access';
import { readRecipeFile, saveRecipeFile } from './recipe-file';

const SAMPLES_RECIPE = path.resolve(import.meta.dirname, '../../../samples/birmingham.recipe.json');

let folder: string;
let recipe: Recipe;
let policy: FileAccessPolicy;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-recipe-save-'));
  recipe = parseRecipe(JSON.parse(fs.readFileSync(SAMPLES_RECIPE, 'utf8')));
  policy = chosenFilesPolicy();
});

afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('saveRecipeFile', () => {
  it('writes the recipe where the save dialog chose, whole, and the saved file opens as the same recipe', () => {
    const target = path.join(folder, 'quarter 3.recipe.json');
    fs.writeFileSync(target, '{"old": true}');
    policy.grantSave(target);
    const saved = saveRecipeFile(target, recipe, policy);
    expect(saved.path).toBe(target);
    expect(fs.readdirSync(folder)).toEqual(['quarter 3.recipe.json']);
    const reopened = readRecipeFile(target, policy);
    expect(reopened.recipe).toEqual(recipe);
    expect(reopened.sha256).toBe(saved.sha256);
    expect(saved.sizeBytes).toBe(fs.statSync(target).size);
  });

  it('names the sources that fall outside the new folder, which the recipe-file rule will not grant from there', () => {
    const nested = path.join(folder, 'recipes');
    fs.mkdirSync(nested);
    const target = path.join(nested, 'birmingham.recipe.json');
    policy.grantSave(target);
    const moved = saveRecipeFile(target, { ...recipe, sources: recipe.sources.map((source, index) => (index === 0 ? { ...source, file: `../${source.file}` } : source)) }, policy);
    expect(moved.sourcesOutsideFolder).toEqual([`../${recipe.sources[0]?.file}`]);
  });

  it('writes nothing where the save dialog did not choose, or to anything but a .json file', () => {
    const target = path.join(folder, 'elsewhere.recipe.json');
    policy.grant(target);
    expect(() => saveRecipeFile(target, recipe, policy)).toThrow(FileAccessDeniedError);
    expect(() => saveRecipeFile(target, recipe, policy)).toThrow(/may only save where you chose to; elsewhere\.recipe\.json/);
    const notJson = path.join(folder, 'recipe.txt');
    policy.grantSave(notJson);
    expect(() => saveRecipeFile(notJson, recipe, policy)).toThrow(/A recipe is saved as a \.json file, not recipe\.txt/);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('leaves the target as it was and no temporary file when the write fails', () => {
    const target = path.join(folder, 'taken.json');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside.txt'), 'kept');
    policy.grantSave(target);
    expect(() => saveRecipeFile(target, recipe, policy)).toThrow(/could not be saved as taken\.json .*nothing was changed/);
    expect(fs.readdirSync(folder)).toEqual(['taken.json']);
    expect(fs.readFileSync(path.join(target, 'inside.txt'), 'utf8')).toBe('kept');
  });
});
