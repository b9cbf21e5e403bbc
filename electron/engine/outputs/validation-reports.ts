/**
 * Writes a validation report to disk. The JSON form is the whole report for machines (it includes the
 * detected header labels). The CSV and Excel forms are the ones safe to send back to a partner
 * (shared/safe-report.ts): a header block saying what was checked, then cell references, rules, the partner's
 * titles of recognised columns and counts, never a cell value. Text that a spreadsheet might run as a formula
 * is neutralised.
 */
import { writeFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import type { ValidationReport } from '../../../shared/findings';
import { columnTitles, SAFE_REPORT_FINDING_COLUMNS, safeFindingRows, safeReportCsv, safeReportHeader, type SafeCell, type SafeReportSource } from '../../../shared/safe-report';
import { safeCell as safe } from '../../../shared/safe-text';
import { workbookBytes } from './exported-file';

export type { SafeReportSource };

export async function writeReportJson(report: ValidationReport, filePath: string): Promise<void> {
  await writeFile(filePath, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}

/** The header block and the listed findings as one CSV. */
export async function writeSafeReportCsv(report: ValidationReport, source: SafeReportSource, filePath: string): Promise<void> {
  await writeFile(filePath, safeReportCsv(report, source), 'utf8');
}

function summaryRows(report: ValidationReport, source: SafeReportSource): SafeCell[][] {
  const titles = columnTitles(report);
  const title = (columnNumber: number | null): SafeCell => safe(columnNumber === null ? null : (titles.get(columnNumber) ?? null));
  return [
    ...safeReportHeader(report, source),
    [],
    ['Rule', 'Severity', 'Count', 'Listed'],
    ...report.countsByRule.map((entry) => [safe(entry.rule), safe(entry.severity), entry.count, entry.listed]),
    [],
    ['Column', 'Column title', 'Specification field', 'Count'],
    ...report.countsByColumn.map((entry) => [safe(entry.columnLetter), title(entry.columnNumber), safe(entry.field), entry.count]),
    [],
    ['Rule', 'Column', 'Column title', 'Specification field', 'Count'],
    ...report.countsByRuleAndColumn.map((entry) => [safe(entry.rule), safe(entry.columnLetter), title(entry.columnNumber), safe(entry.field), entry.count]),
  ];
}

/** A workbook with a "Summary" sheet (the header block, counts per rule, per column, per rule and column) and a "Findings" sheet. */
export async function writeSafeReportXlsx(report: ValidationReport, source: SafeReportSource, filePath: string): Promise<void> {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(summaryRows(report, source)), 'Summary');
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([[...SAFE_REPORT_FINDING_COLUMNS], ...safeFindingRows(report)]), 'Findings');
  await writeFile(filePath, workbookBytes(workbook));
}
