import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TableSummary } from '../../../shared/api';
import type { ColumnCount, Finding, FindingRule, RuleCount, ValidationReport } from '../../../shared/findings';
import type { WorkbenchError } from '../../../shared/result';
import type { SafeReportSource } from '../../../shared/safe-report';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { ProblemNotice } from '../components/ProblemNotice';
import { SortableTable, type SortableColumn } from '../components/SortableTable';
import { formatCount, formatTimestamp } from '../explore/format';
import { useScreenIntent, useWorkbenchNavigation } from '../shell/navigation-context';
import { RULE_TITLES, SEVERITY_TEXT } from './rule-text';
import { safeReportCsv, safeReportFileName } from '../../../shared/safe-report';

const FINDINGS_PAGE = 50;
const ALL = '';

type ReportState =
  | { status: 'none' }
  | { status: 'loading'; table: string }
  | { status: 'ready'; table: string; importId: string; source: SafeReportSource; report: ValidationReport }
  | { status: 'no-report'; table: string }
  | { status: 'failed'; table: string; error: WorkbenchError };

interface Selection {
  readonly table: string;
  readonly importId?: string;
}

function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked on the next turn: the download has taken its copy by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function ValidateScreen() {
  const api = useWorkbenchApi();
  const { navigateWith } = useWorkbenchNavigation();
  const intent = useScreenIntent('validate');
  const [tables, setTables] = useState<readonly TableSummary[] | null>(null);
  const [tablesError, setTablesError] = useState<WorkbenchError | null>(null);
  const [selection, setSelection] = useState<Selection | null>(intent?.params ?? null);
  const [state, setState] = useState<ReportState>({ status: 'none' });
  const [ruleFilter, setRuleFilter] = useState<string>(ALL);
  const [columnFilter, setColumnFilter] = useState<string>(ALL);
  const [shown, setShown] = useState(FINDINGS_PAGE);
  const [exported, setExported] = useState<string | null>(null);

  const loadTables = useCallback(async () => {
    const result = await api.listTables({});
    if (result.ok) {
      setTables(result.value.tables.filter((table) => table.provenance !== null));
      setTablesError(null);
    } else setTablesError(result.error);
  }, [api]);

  useEffect(() => {
    void loadTables();
  }, [loadTables]);

  useEffect(() => {
    if (intent !== null) setSelection(intent.params);
  }, [intent]);

  useEffect(() => {
    if (selection === null) return;
    let current = true;
    setState({ status: 'loading', table: selection.table });
    setRuleFilter(ALL);
    setColumnFilter(ALL);
    setShown(FINDINGS_PAGE);
    setExported(null);
    const request = selection.importId !== undefined ? { importId: selection.importId } : { table: selection.table };
    void api.getValidationReport(request).then((result) => {
      if (!current) return;
      if (result.ok) setState({ status: 'ready', table: result.value.table, importId: result.value.importId, source: { fileName: result.value.fileName, sha256: result.value.sha256 }, report: result.value.report });
      else if (result.error.code === 'not-found') setState({ status: 'no-report', table: selection.table });
      else setState({ status: 'failed', table: selection.table, error: result.error });
    });
    return () => {
      current = false;
    };
  }, [api, selection]);

  const report = state.status === 'ready' ? state.report : null;
  const findings = useMemo(() => {
    if (report === null) return [];
    return report.findings.filter(
      (finding) => (ruleFilter === ALL || finding.rule === ruleFilter) && (columnFilter === ALL || finding.columnLetter === columnFilter),
    );
  }, [report, ruleFilter, columnFilter]);

  function showRow(finding: Finding) {
    if (state.status !== 'ready' || finding.rowNumber === null) return;
    navigateWith('explore', { table: state.table, sourceRow: finding.rowNumber, column: finding.field });
  }

  function exportReport() {
    if (state.status !== 'ready') return;
    const fileName = safeReportFileName(state.table, state.report);
    downloadText(safeReportCsv(state.report, state.source), fileName, 'text/csv;charset=utf-8');
    setExported(`Saved ${fileName} to your downloads folder. It holds cell references, rules and messages, never the data itself.`);
  }

  function filterByRule(rule: FindingRule) {
    setRuleFilter(rule);
    setColumnFilter(ALL);
    setShown(FINDINGS_PAGE);
    document.getElementById('findings-heading')?.focus();
  }

  function filterByColumn(letter: string) {
    setColumnFilter(letter);
    setRuleFilter(ALL);
    setShown(FINDINGS_PAGE);
    document.getElementById('findings-heading')?.focus();
  }

  const ruleColumns: SortableColumn<RuleCount>[] = [
    {
      id: 'rule',
      header: 'Rule',
      rowHeader: true,
      value: (row) => RULE_TITLES[row.rule],
      render: (row) => (
        <button type="button" className="link-button" onClick={() => filterByRule(row.rule)}>
          {RULE_TITLES[row.rule]} <span className="muted">({row.rule})</span>
        </button>
      ),
    },
    { id: 'severity', header: 'Severity', value: (row) => SEVERITY_TEXT[row.severity], render: (row) => <span className={`severity severity--${row.severity}`}>{SEVERITY_TEXT[row.severity]}</span> },
    { id: 'count', header: 'Findings', numeric: true, value: (row) => row.count, render: (row) => formatCount(row.count) },
    { id: 'listed', header: 'Listed', numeric: true, value: (row) => row.listed, render: (row) => formatCount(row.listed) },
  ];
  const columnColumns: SortableColumn<ColumnCount>[] = [
    {
      id: 'column',
      header: 'Column',
      rowHeader: true,
      value: (row) => row.columnNumber,
      render: (row) => (
        <button type="button" className="link-button" onClick={() => filterByColumn(row.columnLetter)}>
          Column {row.columnLetter}
        </button>
      ),
    },
    { id: 'field', header: 'Field', value: (row) => row.field },
    { id: 'count', header: 'Findings', numeric: true, value: (row) => row.count, render: (row) => formatCount(row.count) },
  ];

  const selectedTable = selection?.table ?? '';
  const tableOptions = tables ?? [];
  const selectionMissing = selection !== null && tables !== null && !tableOptions.some((table) => table.name === selection.table);

  return (
    <div className="screen screen--flow validate">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Validate</h1>
          <p className="screen__lede">
            See what the checks found in an import: counts by rule and by column, and each finding by its cell. The safe report holds no data, so it can be sent back
            to the partner.
          </p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => void loadTables()}>
          Refresh
        </button>
      </div>

      <ProblemNotice title="The list of imports could not be loaded" error={tablesError} />

      <section className="panel" aria-labelledby="choose-import">
        <h2 id="choose-import" className="panel__title">
          Import to check
        </h2>
        {tables !== null && tableOptions.length === 0 ? (
          <p className="panel__hint">No imports yet. Import a file on the Import screen (Alt+1), then come back here.</p>
        ) : (
          <div className="field">
            <label htmlFor="validate-table">Imported table</label>
            <select
              id="validate-table"
              className="select"
              value={selectedTable}
              onChange={(event) => setSelection(event.target.value === '' ? null : { table: event.target.value })}
            >
              <option value="">Choose an imported table…</option>
              {selectionMissing && selection !== null && <option value={selection.table}>{selection.table}</option>}
              {tableOptions.map((table) => (
                <option key={table.name} value={table.name}>
                  {table.name} — {table.provenance?.fileName}, imported {table.provenance ? formatTimestamp(table.provenance.importedAt) : ''}
                </option>
              ))}
            </select>
          </div>
        )}
      </section>

      {state.status === 'loading' && (
        <p className="panel__hint" role="status">
          Loading the validation report of {state.table}…
        </p>
      )}
      {state.status === 'no-report' && (
        <p className="callout" role="status">
          {state.table} was imported without a data-sharing specification, so it was not validated. Import the file again with a specification to check it.
        </p>
      )}
      <ProblemNotice title="The validation report could not be loaded" error={state.status === 'failed' ? state.error : null} />

      {state.status === 'ready' && report !== null && (
        <>
          <section className="panel" aria-labelledby="verdict-heading">
            <div className="panel__header">
              <h2 id="verdict-heading" className="panel__title">
                {state.table}: {report.valid ? 'valid' : 'not valid'} against {report.specId} version {report.specVersion}
              </h2>
              <button type="button" className="button" onClick={exportReport}>
                Export safe report (CSV)
              </button>
            </div>
            <p className="button-row__status" role="status" aria-live="polite">
              {exported}
            </p>
            <dl className="facts facts--inline">
              <dt>Sheet</dt>
              <dd>{report.sheet}</dd>
              <dt>Checked on</dt>
              <dd>{report.checkedOn}</dd>
              <dt>Rows read</dt>
              <dd>{formatCount(report.totals.rowsRead)}</dd>
              <dt>Rows checked</dt>
              <dd>{formatCount(report.totals.rowsChecked)}</dd>
              <dt>Rows with errors</dt>
              <dd>{formatCount(report.totals.rowsWithErrors)}</dd>
              <dt>Rows left out</dt>
              <dd>{formatCount(report.totals.rowsDropped)}</dd>
              <dt>Errors</dt>
              <dd>{formatCount(report.totals.errors)}</dd>
              <dt>Warnings</dt>
              <dd>{formatCount(report.totals.warnings)}</dd>
              <dt>Information</dt>
              <dd>{formatCount(report.totals.infos)}</dd>
            </dl>
          </section>

          <div className="validate__counts">
            <section className="panel" aria-labelledby="by-rule-heading">
              <h2 id="by-rule-heading" className="panel__title">
                By rule
              </h2>
              {report.countsByRule.length === 0 ? (
                <p className="panel__hint">No rule fired.</p>
              ) : (
                <SortableTable caption="Findings by rule" columns={ruleColumns} rows={report.countsByRule} rowKey={(row) => row.rule} initialSort={{ column: 'count', direction: 'descending' }} />
              )}
            </section>
            <section className="panel" aria-labelledby="by-column-heading">
              <h2 id="by-column-heading" className="panel__title">
                By column
              </h2>
              {report.countsByColumn.length === 0 ? (
                <p className="panel__hint">No finding belongs to a single column.</p>
              ) : (
                <SortableTable caption="Findings by column" columns={columnColumns} rows={report.countsByColumn} rowKey={(row) => String(row.columnNumber)} />
              )}
            </section>
          </div>

          <section className="panel" aria-labelledby="findings-heading">
            <h2 id="findings-heading" className="panel__title" tabIndex={-1}>
              Findings
            </h2>
            <div className="filters">
              <div className="field">
                <label htmlFor="finding-rule">Rule</label>
                <select id="finding-rule" className="select" value={ruleFilter} onChange={(event) => { setRuleFilter(event.target.value); setShown(FINDINGS_PAGE); }}>
                  <option value={ALL}>All rules</option>
                  {report.countsByRule.map((entry) => (
                    <option key={entry.rule} value={entry.rule}>
                      {RULE_TITLES[entry.rule]} ({formatCount(entry.count)})
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="finding-column">Column</label>
                <select id="finding-column" className="select" value={columnFilter} onChange={(event) => { setColumnFilter(event.target.value); setShown(FINDINGS_PAGE); }}>
                  <option value={ALL}>All columns</option>
                  {report.countsByColumn.map((entry) => (
                    <option key={entry.columnNumber} value={entry.columnLetter}>
                      Column {entry.columnLetter}
                      {entry.field === null ? '' : ` (${entry.field})`}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <p className="panel__hint" role="status" aria-live="polite">
              {formatCount(findings.length)} {findings.length === 1 ? 'finding' : 'findings'} listed
              {findings.length > shown ? `, showing the first ${formatCount(shown)}` : ''}. The report lists at most {formatCount(report.maxListedPerRule)} per rule.
            </p>
            {findings.length > 0 && (
              <div className="table-scroll" role="region" aria-label="Findings" tabIndex={0}>
                <table className="data-table">
                  <caption className="visually-hidden">Findings with their cells</caption>
                  <thead>
                    <tr>
                      <th scope="col">Cell</th>
                      <th scope="col">Rule</th>
                      <th scope="col">Field</th>
                      <th scope="col">Message</th>
                      <th scope="col">Row in the grid</th>
                    </tr>
                  </thead>
                  <tbody>
                    {findings.slice(0, shown).map((finding, index) => (
                      <tr key={`${finding.rule}-${finding.cell ?? finding.rowNumber ?? 'file'}-${index}`}>
                        <th scope="row" className="mono">
                          {finding.cell ?? (finding.rowNumber === null ? 'Whole file' : `Row ${finding.rowNumber}`)}
                        </th>
                        <td>
                          <span className={`severity severity--${finding.severity}`}>{SEVERITY_TEXT[finding.severity]}</span> {RULE_TITLES[finding.rule]}
                        </td>
                        <td>{finding.field ?? ''}</td>
                        <td>{finding.message}</td>
                        <td>
                          {finding.rowNumber !== null && (
                            <button type="button" className="button button--secondary button--small" onClick={() => showRow(finding)}>
                              Show row {finding.rowNumber}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {findings.length > shown && (
              <button type="button" className="button button--secondary" onClick={() => setShown((count) => count + FINDINGS_PAGE)}>
                Show {formatCount(Math.min(FINDINGS_PAGE, findings.length - shown))} more
              </button>
            )}
          </section>
        </>
      )}
    </div>
  );
}
