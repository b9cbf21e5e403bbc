import type { ValidationReport } from '../../../shared/findings';

export { neutraliseFormula, safeReportCsv } from '../../../shared/safe-report';

/** e.g. `health_register-validation-2024-06-30.csv`. */
export function safeReportFileName(table: string, report: ValidationReport): string {
  return `${table}-validation-${report.checkedOn}.csv`;
}
