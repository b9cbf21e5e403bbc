import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DateOrder, ImportResult, JobProgress } from '../../../shared/api';
import { quoteIdentifier } from '../sql';
import { USER_SCHEMA, beginAuditedOperation, recordAudit, type AuditedOperation, type Workspace, storageProblem } from '../workspace';
import { stageCleanText, stageTextAsUtf8 } from './csv-staging';
import { checkHeaderRowOfFile, openRowSource, hashAndCheckText, inspectSourceFile, sha256OfFile, type SourceFileFacts, ImportCancelledError } from '../tabular';
import { screenPersonalData } from './screen-personal-data';
import { headerLooksLikeDataMessage, screenLabels } from '../validate';
import { columnLetter } from '../../../shared/findings';
import { loadStagedSheet, stageSheetAsCsv, type StagedSheet } from './sheet-staging';
import { EngineError } from '../errors';

export interface ImportFileOptions {
  readonly path: string;
  readonly sheet?: string;
  readonly tableName?: string;
  /** The user's header row (1-based): checked against the file, and the rows above it are left out. */
  readonly headerRow?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Partial<JobProgress>) => void;
}

export class ImportFailedError extends EngineError {
  constructor(message: string) {
    super(message, 'import-failed');
  }
}

/** A table name made from the file name: `Police DA Q3 2026.csv` → `police_da_q3_2026`. */
export function tableNameForFile(fileName: string): string {
  const stem = path.parse(fileName).name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const name = /^[a-z_]/.test(stem) ? stem : `t_${stem}`;
  return (name.length > 0 ? name : 'imported').slice(0, 63);
}

function throwIfCancelled(signal: AbortSignal | undefined, fileName: string): void {
  if (signal?.aborted) throw new ImportCancelledError(fileName);
}

/**
 * Imports one file into a workspace table. Rows land in a staging table that is renamed into place in the
 * same transaction that records provenance, so a failure, a cancel or a killed process leaves the
 * workspace exactly as it was: the previous table of that name, if any, survives untouched.
 */
