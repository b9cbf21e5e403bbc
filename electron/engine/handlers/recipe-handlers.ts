import type { HandlersFor } from '../../../shared/api';
import { exportExploreView } from '../explore/view-export';
import { FileAccessDeniedError } from '../file-access';
import { addSourceToRecipe } from '../recipes/recipe-add-source';
import { saveRecipeFile } from '../recipes/recipe-file';
import type { HandlerContext } from './context';

/** Recipes: reading, saving and running them, and what their runs published (villages, dashboards, exports, diffs). */
export function recipeHandlers(
  context: HandlerContext,
): HandlersFor<
  | 'readRecipe'
  | 'runRecipe'
  | 'saveRecipe'
  | 'addSourceToRecipe'
  | 'listRecipeRuns'
  | 'getVillage'
  | 'getMapBoundaries'
  | 'getDashboard'
  | 'exportView'
  | 'exportRunOutputs'
  | 'diffRecipeRuns'
> {
  const { fileAccess, pager, recipes, onSharedConnection, shippedBoundaries } = context;
  return {
    async readRecipe(request) {
      return recipes.readRecipe(request.path);
    },
    async runRecipe(request) {
      return { jobId: recipes.start(request.path, request.period) };
    },
    async saveRecipe(request) {
      return saveRecipeFile(request.path, request.recipe, fileAccess);
    },
    async addSourceToRecipe(request) {
      return addSourceToRecipe(request, fileAccess, new Date(), context.specifications);
    },
    async listRecipeRuns() {
      return { runs: await recipes.list() };
    },
    async getVillage(request) {
      return recipes.village(request.runId);
    },
    async getMapBoundaries(request) {
      return recipes.mapBoundaries(shippedBoundaries, request.runId);
    },
    async getDashboard(request) {
      return recipes.dashboard(request.id, request.runId);
    },
    async exportView(request) {
      const view = request.view;
      if (view.kind === 'table') return onSharedConnection(() => exportExploreView(pager, view, request.format));
      return recipes.export(view, request.format);
    },
    async exportRunOutputs(request) {
      if (!fileAccess.allowsSave(request.folder)) throw new FileAccessDeniedError(request.folder, 'save');
      return recipes.exportOutputs(request.runId, request.folder);
    },
    async diffRecipeRuns(request) {
      return recipes.diff(request.from, request.to);
    },
  };
}
