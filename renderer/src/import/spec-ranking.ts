import type { FilePreview } from '../../../shared/api';
import type { Specification } from '../../../shared/spec';

export interface SpecFit {
  readonly specId: string;
  /** 0–1: the engine's confidences of the mapped columns, spread over the larger of file columns and spec fields. */
  readonly score: number;
  readonly mappedColumns: number;
  readonly requiredUnmapped: number;
}

/**
 * How well a file fits each specification, read from the mappings the engine suggested for it. The engine
 * decides which label feeds which field and how sure it is; this only orders its answers so the likeliest
 * specification is offered first. A file with more columns than the spec, or a spec with more fields than
 * the file, fits less well, so the confidences are spread over the larger of the two.
 */
export function specFit(spec: Specification, mapping: NonNullable<FilePreview['mapping']>): SpecFit {
  const mapped = mapping.columns.filter((column) => column.field !== null);
  const confidence = mapped.reduce((sum, column) => sum + column.confidence, 0);
  const mappedFields = new Set(mapped.map((column) => column.field));
  const spread = Math.max(mapping.columns.length, spec.fields.length, 1);
  return {
    specId: spec.id,
    score: confidence / spread,
    mappedColumns: mapped.length,
    requiredUnmapped: spec.fields.filter((field) => field.required && !mappedFields.has(field.name)).length,
  };
}

/** Best first: fewest required fields left unmapped, then the highest score. */
export function rankFits(fits: readonly SpecFit[]): SpecFit[] {
  return [...fits].sort((a, b) => a.requiredUnmapped - b.requiredUnmapped || b.score - a.score || a.specId.localeCompare(b.specId));
}

/** The specification to pre-select, or null when none maps even one column. */
export function bestFit(fits: readonly SpecFit[]): SpecFit | null {
  const best = rankFits(fits.filter((fit) => fit.mappedColumns > 0))[0];
  return best ?? null;
}
