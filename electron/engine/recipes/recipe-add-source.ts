/**
 * "Add to a recipe…" on the Import screen: the import just made becomes a source of a recipe, so next
 * quarter's file imports with the same sheet, header row, specification and mapping.
 *
 * Who may write what: a new recipe is written only where the user chose in the save dialog; an existing
 * recipe is extended in place only when it is a recipe the user chose (readable under the file-access policy)
 * and already valid, and the only change made to it is this one source, checked with the shared schema. The
 * extract itself must be a file the user chose, so a recipe never learns a path the user did not pick.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddSourceToRecipeRequest, ResponseOf } from '../../../shared/api';
import { sourceIdSchema, type Recipe, type RecipeInput, type RecipeSource } from '../../../shared/recipe';
import { FileAccessDeniedError, type FileAccessPolicy } from '../file-access';
import { SpecificationCatalog, getSpecification } from '../specs';
import { RecipeRequestError } from './errors';
import { isInsideFolder, readRecipeFile, writeRecipeAtomically } from './recipe-file';

/** The specification whose fields a recipe's population section names. */
const POPULATION_SPEC = 'population-estimates';

type ImportDescription = AddSourceToRecipeRequest['import'];
export type AddedSource = ResponseOf<'addSourceToRecipe'>;

/** A recipe source id from a table name: lower-case snake_case, as recipes require. */
export function sourceIdFor(tableName: string): string {
  const id = tableName
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .slice(0, 41)
    .replace(/_+$/, '');
  return sourceIdSchema.safeParse(id).success ? id : 'source';
}

/** The extract as a recipe in `recipeFolder` names it: relative, with forward slashes, unless it is on another drive. */
export function recipeFileName(extractPath: string, recipeFolder: string): string {
  const relative = path.relative(recipeFolder, extractPath);
  return path.isAbsolute(relative) ? extractPath : relative.split(path.sep).join('/');
}

export function sourceOfImport(description: ImportDescription, recipeFolder: string, kept?: RecipeSource): RecipeSource {
  return {
    id: sourceIdFor(description.table),
    file: recipeFileName(path.resolve(description.path), recipeFolder),
    ...(description.sheet === undefined ? {} : { sheet: description.sheet }),
    ...(description.headerRow === undefined ? {} : { headerRow: description.headerRow }),
    spec: description.specId,
    mapping: description.mapping,
    // A replaced source keeps what the recipe's author added by hand: the import cannot know it.
    ...(kept?.attributes === undefined ? {} : { attributes: kept.attributes }),
  };
}

/** The single-year-of-age fields of the shipped population estimates, which a new recipe's population counts. */
function populationAgeFields(): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const field of getSpecification(POPULATION_SPEC).fields) {
    const age = /^age_(\d+)$/.exec(field.name)?.[1];
    if (age !== undefined) fields[field.name] = Number(age);
  }
  return fields;
}

/**
 * A new recipe around one source. A runnable recipe also needs population estimates and person-level sources
 * to link; with one source the population and linkage sections can only name it, so `stillToDo` says what
 * to add. The village settings are the partnership's usual ones (those of the bundled samples).
 */
function newRecipeWith(source: RecipeSource, today: string): { recipe: RecipeInput; stillToDo: string[] } {
  const isPopulation = source.spec === POPULATION_SPEC;
  const recipe: RecipeInput = {
    version: 1,
    title: `Recipe started from ${path.basename(source.file)}`,
    referenceDate: today,
    sources: [source],
    population: { source: source.id, sexField: 'sex', ageFields: populationAgeFields() },
    village: {
      partitions: ['sex', 'ageBand'],
      sexCategories: ['Male', 'Female', 'Non-binary'],
      ageBands: [
        { label: '0-4', min: 0, max: 4 },
        { label: '5-9', min: 5, max: 9 },
        { label: '10-17', min: 10, max: 17 },
        { label: '18-25', min: 18, max: 25 },
      ],
    },
    linkage: { sources: [source.id] },
  };
  const stillToDo = [
    ...(isPopulation
      ? []
      : [`Add the population estimates (specification ${POPULATION_SPEC}) as a source and point population.source at it: for now it names "${source.id}".`]),
    `List the person-level sources to link in linkage.sources: for now it holds only "${source.id}".`,
    `Check the title and referenceDate (set to today, ${today}), and add indicators: see docs/recipe.md.`,
  ];
  return { recipe, stillToDo };
}

function stillToDoForExisting(recipe: Recipe, source: RecipeSource): string[] {
  const todo: string[] = [];
  if (source.attributes === undefined && source.spec !== POPULATION_SPEC) {
    todo.push(`Name the fields of "${source.id}" that carry date of birth, sex, ethnicity and area under its attributes, if the village should use them.`);
  }
  if (!recipe.linkage.sources.includes(source.id) && source.spec !== POPULATION_SPEC) {
    todo.push(`"${source.id}" is not in linkage.sources, so its people are not linked: add it there if it holds people.`);
  }
  return todo;
}

/** A recipe grants only the files in its folder's tree (recipe-file.ts); one elsewhere must be chosen at each run. */
function outsideFolderNote(extractPath: string, folder: string, source: RecipeSource): string[] {
  if (isInsideFolder(extractPath, folder)) return [];
  return [`${source.file} is outside the recipe's folder, so it will need choosing each time the recipe runs: keep the extract beside the recipe to avoid that.`];
}

function todayUtc(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** `specifications`: the ids the import may have used (the workspace's own as well as the bundled ones). */
export function addSourceToRecipe(
  request: AddSourceToRecipeRequest,
  fileAccess: FileAccessPolicy,
  now: Date = new Date(),
  specifications: SpecificationCatalog = new SpecificationCatalog(null),
): AddedSource {
  const extractPath = path.resolve(request.import.path);
  if (!fileAccess.allows(extractPath)) throw new FileAccessDeniedError(extractPath);
  specifications.get(request.import.specId);
  const recipePath = path.resolve(request.recipePath);
  const recipeName = path.basename(recipePath);
  if (path.extname(recipePath).toLowerCase() !== '.json') throw new RecipeRequestError(`A recipe is a .json file, not ${recipeName}`);
  const folder = path.dirname(recipePath);

  if (request.recipe === 'new') {
    if (!fileAccess.allowsSave(recipePath)) throw new FileAccessDeniedError(recipePath, 'save');
    const source = sourceOfImport(request.import, folder);
    const { recipe, stillToDo } = newRecipeWith(source, todayUtc(now));
    const written = writeRecipeAtomically(recipePath, recipe);
    fileAccess.grant(recipePath);
    return { ...written, sourceId: source.id, file: source.file, replaced: false, created: true, stillToDo: [...outsideFolderNote(extractPath, folder, source), ...stillToDo] };
  }

  if (!fs.existsSync(recipePath)) throw new RecipeRequestError(`The recipe ${recipeName} cannot be found any more; nothing was written`);
  const { recipe } = readRecipeFile(recipePath, fileAccess);
  const id = sourceIdFor(request.import.table);
  const index = recipe.sources.findIndex((candidate) => candidate.id === id);
  const source = sourceOfImport(request.import, folder, index === -1 ? undefined : recipe.sources[index]);
  const sources = index === -1 ? [...recipe.sources, source] : recipe.sources.map((candidate, at) => (at === index ? source : candidate));
  const merged: Recipe = { ...recipe, sources };
  const written = writeRecipeAtomically(recipePath, merged);
  return { ...written, sourceId: id, file: source.file, replaced: index !== -1, created: false, stillToDo: [...outsideFolderNote(extractPath, folder, source), ...stillToDoForExisting(merged, source)] };
}
