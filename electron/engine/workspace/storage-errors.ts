/**
 * Turns the ways a disk can fail under a workspace into sentences a user can act on. Node reports them
 * as error codes (ENOSPC, EROFS, EACCES) and DuckDB as IO error text; either way the user needs to know
 * it is the disk, not their data, and that nothing was changed.
 */
export function storageProblem(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT' || /No space left on device|disk quota exceeded/i.test(text)) {
    return 'the disk holding the workspace is full; free some space (or move the workspace) and try again';
  }
  if (code === 'EROFS' || /Read-only file system/i.test(text)) {
    return 'the workspace is on a read-only disk; open a workspace in a folder you can write to';
  }
  if (code === 'EACCES' || code === 'EPERM' || /Permission denied/i.test(text)) {
    return 'the workbench is not allowed to write to the workspace folder; choose a folder you can write to';
  }
  return null;
}
