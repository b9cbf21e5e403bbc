/**
 * Imports a partner extract against its data-sharing specification: the reader chosen by magic bytes,
 * one pass of header detection, mapping, trailer removal, validation and typed coercion
 * (`validateRowStream`), and rows appended to a typed staging table with identifiers already pseudonymised.
 * The staging table, its rename into place, provenance, findings and the audit line are one DuckDB
 * transaction, so a failure, a cancel or a killed process leaves the workspace exactly as it was.
 */
import { randomUUID } from 'node:crypto';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { ImportResult } from '../../../shared/api';
import type { Finding, ValidationReport } from '../../../shared/findings';
import type { ColumnMapping } from '../../../shared/spec';
import type { PostcodeLookup } from '../geography';
import { createPseudonymiser } from '../privacy';
import { quoteIdentifier } from '../sql';
import { ImportCancelledError, UnusableFileError, inspectSourceFile } from '../tabular';
import { screenLabels, defaultReferenceData, cancelledOr, runPipeline, type ValidateFileOptions } from '../validate';
import { storageProblem, USER_SCHEMA, beginAuditedOperation, recordAudit, type AuditedOperation, type Workspace } from '../workspace';
import { ImportFailedError, tableNameForFile } from './import-file';
import { createRowWriter, planOutput, type OutputPlan, type WriterCounts } from './output-columns';
import { ensureWorkspaceKey } from './workspace-key';

export interface SpecImportOptions extends ValidateFileOptions {
  readonly tableName?: string;
  /** A postcode → area lookup the user supplied; without one, postcodes give 'no-postcode-lookup'. */
  readonly postcodeLookup?: PostcodeLookup;
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
  report({ phase: 'reading', totalBytes: facts.sizeBytes, bytesRead: 0, rows: 0 });
  if (options.signal?.aborted) throw new ImportCancelledError(facts.fileName);

  const importId = randomUUID();
  const stagingTable = `import_staging_${importId.replaceAll('-', '')}`;
  const connection = await workspace.connect();
  const interruptOnCancel = (): void => connection.interrupt();
  options.signal?.addEventListener('abort', interruptOnCancel);
  let appender: DuckDBAppender | undefined;
  let operation: AuditedOperation | undefined;
  try {
    // The file's hash is known only once it has been read (it is computed in the same read), so the start
    // of the operation names the file and the commit records its hash with the provenance.
    operation = await beginAuditedOperation(connection, 'import', tableName, { file: facts.fileName, specId: spec.id });
    const pseudonymiser = createPseudonymiser(await ensureWorkspaceKey(workspace));
    const referenceData = options.referenceData ?? defaultReferenceData();
    const writer = createRowWriter({
      spec,
      plan,
      pseudonymiser,
      geography: referenceData.geography,
      ...(options.postcodeLookup === undefined ? {} : { postcodeLookup: options.postcodeLookup }),
    });
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(createTableSql(stagingTable, plan));
      const openAppender = await connection.createAppender(stagingTable, USER_SCHEMA);
      appender = openAppender;
      let imported = 0;
      const validated = await runPipeline(
        facts,
        { ...options, referenceData },
        (rows) => {
          writer.appendRows(openAppender, rows);
          imported += rows.length;
        },
        true,
      );
      const { sha256 } = validated;
      if (sha256 === null) throw new ImportFailedError(`${facts.fileName} could not be hashed for its provenance`);
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
