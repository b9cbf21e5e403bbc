/**
 * Recovery from a recipe run whose process was killed (SIGKILL, power cut, crash). Such a run leaves the
 * stash of the tables it was replacing (stash.ts) next to tables it had already half replaced, and possibly
 * part of its outputs folder under `<workspace>/runs/`. The engine calls recoverInterruptedRun once, right
 * after the workspace is opened and before it answers any request, so the window, the loopback host and
 * the CLI only ever see the workspace as it was before the interrupted run. openWorkspace has already
 * marked the run's `started` audit line `interrupted`; the restore adds its own line in the same
 * transaction as the restore.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { recordAudit, type Workspace } from '../workspace';
import { hasStash, restoreStash } from './stash';

/** Where every run's pipeline outputs are kept (one folder per run id). */
export function runsFolder(workspace: Workspace): string {
  return path.join(workspace.folder, 'runs');
}

/** Where a run's pipeline outputs are kept: inside the workspace folder, outside DuckDB's allowed folders. */
export function runOutputsFolder(workspace: Workspace, runId: string): string {
  return path.join(runsFolder(workspace), runId);
}

/** Restores a leftover stash and removes outputs folders of runs that were never stored; returns the tables put back. */
export async function recoverInterruptedRun(workspace: Workspace, connection: DuckDBConnection): Promise<string[]> {
  let restored: string[] = [];
  if (await hasStash(connection)) {
    restored = await restoreStash(connection, (tables) =>
      recordAudit(connection, {
        action: 'recipe-run-restore',
        outcome: 'succeeded',
        detail: { tables, note: 'tables of an interrupted recipe run put back as they were before it' },
      }),
    );
  }
  await removeUnstoredRunFolders(workspace, connection);
  return restored;
}

/** A killed run may have written some of its outputs; only stored runs keep a folder. */
async function removeUnstoredRunFolders(workspace: Workspace, connection: DuckDBConnection): Promise<void> {
  const folder = runsFolder(workspace);
  if (!fs.existsSync(folder)) return;
  const reader = await connection.runAndReadAll('SELECT run_id FROM vw.recipe_runs');
  const stored = new Set(reader.getRowObjectsJson().map((row) => String(row.run_id)));
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith('run-') && !stored.has(entry.name)) {
      fs.rmSync(path.join(folder, entry.name), { recursive: true, force: true });
    }
  }
}
