import type { Finding, ValidationReport } from './findings';
import { csvText, safeCell as safe } from './safe-text';

/**
 * The safe validation report a data-sharing lead sends back to the partner, as the CLI, a recipe run and the
 * window all write it: a header block saying what was checked (file, SHA-256, specification and version, the
 * date, totals), then one line per listed finding. Findings hold cell references, rules and messages, never a
 * cell value. A column is named by the partner's own header title only where the import matched that title to
 * a specification field: a title nobody recognised could be a row of data that header detection mistook for
 * the header, so such a column keeps just its letter.
 */

export type SafeCell = string | number;

/** The file the report is about, from the import's provenance. */
export interface SafeReportSource {
  readonly fileName: string;
  readonly sha256: string;
}

export const SAFE_REPORT_FINDING_COLUMNS = ['Rule', 'Severity', 'Sheet', 'Cell', 'Row', 'Column', 'Column title', 'Message', 'Specification field'] as const;

/** The partner's header title of each column mapped to a field, by column number. */
export function columnTitles(report: ValidationReport): Map<number, string> {
  return new Map(report.countsByColumn.filter((column) => column.field !== null && column.label.trim() !== '').map((column) => [column.columnNumber, column.label]));
}

export function safeReportHeader(report: ValidationReport, source: SafeReportSource): SafeCell[][] {
  const { totals } = report;
  return [
    ['Validation report'],
    ['File', safe(source.fileName)],
    ['SHA-256', source.sha256],
    ['Sheet', safe(report.sheet)],
    ['Specification', safe(report.specId)],
    ['Specification version', safe(report.specVersion)],
    ['Checked on', safe(report.checkedOn)],
    ['Valid', report.valid ? 'Yes' : 'No'],
    ['Rows read', totals.rowsRead],
    ['Rows checked', totals.rowsChecked],
    ['Rows with errors', totals.rowsWithErrors],
    ['Rows left out below the data', totals.rowsDropped],
    ['Errors', totals.errors],
    ['Warnings', totals.warnings],
    ['Information', totals.infos],
    [`Findings listed (at most ${report.maxListedPerRule} per rule)`, report.findings.length],
  ];
}

export function safeFindingRows(report: ValidationReport): SafeCell[][] {
  const titles = columnTitles(report);
  const title = (finding: Finding): string | null => (finding.columnNumber === null ? null : (titles.get(finding.columnNumber) ?? null));
  return report.findings.map((finding) => [
    safe(finding.rule),
    safe(finding.severity),
    safe(finding.sheet),
    safe(finding.cell),
    safe(finding.rowNumber),
    safe(finding.columnLetter),
    safe(title(finding)),
    safe(finding.message),
    safe(finding.field),
  ]);
}

/** e.g. `health_register-validation-2024-06-30.csv`. */
export function safeReportFileName(table: string, report: ValidationReport): string {
  return `${table}-validation-${report.checkedOn}.csv`;
}

/** The header block, a blank line, then the findings; UTF-8 with a BOM and CRLF line ends so Excel opens it cleanly. */
export function safeReportCsv(report: ValidationReport, source: SafeReportSource): string {
  const rows = [...safeReportHeader(report, source), [], [...SAFE_REPORT_FINDING_COLUMNS], ...safeFindingRows(report)];
  return `\uFEFF${csvText(rows)}`;
}
