/** Reads back the validation report a specification import stored in `vw.imports`. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { validationReportSchema, type ValidationReport } from '../../../shared/findings';
import { EngineError } from '../errors';

export class ReportNotFoundError extends EngineError {
  constructor(message: string) {
    super(message, 'not-found');
  }
}

export async function readValidationReport(
  connection: DuckDBConnection,
  which: { importId?: string; table?: string },
): Promise<{ importId: string; table: string; fileName: string; sha256: string; report: ValidationReport }> {
  const result =
    which.importId !== undefined
      ? await connection.runAndReadAll('SELECT import_id, table_name, file_name, sha256, report_json FROM vw.imports WHERE import_id = $id', { id: which.importId })
      : await connection.runAndReadAll(
          'SELECT import_id, table_name, file_name, sha256, report_json FROM vw.imports WHERE table_name = $table ORDER BY imported_at DESC LIMIT 1',
          { table: which.table ?? '' },
        );
  const row = result.getRowObjectsJson()[0];
  if (row === undefined) {
    throw new ReportNotFoundError(which.importId !== undefined ? `There is no import ${which.importId}` : `No import made table ${which.table ?? ''}`);
  }
  if (typeof row.report_json !== 'string') {
    throw new ReportNotFoundError(`Table ${String(row.table_name)} was imported without a specification, so it has no validation report`);
  }
  const stored = JSON.parse(row.report_json) as Record<string, unknown>;
  return {
    importId: String(row.import_id),
    table: String(row.table_name),
    fileName: String(row.file_name),
    sha256: String(row.sha256),
    report: validationReportSchema.parse(stored),
  };
}
