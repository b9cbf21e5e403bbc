/**
 * The cross-table rules of a recipe's specifications (`exists-in`: every EHC plan's UPN is on the census),
 * checked once every source is imported. Identifiers are compared as their pseudonyms, which one workspace
 * key makes equal across extracts; each value not found is a finding at its cell (sheet, row, column), added
 * to the source's validation report.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { cellReference, columnLetter, type Finding, type ValidationReport } from '../../../shared/findings';
import type { ImportedSource } from '../../../shared/imported-source';
import type { SpecRule } from '../../../shared/rules';
import type { Specification } from '../../../shared/spec';
import { fieldTreatment } from '../import';
import { quoteIdentifier } from '../sql';
import { withAddedFindings, RULE_FINDING } from '../validate';

/** What the rules read of an imported source. */
export type CheckedSource = Pick<ImportedSource, 'id' | 'table' | 'spec' | 'mapping' | 'report'>;

type ExistsInRule = Extract<SpecRule, { kind: 'exists-in' }>;

/** The stored column of a field and what its values are (a pseudonym kind, or plain values), or null if it is not kept. */
function storedColumn(spec: Specification, name: string): { column: string; kind: string } | null {
  const field = spec.fields.find((candidate) => candidate.name === name);
  if (field === undefined) return null;
  const treatment = fieldTreatment(spec, field);
  if (treatment.kind === 'value') return { column: field.name, kind: 'value' };
  if (treatment.kind === 'pseudonym') return { column: `${field.name}_pseudonym`, kind: treatment.identifierKind };
  return null;
}

const MAX_LISTED = 1000;

/** Each source's report with the findings of its cross-table rules added (sources without such rules unchanged). */
export async function checkCrossTableRules(connection: DuckDBConnection, sources: readonly CheckedSource[]): Promise<Map<string, ValidationReport>> {
  const reports = new Map<string, ValidationReport>();
  for (const source of sources) {
    const { spec, report } = source;
    if (spec === undefined || report === null) continue;
    let updated = report;
    for (const rule of spec.rules.filter((candidate): candidate is ExistsInRule => candidate.kind === 'exists-in')) {
      const columnIndex = source.mapping?.columns.findIndex((column) => column.field === rule.field) ?? -1;
      const columnNumber = columnIndex < 0 ? null : columnIndex + 1;
      const label = columnIndex < 0 ? rule.field : (source.mapping?.columns[columnIndex]?.sourceLabel ?? rule.field);
      const note = (message: string): void => {
        updated = withAddedFindings(updated, {
          rule: 'rule-info',
          severity: 'info',
          count: 1,
          listed: [{ rule: 'rule-info', severity: 'info', sheet: report.sheet, rowNumber: null, columnNumber: null, columnLetter: null, cell: null, field: rule.field, message }],
          columnNumber: null,
          field: rule.field,
          label,
        });
      };
      const target = sources.find((candidate) => candidate.spec?.id === rule.table.spec);
      if (target?.spec === undefined) {
        note(`Rule ${rule.id} was not checked: this run imports no extract with specification ${rule.table.spec}`);
        continue;
      }
      const own = storedColumn(spec, rule.field);
      const other = storedColumn(target.spec, rule.table.field);
      if (columnNumber === null) {
        note(`Rule ${rule.id} was not checked: ${rule.field} is not in the file`);
        continue;
      }
      if (own === null || other === null || own.kind !== other.kind) {
        note(`Rule ${rule.id} was not checked: ${rule.field} and ${rule.table.spec}.${rule.table.field} are not kept in a form that can be compared`);
        continue;
      }
      const missing = await connection.runAndReadAll(
        `SELECT CAST(s.source_row AS BIGINT) AS row_number FROM ${quoteIdentifier(source.table)} s
         WHERE s.${quoteIdentifier(own.column)} IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM ${quoteIdentifier(target.table)} t WHERE CAST(t.${quoteIdentifier(other.column)} AS VARCHAR) = CAST(s.${quoteIdentifier(own.column)} AS VARCHAR))
         ORDER BY s.source_row`,
      );
      const rows = missing.getRowObjectsJson().map((row) => Number(row.row_number));
      const findingRule = RULE_FINDING[rule.severity];
      const listed: Finding[] = rows.slice(0, MAX_LISTED).map((rowNumber) => ({
        rule: findingRule,
        severity: rule.severity,
        sheet: report.sheet,
        rowNumber,
        columnNumber,
        columnLetter: columnLetter(columnNumber),
        cell: cellReference(report.sheet, columnNumber, rowNumber),
        field: rule.field,
        message: `${rule.message} (rule ${rule.id}; column ${columnLetter(columnNumber)}; not found in ${target.id}.${rule.table.field})`,
      }));
      updated = withAddedFindings(updated, { rule: findingRule, severity: rule.severity, count: rows.length, listed, columnNumber, field: rule.field, label });
    }
    if (updated !== report) reports.set(source.id, updated);
  }
  return reports;
}

/**
 * Keeps a report with cross-table findings where the Validate screen reads it: the import's stored report
 * (its import counts kept) and its listed findings. `before` is the report as the import stored it.
 */
export async function storeCrossTableFindings(connection: DuckDBConnection, importId: string, before: ValidationReport, after: ValidationReport): Promise<void> {
  const stored = await connection.runAndReadAll('SELECT report_json FROM vw.imports WHERE import_id = $id', { id: importId });
  const json = stored.getRowObjectsJson()[0]?.report_json;
  if (typeof json !== 'string') return;
  const kept = JSON.parse(json) as Record<string, unknown>;
  await connection.run('UPDATE vw.imports SET report_json = $report WHERE import_id = $id', { id: importId, report: JSON.stringify({ ...kept, ...after }) });
  for (const finding of after.findings.slice(before.findings.length)) {
    await connection.run(
      'INSERT INTO vw.findings (import_id, rule, severity, sheet, row_number, column_number, cell, field, message) VALUES ($id, $rule, $severity, $sheet, $row, $column, $cell, $field, $message)',
      {
        id: importId,
        rule: finding.rule,
        severity: finding.severity,
        sheet: finding.sheet,
        row: finding.rowNumber,
        column: finding.columnNumber,
        cell: finding.cell,
        field: finding.field,
        message: finding.message,
      },
    );
  }
}
