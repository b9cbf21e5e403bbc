/**
 * Copies a stored run's pipeline outputs (village.json, village.xlsx, report.html, validation/) from
 * `<workspace>/runs/<runId>/` into a folder the user chose, as an audited operation: a `started` line
 * first, so an export killed part-way is marked `interrupted` when the workspace next opens, and a
 * `succeeded` line with every file's SHA-256. The export writes nothing else to the workspace.
 *
 * Each file is written under a temporary name in its own folder and renamed into place, so a file with an
 * output's name is always complete: the previous export's or this one's. Temporary files a killed export
 * left behind are removed by the next export into the same folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { VillageJson } from '../../../shared/village';
import { EngineError } from '../errors';
import { beginAuditedOperation, recordAudit } from '../workspace';
import type { WrittenFile } from './write-outputs';

const TEMPORARY_NAME = /^\..+\.[0-9a-f]{16}\.partial$/;
const MAIN_FILES = ['village.json', 'village.xlsx', 'report.html'];

/** The temporary name of `target` while it is being written: hidden, in the same folder, unmistakably partial. */
export function temporaryNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString('hex')}.partial`);
}

/** Writes `bytes` to `target` through a temporary file in the same folder, so `target` is never half written. */
export function writeFileAtomically(target: string, bytes: Uint8Array): void {
  const temporary = temporaryNameFor(target);
  try {
    fs.writeFileSync(temporary, bytes, { flag: 'wx' });
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

function removeStaleTemporaries(folder: string): void {
  if (!fs.existsSync(folder)) return;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (entry.isFile() && TEMPORARY_NAME.test(entry.name)) fs.rmSync(path.join(folder, entry.name), { force: true });
  }
}

/** The run's files relative to its folder: validation reports in source order, then the main outputs. */
function runFiles(folder: string, village: VillageJson): string[] {
  const files = fs.readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  const sourceOrder = village.sources.map((source) => source.id);
  const rank = (file: string): number => {
    const main = MAIN_FILES.indexOf(file);
    if (main >= 0) return 2 * sourceOrder.length + main;
    const match = /^validation\/(.+)\.(json|csv)$/.exec(file);
    const source = match === null ? -1 : sourceOrder.indexOf(match[1] ?? '');
    return source < 0 ? 2 * sourceOrder.length + MAIN_FILES.length : 2 * source + (match?.[2] === 'csv' ? 1 : 0);
  };
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface ExportRunOutputsOptions {
  /** The run's outputs folder inside the workspace (runOutputsFolder). */
  readonly runFolder: string;
  /** A connection of the caller's (the audit lines go through it). */
  readonly connection: DuckDBConnection;
  readonly runId: string;
  /** The stored run's village (names the export in the audit trail). */
  readonly village: VillageJson;
  readonly outDir: string;
}

export async function exportRunOutputs(options: ExportRunOutputsOptions): Promise<WrittenFile[]> {
  const { connection, runId, village } = options;
  const source = options.runFolder;
  if (!fs.existsSync(source)) throw new EngineError(`The run ${runId} has no outputs in the workspace`, 'invalid-request');
  const outDir = path.resolve(options.outDir);
  const operation = await beginAuditedOperation(connection, 'export', village.title, { runId, folder: outDir });
  const written: WrittenFile[] = [];
  try {
    const files = runFiles(source, village);
    for (const folder of new Set(files.map((file) => path.dirname(path.join(outDir, file))))) {
      fs.mkdirSync(folder, { recursive: true });
      removeStaleTemporaries(folder);
    }
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(source, file));
      writeFileAtomically(path.join(outDir, file), bytes);
      written.push({ file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
  } catch (error) {
    await operation.finish('failed', { runId, error: error instanceof Error ? error.name : 'Error' });
    throw error;
  }
  await recordAudit(connection, {
    action: 'export',
    outcome: 'succeeded',
    subject: village.title,
    detail: {
      ...operation.auditDetail,
      runId,
      recipe: village.recipe,
      folder: outDir,
      files: written,
      sources: village.sources.map((entry) => ({ id: entry.id, sha256: entry.sha256 })),
      areas: village.areas.length,
      indicators: village.indicators.length,
    },
  });
  return written;
}
