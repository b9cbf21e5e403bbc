import type { FilePreview } from '../../../shared/api';
import type { ColumnMapping, Specification } from '../../../shared/spec';

export type MappingReason = NonNullable<FilePreview['mapping']>['columns'][number]['reason'];

/** The engine's reasons in the officer's words. */
export const REASON_TEXT: Record<MappingReason, string> = {
  saved: 'saved mapping',
  name: 'same name',
  synonym: 'known alternative name',
  'similar-name': 'similar name',
  values: 'values look right',
  none: 'no match found',
};

/** The mapping to send: the engine's suggestion with the officer's changes, in column order. */
export function editedMapping(suggestion: NonNullable<FilePreview['mapping']>, edits: ReadonlyMap<string, string | null>): ColumnMapping {
  return {
    specId: suggestion.specId,
    columns: suggestion.columns.map((column) => ({
      sourceLabel: column.sourceLabel,
      field: edits.has(column.sourceLabel) ? (edits.get(column.sourceLabel) ?? null) : column.field,
    })),
  };
}

export interface MappingProblems {
  /** Required fields no column feeds: the import will report them as missing. */
  readonly requiredUnmapped: string[];
  /** Fields fed by more than one column. */
  readonly mappedTwice: string[];
}

/** What the officer should look at before importing; the engine still checks everything itself. */
export function mappingProblems(spec: Specification, mapping: ColumnMapping): MappingProblems {
  const uses = new Map<string, number>();
  for (const column of mapping.columns) if (column.field !== null) uses.set(column.field, (uses.get(column.field) ?? 0) + 1);
  const titleOf = (name: string): string => spec.fields.find((field) => field.name === name)?.title ?? name;
  return {
    requiredUnmapped: spec.fields.filter((field) => field.required && !uses.has(field.name)).map((field) => field.title),
    mappedTwice: [...uses].filter(([, count]) => count > 1).map(([name]) => titleOf(name)),
  };
}
