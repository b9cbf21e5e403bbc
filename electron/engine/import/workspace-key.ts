/**
 * The workspace's pseudonymisation key: 32 random bytes made on first use, so the same child gets the same
 * pseudonym in every import into this workspace. It lives in a file in the workspace's `secrets/` folder,
 * outside the folders DuckDB may touch, so no SQL — not even the SQL console — can read it: with the key,
 * the ten-digit NHS number space is small enough to reverse every pseudonym. It is never logged, never put
 * in an error and never leaves through the API; partners who agree to link on the same key move it
 * deliberately with exportWorkspaceKey / importWorkspaceKey (the `village key` command), audited by fingerprint.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { exportKeyFile, importKeyFile, keyFingerprint, generateWorkspaceKey, WORKSPACE_KEY_BYTES } from '../privacy';
import { KEY_FILE, recordAudit, type Workspace } from '../workspace';


function decodeKey(text: string): Uint8Array {
  const key = new Uint8Array(Buffer.from(text.trim(), 'base64url'));
  if (key.length !== WORKSPACE_KEY_BYTES) throw new Error('The workspace pseudonymisation key is damaged; restore the workspace from a backup');
  return key;
}

/**
 * Returns the key, creating it when the workspace has none. The file is created exclusively (`wx`), so two
 * first imports racing each other end up with the same key. A key older workspaces kept in the database was
 * moved here when the workspace opened (workspace/legacy-key.ts).
 */
export async function ensureWorkspaceKey(workspace: Pick<Workspace, 'secretsFolder'>): Promise<Uint8Array> {
  const keyPath = path.join(workspace.secretsFolder, KEY_FILE);
  if (!fs.existsSync(keyPath)) {
    try {
      fs.writeFileSync(keyPath, `${Buffer.from(generateWorkspaceKey()).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return decodeKey(fs.readFileSync(keyPath, 'utf8'));
}

/** The workspace's key as a key file (privacy/key-file.ts: the warning travels inside it); the export is audited by fingerprint. */
export async function exportWorkspaceKey(
  workspace: Pick<Workspace, 'secretsFolder'>,
  connection: DuckDBConnection,
  options: { workspaceLabel?: string } = {},
): Promise<{ text: string; fingerprint: string }> {
  const key = await ensureWorkspaceKey(workspace);
  const fingerprint = keyFingerprint(key);
  const text = exportKeyFile(key, options.workspaceLabel === undefined ? {} : { workspaceLabel: options.workspaceLabel });
  await recordAudit(connection, { action: 'key-export', outcome: 'succeeded', detail: { fingerprint } });
  return { text, fingerprint };
}

export class KeyImportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyImportRefusedError';
  }
}

/**
 * Makes a partner's key this workspace's key. Only before anything is imported: every stored pseudonym and
 * match key was made with the current key, and a new one would silently stop them matching.
 */
export async function importWorkspaceKey(
  workspace: Pick<Workspace, 'secretsFolder'>,
  connection: DuckDBConnection,
  keyFileText: string,
): Promise<{ fingerprint: string; unchanged: boolean }> {
  const imported = importKeyFile(keyFileText);
  const keyPath = path.join(workspace.secretsFolder, KEY_FILE);
  if (fs.existsSync(keyPath) && keyFingerprint(decodeKey(fs.readFileSync(keyPath, 'utf8'))) === imported.fingerprint) {
    return { fingerprint: imported.fingerprint, unchanged: true };
  }
  const counted = await connection.runAndReadAll('SELECT count(*) AS n FROM vw.imports');
  const imports = Number(counted.getRowObjectsJson()[0]?.n ?? 0);
  if (imports > 0) {
    throw new KeyImportRefusedError(
      `This workspace already holds ${imports} import${imports === 1 ? '' : 's'} pseudonymised with its own key, which a new key would stop matching. Import the partner's key into a new workspace, before any extract.`,
    );
  }
  const staged = path.join(workspace.secretsFolder, `${KEY_FILE}.${process.pid}.part`);
  fs.writeFileSync(staged, `${Buffer.from(imported.key).toString('base64url')}\n`, { mode: 0o600 });
  fs.renameSync(staged, keyPath);
  await recordAudit(connection, { action: 'key-import', outcome: 'succeeded', detail: { fingerprint: imported.fingerprint } });
  return { fingerprint: imported.fingerprint, unchanged: false };
}

