import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../sql';

/**
 * Workspaces made before the pseudonymisation key moved to `secrets/` kept it in vw.settings. Deleting the
 * row is not enough: DuckDB marks the row's blocks free but does not wipe them, so the key's bytes stay in
 * the database file (and its WAL) for anyone who can read the file. Moving it out therefore ends with a
 * rewrite: every schema is copied into a fresh database file, which replaces the old one, and the old
 * file and its WAL are gone with the key's bytes.
 */

export const KEY_FILE = 'pseudonymisation.key';
export const LEGACY_KEY_SETTING = 'pseudonymisation-key';
/** Written before the key's row is deleted and removed once the rewrite is in place: a rewrite that failed is done at the next open. */
const REWRITE_PENDING = 'database-rewrite.pending';

/** Moves a legacy key into the secrets folder; true when the database must now be rewritten. */
export async function moveLegacyKeyOut(connection: DuckDBConnection, secretsFolder: string): Promise<boolean> {
  const pending = path.join(secretsFolder, REWRITE_PENDING);
  const result = await connection.runAndReadAll('SELECT value FROM vw.settings WHERE name = $name', { name: LEGACY_KEY_SETTING });
  const legacy = result.getRowObjectsJson()[0]?.value;
  if (typeof legacy !== 'string') return fs.existsSync(pending);
  try {
    fs.writeFileSync(path.join(secretsFolder, KEY_FILE), `${legacy.trim()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // A key file already there is the workspace's key: it was written first, and imports used it.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  fs.writeFileSync(pending, 'The database still holds the old key in freed pages; it is rewritten when the workspace next opens.\n', { mode: 0o600 });
  await connection.run('DELETE FROM vw.settings WHERE name = $name', { name: LEGACY_KEY_SETTING });
  return true;
}

/** The rewritten database is in place: nothing is pending. */
export function rewriteDone(secretsFolder: string): void {
  fs.rmSync(path.join(secretsFolder, REWRITE_PENDING), { force: true });
}

/**
 * Copies the open database into `rewrittenPath` (everything DuckDB holds: schemas, tables with their
 * constraints, views, sequences, macros), so the caller can close the old file and put this one in its place.
 */
export async function copyDatabaseTo(connection: DuckDBConnection, rewrittenPath: string): Promise<void> {
  fs.rmSync(rewrittenPath, { force: true });
  fs.rmSync(`${rewrittenPath}.wal`, { force: true });
  const current = await connection.runAndReadAll('SELECT current_database() AS name');
  const source = String(current.getRowObjectsJson()[0]?.name);
  // ATTACH takes no bound parameters; the path is the engine's own (the workspace folder), quoted as a literal.
  await connection.run(`ATTACH '${rewrittenPath.replaceAll("'", "''")}' AS vw_rewrite`);
  try {
    await connection.run(`COPY FROM DATABASE ${quoteIdentifier(source)} TO vw_rewrite`);
  } finally {
    await connection.run('DETACH vw_rewrite');
  }
}
