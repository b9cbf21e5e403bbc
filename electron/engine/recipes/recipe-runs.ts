/**
 * The engine side of the Village, Dashboards, Linkage and Recipes screens: reading a recipe, running it as a
 * job, and serving stored runs. engine.ts only forwards requests here.
 *
 * A run: check the recipe and its sources against the file-access rule (recipe-file.ts), stash the tables it
 * will replace (stash.ts), run the pipeline with progress per stage, compute the dashboards from the fresh
 * tables, write the pipeline's own outputs (village.json, village.xlsx, report.html, validation/) into
 * `<workspace>/runs/<runId>/`, then in one transaction store the run (run-store.ts), drop the stash and write
 * the audit line. A
 * run that fails or is cancelled at any point before that transaction restores the stash, so the previous
 * run's tables and stored results are exactly as they were; a run whose process is killed is undone by
 * recovery.ts when the engine next opens the workspace. One run at a time per workspace.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Dashboard, RecipeRunSummary } from '../../../shared/api';
import type { MapBoundaries } from '../../../shared/maps';
import type { Recipe, RunPeriod } from '../../../shared/recipe';
import { serialiseVillageJson, type VillageJson } from '../../../shared/village';
import type { FileAccessPolicy } from '../file-access';
import type { WardBoundaries } from '../geography';
import type { JobContext, JobRegistry } from '../jobs';
import { writeOutputs, type WrittenFile } from '../outputs/write-outputs';
import { periodOf, runRecipe } from '../pipeline/run-recipe';
import { specificationImporter } from '../pipeline/spec-importer';
import { PipelineCancelledError, type SourceImporter } from '../pipeline/types';
import { beginAuditedOperation, recordAudit, type Workspace } from '../workspace/workspace';
import { computeDashboards } from './dashboards';
import { diffRuns, type RecipeDiff } from './diff';
import { RecipeRequestError, RecipeRunBusyError } from './errors';
import { exportRunOutputs } from '../outputs/export-run-outputs';
import { type ExportedFile, type ExportFormat, type ExportView, exportView } from '../outputs/run-exports';
import { checkSourceAccess, readRecipeFile, type RecipeFile } from './recipe-file';
import { recoverInterruptedRun, runOutputsFolder } from './recovery';
import { runMapBoundaries } from './run-maps';
import { insertRun, listRuns, loadRun, loadSeries } from './run-store';
import { dropStash, restoreStash, stashTables, tablesWrittenBy } from './stash';

export interface RecipeRunsOptions {
  readonly workspace: Workspace;
  readonly fileAccess: FileAccessPolicy;
  readonly jobs: JobRegistry;
  /** Runs work on the workspace's shared connection, in turn with every other short request. */
  readonly onSharedConnection: <T>(work: () => Promise<T>) => Promise<T>;
  /** Forgets cached pages of a table the run replaced or restored. */
  readonly tableChanged: (table: string) => Promise<void>;
  /** The pipeline's importer; the specification import unless a test supplies another. */
  readonly importer?: SourceImporter;
}

export class RecipeRuns {
  private running = false;

  constructor(private readonly options: RecipeRunsOptions) {}

  readRecipe(recipePath: string): { recipe: Recipe; sha256: string } {
    const file = readRecipeFile(recipePath, this.options.fileAccess);
    return { recipe: file.recipe, sha256: file.sha256 };
  }

  /**
   * Starts a run as a job of kind 'recipe'; refuses while another run is going. A period given here (the CLI's
   * `--period`) replaces the recipe's own, its reference date the recipe's.
   */
  start(recipePath: string, period?: RunPeriod): string {
    const read = readRecipeFile(recipePath, this.options.fileAccess);
    const file: RecipeFile = period === undefined ? read : { ...read, recipe: { ...read.recipe, period, referenceDate: period.referenceDate } };
    const sourcePaths = checkSourceAccess(file, this.options.fileAccess);
    if (this.running) throw new RecipeRunBusyError();
    this.running = true;
    return this.options.jobs.start('recipe', async (context) => {
      try {
        return await this.run(file, sourcePaths, context);
      } finally {
        this.running = false;
      }
    });
  }

  async list(): Promise<RecipeRunSummary[]> {
    return this.options.onSharedConnection(() => listRuns(this.options.workspace.connection));
  }

  async village(runId?: string): Promise<VillageJson> {
    return (await this.load(runId)).village;
  }

  /** The run's ward and locality shapes; `shipped` draws a run stored before maps. */
  async mapBoundaries(shipped: WardBoundaries, runId?: string): Promise<MapBoundaries> {
    return runMapBoundaries((await this.load(runId)).village, shipped);
  }

  async dashboard(id: Dashboard['id'], runId?: string): Promise<Dashboard> {
    const run = await this.load(runId);
    const dashboard = run.dashboards.find((entry) => entry.id === id);
    if (dashboard === undefined) throw new RecipeRequestError(`The run ${run.summary.runId} has no ${id} dashboard`);
    return dashboard;
  }

  async export(view: ExportView & { runId?: string }, format: ExportFormat): Promise<ExportedFile> {
    const run = await this.load(view.runId);
    const exported = exportView(run, view, format);
    await this.options.onSharedConnection(() =>
      recordAudit(this.options.workspace.connection, {
        action: 'export',
        outcome: 'succeeded',
        subject: run.summary.recipeTitle,
        detail: { runId: run.summary.runId, view: view.kind, ...(view.kind === 'dashboard' ? { dashboard: view.id } : {}), format, fileName: exported.fileName, bytes: exported.bytes.length, sha256: exported.sha256 },
      }),
    );
    return exported;
  }

