import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ColumnInfo, JobProgress as Progress, SqlResult, TableSummary } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { jobOutcome, pollJob } from '../components/job-polling';
import { JobProgress } from '../components/JobProgress';
import { ProblemNotice } from '../components/ProblemNotice';
import { arrowToDisplayRows, type DisplayRow } from '../explore/arrow-rows';
import { isRunShortcut } from '../shell/keyboard-shortcuts';
import { browserPreferenceStore, readPreference, writePreference } from '../shell/stored-preference';
import { ResultsGrid } from './ResultsGrid';
import { DEFAULT_ROW_LIMIT, parseRowLimit, resultStatus } from './sql-request';

const LAST_STATEMENT = 'sql-statement';

interface Shown {
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly DisplayRow[];
  readonly status: string;
}

interface Running {
  readonly jobId: string;
  readonly progress: Progress;
  readonly cancelling: boolean;
}

const UNREADABLE: WorkbenchError = { code: 'internal', message: 'The results arrived in a form the window could not read.' };

function showResult(result: SqlResult, rowLimit: number): Shown | null {
  try {
    return { columns: result.columns, rows: arrowToDisplayRows(result.arrow, result.columns), status: resultStatus(result, rowLimit) };
  } catch {
    return null;
  }
}

export function SqlScreen() {
  const api = useWorkbenchApi();
  const [sql, setSql] = useState(() => readPreference(browserPreferenceStore(), LAST_STATEMENT) ?? '');
  const [rowLimitText, setRowLimitText] = useState(String(DEFAULT_ROW_LIMIT));
  const [running, setRunning] = useState<Running | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [problem, setProblem] = useState<WorkbenchError | null>(null);
  const [tables, setTables] = useState<readonly TableSummary[]>([]);
  const pollingRef = useRef<AbortController | null>(null);
  const rowLimit = parseRowLimit(rowLimitText);

  useEffect(() => {
    let current = true;
    void api.listTables({}).then((result) => {
      if (current && result.ok) setTables(result.value.tables);
    });
    return () => {
      current = false;
    };
  }, [api]);

  // Leaving the screen stops a running statement: nobody is left to see its rows.
  useEffect(
    () => () => {
      pollingRef.current?.abort();
    },
    [],
  );

  /** A problem replaces the results: rows left under it would look like the answer to the statement that failed. */
  function showProblem(error: WorkbenchError) {
    setShown(null);
    setProblem(error);
  }

  async function run() {
    if (running !== null || !rowLimit.ok) return;
    if (sql.trim() === '') {
      showProblem({ code: 'invalid-request', message: 'Type a SELECT statement first.' });
      return;
    }
    setProblem(null);
    writePreference(browserPreferenceStore(), LAST_STATEMENT, sql);
    const started = await api.runSql({ sql, rowLimit: rowLimit.value });
    if (!started.ok) {
      showProblem(started.error);
      return;
    }
    const { jobId } = started.value;
    const controller = new AbortController();
    pollingRef.current = controller;
    controller.signal.addEventListener('abort', () => void api.cancelJob({ jobId }));
    setRunning({ jobId, progress: { phase: 'starting', rows: 0, bytesRead: 0, totalBytes: 0 }, cancelling: false });
    const final = await pollJob(api, jobId, {
      kind: 'sql',
      signal: controller.signal,
      onProgress: (status) => setRunning((previous) => (previous === null ? null : { ...previous, progress: status.progress })),
    });
    if (controller.signal.aborted) return;
    pollingRef.current = null;
    setRunning(null);
    const outcome = final.ok ? jobOutcome(final.value) : final;
    if (!outcome.ok) {
      showProblem(outcome.error);
      return;
    }
    const next = showResult(outcome.value, rowLimit.value);
    if (next === null) showProblem(UNREADABLE);
    else setShown(next);
  }

  async function cancel() {
    if (running === null) return;
    setRunning({ ...running, cancelling: true });
    const cancelled = await api.cancelJob({ jobId: running.jobId });
    if (!cancelled.ok) setProblem(cancelled.error);
  }

  function onEditorKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (isRunShortcut(event)) {
      event.preventDefault();
      void run();
    }
  }

  return (
    <div className="screen sql">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">SQL console</h1>
          <p className="screen__lede">Ask the workspace a question in SQL. Statements are read-only: only SELECT (or WITH … SELECT) runs, so nothing can be changed here.</p>
        </div>
      </div>

      <div className="sql__layout">
        <section className="panel sql__tables" aria-labelledby="sql-tables-heading">
          <h2 id="sql-tables-heading" className="panel__title">
            Tables
          </h2>
          {tables.length === 0 ? (
            <p className="panel__hint">No tables yet. Import a file first.</p>
          ) : (
            <ul className="sql__table-list">
              {tables.map((table) => (
                <li key={table.name}>
                  <details>
                    <summary className="mono">{table.name}</summary>
                    <ul className="sql__columns">
                      {table.columns.map((column) => (
                        <li key={column.name}>
                          <span className="mono">{column.name}</span> <span className="muted">{column.type}</span>
                        </li>
                      ))}
                    </ul>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </section>

        <div className="sql__work">
          <section className="panel sql__editor" aria-labelledby="sql-editor-heading">
            <h2 id="sql-editor-heading" className="panel__title">
              Statement
            </h2>
            <label htmlFor="sql-text" className="visually-hidden">
              SQL statement
            </label>
            <textarea
              id="sql-text"
              className="code-box sql__text"
              value={sql}
              onChange={(event) => setSql(event.target.value)}
              onKeyDown={onEditorKeyDown}
              rows={7}
              spellCheck={false}
              autoCapitalize="off"
              autoComplete="off"
              aria-describedby="sql-text-hint"
              aria-keyshortcuts="Control+Enter"
              placeholder="SELECT * FROM my_table LIMIT 10"
            />
            <p id="sql-text-hint" className="field__hint">
              Ctrl+Enter runs the statement. Tab moves on to the next control.
            </p>
            <div className="sql__controls">
              <div className="field field--inline">
                <label htmlFor="sql-row-limit">Row limit</label>
                <input
                  id="sql-row-limit"
                  className="input input--narrow"
                  inputMode="numeric"
                  value={rowLimitText}
                  onChange={(event) => setRowLimitText(event.target.value)}
                  aria-invalid={!rowLimit.ok}
                  aria-describedby={rowLimit.ok ? undefined : 'sql-row-limit-problem'}
                />
              </div>
              {running === null ? (
                <button type="button" className="button" onClick={() => void run()} disabled={!rowLimit.ok}>
                  Run
                </button>
              ) : (
                <JobProgress label="Running the statement" progress={running.progress} cancelling={running.cancelling} onCancel={() => void cancel()} />
              )}
            </div>
            {!rowLimit.ok && (
              <p id="sql-row-limit-problem" className="field__hint field__hint--problem">
                {rowLimit.message}
              </p>
            )}
          </section>

          <ProblemNotice title="The statement did not run" error={problem} nextStep={problem?.code === 'invalid-request' ? 'Change the statement as the message says, then run it again.' : undefined} />

          <section className="panel grid-panel sql__results" aria-labelledby="sql-results-heading">
            <div className="grid-panel__header">
              <h2 id="sql-results-heading" className="panel__title">
                Results
              </h2>
              <p className="grid-panel__count" role="status" aria-live="polite">
                {shown?.status ?? ''}
              </p>
            </div>
            <p id="sql-results-help" className="grid-panel__help">
              In the results, arrow keys move between cells. Tab leaves the table.
            </p>
            {shown === null ? (
              <p className="panel__hint">Results appear here.</p>
            ) : (
              <ResultsGrid key={shown.status + shown.columns.map((column) => column.name).join('\u0000')} columns={shown.columns} rows={shown.rows} label="Statement results" helpId="sql-results-help" />
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
