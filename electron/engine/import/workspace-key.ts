/**
 * The workspace's pseudonymisation key: 32 random bytes made on first use, so the same child gets the same
 * pseudonym in every import into this workspace. It lives in a file in the workspace's `secrets/` folder,
 * outside the folders DuckDB may touch, so no SQL — not even the SQL console — can read it: with the key,
 * the ten-digit NHS number space is small enough to reverse every pseudonym. It is never logged, never put
 * in an error and never leaves through the API (partners who want a shared key use privacy/key-file.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { generateWorkspaceKey, WORKSPACE_KEY_BYTES } from '../privacy/pseudonymise';
import type { Workspace } from '../workspace/workspace';

const KEY_FILE = 'pseudonymisation.key';
/** Where workspaces made before the key moved to a file kept it; moved out on first use. */
const LEGACY_KEY_SETTING = 'pseudonymisation-key';

function decodeKey(text: string): Uint8Array {
  const key = new Uint8Array(Buffer.from(text.trim(), 'base64url'));
  if (key.length !== WORKSPACE_KEY_BYTES) throw new Error('The workspace pseudonymisation key is damaged; restore the workspace from a backup');
  return key;
}

async function takeLegacyKey(connection: DuckDBConnection): Promise<string | null> {
  const result = await connection.runAndReadAll('SELECT value FROM vw.settings WHERE name = $name', { name: LEGACY_KEY_SETTING });
  const value = result.getRowObjectsJson()[0]?.value;
  return typeof value === 'string' ? value : null;
}

/**
 * Returns the key, creating it when the workspace has none. The file is created exclusively (`wx`), so two
 * first imports racing each other end up with the same key.
 */
export async function ensureWorkspaceKey(workspace: Pick<Workspace, 'secretsFolder'>, connection: DuckDBConnection): Promise<Uint8Array> {
  const keyPath = path.join(workspace.secretsFolder, KEY_FILE);
  if (!fs.existsSync(keyPath)) {
    const legacy = await takeLegacyKey(connection);
    const text = legacy ?? Buffer.from(generateWorkspaceKey()).toString('base64url');
    try {
      fs.writeFileSync(keyPath, `${text}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (legacy !== null) await connection.run('DELETE FROM vw.settings WHERE name = $name', { name: LEGACY_KEY_SETTING });
  }
  return decodeKey(fs.readFileSync(keyPath, 'utf8'));
}
