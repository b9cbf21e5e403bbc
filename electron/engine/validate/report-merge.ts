/**
 * Adds findings found after the row pass (cross-table rules in a recipe run) to a validation report, keeping
 * its counts, listing limit and verdict exactly as the validator would have made them.
 */
import { columnLetter, FINDING_RULES, type Finding, type FindingRule, type Severity, type ValidationReport } from '../../../shared/findings';

export interface AddedFindings {
  readonly rule: FindingRule;
  readonly severity: Severity;
  /** Every occurrence counted; only the first few need be listed. */
  readonly count: number;
  readonly listed: readonly Finding[];
  readonly columnNumber: number | null;
  readonly field: string | null;
  readonly label: string;
}

export function withAddedFindings(report: ValidationReport, added: AddedFindings): ValidationReport {
  if (added.count === 0) return report;
  const order = (rule: FindingRule): number => FINDING_RULES.indexOf(rule);
  const existing = report.countsByRule.find((entry) => entry.rule === added.rule);
  const room = Math.max(0, report.maxListedPerRule - (existing?.listed ?? 0));
  const listed = added.listed.slice(0, room);
  const ruleCount = { rule: added.rule, severity: added.severity, count: (existing?.count ?? 0) + added.count, listed: (existing?.listed ?? 0) + listed.length };
  const countsByRule = [...report.countsByRule.filter((entry) => entry !== existing), ruleCount].sort((left, right) => order(left.rule) - order(right.rule));
  const columnNumber = added.columnNumber;
  const countsByColumn =
    columnNumber === null
      ? report.countsByColumn
      : (() => {
          const column = report.countsByColumn.find((entry) => entry.columnNumber === columnNumber);
          const next = { columnNumber, columnLetter: columnLetter(columnNumber), label: column?.label ?? added.label, field: column?.field ?? added.field, count: (column?.count ?? 0) + added.count };
          return [...report.countsByColumn.filter((entry) => entry !== column), next].sort((left, right) => left.columnNumber - right.columnNumber);
        })();
  const pair = report.countsByRuleAndColumn.find((entry) => entry.rule === added.rule && entry.columnNumber === columnNumber);
  const nextPair = {
    rule: added.rule,
    columnNumber,
    columnLetter: columnNumber === null ? null : columnLetter(columnNumber),
    field: added.field,
    count: (pair?.count ?? 0) + added.count,
  };
  const countsByRuleAndColumn = [...report.countsByRuleAndColumn.filter((entry) => entry !== pair), nextPair].sort(
    (left, right) => order(left.rule) - order(right.rule) || (left.columnNumber ?? 0) - (right.columnNumber ?? 0),
  );
  const errors = report.totals.errors + (added.severity === 'error' ? added.count : 0);
  return {
    ...report,
    valid: errors === 0,
    totals: {
      ...report.totals,
      findings: report.totals.findings + added.count,
      errors,
      warnings: report.totals.warnings + (added.severity === 'warning' ? added.count : 0),
      infos: report.totals.infos + (added.severity === 'info' ? added.count : 0),
    },
    countsByRule,
    countsByColumn,
    countsByRuleAndColumn,
    findings: [...report.findings, ...listed],
  };
}
