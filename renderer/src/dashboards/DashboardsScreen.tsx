import { useEffect, useState } from 'react';
import { DASHBOARD_IDS, type Dashboard } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { downloadBytes } from '../charts/download';
import { ProblemNotice } from '../components/ProblemNotice';
import { formatTimestamp } from '../explore/format';
import { DashboardMap } from '../maps/DashboardMap';
import { runRequest, useRecipeRuns } from '../recipes/recipe-runs';
import { RunPicker } from '../recipes/RunPicker';
import { browserPreferenceStore, readPreference, writePreference } from '../shell/stored-preference';
import { DashboardChartCard } from './DashboardChartCard';

type DashboardId = (typeof DASHBOARD_IDS)[number];

const DASHBOARD_NAMES: Record<DashboardId, string> = { send: 'SEND and inclusion', 'building-safety': 'Building safety' };
const LAST_DASHBOARD = 'dashboard';

type DashboardState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly dashboard: Dashboard }
  | { readonly status: 'no-run'; readonly message: string }
  | { readonly status: 'failed'; readonly error: WorkbenchError };

function isDashboardId(value: string | null): value is DashboardId {
  return value !== null && (DASHBOARD_IDS as readonly string[]).includes(value);
}

export function DashboardsScreen() {
  const api = useWorkbenchApi();
  const { state: runs } = useRecipeRuns();
  const [runId, setRunId] = useState('');
  const [dashboardId, setDashboardId] = useState<DashboardId>(() => {
    const remembered = readPreference(browserPreferenceStore(), LAST_DASHBOARD);
    return isDashboardId(remembered) ? remembered : 'send';
  });
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<DashboardState>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    void api.getDashboard({ id: dashboardId, ...runRequest(runId) }).then((result) => {
      if (!current) return;
      if (result.ok) setState({ status: 'ready', dashboard: result.value });
      else if (result.error.code === 'not-found') setState({ status: 'no-run', message: result.error.message });
      else setState({ status: 'failed', error: result.error });
    });
    return () => {
      current = false;
    };
  }, [api, dashboardId, runId, attempt]);

  function choose(id: DashboardId) {
    setDashboardId(id);
    writePreference(browserPreferenceStore(), LAST_DASHBOARD, id);
  }

  async function exportData(): Promise<string> {
    const result = await api.exportView({ view: { kind: 'dashboard', id: dashboardId, ...runRequest(runId) }, format: 'xlsx' });
    if (!result.ok) return `The workbook could not be made: ${result.error.message} Try again.`;
    downloadBytes(result.value.bytes, result.value.fileName, result.value.mediaType);
    return `Saved ${result.value.fileName} to your downloads folder: a sheet per chart of this dashboard, small numbers suppressed.`;
  }

  return (
    <div className="screen screen--flow dashboards">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Dashboards</h1>
          <p className="screen__lede">The partnership’s SEND and inclusion, and building safety dashboards, from the same recipe run as the village. Figures are suppressed by the engine.</p>
        </div>
        {runs.status === 'ready' && runs.runs.length > 0 && <RunPicker id="dashboard-run" runs={runs.runs} value={runId} onChange={setRunId} />}
      </div>

      <fieldset className="segmented">
        <legend className="segmented__legend">Dashboard</legend>
        {DASHBOARD_IDS.map((id) => (
          <label key={id} className="segmented__option">
            <input type="radio" name="dashboard" value={id} checked={dashboardId === id} onChange={() => choose(id)} />
            {DASHBOARD_NAMES[id]}
          </label>
        ))}
      </fieldset>

      {state.status === 'loading' && (
        <p className="panel__hint" role="status">
          Loading the {DASHBOARD_NAMES[dashboardId]} dashboard…
        </p>
      )}
      {state.status === 'no-run' && (
        <p className="callout" role="status">
          {state.message} Open a recipe on the Recipes screen (Alt+8) and run it; the dashboards appear here when it finishes.
        </p>
      )}
      <ProblemNotice
        title="The dashboard could not be loaded"
        error={state.status === 'failed' ? state.error : null}
        actions={
          <button type="button" className="button" onClick={() => setAttempt((count) => count + 1)}>
            Try again
          </button>
        }
      />
      {state.status === 'ready' && (
        <>
          <section className="panel" aria-labelledby="dashboard-heading">
            <h2 id="dashboard-heading" className="panel__title">
              {state.dashboard.title}
            </h2>
            <p className="panel__hint">
              {state.dashboard.charts.length} {state.dashboard.charts.length === 1 ? 'chart' : 'charts'}, published {formatTimestamp(state.dashboard.generatedAt)}. {state.dashboard.suppression}
            </p>
          </section>
          <div className="dashboards__charts">
            {state.dashboard.charts.map((chart) => (
              <DashboardChartCard key={`${state.dashboard.runId}-${chart.id}`} chart={chart} dashboardTitle={state.dashboard.title} suppression={state.dashboard.suppression} onExportData={exportData} />
            ))}
          </div>
          <DashboardMap runId={runId} dashboardId={dashboardId} attempt={attempt} />
        </>
      )}
    </div>
  );
}
