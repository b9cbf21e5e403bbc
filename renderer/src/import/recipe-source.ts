import type { ColumnMapping } from '../../../shared/spec';
import { sourceIdSchema, type RecipeSource } from '../../../shared/recipe';

/** The file name at the end of a Windows or POSIX path. */
export function fileNameOf(filePath: string): string {
  const parts = filePath.split(/[\\/]/);
  return parts[parts.length - 1] ?? filePath;
}

/** A recipe source id from a table name: lower-case snake_case, as recipes require. */
export function sourceIdFor(tableName: string): string {
  const id = tableName
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .slice(0, 41);
  return sourceIdSchema.safeParse(id).success ? id : 'source';
}

export interface RecipeSourceInput {
  readonly table: string;
  readonly filePath: string;
  readonly sheet: string | null;
  readonly headerRow: number | null;
  readonly specId: string;
  readonly mapping: ColumnMapping;
}

/**
 * This import as a recipe's `sources` entry, so next quarter's file maps in one step. The file is named
 * relative to the recipe (the officer keeps the recipe beside the extracts); attributes are the recipe
 * author's choice and are left out.
 */
export function recipeSourceFor(input: RecipeSourceInput): RecipeSource {
  return {
    id: sourceIdFor(input.table),
    file: fileNameOf(input.filePath),
    ...(input.sheet === null ? {} : { sheet: input.sheet }),
    ...(input.headerRow === null ? {} : { headerRow: input.headerRow }),
    spec: input.specId,
    mapping: input.mapping,
  };
}

export function recipeSourceText(input: RecipeSourceInput): string {
  return JSON.stringify(recipeSourceFor(input), null, 2);
}
