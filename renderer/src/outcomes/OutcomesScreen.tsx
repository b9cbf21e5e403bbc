import { useMemo, useState } from 'react';
import type { VillageJson } from '../../../shared/village';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { downloadBytes } from '../charts/download';
import { ProblemNotice } from '../components/ProblemNotice';
import { runRequest, useRecipeRuns } from '../recipes/recipe-runs';
import { RunPicker } from '../recipes/RunPicker';
import { useVillage } from '../village/use-village';
import { outcomesModel } from './outcomes-model';
import { OutcomesPage, type OutcomesTab } from './OutcomesPage';

function OutcomesContent({ village, runId }: { readonly village: VillageJson; readonly runId: string }) {
  const api = useWorkbenchApi();
  const model = useMemo(() => outcomesModel(village), [village]);

  async function exportPage(format: 'xlsx' | 'html', tab: OutcomesTab, locality: string): Promise<string> {
    const what = format === 'xlsx' ? 'workbook' : 'printable page';
    // A locality's profile is its own page; the trends and the framework are the city's.
    const area = tab === 'profile' && locality !== '' ? { area: locality } : {};
    const result = await api.exportView({ view: { kind: 'outcomes', ...runRequest(runId), ...area }, format });
    if (!result.ok) return `The ${what} could not be made: ${result.error.message} Try again.`;
    downloadBytes(result.value.bytes, result.value.fileName, result.value.mediaType);
    return `Saved ${result.value.fileName} to your downloads folder. Small numbers in it are suppressed.`;
  }

  if (model.periods.length === 0 || model.localities.length === 0) {
    return (
      <p className="callout" role="status">
        This run published no trends. Run the recipe with a period (Recipes, Alt+8) to start its series.
      </p>
    );
  }
  return <OutcomesPage model={model} village={village} runId={runId} onExport={exportPage} />;
}

/**
 * Outcomes over time: a recipe's series of runs as a locality profile, trend charts and the city's framework
 * table, every figure, interval and call the engine's (village.json's `periods` and `outcomes`).
 */
export function OutcomesScreen() {
  const { state: runs } = useRecipeRuns();
  const [runId, setRunId] = useState('');
  const [attempt, setAttempt] = useState(0);
  const state = useVillage(runId, attempt);

  return (
    <div className="screen screen--flow outcomes">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Outcomes</h1>
          <p className="screen__lede">
            Is it getting better, and does a locality differ from the city by more than chance? The recipe’s periods, with the engine’s intervals and comparisons.
          </p>
        </div>
        {runs.status === 'ready' && runs.runs.length > 0 && <RunPicker id="outcomes-run" runs={runs.runs} value={runId} onChange={setRunId} />}
      </div>
      {state.status === 'loading' && (
        <p className="panel__hint" role="status">
          Loading the outcomes…
        </p>
      )}
      {state.status === 'no-run' && (
        <p className="callout" role="status">
          {state.message} Open a recipe on the Recipes screen (Alt+8) and run it; its outcomes appear here when it finishes.
        </p>
      )}
      <ProblemNotice
        title="The outcomes could not be loaded"
        error={state.status === 'failed' ? state.error : null}
        actions={
          <button type="button" className="button" onClick={() => setAttempt((count) => count + 1)}>
            Try again
          </button>
        }
      />
      {state.status === 'ready' && <OutcomesContent key={state.village.generatedAt} village={state.village} runId={runId} />}
    </div>
  );
}
