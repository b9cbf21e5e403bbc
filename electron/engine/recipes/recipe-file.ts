/**
 * Reading a recipe the user chose, and deciding which source files it may make the engine read.
 *
 * The rule (see README.md): the recipe file itself must be allowed by the file-access policy (picked in
 * the dialog, or under a folder the host was started with). Choosing a recipe then grants the files it
 * lists, resolved against the recipe's folder, but only inside that folder's tree (symbolic links followed
 * before the check, so a link cannot lead out of it). A source outside the tree is read only if the policy
 * allows it on its own (the user picked it too).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isSpecificationPath } from '../../../shared/spec';
import { parseRecipe, RecipeError, type Recipe, type RecipeInput } from '../../../shared/recipe';
import { writeTextAtomically } from '../atomic-write';
import { FileAccessDeniedError, realPathOf, type FileAccessPolicy } from '../file-access';
import { RecipeRequestError } from './errors';

export interface RecipeFile {
  readonly path: string;
  readonly recipe: Recipe;
  readonly sha256: string;
}

export function readRecipeFile(recipePath: string, fileAccess: FileAccessPolicy): RecipeFile {
  const resolved = path.resolve(recipePath);
  if (!fileAccess.allows(resolved)) throw new FileAccessDeniedError(resolved);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(resolved);
  } catch (error) {
    throw new RecipeRequestError(`The recipe ${path.basename(resolved)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new RecipeRequestError(`The recipe ${path.basename(resolved)} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return { path: resolved, recipe: parseRecipe(json), sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    if (error instanceof RecipeError) throw new RecipeRequestError(`${path.basename(resolved)}: ${error.message}`);
    throw error;
  }
}

export interface SavedRecipe {
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  /** Source files (as the recipe names them) outside the new folder's tree: they will need picking when it runs. */
  readonly sourcesOutsideFolder: string[];
}

/**
 * Writes a recipe to a path the user chose in a save dialog: checked as a recipe first, then written to a
 * temporary file beside the target and renamed over it, so the target is either the old file or the whole
 * new one, never half written. The saved file becomes readable, so it can be opened straight away.
 */
export function saveRecipeFile(filePath: string, recipe: Recipe, fileAccess: FileAccessPolicy): SavedRecipe {
  const resolved = path.resolve(filePath);
  const name = path.basename(resolved);
  if (path.extname(resolved).toLowerCase() !== '.json') throw new RecipeRequestError(`A recipe is saved as a .json file, not ${name}`);
  if (!fileAccess.allowsSave(resolved)) throw new FileAccessDeniedError(resolved, 'save');
  const written = writeRecipeAtomically(resolved, recipe);
  fileAccess.grant(resolved);
  const folder = path.dirname(resolved);
  const sourcesOutsideFolder = recipe.sources.map((source) => source.file).filter((file) => !isInsideFolder(path.resolve(folder, file), folder));
  return { ...written, sourcesOutsideFolder };
}

/**
 * Checks a recipe and writes it over `resolved` through a temporary file beside it and a rename: the target
 * is the old file or the whole new one, never half written. The caller has checked it may write there.
 */
export function writeRecipeAtomically(resolved: string, recipe: RecipeInput): { path: string; sha256: string; sizeBytes: number } {
  const name = path.basename(resolved);
  let checked: Recipe;
  try {
    checked = parseRecipe(recipe);
  } catch (error) {
    if (error instanceof RecipeError) throw new RecipeRequestError(`${name}: ${error.message}`);
    throw error;
  }
  const text = `${JSON.stringify(checked, null, 2)}\n`;
  try {
    writeTextAtomically(resolved, text);
  } catch (error) {
    throw new RecipeRequestError(`The recipe could not be saved as ${name} (${(error as NodeJS.ErrnoException).code ?? 'unwritable'}); nothing was changed`);
  }
  return { path: resolved, sha256: createHash('sha256').update(text).digest('hex'), sizeBytes: Buffer.byteLength(text) };
}


/** True when `filePath` (after following links) lies inside `folder`'s tree. */
export function isInsideFolder(filePath: string, folder: string): boolean {
  return realPathOf(filePath).startsWith(realPathOf(folder) + path.sep);
}

/** A file inside the recipe's tree, unless the policy refuses it outright (the workspace's own files), or one the policy allows. */
function readableBesideRecipe(filePath: string, folder: string, fileAccess: FileAccessPolicy): boolean {
  if (fileAccess.refuses(filePath)) return false;
  return isInsideFolder(filePath, folder) || fileAccess.allows(filePath);
}

/**
 * Checks every source file of a recipe (and its postcode lookup and boundary file) against the rule above and returns the
 * sources' absolute paths; throws FileAccessDeniedError naming the first file that may not be read.
 */
export function checkSourceAccess(file: RecipeFile, fileAccess: FileAccessPolicy): Map<string, string> {
  const folder = path.dirname(file.path);
  const paths = new Map<string, string>();
  for (const source of file.recipe.sources) {
    const sourcePath = path.resolve(folder, source.file);
    if (!readableBesideRecipe(sourcePath, folder, fileAccess)) throw new FileAccessDeniedError(sourcePath);
    paths.set(source.id, sourcePath);
    // A specification file the recipe names is read like its extracts: inside the recipe's folder, or allowed.
    if (isSpecificationPath(source.spec)) {
      const specPath = path.resolve(folder, source.spec);
      if (!isInsideFolder(specPath, folder) && !fileAccess.allows(specPath)) throw new FileAccessDeniedError(specPath);
    }
  }
  for (const reference of [file.recipe.geography.postcodeLookup, file.recipe.geography.boundaries?.file]) {
    if (reference === undefined) continue;
    const referencePath = path.resolve(folder, reference);
    if (!readableBesideRecipe(referencePath, folder, fileAccess)) throw new FileAccessDeniedError(referencePath);
  }
  return paths;
}
