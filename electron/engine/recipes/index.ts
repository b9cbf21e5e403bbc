/** What other engine folders may use of recipes/: they import it from here, never from its files (lint: village/engine-layers). */
export { addSourceToRecipe } from './recipe-add-source';
export { saveRecipeFile } from './recipe-file';
export { RecipeRuns } from './recipe-runs';
export { recoverInterruptedRun } from './recovery';
export { latestSuppressionRule } from './run-store';
