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
import { parseRecipe, RecipeError, type Recipe } from '../../../shared/recipe';
import { FileAccessDeniedError, type FileAccessPolicy } from '../file-access';
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

function realPath(filePath: string): string {
  try {
    return fs.realpathSync(filePath);
  } catch {
    return path.resolve(filePath);
  }
}

/** True when `filePath` (after following links) lies inside `folder`'s tree. */
export function isInsideFolder(filePath: string, folder: string): boolean {
  const root = realPath(folder) + path.sep;
  return realPath(filePath).startsWith(root);
}

/**
 * Checks every source file of a recipe (and its postcode lookup) against the rule above and returns the
 * sources' absolute paths; throws FileAccessDeniedError naming the first file that may not be read.
 */
export function checkSourceAccess(file: RecipeFile, fileAccess: FileAccessPolicy): Map<string, string> {
  const folder = path.dirname(file.path);
  const paths = new Map<string, string>();
  for (const source of file.recipe.sources) {
    const sourcePath = path.resolve(folder, source.file);
    if (!isInsideFolder(sourcePath, folder) && !fileAccess.allows(sourcePath)) {
      throw new FileAccessDeniedError(sourcePath);
    }
    paths.set(source.id, sourcePath);
  }
  const lookup = file.recipe.geography.postcodeLookup;
  if (lookup !== undefined) {
    const lookupPath = path.resolve(folder, lookup);
    if (!isInsideFolder(lookupPath, folder) && !fileAccess.allows(lookupPath)) throw new FileAccessDeniedError(lookupPath);
  }
  return paths;
}
