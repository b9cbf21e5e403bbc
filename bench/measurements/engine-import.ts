/**
 * The product's import paths into a fresh file-backed workspace: `importFile` (what `startImport` runs
 * without a specification: a CSV, or a workbook's sheet streamed into a staged CSV, through DuckDB's
 * read_csv) and `importWithSpecification` (what it runs with one: the streaming readers, validation,
 * pseudonyms, match keys and area resolution on every row). The import's own progress phases are
 * timestamped as they are reported, which gives the breakdown of where the time goes.
 */
import path from 'node:path';
import { parseSpecification } from '../../shared/spec';
import type { JobProgress } from '../../shared/api';
import { importFile } from '../../electron/engine/import/import-file';
import { importWithSpecification } from '../../electron/engine/import/spec-import';
import { validateFile } from '../../electron/engine/validate/validate-file';
import { openWorkspace, type Workspace } from '../../electron/engine/workspace/workspace';
import type { MeasurementContext, MeasurementOutcome } from '../protocol';
import syntheticExtractSpecification from '../synthetic-extract.spec.json' with { type: 'json' };

/** What each phase the imports report covers, so the breakdown reads without the source at hand. */
const PHASE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  hashing: 'hashing (plain import: SHA-256 of the source file in a pass before reading; the specification import hashes in its read)',
  reading: 'reading (plain CSV: staged UTF-8 copy; plain workbook: sheet streamed to a staged CSV; with a specification: read, validate, pseudonymise, append)',
  loading: 'loading (read_csv into the staging table)',
  committing: 'committing (rename, provenance, findings, audit, COMMIT)',
};

/** Records how long each reported phase lasted. */
class PhaseClock {
  readonly stages: Record<string, number> = {};
  private current: string | undefined;
  private since = 0;

  readonly onProgress = (progress: Partial<JobProgress>): void => {
    if (progress.phase === undefined || progress.phase === this.current) return;
    this.stop();
    this.current = progress.phase;
  };

  stop(): void {
    const now = performance.now();
    if (this.current !== undefined) {
      const stage = PHASE_DESCRIPTIONS[this.current] ?? this.current;
      this.stages[stage] = (this.stages[stage] ?? 0) + (now - this.since);
    }
    this.current = undefined;
    this.since = now;
  }
}

async function withWorkspace(context: MeasurementContext, work: (workspace: Workspace) => Promise<MeasurementOutcome>): Promise<MeasurementOutcome> {
  const workspace = await openWorkspace({ location: path.join(context.scratchFolder, 'workspace') });
  try {
    return await work(workspace);
  } finally {
    await workspace.close();
  }
}

export function importPlainFile(context: MeasurementContext): Promise<MeasurementOutcome> {
  return withWorkspace(context, async (workspace) => {
    const clock = new PhaseClock();
    const started = performance.now();
    const result = await importFile(workspace, { path: context.input, onProgress: clock.onProgress });
    clock.stop();
    return { wallMs: performance.now() - started, rows: result.provenance.rowsImported, stages: clock.stages };
  });
}

const benchSpecification = () => parseSpecification(syntheticExtractSpecification);

export function importWithBenchSpecification(context: MeasurementContext): Promise<MeasurementOutcome> {
  const spec = benchSpecification();
  return withWorkspace(context, async (workspace) => {
    const clock = new PhaseClock();
    const started = performance.now();
    const result = await importWithSpecification(workspace, { path: context.input, spec, onProgress: clock.onProgress });
    clock.stop();
    const { totals } = result.report;
    return {
      wallMs: performance.now() - started,
      rows: result.counts.rowsImported,
      stages: clock.stages,
      figures: { 'rows rejected': result.counts.rowsRejected, 'validation errors': totals.errors, 'validation warnings': totals.warnings },
    };
  });
}

/** The same pipeline without a workspace (the CLI's `validate`): read, detect the header, validate, coerce. */
export async function validateWithBenchSpecification(context: MeasurementContext): Promise<MeasurementOutcome> {
  const spec = benchSpecification();
  const started = performance.now();
  const validated = await validateFile({ path: context.input, spec });
  return { wallMs: performance.now() - started, rows: validated.report.totals.rowsRead };
}
