import { useCallback, useEffect, useState } from 'react';
import type { RecipeRunSummary } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { formatTimestamp } from '../explore/format';

export type RunsState = { readonly status: 'loading' } | { readonly status: 'ready'; readonly runs: readonly RecipeRunSummary[] } | { readonly status: 'failed'; readonly error: WorkbenchError };

/** The recipe runs kept in the workspace, newest first, with a way to ask again. */
export function useRecipeRuns(): { readonly state: RunsState; readonly reload: () => Promise<void> } {
  const api = useWorkbenchApi();
  const [state, setState] = useState<RunsState>({ status: 'loading' });
  const reload = useCallback(async () => {
    const result = await api.listRecipeRuns({});
    setState(result.ok ? { status: 'ready', runs: result.value.runs } : { status: 'failed', error: result.error });
  }, [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { state, reload };
}

/** How a run is named in lists: its recipe, when it finished, and how many people it linked. */
export function runLabel(run: RecipeRunSummary): string {
  return `${run.recipeTitle} — ${formatTimestamp(run.finishedAt)}`;
}

/** The `runId` to ask the engine for: undefined means the latest run. */
export function runRequest(runId: string): { runId?: string } {
  return runId === '' ? {} : { runId };
}