export async function importFile(workspace: Workspace, options: ImportFileOptions): Promise<ImportResult> {
  const facts = inspectSourceFile(options.path);
  const tableName = options.tableName ?? tableNameForFile(facts.fileName);
  const report = options.onProgress ?? (() => undefined);
  report({ phase: 'hashing', totalBytes: facts.sizeBytes, bytesRead: 0, rows: 0 });
  // A text file is checked for clean UTF-8 in the same read, so it can be staged without a rewrite.
  const hashed = facts.format === 'text' ? await hashAndCheckText(facts.path, options.signal) : { sha256: await sha256OfFile(facts.path, options.signal), readableAsIs: false, mixedLineEnds: false };
  const { sha256 } = hashed;
  throwIfCancelled(options.signal, facts.fileName);
  if (options.headerRow !== undefined) {
    await checkHeaderRowOfFile(facts, { sheet: options.sheet, headerRow: options.headerRow, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  }

  const importId = randomUUID();
  const stagedPath = path.join(workspace.stagingFolder, `${importId}.csv`);
  const connection = await workspace.connect();
  const stagingTable = `import_staging_${importId.replaceAll('-', '')}`;
  const interruptOnCancel = (): void => connection.interrupt();
  options.signal?.addEventListener('abort', interruptOnCancel);
  let operation: AuditedOperation | undefined;
  try {
    operation = await beginAuditedOperation(connection, 'import', tableName, { file: facts.fileName, sha256 });
    report({ phase: 'reading' });
    const staged = await stageSource(facts, stagedPath, { ...options, readableAsIs: hashed.readableAsIs, mixedLineEnds: hashed.mixedLineEnds }, report);
    throwIfCancelled(options.signal, facts.fileName);
    report({ phase: 'loading' });
    // Judged before the transaction: a file DuckDB cannot read even as text must not abort it.
    const dateOrder = staged.kind === 'text' ? await dateOrderOf(connection, stagedPath, options.headerRow) : null;
    await connection.run('BEGIN TRANSACTION');
    try {
      if (staged.kind === 'sheet') {
        await loadStagedSheet(connection, stagedPath, staged.staged, `${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(stagingTable)}`);
      } else {
        await loadStagedCsv(connection, stagedPath, stagingTable, facts.fileName, dateOrder, options.headerRow);
      }
      throwIfCancelled(options.signal, facts.fileName);
      report({ phase: 'screening' });
      await refuseHeaderThatLooksLikeData(connection, stagingTable, facts.fileName, staged.kind === 'sheet' ? staged.staged.headerRowNumber : (options.headerRow ?? 1));
      const personalData = await screenPersonalData(connection, workspace, USER_SCHEMA, stagingTable);
      throwIfCancelled(options.signal, facts.fileName);
      const counted = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(stagingTable)}`);
      const rows = Number(counted.getRowObjectsJson()[0]?.n ?? 0);
      report({ phase: 'committing', rows });
      await connection.run(`DROP TABLE IF EXISTS ${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(tableName)}`);
      await connection.run(`DROP VIEW IF EXISTS ${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(tableName)}`);
      await connection.run(`ALTER TABLE ${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(stagingTable)} RENAME TO ${quoteIdentifier(tableName)}`);
      const importedAt = new Date();
      await connection.run(
        `INSERT INTO vw.imports (import_id, table_name, file_name, size_bytes, sha256, sheet, rows_read, rows_imported, rows_rejected, imported_at)
         VALUES ($id, $table, $file, $size, $sha, $sheet, $read, $imported, 0, $at::TIMESTAMP)`,
        {
          id: importId,
          table: tableName,
          file: facts.fileName,
          size: facts.sizeBytes,
          sha: sha256,
          sheet: staged.sheet,
          read: rows,
          imported: rows,
          at: importedAt.toISOString().replace('T', ' ').replace('Z', ''),
        },
      );
      // Counts only: a label can itself be a value when a file has no header row.
      const screenedColumns = Object.fromEntries(['pseudonymised', 'dropped', 'reduced to district', 'kept'].map((action) => [action, personalData.filter((column) => column.action === action).length]));
      await recordAudit(connection, { action: 'import', outcome: 'succeeded', subject: tableName, detail: { sha256, rows, personalData: screenedColumns, ...operation.auditDetail } });
      await connection.run('COMMIT');
      return {
        table: tableName,
        provenance: {
          fileName: facts.fileName,
          sizeBytes: facts.sizeBytes,
          sha256,
          sheet: staged.sheet,
          importedAt: importedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          rowsRead: rows,
          rowsImported: rows,
          rowsRejected: 0,
        },
        personalData,
        ...(dateOrder === null ? {} : { dateOrder }),
      };
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    await operation?.finish(cancelled ? 'cancelled' : 'failed', { error: error instanceof Error ? error.name : 'Error' });
    if (cancelled) throw new ImportCancelledError(facts.fileName);
    const problem = storageProblem(error);
    if (problem !== null) throw new ImportFailedError(`${facts.fileName} could not be imported: ${problem}. The workspace is unchanged.`);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', interruptOnCancel);
    fs.rmSync(stagedPath, { force: true });
    connection.closeSync();
  }
}

/**
 * A file sent without its header row has its first record read as the labels: a child's NHS number and
 * postcode as column names, in the table and everything that names its columns. Refused, by file and row,
 * without repeating the values.
 */
async function refuseHeaderThatLooksLikeData(connection: DuckDBConnection, stagingTable: string, fileName: string, headerRow: number): Promise<void> {
  const described = await connection.runAndReadAll(`SELECT column_name FROM (DESCRIBE ${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(stagingTable)})`);
  const { dataLike } = screenLabels(described.getRows().map((row) => String(row[0])));
  if (dataLike.length === 0) return;
  const message = headerLooksLikeDataMessage(headerRow, dataLike, columnLetter, 'Nothing was imported.');
  throw new ImportFailedError(`${fileName}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`);
}

type StagedSource = { readonly kind: 'text'; readonly sheet: null } | { readonly kind: 'sheet'; readonly sheet: string; readonly staged: StagedSheet };

/** Writes the UTF-8 CSV that DuckDB loads: a text file as it is (transcoded if need be), a sheet cell by cell. */
async function stageSource(
  facts: SourceFileFacts,
  stagedPath: string,
  options: ImportFileOptions & { readonly readableAsIs: boolean; readonly mixedLineEnds: boolean },
  report: (progress: Partial<JobProgress>) => void,
): Promise<StagedSource> {
  if (facts.format === 'text' && options.readableAsIs) {
    stageCleanText(facts.path, stagedPath);
    report({ bytesRead: facts.sizeBytes });
    return { kind: 'text', sheet: null };
  }
  if (facts.format === 'text') {
    await stageTextAsUtf8(facts.path, stagedPath, {
      fileName: facts.fileName,
      signal: options.signal,
      normaliseLineEnds: options.mixedLineEnds,
      onBytes: (bytesRead) => report({ bytesRead }),
    });
    return { kind: 'text', sheet: null };
  }
  const source = await openRowSource(facts, {
    ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onBytes: (bytesRead, totalBytes) => report({ bytesRead, totalBytes }),
  });
  const staged = await stageSheetAsCsv(source.batches, stagedPath, {
    fileName: facts.fileName,
    sheet: source.sheet,
    ...(options.headerRow === undefined ? {} : { headerRowNumber: options.headerRow }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onRows: (rows) => report({ rows }),
  });
  return { kind: 'sheet', sheet: source.sheet, staged };
}

/** Rows read to judge a file's date order: enough for any real extract's evidence, bounded for huge ones. */
const DATE_ORDER_SAMPLE_ROWS = 100_000;

/**
 * Which way round a file writes its dates, from the values that can only be read one way: 12/25/2015 is
 * month-first, 25/12/2015 day-first. An ambiguous 01/02/2023 is then read the file's way; UK order when
 * nothing says otherwise; and a file that writes both keeps its dates as text, as sent, rather than guess.
 */
async function dateOrderOf(connection: DuckDBConnection, stagedPath: string, headerRow?: number): Promise<DateOrder | null> {
  const { source, parameters } = textRead(stagedPath, headerRow);
  const dayOrMonth = '(0?[1-9]|1[0-2])';
  const dayOnly = '(1[3-9]|2[0-9]|3[01])';
  try {
    const reader = await connection.runAndReadAll(
      `WITH cells AS (SELECT trim(value) AS value FROM (UNPIVOT (SELECT * FROM ${source} LIMIT ${DATE_ORDER_SAMPLE_ROWS}) ON COLUMNS(*) INTO NAME name VALUE value))
       SELECT count(*) FILTER (WHERE regexp_full_match(value, '${dayOrMonth}/${dayOnly}/[0-9]{4}')) AS month_first,
              count(*) FILTER (WHERE regexp_full_match(value, '${dayOnly}/${dayOrMonth}/[0-9]{4}')) AS day_first,
              count(*) FILTER (WHERE regexp_full_match(value, '${dayOrMonth}/${dayOrMonth}/[0-9]{4}') AND TRY_CAST(split_part(value, '/', 1) AS INTEGER) <> TRY_CAST(split_part(value, '/', 2) AS INTEGER)) AS ambiguous
       FROM cells`,
      parameters,
    );
    const row = reader.getRowObjectsJson()[0] ?? {};
    const [monthFirst, dayFirst, ambiguous] = [row.month_first, row.day_first, row.ambiguous].map(Number) as [number, number, number];
    if (monthFirst + dayFirst + ambiguous === 0) return null;
    return { order: monthFirst > 0 && dayFirst > 0 ? 'mixed' : monthFirst > 0 ? 'month-first' : 'day-first', ambiguous };
  } catch (error) {
    // The file cannot be read even as text: the load reports why.
    if (/interrupt/i.test(String((error as Error).message ?? error))) throw error;
    return null;
  }
}

/** The staged file read with every value as text; a chosen header row skips the lines above it. */
function textRead(stagedPath: string, headerRow?: number): { source: string; skip: string; parameters: Record<string, string | number> } {
  const skip = headerRow === undefined ? '' : ', skip = $skip';
  const parameters: Record<string, string | number> = headerRow === undefined ? { path: stagedPath } : { path: stagedPath, skip: headerRow - 1 };
  return { source: `read_csv($path, header = true, all_varchar = true${skip})`, skip, parameters };
}

/** Runs inside the caller's open transaction, which it may restart after a failed type sniff. */
async function loadStagedCsv(connection: DuckDBConnection, stagedPath: string, stagingTable: string, fileName: string, dateOrder: DateOrder | null, headerRow?: number): Promise<void> {
  const target = `${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(stagingTable)}`;
  const { source: asText, skip, parameters } = textRead(stagedPath, headerRow);
  const dateFormat = dateOrder?.order === 'month-first' ? '%m/%d/%Y' : '%d/%m/%Y';
  try {
    await connection.run(`CREATE TABLE ${target} AS SELECT * FROM ${dateOrder?.order === 'mixed' ? asText : `read_csv($path, header = true, dateformat = '${dateFormat}'${skip})`}`, parameters);
  } catch (error) {
    const message = String((error as Error).message ?? error);
    if (/interrupt/i.test(message)) throw error;
    if (/Could not convert|Conversion Error|type/i.test(message)) {
      // A value later in the file broke the sniffed column type: keep every value exactly as text instead.
      // The failed statement aborted the transaction, so start it again.
      await connection.run('ROLLBACK');
      await connection.run('BEGIN TRANSACTION');
      await connection.run(`CREATE TABLE ${target} AS SELECT * FROM ${asText}`, parameters);
      return;
    }
    // DuckDB names the file it read: the staging copy, which means nothing to the user.
    const firstLine = (message.split('\n')[0] ?? message).replaceAll(stagedPath, fileName);
    throw new ImportFailedError(`${fileName} could not be read as a delimited text file: ${firstLine}`);
  }
}