  /** Copies the stored run's outputs into `folder` (see export-outputs.ts), on a connection of its own. */
  async exportOutputs(runId: string | undefined, folder: string): Promise<{ runId: string; folder: string; files: WrittenFile[] }> {
    const run = await this.load(runId);
    const connection = await this.options.workspace.connect();
    try {
      const runFolder = runOutputsFolder(this.options.workspace, run.summary.runId);
      const files = await exportRunOutputs({ runFolder, connection, runId: run.summary.runId, village: run.village, outDir: folder });
      return { runId: run.summary.runId, folder: path.resolve(folder), files };
    } finally {
      connection.closeSync();
    }
  }

  async diff(from: string, to: string): Promise<RecipeDiff> {
    return diffRuns(await this.load(from), await this.load(to));
  }

  private async load(runId?: string) {
    return this.options.onSharedConnection(() => loadRun(this.options.workspace.connection, runId));
  }

  private async run(file: RecipeFile, sourcePaths: ReadonlyMap<string, string>, context: JobContext): Promise<RecipeRunSummary> {
    const { workspace } = this.options;
    const { recipe } = file;
    const connection = await workspace.connect();
    const tables = tablesWrittenBy(recipe);
    try {
      // The engine recovered at start-up; this catches a stash whose restore failed earlier in this process.
      tables.push(...(await recoverInterruptedRun(workspace, connection)));
      const runId = `run-${randomUUID()}`;
      const period = periodOf(recipe);
      const series = await loadSeries(connection, recipe.title, period.label);
      // The older run of a re-run period stays in the workspace; the audit names which run replaced it.
      const operation = await beginAuditedOperation(connection, 'recipe-run', recipe.title, {
        runId,
        recipe: path.basename(file.path),
        recipeSha256: file.sha256,
        period: period.label,
        ...(series.replaces === null ? {} : { replacesRunOfPeriod: series.replaces }),
      });
      context.report({ phase: 'saving the tables this run replaces', totalBytes: totalSize(sourcePaths) });
      await stashTables(connection, tables);
      let outputs: string | null = null;
      try {
        const run = await runRecipe({
          workspace,
          recipe,
          recipePath: file.path,
          recipeSha256: file.sha256,
          runId,
          earlierPeriods: series.earlier,
          importer: this.progressImporter(context),
          signal: context.signal,
          onProgress: (progress) => context.report({ phase: progress.message }),
        });
        const stages = run.timings.map((timing) => ({ stage: timing.stage, seconds: timing.milliseconds / 1000 }));
        const cancelledCheck = (stage: string): void => {
          if (context.signal.aborted) throw new PipelineCancelledError(stage);
        };
        cancelledCheck('disclosure');
        context.report({ phase: 'dashboards…' });
        const started = performance.now();
        const finishedAt = new Date().toISOString();
        const dashboards = await computeDashboards({ connection, recipe, village: run.village, runId, generatedAt: finishedAt });
        stages.push({ stage: 'dashboards', seconds: (performance.now() - started) / 1000 });
        cancelledCheck('dashboards');
        const people = run.village.linkage.people;
        const summary: RecipeRunSummary = {
          runId,
          recipeTitle: recipe.title,
          recipeSha256: file.sha256,
          finishedAt,
          stages,
          sources: run.imports.map((entry) => ({
            id: entry.sourceId,
            fileName: entry.fileName,
            rowsImported: entry.rowsImported,
            errors: entry.report?.totals.errors ?? 0,
            warnings: entry.report?.totals.warnings ?? 0,
          })),
          people: people.value ?? 0,
          peopleDisplay: people.display,
          period,
        };
        context.report({ phase: 'outputs…' });
        outputs = runOutputsFolder(workspace, runId);
        const villageText = serialiseVillageJson(run.village);
        await writeOutputs(run.village, villageText, run.imports, outputs);
        context.report({ phase: 'saving the run…' });
        await connection.run('BEGIN TRANSACTION');
        try {
          await insertRun(connection, { summary, recipePath: file.path, village: run.village, villageText, dashboards });
          await dropStash(connection);
          await recordAudit(connection, {
            action: 'recipe-run',
            outcome: 'succeeded',
            subject: recipe.title,
            detail: { ...operation.auditDetail, runId, recipeSha256: file.sha256, sources: run.village.sources.map((source) => ({ id: source.id, sha256: source.sha256 })), dashboards: dashboards.map((dashboard) => dashboard.id) },
          });
          await connection.run('COMMIT');
        } catch (error) {
          await connection.run('ROLLBACK');
          throw error;
        }
        return summary;
      } catch (error) {
        if (outputs !== null) fs.rmSync(outputs, { recursive: true, force: true });
        await restoreStash(connection);
        await operation.finish(context.signal.aborted || error instanceof PipelineCancelledError ? 'cancelled' : 'failed', { runId, error: error instanceof Error ? error.name : 'Error' });
        throw error;
      }
    } finally {
      for (const table of tables) await this.options.onSharedConnection(() => this.options.tableChanged(table));
      connection.closeSync();
    }
  }

  /** The importer, reporting rows read and bytes of source files done as the job's progress. */
  private progressImporter(context: JobContext): SourceImporter {
    const importer = this.options.importer ?? specificationImporter;
    let rowsDone = 0;
    let bytesDone = 0;
    return async (workspace, request) => {
      const imported = await importer(workspace, { ...request, onRows: (rows) => context.report({ rows: rowsDone + rows }) });
      rowsDone += imported.rowsRead;
      bytesDone += imported.sizeBytes;
      context.report({ rows: rowsDone, bytesRead: bytesDone });
      return imported;
    };
  }
}


function totalSize(paths: ReadonlyMap<string, string>): number {
  let size = 0;
  for (const filePath of paths.values()) {
    try {
      size += fs.statSync(filePath).size;
    } catch {
      // A missing file is reported by the import that reads it.
    }
  }
  return size;
}
