/**
 * Imports a partner extract against its data-sharing specification: the reader chosen by magic bytes,
 * one pass of header detection, mapping, trailer removal, validation and typed coercion
 * (`validateRowStream`), and rows appended to a typed staging table with identifiers already pseudonymised.
 * The staging table, its rename into place, provenance, findings and the audit line are one DuckDB
 * transaction, so a failure, a cancel or a killed process leaves the workspace exactly as it was.
 */
import { randomUUID } from 'node:crypto';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { ImportResult, JobProgress } from '../../../shared/api';
import { RULE_SEVERITY, type Finding, type ValidationReport } from '../../../shared/findings';
import type { ColumnMapping, Specification } from '../../../shared/spec';
import type { PostcodeLookup } from '../geography';
import { createPseudonymiser } from '../privacy/pseudonymise';
import { quoteIdentifier } from '../sql';
import type { DetectedHeader } from '../tabular/header';
import { UnusableFileError } from '../tabular/raw';
import { screenLabels } from '../validate/personal-data';
import { validateRowStream } from '../validate/validate-stream';
import { storageProblem } from '../workspace/storage-errors';
import { USER_SCHEMA, beginAuditedOperation, recordAudit, type AuditedOperation, type Workspace } from '../workspace/workspace';
import { ImportCancelledError, ImportFailedError, tableNameForFile } from './import-file';
import { createRowWriter, planOutput, type OutputPlan, type WriterCounts } from './output-columns';
import { defaultReferenceData, type ReferenceData } from '../validate/reference-data';
import { listSheetsOf, openRowSource } from '../tabular/row-source';
import { inspectSourceFile, sha256OfFile, type SourceFileFacts } from '../tabular/source-file';
import { checkHeaderRowOfFile } from '../tabular/header-row-of-file';
import { dropArithmeticTotalsRow } from '../tabular/totals-row';
import { ensureWorkspaceKey } from './workspace-key';

export interface ValidateFileOptions {
  readonly path: string;
  readonly spec: Specification;
  /** Defaults to the specification's sheet hint, else the first visible sheet. */
  readonly sheet?: string;
  readonly mapping?: ColumnMapping;
  /** The user's header row (1-based), checked against the file and used instead of the detected one. */
  readonly headerRow?: number;
  /** yyyy-mm-dd; the day "in the future" is judged against. Defaults to today. */
  readonly today?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Partial<JobProgress>) => void;
  readonly referenceData?: ReferenceData;
  /** Every finding is listed up to this many per rule (default 1,000); all are counted. */
  readonly maxListedPerRule?: number;
}

export interface SpecImportOptions extends ValidateFileOptions {
  readonly tableName?: string;
  /** A postcode → area lookup the user supplied; without one, postcodes give 'no-postcode-lookup'. */
  readonly postcodeLookup?: PostcodeLookup;
}

export interface ValidatedFile {
  readonly facts: SourceFileFacts;
  readonly sheet: string;
  readonly header: DetectedHeader;
  readonly mapping: ColumnMapping;
  readonly report: ValidationReport;
}

export interface SpecImportResult extends ImportResult {
  readonly importId: string;
  readonly mapping: ColumnMapping;
  readonly report: ValidationReport;
  readonly counts: ImportCounts;
}

export interface ImportCounts extends WriterCounts {
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly rowsRejected: number;
}

const DEFAULT_MAX_LISTED = 1000;

export function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function cancelledOr(error: unknown, signal: AbortSignal | undefined, fileName: string): unknown {
  if (signal?.aborted || (error instanceof UnusableFileError && error.code === 'cancelled')) return new ImportCancelledError(fileName);
  return error;
}

/**
 * The sheet to read: the user's choice (a sheet the workbook lacks is refused), else the specification's
 * sheet hint when the workbook has it, else the first visible sheet, with a notice naming the missing hint.
 */
