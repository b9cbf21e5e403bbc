import { EngineError } from '../errors';

/** Errors of the recipe screens' methods, each with the error code the window shows. */

/** The request cannot be served as asked (a recipe with schema errors, an export format a view has not). */
export class RecipeRequestError extends EngineError {
  constructor(message: string) {
    super(message, 'invalid-request');
  }
}

export class RecipeRunNotFoundError extends EngineError {
  constructor(runId: string | undefined) {
    super(runId === undefined ? 'No recipe has been run in this workspace yet' : `There is no recipe run ${runId.slice(0, 80)} in this workspace`, 'not-found');
  }
}

/** A second run while one is going: the pipeline's tables are shared, so runs take turns. */
export class RecipeRunBusyError extends EngineError {
  constructor() {
    super('A recipe is already running in this workspace; wait for it to finish or cancel it', 'busy');
  }
}
