import path from 'node:path';

/**
 * Which files the engine may read. The window can ask to import any path it likes, so the engine reads
 * only what this policy allows: in the desktop app, files the user picked in a native dialog; in the
 * loopback host, files under folders named when it was started; in the CLI, what was typed.
 */
export interface FileAccessPolicy {
  allows(filePath: string): boolean;
  /** Remembers a file the user chose, e.g. in the native dialog. */
  grant(filePath: string): void;
}

export class FileAccessDeniedError extends Error {
  constructor(filePath: string) {
    super(`The workbench may only read files you chose; ${path.basename(filePath)} was not chosen`);
    this.name = 'FileAccessDeniedError';
  }
}

export function chosenFilesPolicy(): FileAccessPolicy {
  const chosen = new Set<string>();
  return {
    allows: (filePath) => chosen.has(path.resolve(filePath)),
    grant: (filePath) => {
      chosen.add(path.resolve(filePath));
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
  };
}

/** The CLI reads exactly the paths its user typed. */
export function anyFilePolicy(): FileAccessPolicy {
  return { allows: () => true, grant: () => undefined };
}
