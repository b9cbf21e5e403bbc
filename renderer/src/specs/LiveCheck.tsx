import type { ValidationReport } from '../../../shared/findings';
import { RULE_TITLES, SEVERITY_TEXT } from '../validate/rule-text';

/** How many of the listed findings the panel shows; the counts cover every finding. */
const SHOWN_FINDINGS = 12;

interface LiveCheckProps {
  readonly report: ValidationReport;
  readonly fileName: string;
}

/** The sample checked against the draft as it stands: the verdict, counts by rule and column, the first findings. */
export function LiveCheck({ report, fileName }: LiveCheckProps) {
  const { totals } = report;
  const labelOf = new Map(report.countsByColumn.map((column) => [column.columnNumber, column.label]));
  const severityOf = new Map(report.countsByRule.map((count) => [count.rule, count.severity]));
  return (
    <div className="specs__check-result">
      <p className={report.valid ? 'verdict verdict--valid' : 'verdict verdict--invalid'}>
        {report.valid ? `${fileName} meets the draft` : `${fileName} does not meet the draft`}: {totals.rowsChecked.toLocaleString('en-GB')} rows checked,{' '}
        {totals.errors.toLocaleString('en-GB')} errors, {totals.warnings.toLocaleString('en-GB')} warnings.
      </p>
      {report.countsByRuleAndColumn.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Findings by rule and column" tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">Findings by rule and column</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Severity</th>
                <th scope="col">Column</th>
                <th scope="col">Field</th>
                <th scope="col" className="numeric">
                  Findings
                </th>
              </tr>
            </thead>
            <tbody>
              {report.countsByRuleAndColumn.map((entry) => {
                const severity = severityOf.get(entry.rule) ?? 'info';
                return (
                  <tr key={`${entry.rule}-${entry.columnNumber ?? 'row'}`}>
                    <td>{RULE_TITLES[entry.rule]}</td>
                    <td>
                      <span className={`severity severity--${severity}`}>{SEVERITY_TEXT[severity]}</span>
                    </td>
                    <td>{entry.columnLetter === null ? 'Whole row' : `${entry.columnLetter} · ${labelOf.get(entry.columnNumber ?? 0) ?? ''}`}</td>
                    <td>{entry.field ?? '—'}</td>
                    <td className="numeric">{entry.count.toLocaleString('en-GB')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {report.findings.length > 0 && (
        <details className="specs__findings">
          <summary>
            First findings ({Math.min(SHOWN_FINDINGS, report.findings.length).toLocaleString('en-GB')} of {totals.findings.toLocaleString('en-GB')})
          </summary>
          <ul>
            {report.findings.slice(0, SHOWN_FINDINGS).map((finding, index) => (
              <li key={index}>
                <span className="mono">{finding.cell ?? (finding.rowNumber === null ? report.sheet : `row ${finding.rowNumber}`)}</span> {finding.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
