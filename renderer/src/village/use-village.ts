import { useEffect, useState } from 'react';
import type { WorkbenchError } from '../../../shared/result';
import type { VillageJson } from '../../../shared/village';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { runRequest } from '../recipes/recipe-runs';

export type VillageState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly village: VillageJson }
  /** No recipe has been run in this workspace yet (or the chosen run is gone). */
  | { readonly status: 'no-run'; readonly message: string }
  | { readonly status: 'failed'; readonly error: WorkbenchError };

/** village.json of a run ('' for the latest), as the engine published it. */
export function useVillage(runId: string, attempt: number): VillageState {
  const api = useWorkbenchApi();
  const [state, setState] = useState<VillageState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    void api.getVillage(runRequest(runId)).then((result) => {
      if (!current) return;
      if (result.ok) setState({ status: 'ready', village: result.value });
      else if (result.error.code === 'not-found') setState({ status: 'no-run', message: result.error.message });
      else setState({ status: 'failed', error: result.error });
    });
    return () => {
      current = false;
    };
  }, [api, runId, attempt]);
  return state;
}
