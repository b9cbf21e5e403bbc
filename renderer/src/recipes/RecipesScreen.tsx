import { useEffect, useRef, useState } from 'react';
import type { JobProgress as Progress, RecipeRunSummary } from '../../../shared/api';
import type { Recipe } from '../../../shared/recipe';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { fileStem } from '../charts/download';
import { formatDisplay } from '../charts/figures';
import { jobOutcome, pollJob } from '../components/job-polling';
import { JobProgress } from '../components/JobProgress';
import { ProblemNotice } from '../components/ProblemNotice';
import { formatCount, formatTimestamp } from '../explore/format';
import { fileNameOf } from '../import/recipe-source';
import { useWorkbenchNavigation } from '../shell/navigation-context';
import { browserPreferenceStore, readPreference, writePreference } from '../shell/stored-preference';
import { OpenReportButton } from './OpenReportButton';
import { RecipeDiff } from './RecipeDiff';
import { useRecipeRuns, runLabel } from './recipe-runs';
import { addStage, stageText } from './recipe-stages';

/** The recipe last opened, so leaving the screen and coming back finds it open again. */
const LAST_RECIPE = 'recipes-open-recipe';

interface Problem {
  readonly title: string;
  readonly error: WorkbenchError;
}

interface OpenRecipe {
  readonly path: string;
  readonly recipe: Recipe;
  readonly sha256: string;
}

interface Running {
  readonly jobId: string;
  readonly progress: Progress;
  readonly stages: readonly string[];
  readonly cancelling: boolean;
}

