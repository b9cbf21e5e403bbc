import { useState } from 'react';
import type { z } from 'zod';
import type { recipeDiffSchema, RecipeRunSummary } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { formatDisplay } from '../charts/figures';
import { ProblemNotice } from '../components/ProblemNotice';
import { SortableTable, type SortableColumn } from '../components/SortableTable';
import { formatCount } from '../explore/format';
import { runLabel } from './recipe-runs';

type RecipeDiff = z.infer<typeof recipeDiffSchema>;
type Change = RecipeDiff['changes'][number];

const PAGE = 100;

const changeColumns: SortableColumn<Change>[] = [
  { id: 'area', header: 'Area', rowHeader: true, value: (row) => row.area },
  { id: 'measure', header: 'Figure', value: (row) => row.measure },
  { id: 'before', header: 'Before', numeric: true, value: (row) => row.before, render: (row) => formatDisplay(row.before) },
  { id: 'after', header: 'After', numeric: true, value: (row) => row.after, render: (row) => formatDisplay(row.after) },
];

function hashText(sha256: string | null): string {
  return sha256 === null ? 'not in this run' : `${sha256.slice(0, 16)}…`;
}

/** Two runs of a recipe compared by the engine: which extracts changed, and which published figures moved. */
export function RecipeDiff({ runs }: { readonly runs: readonly RecipeRunSummary[] }) {
  const api = useWorkbenchApi();
  const [from, setFrom] = useState(runs[1]?.runId ?? '');
  const [to, setTo] = useState(runs[0]?.runId ?? '');
  const [diff, setDiff] = useState<RecipeDiff | null>(null);
  const [problem, setProblem] = useState<WorkbenchError | null>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState(PAGE);

  async function compare() {
    if (from === '' || to === '') return;
    if (from === to) {
      setProblem({ code: 'invalid-request', message: 'Choose two different runs to compare.' });
      return;
    }
    setProblem(null);
    setBusy(true);
    const result = await api.diffRecipeRuns({ from, to });
    setBusy(false);
    setShown(PAGE);
    if (result.ok) setDiff(result.value);
    else {
      setDiff(null);
      setProblem(result.error);
    }
  }

  return (
    <div className="recipes__diff">
      <h3 className="recipes__subtitle">Compare two runs</h3>
      <div className="filters">
        {(
          [
            ['recipe-diff-from', 'Earlier run', from, setFrom],
            ['recipe-diff-to', 'Later run', to, setTo],
          ] as const
        ).map(([id, label, value, set]) => (
          <div key={id} className="field">
            <label htmlFor={id}>{label}</label>
            <select id={id} className="select" value={value} onChange={(event) => set(event.target.value)}>
              {runs.map((run) => (
                <option key={run.runId} value={run.runId}>
                  {runLabel(run)} ({run.runId.slice(0, 12)})
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="recipes__compare">
          <button type="button" className="button" onClick={() => void compare()} disabled={busy}>
            {busy ? 'Comparing…' : 'Show what changed'}
          </button>
        </div>
      </div>
      <ProblemNotice title="The runs could not be compared" error={problem} />
      {diff !== null && (
        <>
          <p className="panel__hint" role="status" aria-live="polite">
            {formatCount(diff.changes.length)} published {diff.changes.length === 1 ? 'figure' : 'figures'} changed; {diff.sourcesChanged.length}{' '}
            {diff.sourcesChanged.length === 1 ? 'extract' : 'extracts'} changed.
          </p>
          {diff.sourcesChanged.length > 0 && (
            <div className="table-scroll" role="region" aria-label="Extracts that changed" tabIndex={0}>
              <table className="data-table data-table--compact">
                <caption className="recipes__caption">Extracts that changed (by SHA-256)</caption>
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.sourcesChanged.map((source) => (
                    <tr key={source.id}>
                      <th scope="row" className="mono">
                        {source.id}
                      </th>
                      <td className="facts__hash">{hashText(source.beforeSha256)}</td>
                      <td className="facts__hash">{hashText(source.afterSha256)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {diff.changes.length > 0 && (
            <>
              <SortableTable caption="Published figures that changed" columns={changeColumns} rows={diff.changes.slice(0, shown)} rowKey={(row) => `${row.area}\u0000${row.measure}`} />
              {diff.changes.length > shown && (
                <button type="button" className="button button--secondary" onClick={() => setShown((count) => count + PAGE)}>
                  Show {formatCount(Math.min(PAGE, diff.changes.length - shown))} more
                </button>
              )}
            </>
          )}
        </>
      )}
    </div>
  );
}
