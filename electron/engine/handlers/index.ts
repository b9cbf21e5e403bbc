/** What other engine folders may use of handlers/: they import it from here, never from its files (lint: village/engine-layers). */
export { type HandlerContext } from './context';
export { exploreHandlers } from './explore-handlers';
export { importHandlers } from './import-handlers';
export { linkageHandlers } from './linkage-handlers';
export { recipeHandlers } from './recipe-handlers';
export { specificationHandlers } from './spec-handlers';
export { workspaceHandlers } from './workspace-handlers';
