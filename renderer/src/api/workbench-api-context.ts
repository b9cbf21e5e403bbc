import { createContext, useContext } from 'react';
import type { WorkbenchApi } from '../../../shared/api';

/** The engine's API for every screen; provided once by main.tsx so screens never choose a transport. */
export const WorkbenchApiContext = createContext<WorkbenchApi | null>(null);

export function useWorkbenchApi(): WorkbenchApi {
  const api = useContext(WorkbenchApiContext);
  if (api === null) throw new Error('useWorkbenchApi needs a WorkbenchApiContext provider');
  return api;
}
