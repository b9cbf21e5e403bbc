import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { copyDatabaseTo, moveLegacyKeyOut, rewriteDone } from './legacy-key';
import { CURRENT_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { storageProblem } from './storage-errors';

export const WORKSPACE_DATABASE_FILE = 'workspace.duckdb';

/** User-facing tables and views live in the `main` schema; the engine's bookkeeping lives in `vw`. */
export const USER_SCHEMA = 'main';

export interface WorkspaceOptions {
  /** A folder that holds the workspace (created if missing), or ':memory:' for a throwaway workspace. */
  readonly location: string;
  /** DuckDB's memory ceiling, e.g. '2GB'. Large imports spill to the workspace's temp folder instead. */
  readonly memoryLimit?: string;
  readonly threads?: number;
}

/**
 * An open workspace: one DuckDB database plus the folder DuckDB is confined to. User files are read by
 * the engine's own readers, never by DuckDB, so DuckDB's file access is limited to this folder and then
 * locked: SQL typed in the console cannot read or write anything else, or load extensions.
 */
export interface Workspace {
  readonly location: string;
  /** Folder DuckDB may read and write: the database, spill files and import staging live here. */
  readonly folder: string;
  readonly stagingFolder: string;
  /** Holds the pseudonymisation key; deliberately outside the folders DuckDB may read. */
  readonly secretsFolder: string;
  readonly instance: DuckDBInstance;
  /** A fresh connection: use one per job so a long import never blocks grid paging. */
  connect(): Promise<DuckDBConnection>;
  /** A connection shared by short requests. */
  readonly connection: DuckDBConnection;
  close(): Promise<void>;
}

export class WorkspaceOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceOpenError';
  }
}

function prepareFolder(location: string): { folder: string; databasePath: string; ownsFolder: boolean } {
  if (location === ':memory:') {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'village-workspace-'));
    return { folder, databasePath: ':memory:', ownsFolder: true };
  }
  const folder = path.resolve(location);
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.accessSync(folder, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw new WorkspaceOpenError(
      `The workspace folder ${folder} cannot be used: ${storageProblem(error) ?? `${(error as NodeJS.ErrnoException).code ?? String(error)}; choose a folder you can write to`}.`,
    );
  }
  return { folder, databasePath: path.join(folder, WORKSPACE_DATABASE_FILE), ownsFolder: false };
}

async function applyMigrations(connection: DuckDBConnection): Promise<void> {
  await connection.run('CREATE SCHEMA IF NOT EXISTS vw');
  await connection.run('CREATE TABLE IF NOT EXISTS vw.schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)');
  const applied = await connection.runAndReadAll('SELECT version FROM vw.schema_migrations');
  const appliedVersions = new Set(applied.getRowObjectsJson().map((row) => Number(row.version)));
  for (const migration of MIGRATIONS) {
    if (appliedVersions.has(migration.version)) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await connection.run(statement);
      await connection.run('INSERT INTO vw.schema_migrations VALUES ($version, $description, now()::TIMESTAMP)', {
        version: migration.version,
        description: migration.description,
      });
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  }
}

async function createInstance(databasePath: string, spillFolder: string, options: WorkspaceOptions): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(databasePath, {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      allow_unsigned_extensions: 'false',
      memory_limit: options.memoryLimit ?? '2GB',
      threads: String(options.threads ?? Math.max(1, Math.min(4, os.availableParallelism()))),
      temp_directory: spillFolder,
    });
  } catch (error) {
    throw new WorkspaceOpenError(`The workspace ${databasePath} could not be opened: ${storageProblem(error) ?? String((error as Error).message ?? error)}`);
  }
}

