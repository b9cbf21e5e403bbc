import path from 'node:path';
import { EngineError } from './errors';

/**
 * Which files the engine may read. The window can ask to import any path it likes, so the engine reads
 * only what this policy allows: in the desktop app, files the user picked in a native dialog; in the
 * loopback host, files under folders named when it was started; in the CLI, what was typed.
 */
export interface FileAccessPolicy {
  allows(filePath: string): boolean;
  /** Remembers a file the user chose, e.g. in the native dialog. */
  grant(filePath: string): void;
  /** Whether the engine may write this path: one the user chose in a save dialog. */
  allowsSave(filePath: string): boolean;
  /** Remembers a path the user chose to save to. */
  grantSave(filePath: string): void;
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

export function chosenFilesPolicy(): FileAccessPolicy {
  const chosen = new Set<string>();
  const savable = new Set<string>();
  return {
    allows: (filePath) => chosen.has(path.resolve(filePath)),
    grant: (filePath) => {
      chosen.add(path.resolve(filePath));
    },
    allowsSave: (filePath) => savable.has(path.resolve(filePath)),
    grantSave: (filePath) => {
      savable.add(path.resolve(filePath));
    },
  };
}

export function folderPolicy(folders: readonly string[]): FileAccessPolicy {
  const roots = folders.map((folder) => path.resolve(folder) + path.sep);
  const chosen = chosenFilesPolicy();
  return {
    allows: (filePath) => {
      const resolved = path.resolve(filePath);
      return roots.some((root) => resolved.startsWith(root)) || chosen.allows(resolved);
    },
    grant: chosen.grant,
    // Saving needs a path chosen in the (stand-in) save dialog even inside the folders: reading is not writing.
    allowsSave: chosen.allowsSave,
    grantSave: chosen.grantSave,
  };
}

/** The CLI reads exactly the paths its user typed. */
export function anyFilePolicy(): FileAccessPolicy {
  return { allows: () => true, grant: () => undefined, allowsSave: () => true, grantSave: () => undefined };
}
