/**
 * Writes a validation report to disk. The JSON form is the whole report for machines (it includes the
 * detected header labels). The CSV and Excel forms are the ones safe to send back to a partner: they hold
 * cell references, rules, field names and counts, never a cell value and never a header label (a wrongly
 * detected header could be a row of data). Text that a spreadsheet might run as a formula is neutralised.
 */
import { writeFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import type { Finding, ValidationReport } from '../../../shared/findings';

type SafeCell = string | number;

const FINDING_COLUMNS = ['Rule', 'Severity', 'Sheet', 'Cell', 'Row', 'Column', 'Field', 'Message'] as const;

/**
 * OWASP CSV-injection guidance: a cell starting with = + - @, tab or carriage return can be read as a
 * formula, so it gets a leading apostrophe, which spreadsheets show as plain text.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function safe(value: string | number | null): SafeCell {
  if (value === null) return '';
  return typeof value === 'number' ? value : neutraliseFormula(value);
}

function findingRow(finding: Finding): SafeCell[] {
  return [
    safe(finding.rule),
    safe(finding.severity),
    safe(finding.sheet),
    safe(finding.cell),
    safe(finding.rowNumber),
    safe(finding.columnLetter),
    safe(finding.field),
    safe(finding.message),
  ];
}

export async function writeReportJson(report: ValidationReport, filePath: string): Promise<void> {
  await writeFile(filePath, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}

function csvField(value: SafeCell): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The listed findings as one table; UTF-8 with a BOM and CRLF line ends so Excel opens it cleanly. */
export async function writeSafeReportCsv(report: ValidationReport, filePath: string): Promise<void> {
  const lines = [FINDING_COLUMNS, ...report.findings.map(findingRow)].map((row) => row.map(csvField).join(','));
  await writeFile(filePath, `\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

function summaryRows(report: ValidationReport): SafeCell[][] {
  const { totals } = report;
  const rows: SafeCell[][] = [
    ['Specification', safe(report.specId)],
    ['Specification version', safe(report.specVersion)],
    ['Sheet', safe(report.sheet)],
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
    [],
    ['Rule', 'Severity', 'Count', 'Listed'],
    ...report.countsByRule.map((entry) => [safe(entry.rule), safe(entry.severity), entry.count, entry.listed]),
    [],
    ['Column', 'Field', 'Count'],
    ...report.countsByColumn.map((entry) => [safe(entry.columnLetter), safe(entry.field), entry.count]),
    [],
    ['Rule', 'Column', 'Field', 'Count'],
    ...report.countsByRuleAndColumn.map((entry) => [safe(entry.rule), safe(entry.columnLetter), safe(entry.field), entry.count]),
  ];
  return rows;
}

/** A workbook with a "Summary" sheet (totals, counts per rule, per column, per rule and column) and a "Findings" sheet. */
export async function writeSafeReportXlsx(report: ValidationReport, filePath: string): Promise<void> {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(summaryRows(report)), 'Summary');
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([[...FINDING_COLUMNS], ...report.findings.map(findingRow)]), 'Findings');
  const bytes = XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  await writeFile(filePath, bytes);
}
