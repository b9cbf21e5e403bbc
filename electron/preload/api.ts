import type { WorkbenchApi, WorkbenchMethodName } from '../../shared/api';
import { ipcChannelFor } from '../../shared/channels';
import type { Result } from '../../shared/result';

/**
 * The object the preload exposes as `window.workbench`: one named method per contract member, each
 * forwarding to its own channel. The window never receives `ipcRenderer` or a generic `invoke`.
 * `satisfies WorkbenchApi` makes a missing or misspelt method a compile error.
 */
export type Invoke = (channel: string, payload: unknown) => Promise<unknown>;

export function createPreloadApi(invoke: Invoke) {
  const call = (method: WorkbenchMethodName) => (payload: unknown) => invoke(ipcChannelFor(method), payload) as Promise<Result<never>>;
  return {
    getWorkspaceInfo: call('getWorkspaceInfo'),
    listTables: call('listTables'),
    getTablePage: call('getTablePage'),
    listSheets: call('listSheets'),
    startImport: call('startImport'),
    getJob: call('getJob'),
    runSql: call('runSql'),
    profileColumn: call('profileColumn'),
    readRecipe: call('readRecipe'),
    runRecipe: call('runRecipe'),
    listRecipeRuns: call('listRecipeRuns'),
    getVillage: call('getVillage'),
    getDashboard: call('getDashboard'),
    exportView: call('exportView'),
    diffRecipeRuns: call('diffRecipeRuns'),
    cancelJob: call('cancelJob'),
    listSpecifications: call('listSpecifications'),
    previewFile: call('previewFile'),
    getValidationReport: call('getValidationReport'),
    chooseFiles: call('chooseFiles'),
  } satisfies WorkbenchApi;
}
