import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecipeInput } from '../../shared/recipe';
import { createEngine, type Engine } from './engine';
import { anyFilePolicy, chosenFilesPolicy, FileAccessDeniedError, folderPolicy, type FileAccessPolicy } from './file-access';
import { ensureWorkspaceKey } from './import/workspace-key';
import { checkSourceAccess, readRecipeFile } from './recipes/recipe-file';
import { openWorkspace } from './workspace/workspace';

/**
 * Red-team break 5 (issue 20): symbolic links must not lead out of the folders the host was started with
 * (--allow), out of the files the user chose, or out of a recipe's folder; and the workspace's secrets/ is
 * never readable, whatever route a path takes to it. Real links, made in a temporary folder.
 */

let root: string;
let allowed: string;
let outside: string;
let engine: Engine | undefined;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-links-'));
  allowed = path.join(root, 'allowed');
  outside = path.join(root, 'outside');
  fs.mkdirSync(allowed);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'private.csv'), 'surname,ward\nSmith,Aston\n');
  fs.writeFileSync(path.join(allowed, 'police.csv'), 'ward,incidents\nAston,3\n');
});

afterEach(async () => {
  await engine?.close();
  engine = undefined;
  fs.rmSync(root, { recursive: true, force: true });
});

async function previewCode(policy: FileAccessPolicy, filePath: string): Promise<string> {
  engine ??= createEngine(await openWorkspace({ location: path.join(root, 'workspace') }), policy);
  const result = await engine.dispatch('previewFile', { path: filePath });
  return result.ok ? 'ok' : result.error.code;
}

describe('links out of the allowed folders (host --allow)', () => {
  it('refuses a path through a link to / and a link to a file outside, and still reads a file inside', async () => {
    fs.symlinkSync('/', path.join(allowed, 'rootlink'));
    fs.symlinkSync(path.join(outside, 'private.csv'), path.join(allowed, 'private.csv'));
    const policy = folderPolicy([allowed]);
    expect(policy.allows(path.join(allowed, 'rootlink', 'etc', 'passwd'))).toBe(false);
    expect(await previewCode(policy, path.join(allowed, 'rootlink', 'etc', 'passwd'))).toBe('forbidden');
    expect(await previewCode(policy, path.join(allowed, 'private.csv'))).toBe('forbidden');
    expect(await previewCode(policy, path.join(allowed, 'police.csv'))).toBe('ok');
  });

  it('follows a link that stays inside the allowed folder, and an allowed folder that is itself a link', async () => {
    fs.symlinkSync(path.join(allowed, 'police.csv'), path.join(allowed, 'same.csv'));
    fs.symlinkSync(allowed, path.join(root, 'allowed-link'));
    expect(folderPolicy([allowed]).allows(path.join(allowed, 'same.csv'))).toBe(true);
    expect(folderPolicy([path.join(root, 'allowed-link')]).allows(path.join(allowed, 'police.csv'))).toBe(true);
    expect(folderPolicy([path.join(root, 'allowed-link')]).allows(path.join(outside, 'private.csv'))).toBe(false);
  });
});

describe('links and the files a user chose (desktop grants)', () => {
  it('grants the file a chosen link points to, and not a link swapped in later under a granted name', () => {
    const policy = chosenFilesPolicy();
    const chosen = path.join(allowed, 'chosen.csv');
    fs.symlinkSync(path.join(allowed, 'police.csv'), chosen);
    policy.grant(chosen);
    expect(policy.allows(chosen)).toBe(true);
    fs.rmSync(chosen);
    fs.symlinkSync(path.join(outside, 'private.csv'), chosen);
    expect(policy.allows(chosen)).toBe(false);
  });
});

describe('the workspace secrets folder', () => {
  it('is never readable: not by its own path in the CLI, not through a link in an allowed folder, not when the workspace is inside one', async () => {
    const workspace = await openWorkspace({ location: path.join(allowed, 'workspace') });
    await ensureWorkspaceKey(workspace);
    const keyPath = path.join(workspace.secretsFolder, 'pseudonymisation.key');
    fs.symlinkSync(workspace.secretsFolder, path.join(allowed, 'seclink'));
    for (const policy of [anyFilePolicy(), folderPolicy([allowed])]) {
      engine = createEngine(workspace, policy);
      for (const route of [keyPath, path.join(allowed, 'seclink', 'pseudonymisation.key'), path.join(allowed, 'workspace', 'staging', '..', 'secrets', 'pseudonymisation.key')]) {
        const result = await engine.dispatch('previewFile', { path: route });
        expect(result.ok ? 'ok' : result.error.code, route).toBe('forbidden');
      }
      const database = await engine.dispatch('previewFile', { path: path.join(allowed, 'workspace', 'workspace.duckdb') });
      expect(database.ok ? 'ok' : database.error.code).toBe('forbidden');
    }
    await workspace.close();
    engine = undefined;
  });
});

describe('links in a recipe folder', () => {
  /** A minimal recipe in `folder` whose register is `registerFile`; the population file sits beside it. */
  function recipeWith(folder: string, registerFile: string): string {
    const recipePath = path.join(folder, 'recipe.json');
    fs.writeFileSync(path.join(folder, 'population.xlsx'), '');
    const recipe: RecipeInput = {
      version: 1,
      title: 'Links',
      referenceDate: '2024-06-30',
      sources: [
        { id: 'register', file: registerFile, spec: 'health-child-register', attributes: { dateOfBirth: 'date_of_birth' } },
        { id: 'population', file: 'population.xlsx', spec: 'population-estimates' },
      ],
      population: { source: 'population', sexField: 'sex', ageFields: { age_0: 0, age_1: 1 } },
      village: { sexCategories: ['Male', 'Female'], ageBands: [{ label: '0-1', min: 0, max: 1 }], partitions: ['sex', 'ageBand'] },
      linkage: { sources: ['register'] },
      indicators: [{ id: 'known', name: 'Known', description: 'On the register', ageRange: [0, 1], numerator: { source: 'register', exists: true }, denominator: 'population' }],
    };
    fs.writeFileSync(recipePath, JSON.stringify(recipe));
    return recipePath;
  }

  it('refuses a source that is a link out of the recipe folder, even when the folder is allowed', () => {
    fs.symlinkSync(path.join(outside, 'private.csv'), path.join(allowed, 'linked.csv'));
    const policy = folderPolicy([allowed]);
    const file = readRecipeFile(recipeWith(allowed, 'linked.csv'), policy);
    expect(() => checkSourceAccess(file, policy)).toThrow(FileAccessDeniedError);
    expect(() => checkSourceAccess(readRecipeFile(recipeWith(allowed, 'police.csv'), policy), policy)).not.toThrow();
  });

  it('refuses a source under the workspace secrets folder, even inside the recipe folder', async () => {
    const workspace = await openWorkspace({ location: path.join(allowed, 'workspace') });
    await ensureWorkspaceKey(workspace);
    engine = createEngine(workspace, folderPolicy([allowed]));
    const recipe = readRecipeFile(recipeWith(allowed, 'workspace/secrets/pseudonymisation.key'), engine.fileAccess);
    expect(() => checkSourceAccess(recipe, engine!.fileAccess)).toThrow(FileAccessDeniedError);
  });

  it('refuses a recipe that is a link out of the allowed folder', () => {
    const real = recipeWith(outside, 'private.csv');
    fs.symlinkSync(real, path.join(allowed, 'recipe-link.json'));
    expect(() => readRecipeFile(path.join(allowed, 'recipe-link.json'), folderPolicy([allowed]))).toThrow(FileAccessDeniedError);
  });
});
