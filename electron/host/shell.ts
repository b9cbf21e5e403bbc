import fs from 'node:fs';
import path from 'node:path';
import type { ShellHandlers } from '../../shared/api';
import type { FileAccessPolicy } from '../engine/file-access';

export const IMPORTABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.xls'];

/** Recipe files: `*.recipe.json` by convention, any `.json` accepted. */
export const RECIPE_EXTENSIONS = ['.json'];

/**
 * The loopback host's stand-in for the desktop's native file dialog: a browser cannot hand the engine a
 * file path, so "choosing" offers the files of the asked-for kind in the folders the host was started with
 * (importable extracts, or recipes: `*.recipe.json` first, then other `.json` files), sorted by name. Each
 * offered file is granted to the engine, exactly as a pick in the native dialog would be.
 */
export function createHostShell(folders: readonly string[], fileAccess: FileAccessPolicy): ShellHandlers {
  return {
    async chooseFiles(request) {
      const extensions = request.purpose === 'recipe' ? RECIPE_EXTENSIONS : IMPORTABLE_EXTENSIONS;
      const paths = folders
        .flatMap((folder) => (fs.existsSync(folder) ? fs.readdirSync(folder, { withFileTypes: true }) : []).map((entry) => ({ folder, entry })))
        .filter(({ entry }) => entry.isFile() && extensions.includes(path.extname(entry.name).toLowerCase()))
        .map(({ folder, entry }) => path.resolve(folder, entry.name))
        .sort((a, b) => recipeFirst(request.purpose, a, b) || a.localeCompare(b));
      paths.forEach((filePath) => fileAccess.grant(filePath));
      return { paths };
    },
  };
}

function recipeFirst(purpose: 'import' | 'recipe', a: string, b: string): number {
  if (purpose !== 'recipe') return 0;
  const rank = (filePath: string): number => (filePath.toLowerCase().endsWith('.recipe.json') ? 0 : 1);
  return rank(a) - rank(b);
}
