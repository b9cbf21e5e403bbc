import { useEffect, useState } from 'react';
import type { ColumnProfile, TableSummary } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { ProblemNotice } from '../components/ProblemNotice';
import { formatCount, formatPercent } from './format';
import { BAR_HEIGHT, HISTOGRAM_WIDTH, LABEL_WIDTH, layoutBars } from './histogram-layout';

const PROFILE_DELAY_MS = 250;

type ProfileState = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; profile: ColumnProfile } | { status: 'failed'; error: WorkbenchError };

interface ColumnProfilePanelProps {
  readonly table: TableSummary;
  readonly column: string | null;
  readonly onColumnChange: (column: string | null) => void;
}

function Histogram({ profile }: { readonly profile: ColumnProfile }) {
  const { bars, height } = layoutBars(profile.histogram.bars);
  const title = profile.histogram.kind === 'bins' ? `Distribution of ${profile.column}` : `Most frequent values of ${profile.column}`;
  const titleId = `histogram-title-${profile.column}`;
  return (
    <figure className="histogram">
      <figcaption id={titleId} className="histogram__title">
        {title}
      </figcaption>
      {/* The drawing is for the eye; the table below it carries the same numbers for screen readers. */}
      <svg className="histogram__chart" viewBox={`0 0 ${HISTOGRAM_WIDTH} ${height}`} width="100%" aria-hidden="true" focusable="false">
        {bars.map((bar) => (
          <g key={bar.label} transform={`translate(0 ${bar.y})`}>
            <text x={LABEL_WIDTH - 6} y={BAR_HEIGHT / 2} dominantBaseline="central" textAnchor="end" className="histogram__label">
              {bar.shortLabel}
            </text>
            <rect x={LABEL_WIDTH} y={0} width={bar.width} height={BAR_HEIGHT} rx={2} className="histogram__bar" />
            <text x={LABEL_WIDTH + bar.width + 4} y={BAR_HEIGHT / 2} dominantBaseline="central" className="histogram__count">
              {formatCount(bar.count)}
            </text>
          </g>
        ))}
      </svg>
      <details className="histogram__details">
        <summary>Show as a table</summary>
        <table className="data-table data-table--compact" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">{profile.histogram.kind === 'bins' ? 'From' : 'Value'}</th>
              <th scope="col" className="numeric">
                Rows
              </th>
            </tr>
          </thead>
          <tbody>
            {profile.histogram.bars.map((bar) => (
              <tr key={bar.label}>
                <th scope="row">{bar.label}</th>
                <td className="numeric">{formatCount(bar.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Nulls, distinct values, range and a histogram of one column, all computed by DuckDB on request; the body of the Column profile panel. */
export function ColumnProfilePanel({ table, column, onColumnChange }: ColumnProfilePanelProps) {
  const api = useWorkbenchApi();
  const [state, setState] = useState<ProfileState>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (column === null) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    // A short pause, so arrowing across the grid's columns profiles only the column the officer stops on.
    const timer = setTimeout(() => {
      void api.profileColumn({ table: table.name, column }).then((result) => {
        if (!current) return;
        setState(result.ok ? { status: 'ready', profile: result.value } : { status: 'failed', error: result.error });
      });
    }, PROFILE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, table.name, column, attempt]);

  const profile = state.status === 'ready' ? state.profile : null;
  const share = (count: number): string => (profile === null || profile.rowCount === 0 ? '' : ` (${formatPercent(count / profile.rowCount)})`);

  return (
    <>
      <div className="field">
        <label htmlFor="profile-column">Column</label>
        <select id="profile-column" className="select" value={column ?? ''} onChange={(event) => onColumnChange(event.target.value === '' ? null : event.target.value)} aria-describedby="profile-hint">
          <option value="">Choose a column…</option>
          {table.columns.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {candidate.name}
            </option>
          ))}
        </select>
        <p id="profile-hint" className="field__hint">
          Or move to a cell in the grid: the profile follows the column.
        </p>
      </div>
      <p className="panel__hint" role="status" aria-live="polite">
        {state.status === 'loading' ? `Profiling ${column ?? ''}…` : ''}
      </p>
      <ProblemNotice
        title="The column could not be profiled"
        error={state.status === 'failed' ? state.error : null}
        actions={
          <button type="button" className="button" onClick={() => setAttempt((count) => count + 1)}>
            Try again
          </button>
        }
      />
      {profile !== null && (
        <>
          <dl className="facts">
            <dt>Type</dt>
            <dd className="mono">{profile.type}</dd>
            <dt>Rows</dt>
            <dd>{formatCount(profile.rowCount)}</dd>
            <dt>Empty</dt>
            <dd>
              {formatCount(profile.nulls)}
              {share(profile.nulls)}
            </dd>
            <dt>Distinct</dt>
            <dd>{formatCount(profile.distinct)}</dd>
            <dt>Smallest</dt>
            <dd className="facts__value">{profile.min ?? '—'}</dd>
            <dt>Largest</dt>
            <dd className="facts__value">{profile.max ?? '—'}</dd>
          </dl>
          {profile.histogram.bars.length > 0 ? <Histogram profile={profile} /> : <p className="panel__hint">Every value is empty, so there is nothing to chart.</p>}
        </>
      )}
    </>
  );
}
