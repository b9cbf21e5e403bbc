import type { Finding, ValidationReport } from './findings';
import { csvText, safeCell } from './safe-text';

/**
 * The safe validation report a data-sharing lead sends back to the partner, as the engine writes it
 * (`village validate`, recipe runs) and as the window downloads it. Findings hold cell references, rules,
 * field names and messages, never a cell value or a header label, so nothing here can carry a child's data.
 */
export const SAFE_REPORT_COLUMNS = ['Rule', 'Severity', 'Sheet', 'Cell', 'Row', 'Column', 'Field', 'Message'] as const;

export function safeFindingRow(finding: Finding): (string | number)[] {
  return [finding.rule, finding.severity, finding.sheet, finding.cell, finding.rowNumber, finding.columnLetter, finding.field, finding.message].map(safeCell);
}

/** e.g. `health_register-validation-2024-06-30.csv`. */
export function safeReportFileName(table: string, report: ValidationReport): string {
  return `${table}-validation-${report.checkedOn}.csv`;
}

/** The listed findings as CSV: UTF-8 with a byte-order mark and CRLF line ends, so Excel opens it cleanly. */
export function safeReportCsv(report: ValidationReport): string {
  return `\uFEFF${csvText([[...SAFE_REPORT_COLUMNS], ...report.findings.map(safeFindingRow)])}`;
}
