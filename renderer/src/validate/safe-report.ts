import type { Finding, ValidationReport } from '../../../shared/findings';

/**
 * The safe report a data-sharing lead sends back to the partner: the listed findings as CSV, exactly the
 * columns the `village validate` command writes. Findings hold cell references, rules, field names and
 * messages, never a cell value or a header label, so nothing here can carry a child's data.
 */
export const SAFE_REPORT_COLUMNS = ['Rule', 'Severity', 'Sheet', 'Cell', 'Row', 'Column', 'Field', 'Message'] as const;

/** OWASP CSV-injection guidance: text a spreadsheet could run as a formula gets a leading apostrophe. */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function findingRow(finding: Finding): (string | number | null)[] {
  return [finding.rule, finding.severity, finding.sheet, finding.cell, finding.rowNumber, finding.columnLetter, finding.field, finding.message];
}

/** UTF-8 with a byte-order mark and CRLF line ends, so Excel opens it cleanly. */
export function safeReportCsv(report: ValidationReport): string {
  const lines = [[...SAFE_REPORT_COLUMNS], ...report.findings.map(findingRow)].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** e.g. `health_register-validation-2024-06-30.csv`. */
export function safeReportFileName(table: string, report: ValidationReport): string {
  return `${table}-validation-${report.checkedOn}.csv`;
}
