/**
 * Writes a validation report to disk. The JSON form is the whole report for machines (it includes the
 * detected header labels). The CSV and Excel forms are the ones safe to send back to a partner: they hold
 * cell references, rules, field names and counts, never a cell value and never a header label (a wrongly
 * detected header could be a row of data). Text that a spreadsheet might run as a formula is neutralised.
 */
import { writeFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import type { ValidationReport } from '../../../shared/findings';
import { SAFE_REPORT_COLUMNS, safeFindingRow, safeReportCsv } from '../../../shared/safe-report';
import { safeCell as safe } from '../../../shared/safe-text';

type SafeCell = string | number;

export async function writeReportJson(report: ValidationReport, filePath: string): Promise<void> {
  await writeFile(filePath, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}

/** The listed findings as one table (shared/safe-report.ts, the same bytes the window downloads). */
export async function writeSafeReportCsv(report: ValidationReport, filePath: string): Promise<void> {
  await writeFile(filePath, safeReportCsv(report), 'utf8');
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
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([[...SAFE_REPORT_COLUMNS], ...report.findings.map(safeFindingRow)]), 'Findings');
  const bytes = XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  await writeFile(filePath, bytes);
}
