/** Errors of the recipe screens' methods; engine.ts maps each to the error code the window shows. */

/** The request cannot be served as asked (a recipe with schema errors, an export format a view has not). */
export class RecipeRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipeRequestError';
  }
}

export class RecipeRunNotFoundError extends Error {
  constructor(runId: string | undefined) {
    super(runId === undefined ? 'No recipe has been run in this workspace yet' : `There is no recipe run ${runId.slice(0, 80)} in this workspace`);
    this.name = 'RecipeRunNotFoundError';
  }
}

/** A second run while one is going: the pipeline's tables are shared, so runs take turns. */
export class RecipeRunBusyError extends Error {
  constructor() {
    super('A recipe is already running in this workspace; wait for it to finish or cancel it');
    this.name = 'RecipeRunBusyError';
  }
}
