import type { DroppedFileHandle, WorkbenchApi, WorkbenchMethodName } from '../../shared/api';
import { ipcChannelFor } from '../../shared/channels';
import { fail, type Result } from '../../shared/result';

/**
 * The object the preload exposes as `window.workbench`: one named method per contract member, each
 * forwarding to its own channel. The window never receives `ipcRenderer` or a generic `invoke`.
 * `satisfies WorkbenchApi` makes a missing or misspelt method a compile error.
 */
export type Invoke = (channel: string, payload: unknown) => Promise<unknown>;
/** Electron's webUtils.getPathForFile: the path of a File from the operating system, '' for one made in the page. */
export type PathForFile = (file: DroppedFileHandle) => string;

export function createPreloadApi(invoke: Invoke, pathForFile: PathForFile) {
  const call = (method: WorkbenchMethodName) => (payload: unknown) => invoke(ipcChannelFor(method), payload) as Promise<Result<never>>;
  /**
   * A dropped File becomes its path here, in the preload, so the window itself never names a path: a File
   * the page made up has none and is refused.
   */
  async function acceptDroppedFiles(request: { readonly files: readonly DroppedFileHandle[] }): Promise<Result<never>> {
    const files = [...(request.files ?? [])];
    const paths = files.map((file) => pathForFile(file));
    const unknown = files.filter((_, index) => paths[index] === '');
    if (unknown.length > 0) {
      return fail('invalid-request', `${unknown.map((file) => file.name).join(', ')} did not come from a folder on this computer, so it cannot be imported. Save it to a folder first.`) as Result<never>;
    }
    return invoke(ipcChannelFor('acceptDroppedFiles'), { files: paths.map((filePath) => ({ kind: 'path', path: filePath })) }) as Promise<Result<never>>;
  }
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
    addSourceToRecipe: call('addSourceToRecipe'),
    listRecipeRuns: call('listRecipeRuns'),
    getVillage: call('getVillage'),
    getMapBoundaries: call('getMapBoundaries'),
    getDashboard: call('getDashboard'),
    exportView: call('exportView'),
    diffRecipeRuns: call('diffRecipeRuns'),
    exportRunOutputs: call('exportRunOutputs'),
    locateRunReport: call('locateRunReport'),
    openRunReport: call('openRunReport'),
    listLinkageReview: call('listLinkageReview'),
    decideLinkagePair: call('decideLinkagePair'),
    cancelJob: call('cancelJob'),
    listSpecifications: call('listSpecifications'),
    addSpecification: call('addSpecification'),
    previewFile: call('previewFile'),
    getValidationReport: call('getValidationReport'),
    chooseFiles: call('chooseFiles'),
    chooseSavePath: call('chooseSavePath'),
    saveRecipe: call('saveRecipe'),
    inferSpecification: call('inferSpecification'),
    checkSpecification: call('checkSpecification'),
    readSpecification: call('readSpecification'),
    saveSpecification: call('saveSpecification'),
    acceptDroppedFiles,
  } satisfies WorkbenchApi;
}
