import fs from 'node:fs';
import path from 'node:path';
import type { ShellHandlers } from '../../shared/api';
import type { FileAccessPolicy } from '../engine/file-access';

export const IMPORTABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.xls'];

/**
 * The loopback host's stand-in for the desktop's native file dialog: a browser cannot hand the engine a
 * file path, so "choosing" offers the importable files in the folders the host was started with, sorted
 * by name. Each offered file is granted to the engine, exactly as a pick in the native dialog would be.
 */
export function createHostShell(folders: readonly string[], fileAccess: FileAccessPolicy): ShellHandlers {
  return {
    async chooseFiles() {
      const paths = folders
        .flatMap((folder) => (fs.existsSync(folder) ? fs.readdirSync(folder, { withFileTypes: true }) : []).map((entry) => ({ folder, entry })))
        .filter(({ entry }) => entry.isFile() && IMPORTABLE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()))
        .map(({ folder, entry }) => path.resolve(folder, entry.name))
        .sort((a, b) => a.localeCompare(b));
      paths.forEach((filePath) => fileAccess.grant(filePath));
      return { paths };
    },
  };
}