export async function openWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  const { folder, databasePath, ownsFolder } = prepareFolder(options.location);
  const spillFolder = path.join(folder, 'tmp');
  const stagingFolder = path.join(folder, 'staging');
  const secretsFolder = path.join(folder, 'secrets');
  fs.mkdirSync(spillFolder, { recursive: true });
  fs.mkdirSync(secretsFolder, { recursive: true, mode: 0o700 });
  // Staged copies left by a process that was killed mid-import hold plaintext extracts: remove them.
  fs.rmSync(stagingFolder, { recursive: true, force: true });
  fs.mkdirSync(stagingFolder, { recursive: true });
  let instance = await createInstance(databasePath, spillFolder, options);
  let connection = await instance.connect();
  await applyMigrations(connection);
  // A :memory: workspace has no database file: nothing to rewrite, nothing left behind when it closes.
  if ((await moveLegacyKeyOut(connection, secretsFolder)) && databasePath !== ':memory:') {
    // The old file still holds the key's bytes in freed blocks: replace it with a fresh copy.
    const rewrittenPath = `${databasePath}.rewrite`;
    await copyDatabaseTo(connection, rewrittenPath);
    connection.closeSync();
    instance.closeSync();
    fs.rmSync(`${databasePath}.wal`, { force: true });
    fs.renameSync(rewrittenPath, databasePath);
    instance = await createInstance(databasePath, spillFolder, options);
    connection = await instance.connect();
    rewriteDone(secretsFolder);
  }
  await markInterruptedOperations(connection);
  // Confine DuckDB to its spill and staging folders (the database file it already has open), then lock the
  // configuration so no later SQL can widen it. The secrets folder is deliberately not among them.
  const allowed = [spillFolder, stagingFolder].map((allowedFolder) => `'${allowedFolder.replaceAll("'", "''")}/'`).join(', ');
  await connection.run(`SET allowed_directories = [${allowed}]`);
  await connection.run('SET enable_external_access = false');
  await connection.run('SET lock_configuration = true');
  const connections: DuckDBConnection[] = [connection];

  return {
    location: options.location === ':memory:' ? ':memory:' : folder,
    folder,
    stagingFolder,
    secretsFolder,
    instance,
    connection,
    async connect() {
      const extra = await instance.connect();
      connections.push(extra);
      return extra;
    },
    async close() {
      for (const open of connections) open.closeSync();
      instance.closeSync();
      if (ownsFolder) fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

export async function schemaVersion(connection: DuckDBConnection): Promise<number> {
  const result = await connection.runAndReadAll('SELECT coalesce(max(version), 0) AS version FROM vw.schema_migrations');
  return Number(result.getRowObjectsJson()[0]?.version ?? 0);
}

export { CURRENT_SCHEMA_VERSION };

/** Records one line of the audit trail; details must never hold identifiers or cell values. */
/**
 * An operation whose start is committed to the audit trail before it changes anything, so that a process
 * killed part-way leaves a `started` line with no ending. The next open of the workspace marks such lines
 * `interrupted` (see markInterruptedOperations). Each ending line carries the same operation id.
 */
export interface AuditedOperation {
  readonly operationId: string;
  /** Detail to put on the terminal audit line written inside the operation's own transaction. */
  readonly auditDetail: { readonly operation: string };
  /** Records how the operation ended when it ended outside its transaction (failed, cancelled). */
  finish(outcome: 'failed' | 'cancelled', detail?: Record<string, unknown>): Promise<void>;
}

export async function beginAuditedOperation(
  connection: DuckDBConnection,
  action: string,
  subject: string,
  detail: Record<string, unknown> = {},
): Promise<AuditedOperation> {
  const operationId = randomUUID();
  await recordAudit(connection, { action, outcome: 'started', subject, detail: { ...detail, operation: operationId } });
  return {
    operationId,
    auditDetail: { operation: operationId },
    finish: (outcome, extra = {}) => recordAudit(connection, { action, outcome, subject, detail: { ...extra, operation: operationId } }),
  };
}

/** Marks every started operation that never ended (the process was killed) as interrupted; returns how many. */
export async function markInterruptedOperations(connection: DuckDBConnection): Promise<number> {
  const orphans = await connection.runAndReadAll(
    `SELECT s.action, s.subject, json_extract_string(s.detail_json, '$.operation') AS operation
       FROM vw.audit s
      WHERE s.outcome = 'started'
        AND NOT EXISTS (
          SELECT 1 FROM vw.audit e
           WHERE e.outcome <> 'started'
             AND json_extract_string(e.detail_json, '$.operation') = json_extract_string(s.detail_json, '$.operation'))
      ORDER BY s.occurred_at`,
  );
  const rows = orphans.getRowObjectsJson();
  for (const row of rows) {
    await recordAudit(connection, {
      action: String(row.action),
      outcome: 'interrupted',
      ...(row.subject === null ? {} : { subject: String(row.subject) }),
      detail: { operation: String(row.operation), note: 'the process stopped before this finished; its changes were discarded' },
    });
  }
  return rows.length;
}

export async function recordAudit(
  connection: DuckDBConnection,
  entry: { action: string; outcome: 'succeeded' | 'failed' | 'cancelled' | 'interrupted' | 'started'; subject?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await connection.run('INSERT INTO vw.audit VALUES ($id, now()::TIMESTAMP, $action, $outcome, $subject, $detail)', {
    id: randomUUID(),
    action: entry.action,
    outcome: entry.outcome,
    subject: entry.subject ?? null,
    detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
  });
}
