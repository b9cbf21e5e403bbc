/**
 * One shape for an imported source, from the import to village.json. The import records where a file came
 * from (`ImportProvenance`, the same record the window's table list shows); a recipe run adds the source's
 * id, specification and validation report (`ImportedSource`); village.json publishes a projection of that
 * (`villageSourceOf` in village.ts), so the fields are named and checked in one place.
 */
import { z } from 'zod';
import type { ValidationReport } from './findings';
import type { ColumnMapping, Specification } from './spec';

export const importProvenanceSchema = z.object({
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sheet: z.string().nullable(),
  importedAt: z.string(),
  rowsRead: z.number().int().nonnegative(),
  rowsImported: z.number().int().nonnegative(),
  rowsRejected: z.number().int().nonnegative(),
});
export type ImportProvenance = z.infer<typeof importProvenanceSchema>;

/** A recipe source as the run imported it: its table, its file's provenance and what validation found. */
export interface ImportedSource {
  /** The recipe's id for the source. */
  readonly id: string;
  /** The specification it was checked against: as its report names it, else as the recipe does. */
  readonly specId: string;
  readonly table: string;
  readonly provenance: ImportProvenance;
  /** The source's validation report (never cell values), copied beside the outputs. */
  readonly report: ValidationReport | null;
  /** The import's id in vw.imports, whose stored report the cross-table findings join. */
  readonly importId?: string;
  /** The specification it was checked against (with the recipe's rules) and the mapping used, for cross-table rules. */
  readonly spec?: Specification;
  readonly mapping?: ColumnMapping;
}