function RecipeDetails({ recipe }: { readonly recipe: OpenRecipe }) {
  const { sources, indicators } = recipe.recipe;
  return (
    <>
      <dl className="facts facts--inline">
        <dt>File</dt>
        <dd>{fileNameOf(recipe.path)}</dd>
        <dt>Reference date</dt>
        <dd>{recipe.recipe.referenceDate}</dd>
        <dt>Sources</dt>
        <dd>{sources.length}</dd>
        <dt>Indicators</dt>
        <dd>{indicators.length}</dd>
        <dt>{recipe.recipe.disclosure.method === 'cell-key' ? 'Perturbation' : 'Suppression'}</dt>
        <dd>
          {recipe.recipe.disclosure.method === 'cell-key'
            ? `cell-key, as Explore's exports: no count from 1 to ${recipe.recipe.disclosure.threshold - 1} is shown`
            : `fewer than ${recipe.recipe.disclosure.threshold} shown as “${recipe.recipe.disclosure.symbol}”`}
        </dd>
        <dt>SHA-256</dt>
        <dd className="facts__hash">{recipe.sha256}</dd>
      </dl>
      <div className="recipes__tables">
        <div className="table-scroll" role="region" aria-label="Sources of the recipe" tabIndex={0}>
          <table className="data-table data-table--compact">
            <caption className="recipes__caption">Sources: the extracts it imports</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">File</th>
                <th scope="col">Specification</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((source) => (
                <tr key={source.id}>
                  <th scope="row" className="mono">
                    {source.id}
                  </th>
                  <td>
                    {source.file}
                    {source.sheet === undefined ? '' : ` (${source.sheet})`}
                  </td>
                  <td className="mono">{source.spec}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-scroll" role="region" aria-label="Indicators of the recipe" tabIndex={0}>
          <table className="data-table data-table--compact">
            <caption className="recipes__caption">Indicators it counts</caption>
            <thead>
              <tr>
                <th scope="col">Indicator</th>
                <th scope="col">What it counts</th>
                <th scope="col">Per</th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((indicator) => (
                <tr key={indicator.id}>
                  <th scope="row">{indicator.name}</th>
                  <td>{indicator.description}</td>
                  <td>{indicator.unit === 'percent' ? '%' : formatCount(indicator.unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}

function RunSummary({ run, onOpenVillage, onOpenFindings }: { readonly run: RecipeRunSummary; readonly onOpenVillage: () => void; readonly onOpenFindings: (sourceId: string) => void }) {
  return (
    <section className="panel" aria-labelledby="recipe-summary-heading">
      <h2 id="recipe-summary-heading" className="panel__title" tabIndex={-1}>
        Run finished: {run.recipeTitle}
      </h2>
      <dl className="facts">
        <dt>Finished</dt>
        <dd>{formatTimestamp(run.finishedAt)}</dd>
        <dt>People linked</dt>
        <dd>{formatDisplay(run.peopleDisplay)}</dd>
        <dt>Run</dt>
        <dd className="facts__hash">{run.runId}</dd>
      </dl>
      <div className="recipes__tables">
        <div className="table-scroll" role="region" aria-label="Stages of the run" tabIndex={0}>
          <table className="data-table data-table--compact">
            <caption className="recipes__caption">Stages</caption>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col" className="numeric">
                  Seconds
                </th>
              </tr>
            </thead>
            <tbody>
              {run.stages.map((stage) => (
                <tr key={stage.stage}>
                  <th scope="row">{stageText(stage.stage)}</th>
                  <td className="numeric">{stage.seconds.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-scroll" role="region" aria-label="Extracts imported by the run" tabIndex={0}>
          <table className="data-table data-table--compact">
            <caption className="recipes__caption">Extracts imported and validated</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">File</th>
                <th scope="col" className="numeric">
                  Rows
                </th>
                <th scope="col" className="numeric">
                  Errors
                </th>
                <th scope="col" className="numeric">
                  Warnings
                </th>
                <th scope="col">Findings</th>
              </tr>
            </thead>
            <tbody>
              {run.sources.map((source) => (
                <tr key={source.id}>
                  <th scope="row" className="mono">
                    {source.id}
                  </th>
                  <td>{source.fileName}</td>
                  <td className="numeric">{formatCount(source.rowsImported)}</td>
                  <td className="numeric">{formatCount(source.errors)}</td>
                  <td className="numeric">{formatCount(source.warnings)}</td>
                  <td>
                    <button type="button" className="button button--secondary button--small" onClick={() => onOpenFindings(source.id)}>
                      See findings<span className="visually-hidden"> of {source.id}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={onOpenVillage}>
          Open the village
        </button>
      </div>
      <OpenReportButton id="recipe-open-report" runId={run.runId} />
    </section>
  );
}

export function RecipesScreen() {
  const api = useWorkbenchApi();
  const { navigate, navigateWith } = useWorkbenchNavigation();
  const { state: runs, reload: reloadRuns } = useRecipeRuns();
  const [choices, setChoices] = useState<readonly string[]>([]);
  const [opened, setOpened] = useState<OpenRecipe | null>(null);
  const [reading, setReading] = useState(false);
  const [running, setRunning] = useState<Running | null>(null);
  const [finished, setFinished] = useState<RecipeRunSummary | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState('');
  const pollingRef = useRef<AbortController | null>(null);

  // Stop following a run when the screen is left; the run itself carries on in the engine.
  useEffect(() => () => pollingRef.current?.abort(), []);

  useEffect(() => {
    if (finished !== null) document.getElementById('recipe-summary-heading')?.focus();
  }, [finished]);

  async function read(path: string, quietly = false) {
    setProblem(null);
    setSaved('');
    setReading(true);
    const result = await api.readRecipe({ path });
    setReading(false);
    if (!result.ok) {
      setOpened(null);
      writePreference(browserPreferenceStore(), LAST_RECIPE, null);
      // Reopening on return is a convenience: a recipe moved away, or no longer granted, is simply not reopened.
      if (!quietly) setProblem({ title: `${fileNameOf(path)} could not be read as a recipe`, error: result.error });
      return;
    }
    writePreference(browserPreferenceStore(), LAST_RECIPE, path);
    setOpened({ path, recipe: result.value.recipe, sha256: result.value.sha256 });
  }

  useEffect(() => {
    const remembered = readPreference(browserPreferenceStore(), LAST_RECIPE);
    if (remembered !== null) void read(remembered, true);
    // Once, when the screen opens.
  }, []);

  async function choose() {
    setProblem(null);
    const chosen = await api.chooseFiles({ purpose: 'recipe', multiple: false });
    if (!chosen.ok) {
      setProblem({ title: 'A recipe could not be chosen', error: chosen.error });
      return;
    }
    setChoices(chosen.value.paths);
    const [only] = chosen.value.paths;
    if (chosen.value.paths.length === 1 && only !== undefined) await read(only);
  }

  /** Asks where to save (the shell's save dialog), then has the engine write the recipe there whole. */
  async function saveRecipe() {
    if (opened === null) return;
    setProblem(null);
    setSaved('');
    const chosen = await api.chooseSavePath({ purpose: 'recipe', suggestedName: `${fileStem(opened.recipe.title)}.recipe.json` });
    if (!chosen.ok) {
      setProblem({ title: 'The recipe could not be saved', error: chosen.error });
      return;
    }
    if (chosen.value.path === null) return;
    const written = await api.saveRecipe({ path: chosen.value.path, recipe: opened.recipe });
    if (!written.ok) {
      setProblem({ title: 'The recipe could not be saved', error: written.error });
      return;
    }
    const outside = written.value.sourcesOutsideFolder;
    setSaved(
      `Saved ${fileNameOf(written.value.path)}. Keep it beside next quarter’s extracts and open it here to run it on them.` +
        (outside.length === 0 ? '' : ` ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside its folder, so ${outside.length === 1 ? 'it' : 'they'} will need choosing too.`),
    );
  }

  async function run() {
    if (opened === null || running !== null) return;
    setProblem(null);
    setFinished(null);
    const started = await api.runRecipe({ path: opened.path });
    if (!started.ok) {
      setProblem({ title: 'The recipe could not start', error: started.error });
      return;
    }
    const { jobId } = started.value;
    const controller = new AbortController();
    pollingRef.current = controller;
    setRunning({ jobId, progress: { phase: 'starting', rows: 0, bytesRead: 0, totalBytes: 0 }, stages: [], cancelling: false });
    const final = await pollJob(api, jobId, {
      kind: 'recipe',
      signal: controller.signal,
      onProgress: (status) =>
        setRunning((previous) => (previous === null ? null : { ...previous, progress: status.progress, stages: addStage(previous.stages, status.progress.phase) })),
    });
    if (controller.signal.aborted) return;
    pollingRef.current = null;
    setRunning(null);
    const outcome = final.ok ? jobOutcome(final.value) : final;
    if (!outcome.ok) {
      setProblem({ title: outcome.error.code === 'cancelled' ? 'The run was cancelled' : 'The recipe did not finish', error: outcome.error });
      return;
    }
    setFinished(outcome.value);
    void reloadRuns();
  }

  async function cancel() {
    if (running === null) return;
    setRunning({ ...running, cancelling: true });
    const cancelled = await api.cancelJob({ jobId: running.jobId });
    if (!cancelled.ok) setProblem({ title: 'The run could not be cancelled', error: cancelled.error });
  }

  // A recipe run imports each source into the table src_<source id>, with its validation report.
  function openFindings(sourceId: string) {
    navigateWith('validate', { table: `src_${sourceId}` });
  }

  const runList = runs.status === 'ready' ? runs.runs : [];

  return (
    <div className="screen screen--flow recipes">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Recipes</h1>
          <p className="screen__lede">
            A recipe names every extract with its specification, how people are linked, the indicators and the suppression rule. Run it to import and validate every extract and build
            the village and dashboards; run it again on next quarter’s files and compare.
          </p>
        </div>
      </div>

      <section className="panel" aria-labelledby="recipe-open-heading">
        <h2 id="recipe-open-heading" className="panel__title">
          {opened === null ? 'Open a recipe' : opened.recipe.title}
        </h2>
        <div className="button-row">
          <button type="button" className={opened === null ? 'button' : 'button button--secondary'} onClick={() => void choose()} disabled={running !== null}>
            {opened === null ? 'Open a recipe…' : 'Open another recipe…'}
          </button>
          {opened !== null && (
            <>
              <button type="button" className="button" onClick={() => void run()} disabled={running !== null}>
                Run recipe
              </button>
              <button type="button" className="button button--secondary" onClick={() => void saveRecipe()}>
                Save recipe…
              </button>
            </>
          )}
        </div>
        {choices.length > 1 && (
          <div className="field recipes__choice">
            <label htmlFor="recipe-file">Recipe file</label>
            <select id="recipe-file" className="select" value={opened?.path ?? ''} onChange={(event) => event.target.value !== '' && void read(event.target.value)}>
              <option value="">Choose a recipe file…</option>
              {choices.map((path) => (
                <option key={path} value={path}>
                  {fileNameOf(path)}
                </option>
              ))}
            </select>
          </div>
        )}
        <p className="button-row__status" role="status" aria-live="polite">
          {reading ? 'Reading and checking the recipe…' : saved}
        </p>
        {opened !== null && <RecipeDetails recipe={opened} />}
      </section>

      <ProblemNotice title={problem?.title ?? ''} error={problem?.error ?? null} />

      {running !== null && (
        <section className="panel" aria-labelledby="recipe-running-heading">
          <h2 id="recipe-running-heading" className="panel__title">
            Running {opened?.recipe.title ?? 'the recipe'}
          </h2>
          <JobProgress label="Progress of the run" progress={{ ...running.progress, phase: stageText(running.progress.phase) }} cancelling={running.cancelling} onCancel={() => void cancel()} />
          <ol className="recipes__stages" aria-label="Stages so far">
            {running.stages.map((stage, index) => (
              <li key={stage} className={index === running.stages.length - 1 ? 'recipes__stage recipes__stage--current' : 'recipes__stage'}>
                {stageText(stage)}
                {index === running.stages.length - 1 ? ' (running)' : ' (done)'}
              </li>
            ))}
          </ol>
        </section>
      )}

      {finished !== null && <RunSummary run={finished} onOpenVillage={() => navigate('village')} onOpenFindings={openFindings} />}

      <section className="panel" aria-labelledby="recipe-runs-heading">
        <h2 id="recipe-runs-heading" className="panel__title">
          Runs in this workspace
        </h2>
        <ProblemNotice title="The runs could not be listed" error={runs.status === 'failed' ? runs.error : null} />
        {runs.status === 'ready' && runList.length === 0 && <p className="panel__hint">No recipe has been run in this workspace yet.</p>}
        {runList.length > 0 && (
          <div className="table-scroll" role="region" aria-label="Recipe runs" tabIndex={0}>
            <table className="data-table data-table--compact">
              <caption className="visually-hidden">Recipe runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Recipe SHA-256</th>
                  <th scope="col" className="numeric">
                    Extracts
                  </th>
                  <th scope="col" className="numeric">
                    People linked
                  </th>
                </tr>
              </thead>
              <tbody>
                {runList.map((entry) => (
                  <tr key={entry.runId}>
                    <th scope="row">{runLabel(entry)}</th>
                    <td className="facts__hash">{entry.recipeSha256.slice(0, 16)}…</td>
                    <td className="numeric">{entry.sources.length}</td>
                    <td className="numeric">{formatDisplay(entry.peopleDisplay)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {runList.length > 1 && <RecipeDiff runs={runList} />}
        {runList.length === 1 && <p className="panel__hint">Run a recipe again (for example on next quarter’s extracts) to compare two runs.</p>}
      </section>
    </div>
  );
}
