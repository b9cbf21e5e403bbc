import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ResponseOf, ShellHandlers } from '../../shared/api';
import type { Result } from '../../shared/result';
import { EngineError } from '../engine/errors';
import { FileAccessDeniedError, type FileAccessPolicy } from '../engine/file-access';
import { UnusableFileError } from '../engine/tabular/raw';
import type { PublishedFiles } from './published-files';

export const IMPORTABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.xls'];

/** Recipe files: `*.recipe.json` by convention, any `.json` accepted but a specification (`*.spec.json`, see docs/specifications.md). */
export const RECIPE_EXTENSIONS = ['.json'];
const SPECIFICATION_FILE = /\.spec\.json$/i;

/** Specification files: `*.spec.json` by convention, any `.json` accepted. */
export const SPECIFICATION_EXTENSIONS = ['.json'];

type ChoosePurpose = 'import' | 'recipe' | 'specification';

/** The file-name ending each kind of JSON file has by convention, offered first and kept when a name is numbered. */
const CONVENTIONAL_SUFFIX: Readonly<Record<Exclude<ChoosePurpose, 'import'>, string>> = { recipe: '.recipe.json', specification: '.spec.json' };

/** Where the host keeps dropped files: inside the workspace, beside (not inside) the folders DuckDB may read. */
export function droppedFilesFolder(workspaceFolder: string): string {
  return path.join(workspaceFolder, 'dropped');
}

/** A dropped file's name as the browser gave it, made safe to be one file name inside the dropped folder. */
export function safeDroppedName(name: string): string {
  const lastPart = name.split(/[\\/]/).pop() ?? '';
  const unsafe = (character: string): boolean => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f || '<>:"|?*'.includes(character);
  const cleaned = [...lastPart].map((character) => (unsafe(character) ? '_' : character)).join('').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'dropped' : cleaned.slice(0, 200);
}

/** How the host's shell reaches a run's report: the engine names the file, the host publishes it for a tab. */
export interface HostReports {
  locate(runId: string | undefined): Promise<Result<ResponseOf<'locateRunReport'>>>;
  readonly published: PublishedFiles;
}

/**
 * The loopback host's stand-in for the desktop's native file dialog: a browser cannot hand the engine a
 * file path, so "choosing" offers the files of the asked-for kind in the folders the host was started with
 * (importable extracts, or recipes and specifications: `*.recipe.json` or `*.spec.json` first, then other `.json`
 * files; a specification is not offered as a recipe), sorted by name. Each
 * offered file is granted to the engine, exactly as a pick in the native dialog would be.
 *
 * A file dropped on the page arrives as its bytes (a page cannot know paths): each is written, under its own
 * name, to a new folder inside `droppedFolder` (in the workspace; emptied when the host starts, since grants
 * do not outlive it) through a temporary name and a rename, then granted like a chosen file.
 *
 * A run's report, which the desktop hands to the system's browser, is published at an unguessable loopback
 * address for the window to open in a new tab; the file is the one the engine names, never one the page does.
 */
export function createHostShell(folders: readonly string[], fileAccess: FileAccessPolicy, droppedFolder: string, reports: HostReports): ShellHandlers {
  fs.rmSync(droppedFolder, { recursive: true, force: true });
  return {
    async chooseFiles(request) {
      const extensions = request.purpose === 'recipe' ? RECIPE_EXTENSIONS : request.purpose === 'specification' ? SPECIFICATION_EXTENSIONS : IMPORTABLE_EXTENSIONS;
      const paths = folders
        .flatMap((folder) => (fs.existsSync(folder) ? fs.readdirSync(folder, { withFileTypes: true }) : []).map((entry) => ({ folder, entry })))
        .filter(({ entry }) => entry.isFile() && extensions.includes(path.extname(entry.name).toLowerCase()))
        // A specification kept beside its recipe is never the recipe itself.
        .filter(({ entry }) => request.purpose !== 'recipe' || !SPECIFICATION_FILE.test(entry.name))
        .map(({ folder, entry }) => path.resolve(folder, entry.name))
        .sort((a, b) => conventionalFirst(request.purpose, a, b) || a.localeCompare(b));
      paths.forEach((filePath) => fileAccess.grant(filePath));
      return { paths };
    },
    /**
     * The save dialog's stand-in: the suggested name in the first folder the host was started with (a number
     * added if a file has it already), granted for saving exactly as a native save dialog's choice would be.
     */
    async chooseSavePath(request) {
      const folder = folders[0];
      if (folder === undefined) throw new FileAccessDeniedError(request.suggestedName, 'save');
      const name = safeDroppedName(request.suggestedName);
      // `q3.recipe.json` becomes `q3 (2).recipe.json`, keeping the naming convention.
      const suffix = CONVENTIONAL_SUFFIX[request.purpose];
      const extension = name.toLowerCase().endsWith(suffix) ? name.slice(-suffix.length) : path.extname(name);
      const stem = name.slice(0, name.length - extension.length);
      let target = path.resolve(folder, name);
      for (let copy = 2; fs.existsSync(target); copy += 1) target = path.resolve(folder, `${stem} (${copy})${extension}`);
      fileAccess.grantSave(target);
      return { path: target };
    },
    async openRunReport(request) {
      const located = await reports.locate(request.runId);
      if (!located.ok) throw new EngineError(located.error.message, located.error.code);
      return { runId: located.value.runId, url: reports.published.publish(located.value.path) };
    },
    async acceptDroppedFiles(request) {
      const paths: string[] = [];
      for (const file of request.files) {
        // Only the desktop's preload may send a path; from a page it would be a way to name any file.
        if (file.kind === 'path') throw new FileAccessDeniedError(file.path);
        const name = safeDroppedName(file.name);
        if (!IMPORTABLE_EXTENSIONS.includes(path.extname(name).toLowerCase())) {
          throw new UnusableFileError(`${name} was dropped, but the workbench imports only ${IMPORTABLE_EXTENSIONS.join(', ')} files.`, 'unsupported-format');
        }
        const folder = path.join(droppedFolder, randomUUID());
        fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
        const target = path.join(folder, name);
        const temporary = path.join(folder, `.${randomUUID()}.part`);
        fs.writeFileSync(temporary, file.bytes, { mode: 0o600 });
        fs.renameSync(temporary, target);
        fileAccess.grant(target);
        paths.push(target);
      }
      return { paths };
    },
  };
}

function conventionalFirst(purpose: ChoosePurpose, a: string, b: string): number {
  if (purpose === 'import') return 0;
  const suffix = CONVENTIONAL_SUFFIX[purpose];
  const rank = (filePath: string): number => (filePath.toLowerCase().endsWith(suffix) ? 0 : 1);
  return rank(a) - rank(b);
}
