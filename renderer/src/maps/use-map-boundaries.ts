import { useEffect, useState } from 'react';
import type { MapBoundaries } from '../../../shared/maps';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { runRequest } from '../recipes/recipe-runs';

export type BoundariesState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly boundaries: MapBoundaries }
  | { readonly status: 'failed'; readonly error: WorkbenchError };

/** The ward and locality shapes of a run ('' for the latest), from the engine through the contract. */
export function useMapBoundaries(runId: string, attempt: number): BoundariesState {
  const api = useWorkbenchApi();
  const [state, setState] = useState<BoundariesState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    void api.getMapBoundaries(runRequest(runId)).then((result) => {
      if (!current) return;
      setState(result.ok ? { status: 'ready', boundaries: result.value } : { status: 'failed', error: result.error });
    });
    return () => {
      current = false;
    };
  }, [api, runId, attempt]);
  return state;
}
