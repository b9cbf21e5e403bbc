import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `text` to `target` through a hidden temporary file in the same folder and a rename, so `target` is
 * always the old file or the whole new one. On failure the temporary file is removed and the error rethrown.
 */
export function writeTextAtomically(target: string, text: string): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.part`);
  try {
    fs.writeFileSync(temporary, text, { flag: 'wx' });
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
