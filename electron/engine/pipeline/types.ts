import type { ImportedSource } from '../../../shared/imported-source';
import type { SpecRule } from '../../../shared/rules';
import type { ColumnMapping } from '../../../shared/spec';
import type { PostcodeLookup } from '../geography';
import type { Workspace } from '../workspace';
import { EngineError } from '../errors';

/** What the pipeline asks of an import: one recipe source read with its specification into a table. */
export interface SourceImportRequest {
  /** The recipe's id for the source, which the imported source keeps. */
  readonly sourceId: string;
  readonly path: string;
  /** The specification as the recipe names it: an id, or a file path (then `specFile` is that file, absolute). */
  readonly specId: string;
  readonly specFile?: string;
  readonly sheet?: string;
  /** The 1-based header row the recipe remembers, replacing the detected header. */
  readonly headerRow?: number;
  readonly mapping?: ColumnMapping;
  /** Rules the recipe adds to the specification's own for this source. */
  readonly rules?: readonly SpecRule[];
  readonly tableName: string;
  readonly postcodeLookup?: PostcodeLookup;
  readonly signal?: AbortSignal;
  readonly onRows?: (rows: number) => void;
}

/** The import function the pipeline calls (the specification import, or a test double writing tables directly). */
export type SourceImporter = (workspace: Workspace, request: SourceImportRequest) => Promise<ImportedSource>;

export interface StageTiming {
  readonly stage: string;
  readonly milliseconds: number;
}

export interface PipelineProgress {
  readonly stage: string;
  readonly message: string;
}

export class PipelineCancelledError extends EngineError {
  constructor(stage: string) {
    super(`The run was cancelled during ${stage}; outputs were not written`, 'cancelled');
  }
}