async function chooseSheet(facts: SourceFileFacts, options: ValidateFileOptions): Promise<{ sheet: string | undefined; notice: string | null }> {
  if (options.sheet !== undefined) return { sheet: options.sheet, notice: null };
  const hint = options.spec.header?.sheet;
  if (hint === undefined || facts.format === 'text') return { sheet: undefined, notice: null };
  const sheets = await listSheetsOf(facts);
  if (sheets.some((candidate) => candidate.name === hint)) return { sheet: hint, notice: null };
  const first = sheets.find((candidate) => !candidate.hidden);
  return {
    sheet: undefined,
    notice: `The specification names the sheet "${hint}", which ${facts.fileName} does not have; the first visible sheet${first === undefined ? '' : ` "${first.name}"`} was read instead`,
  };
}

/** Runs the pipeline over the file; `onRows` receives the checked rows (the import appends them). */
async function runPipeline(
  facts: SourceFileFacts,
  options: ValidateFileOptions,
  onRows?: Parameters<typeof validateRowStream>[1]['onRows'],
): Promise<Omit<ValidatedFile, 'facts'>> {
  const report = options.onProgress ?? (() => undefined);
  const referenceData = options.referenceData ?? defaultReferenceData();
  const { sheet, notice: sheetNotice } = await chooseSheet(facts, options);
  if (options.headerRow !== undefined) await checkHeaderRowOfFile(facts, { sheet, headerRow: options.headerRow, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  const { spec } = options;
  const source = await openRowSource(facts, {
    sheet,
    signal: options.signal,
    onBytes: (bytesRead) => report({ bytesRead }),
  });
  const totals = dropArithmeticTotalsRow(source.batches);
  let rows = 0;
  const validated = await validateRowStream(totals.batches, {
    spec,
    sheet: source.sheet,
    lookups: referenceData.lookups,
    today: options.today ?? todayIso(),
    ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
    ...(source.mergedRanges === undefined ? {} : { mergedRanges: source.mergedRanges }),
    maxListedPerRule: options.maxListedPerRule ?? DEFAULT_MAX_LISTED,
    ...(options.headerRow === undefined ? {} : { headerRow: options.headerRow }),
    hintNotices: sheetNotice === null ? [] : [sheetNotice],
    onRows: async (checked) => {
      if (options.signal?.aborted) throw new ImportCancelledError(facts.fileName);
      rows += checked.length;
      report({ rows });
      if (onRows !== undefined) await onRows(checked);
    },
  });
  return {
    sheet: source.sheet,
    header: validated.header,
    mapping: validated.mapping,
    report: withDroppedTotals(validated.report, totals.dropped),
  };
}

/**
 * The mapping as vw.imports keeps it: with the labels screened like the report's (validate/personal-data.ts
 * screenLabels), so a header row that is really a child's record is not kept as the mapping's labels.
 */
function mappingForTheRecord(mapping: ColumnMapping, labels: readonly string[]): ColumnMapping {
  const screened = screenLabels(labels);
  if (screened.dataLike.length === 0) return mapping;
  return {
    ...mapping,
    columns: mapping.columns.map((column) => {
      const index = labels.indexOf(column.sourceLabel);
      return { ...column, sourceLabel: index < 0 ? 'withheld' : (screened.labels[index] as string) };
    }),
  };
}

/** Adds the arithmetic totals rows to the report exactly as the trailer filter reports the rows it drops. */
function withDroppedTotals(report: ValidationReport, rowNumbers: readonly number[]): ValidationReport {
  if (rowNumbers.length === 0) return report;
  const rule = 'dropped-row';
  const existing = report.countsByRule.find((entry) => entry.rule === rule);
  const listedSoFar = existing?.listed ?? 0;
  const room = Math.max(0, report.maxListedPerRule - listedSoFar);
  const added: Finding[] = rowNumbers.slice(0, room).map((rowNumber) => ({
    rule,
    severity: RULE_SEVERITY[rule],
    sheet: report.sheet,
    rowNumber,
    columnNumber: null,
    columnLetter: null,
    cell: null,
    field: null,
    message: 'Totals row below the data (its numbers are the sums of the columns above) was left out of the import',
  }));
  const count = { rule, severity: RULE_SEVERITY[rule], count: (existing?.count ?? 0) + rowNumbers.length, listed: listedSoFar + added.length } as const;
  const countsByRule = existing === undefined ? [...report.countsByRule, count] : report.countsByRule.map((entry) => (entry.rule === rule ? count : entry));
  const pair = report.countsByRuleAndColumn.find((entry) => entry.rule === rule);
  const pairCount = { rule, columnNumber: null, columnLetter: null, field: null, count: (pair?.count ?? 0) + rowNumbers.length } as const;
  return {
    ...report,
    totals: {
      ...report.totals,
      rowsDropped: report.totals.rowsDropped + rowNumbers.length,
      findings: report.totals.findings + rowNumbers.length,
      infos: report.totals.infos + rowNumbers.length,
    },
    countsByRule,
    countsByRuleAndColumn: pair === undefined ? [...report.countsByRuleAndColumn, pairCount] : report.countsByRuleAndColumn.map((entry) => (entry === pair ? pairCount : entry)),
    findings: [...report.findings, ...added],
  };
}

/** Validates a file against a specification without touching any workspace (the CLI's `validate`). */
export async function validateFile(options: ValidateFileOptions): Promise<ValidatedFile> {
  const facts = inspectSourceFile(options.path);
  try {
    return { facts, ...(await runPipeline(facts, options)) };
  } catch (error) {
    throw cancelledOr(error, options.signal, facts.fileName);
  }
}

function createTableSql(table: string, plan: OutputPlan): string {
  const columns = plan.columns.map((column) => `${quoteIdentifier(column.name)} ${column.type}`).join(', ');
  return `CREATE TABLE ${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(table)} (${columns})`;
}

export async function importWithSpecification(workspace: Workspace, options: SpecImportOptions): Promise<SpecImportResult> {
  const { spec } = options;
  const facts = inspectSourceFile(options.path);
  const tableName = options.tableName ?? tableNameForFile(facts.fileName);
  const report = options.onProgress ?? (() => undefined);
  const plan = planOutput(spec);
  report({ phase: 'hashing', totalBytes: facts.sizeBytes, bytesRead: 0, rows: 0 });
  const sha256 = await sha256OfFile(facts.path, options.signal).catch((error: unknown) => {
    throw cancelledOr(error, options.signal, facts.fileName);
  });
  if (options.signal?.aborted) throw new ImportCancelledError(facts.fileName);

  const importId = randomUUID();
  const stagingTable = `import_staging_${importId.replaceAll('-', '')}`;
  const connection = await workspace.connect();
  const interruptOnCancel = (): void => connection.interrupt();
  options.signal?.addEventListener('abort', interruptOnCancel);
  let appender: DuckDBAppender | undefined;
  let operation: AuditedOperation | undefined;
  try {
    operation = await beginAuditedOperation(connection, 'import', tableName, { file: facts.fileName, sha256, specId: spec.id });
    const pseudonymiser = createPseudonymiser(await ensureWorkspaceKey(workspace));
    const referenceData = options.referenceData ?? defaultReferenceData();
    const writer = createRowWriter({
      spec,
      plan,
      pseudonymiser,
      geography: referenceData.geography,
      ...(options.postcodeLookup === undefined ? {} : { postcodeLookup: options.postcodeLookup }),
    });
    report({ phase: 'reading' });
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(createTableSql(stagingTable, plan));
      const openAppender = await connection.createAppender(stagingTable, USER_SCHEMA);
      appender = openAppender;
      let imported = 0;
      const validated = await runPipeline(facts, { ...options, referenceData }, (rows) => {
        writer.appendRows(openAppender, rows);
        imported += rows.length;
      });
      openAppender.closeSync();
      appender = undefined;
      if (options.signal?.aborted) throw new ImportCancelledError(facts.fileName);
      report({ phase: 'committing', rows: imported });
      const rowsRead = validated.report.totals.rowsRead + validated.report.totals.rowsDropped;
      const counts: ImportCounts = { rowsRead, rowsImported: imported, rowsRejected: rowsRead - imported, ...writer.counts };
      const target = `${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(tableName)}`;
      await connection.run(`DROP TABLE IF EXISTS ${target}`);
      await connection.run(`DROP VIEW IF EXISTS ${target}`);
      await connection.run(`ALTER TABLE ${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(stagingTable)} RENAME TO ${quoteIdentifier(tableName)}`);
      const importedAt = new Date();
      await connection.run(
        `INSERT INTO vw.imports (import_id, table_name, file_name, size_bytes, sha256, sheet, spec_id, mapping_json, rows_read, rows_imported,
           rows_rejected, imported_at, spec_version, report_json)
         VALUES ($id, $table, $file, $size, $sha, $sheet, $spec, $mapping, $read, $imported, $rejected, $at::TIMESTAMP, $version, $report)`,
        {
          id: importId,
          table: tableName,
          file: facts.fileName,
          size: facts.sizeBytes,
          sha: sha256,
          sheet: validated.sheet,
          spec: spec.id,
          mapping: JSON.stringify(mappingForTheRecord(validated.mapping, validated.header.labels)),
          read: counts.rowsRead,
          imported: counts.rowsImported,
          rejected: counts.rowsRejected,
          at: importedAt.toISOString().replace('T', ' ').replace('Z', ''),
          version: spec.version,
          report: JSON.stringify({ ...validated.report, importCounts: counts }),
        },
      );
      await writeFindings(connection, importId, validated.report.findings);
      await recordAudit(connection, {
        action: 'import',
        outcome: 'succeeded',
        subject: tableName,
        detail: { sha256, specId: spec.id, rows: counts.rowsImported, valid: validated.report.valid, errors: validated.report.totals.errors, ...operation.auditDetail },
      });
      await connection.run('COMMIT');
      return {
        importId,
        table: tableName,
        mapping: validated.mapping,
        report: validated.report,
        counts,
        provenance: {
          fileName: facts.fileName,
          sizeBytes: facts.sizeBytes,
          sha256,
          sheet: validated.sheet,
          importedAt: importedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          rowsRead: counts.rowsRead,
          rowsImported: counts.rowsImported,
          rowsRejected: counts.rowsRejected,
        },
      };
    } catch (error) {
      appender?.closeSync();
      appender = undefined;
      await connection.run('ROLLBACK');
      throw error;
    }
  } catch (error) {
    const mapped = cancelledOr(error, options.signal, facts.fileName);
    await operation?.finish(mapped instanceof ImportCancelledError ? 'cancelled' : 'failed', { error: mapped instanceof Error ? mapped.name : 'Error' });
    const problem = storageProblem(mapped);
    if (problem !== null && !(mapped instanceof ImportCancelledError)) {
      throw new ImportFailedError(`${facts.fileName} could not be imported against ${spec.id}: ${problem}. The workspace is unchanged.`);
    }
    if (mapped instanceof Error && !(mapped instanceof UnusableFileError) && !(mapped instanceof ImportCancelledError) && !(mapped instanceof ImportFailedError)) {
      throw new ImportFailedError(`${facts.fileName} could not be imported against ${spec.id}: ${mapped.message.split('\n')[0] ?? ''}`);
    }
    throw mapped;
  } finally {
    options.signal?.removeEventListener('abort', interruptOnCancel);
    connection.closeSync();
  }
}

async function writeFindings(connection: DuckDBConnection, importId: string, findings: readonly Finding[]): Promise<void> {
  const appender = await connection.createAppender('findings', 'vw');
  try {
    for (const finding of findings) {
      appender.appendVarchar(importId);
      appender.appendVarchar(finding.rule);
      appender.appendVarchar(finding.severity);
      appender.appendVarchar(finding.sheet);
      if (finding.rowNumber === null) appender.appendNull();
      else appender.appendBigInt(BigInt(finding.rowNumber));
      if (finding.columnNumber === null) appender.appendNull();
      else appender.appendInteger(finding.columnNumber);
      if (finding.cell === null) appender.appendNull();
      else appender.appendVarchar(finding.cell);
      if (finding.field === null) appender.appendNull();
      else appender.appendVarchar(finding.field);
      appender.appendVarchar(finding.message);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}
