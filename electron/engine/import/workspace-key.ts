/**
 * The workspace's pseudonymisation key: 32 random bytes made on first use and kept in `vw.settings`, so the
 * same child gets the same pseudonym in every import into this workspace. It is never logged, never put in
 * an error and never leaves through the API (partners who want a shared key use privacy/key-file.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { generateWorkspaceKey, WORKSPACE_KEY_BYTES } from '../privacy/pseudonymise';

const KEY_SETTING = 'pseudonymisation-key';

/**
 * Returns the key, creating it in its own short transaction when the workspace has none. Creating it apart
 * from any import keeps concurrent first imports from conflicting; `ON CONFLICT DO NOTHING` then re-reading
 * means two racing callers end up with the same key.
 */
export async function ensureWorkspaceKey(connection: DuckDBConnection): Promise<Uint8Array> {
  const existing = await readKey(connection);
  if (existing !== null) return existing;
  await connection.run('INSERT INTO vw.settings VALUES ($name, $value) ON CONFLICT DO NOTHING', {
    name: KEY_SETTING,
    value: Buffer.from(generateWorkspaceKey()).toString('base64url'),
  });
  const created = await readKey(connection);
  if (created === null) throw new Error('The workspace pseudonymisation key could not be stored');
  return created;
}

async function readKey(connection: DuckDBConnection): Promise<Uint8Array | null> {
  const result = await connection.runAndReadAll('SELECT value FROM vw.settings WHERE name = $name', { name: KEY_SETTING });
  const value = result.getRowObjectsJson()[0]?.value;
  if (typeof value !== 'string') return null;
  const key = new Uint8Array(Buffer.from(value, 'base64url'));
  if (key.length !== WORKSPACE_KEY_BYTES) throw new Error('The workspace pseudonymisation key is damaged; restore the workspace from a backup');
  return key;
}
