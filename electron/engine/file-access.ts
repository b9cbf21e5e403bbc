import fs from 'node:fs';
import path from 'node:path';
import { EngineError } from './errors';

/**
 * Which files the engine may read. The window can ask to import any path it likes, so the engine reads
 * only what this policy allows: in the desktop app, files the user picked in a native dialog; in the
 * loopback host, files under folders named when it was started; in the CLI, what was typed.
 *
 * Every check is on real paths (symbolic links followed, `..` resolved): a link inside an allowed folder
 * that leads out of it (to `/`, to another user's file) is outside, and a granted name later swapped for a
 * link elsewhere is no longer granted. Whatever a policy allows, the workspace's own files — its secrets
 * folder with the pseudonymisation key, its database and WAL, its staging and spill folders — are refused
 * (protectWorkspace), by any route.
 */
export interface FileAccessPolicy {
  allows(filePath: string): boolean;
  /** Remembers a file the user chose, e.g. in the native dialog. */
  grant(filePath: string): void;
  /** Whether the engine may write this path: one the user chose in a save dialog. */
  allowsSave(filePath: string): boolean;
  /** Remembers a path the user chose to save to. */
  grantSave(filePath: string): void;
  /** Paths never to be read whatever was granted or lies beside a recipe (the workspace's own files). */
  refuses(filePath: string): boolean;
}

export class FileAccessDeniedError extends EngineError {
  constructor(filePath: string, action: 'read' | 'save' = 'read') {
    super(
      action === 'read'
        ? `The workbench may only read files you chose; ${path.basename(filePath)} was not chosen`
        : `The workbench may only save where you chose to; ${path.basename(filePath)} was not chosen in the save dialog`,
      'forbidden',
    );
  }
}

/**
 * The real path of `filePath`: links followed all the way. A path that does not exist yet (a file about to
 * be saved) is its deepest existing folder's real path joined with the rest.
 */
export function realPathOf(filePath: string): string {
  const resolved = path.resolve(filePath);
  try {
    return fs.realpathSync.native(resolved);
  } catch {
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(realPathOf(parent), path.basename(resolved));
  }
}

/** True when `filePath`'s real path is `folder`'s real path or lies under it. */
export function isUnderFolder(filePath: string, folder: string): boolean {
  const root = realPathOf(folder);
  const real = realPathOf(filePath);
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

export function chosenFilesPolicy(): FileAccessPolicy {
  const chosen = new Set<string>();
  const savable = new Set<string>();
  return {
    allows: (filePath) => chosen.has(realPathOf(filePath)),
    grant: (filePath) => {
      chosen.add(realPathOf(filePath));
    },
    allowsSave: (filePath) => savable.has(realPathOf(filePath)),
    grantSave: (filePath) => {
      savable.add(realPathOf(filePath));
    },
    refuses: () => false,
  };
}

export function folderPolicy(folders: readonly string[]): FileAccessPolicy {
  const chosen = chosenFilesPolicy();
  return {
    allows: (filePath) => folders.some((folder) => isUnderFolder(filePath, folder)) || chosen.allows(filePath),
    grant: chosen.grant,
    // Saving needs a path chosen in the (stand-in) save dialog even inside the folders: reading is not writing.
    allowsSave: chosen.allowsSave,
    grantSave: chosen.grantSave,
    refuses: chosen.refuses,
  };
}

/** The CLI reads exactly the paths its user typed. */
export function anyFilePolicy(): FileAccessPolicy {
  return { allows: () => true, grant: () => undefined, allowsSave: () => true, grantSave: () => undefined, refuses: () => false };
}

/**
 * `policy` with the workspace's own files refused for reading and writing, by real path: the secrets folder
 * (the key would reverse every pseudonym), the database file and its WAL (freed pages keep deleted rows),
 * and the staging and spill folders (plaintext copies during an import).
 */
export function protectWorkspace(policy: FileAccessPolicy, workspace: { readonly secretsFolder: string; readonly stagingFolder: string; readonly spillFolder: string; readonly databaseFile: string }): FileAccessPolicy {
  const folders = [workspace.secretsFolder, workspace.stagingFolder, workspace.spillFolder];
  const files = [workspace.databaseFile, `${workspace.databaseFile}.wal`].map(realPathOf);
  const refuses = (filePath: string): boolean =>
    policy.refuses(filePath) || folders.some((folder) => isUnderFolder(filePath, folder)) || files.some((file) => realPathOf(filePath) === file);
  return {
    allows: (filePath) => !refuses(filePath) && policy.allows(filePath),
    grant: (filePath) => policy.grant(filePath),
    allowsSave: (filePath) => !refuses(filePath) && policy.allowsSave(filePath),
    grantSave: (filePath) => policy.grantSave(filePath),
    refuses,
  };
}
