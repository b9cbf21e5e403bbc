import type { EngineHandlers, HandlersFor, WorkbenchMethodName } from '../../shared/api';
import { fail, ok, type Result, type WorkbenchError } from '../../shared/result';
import { workbenchMethods, isWorkbenchMethod } from '../../shared/api';
import { listTableSummaries } from './explore/catalog';
import { PagingError, TablePager } from './explore/paging';
import { profileColumn } from './explore/profile';
import { SqlConsoleError, runReadOnlySql } from './explore/sql-console';
import { exportExploreView } from './explore/view-export';
import { FileAccessDeniedError, type FileAccessPolicy } from './file-access';
import { ImportCancelledError, ImportFailedError, importFile } from './import/import-file';
import { JobRegistry } from './jobs';
import { createSerialQueue } from './serial';
import { UnusableFileError } from './tabular/raw';
import { listSheetsOfFile } from './import/sheets';
import { previewFile } from './import/preview';
import { ReportNotFoundError, readValidationReport } from './import/reports';
import { importWithSpecification } from './import/spec-import';
import { getSpecification, loadSpecifications, UnknownSpecificationError } from './specs/registry';
import { RecipeFieldError } from './pipeline/catalog';
import { decidePair, readReviewPairs, sourceFilesOfLastRun } from './pipeline/linkage-review';
import { PipelineCancelledError } from './pipeline/types';
import { RecipeRequestError, RecipeRunBusyError, RecipeRunNotFoundError } from './recipes/errors';
import { addSourceToRecipe } from './recipes/recipe-add-source';
import { saveRecipeFile } from './recipes/recipe-file';
import { RecipeRuns } from './recipes/recipe-runs';
import { recoverInterruptedRun } from './recipes/recovery';
import { schemaVersion, type Workspace } from './workspace/workspace';

export interface Engine {
  readonly handlers: EngineHandlers;
  readonly fileAccess: FileAccessPolicy;
  readonly jobs: JobRegistry;
  readonly workspace: Workspace;
  /** Validates a request against the contract, runs its handler, validates the response: never throws. */
  dispatch(method: string, payload: unknown): Promise<Result<unknown>>;
  close(): Promise<void>;
}

/** Maps what handlers throw to the error values the window shows; messages never carry cell values. */
export function toWorkbenchError(error: unknown): WorkbenchError {
  if (error instanceof ImportCancelledError) return { code: 'cancelled', message: error.message };
  if (error instanceof UnusableFileError) {
    return error.code === 'cancelled' ? { code: 'cancelled', message: error.message } : { code: 'unusable-file', message: error.message, details: { reason: error.code } };
  }
  if (error instanceof FileAccessDeniedError) return { code: 'forbidden', message: error.message };
  if (error instanceof PagingError) return { code: error.code, message: error.message };
  if (error instanceof ImportFailedError) return { code: 'import-failed', message: error.message };
  if (error instanceof UnknownSpecificationError || error instanceof ReportNotFoundError) return { code: 'not-found', message: error.message };
  if (error instanceof InvalidImportRequestError) return { code: 'invalid-request', message: error.message };
  if (error instanceof PipelineCancelledError) return { code: 'cancelled', message: error.message };
  if (error instanceof RecipeRequestError || error instanceof RecipeFieldError) return { code: 'invalid-request', message: error.message };
  if (error instanceof RecipeRunNotFoundError) return { code: 'not-found', message: error.message };
  if (error instanceof RecipeRunBusyError) return { code: 'busy', message: error.message };
  if (error instanceof SqlConsoleError) return { code: error.cancelled ? 'cancelled' : 'invalid-request', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `The engine could not finish: ${message.split('\n')[0] ?? message}` };
}

class InvalidImportRequestError extends Error {}

export function createEngine(workspace: Workspace, fileAccess: FileAccessPolicy): Engine {
  const jobs = new JobRegistry(toWorkbenchError);
  const pager = new TablePager(workspace.connection);
  // Every use of the shared connection goes through this queue (see serial.ts).
  const onSharedConnection = createSerialQueue();
  const readable = (filePath: string): string => {
    if (!fileAccess.allows(filePath)) throw new FileAccessDeniedError(filePath);
    return filePath;
  };
  const recipes = new RecipeRuns({
    workspace,
    fileAccess,
    jobs,
    onSharedConnection,
    tableChanged: (table) => pager.invalidate(table),
  });
  // A recipe run killed mid-way left the tables it was replacing half replaced: put them back before any
  // request reads the workspace (every handler waits for this, including those on their own connections).
  const recovered = onSharedConnection(async () => {
    for (const table of await recoverInterruptedRun(workspace, workspace.connection)) await pager.invalidate(table);
  });
  // A failed recovery is reported by every request that waits for it, not as an unhandled rejection.
  recovered.catch(() => undefined);

  const handlers: EngineHandlers = afterRecovery(recovered, {
    async getWorkspaceInfo() {
      return onSharedConnection(async () => {
        const tables = await listTableSummaries(workspace.connection);
        return { location: workspace.location, schemaVersion: await schemaVersion(workspace.connection), tableCount: tables.length };
      });
    },
    async listTables() {
      return onSharedConnection(async () => ({ tables: await listTableSummaries(workspace.connection) }));
    },
    async getTablePage(request) {
      return onSharedConnection(() => pager.page(request));
    },
    async listSheets(request) {
      return { sheets: await listSheetsOfFile(readable(request.path)) };
    },
    async startImport(request) {
      const filePath = readable(request.path);
      if (request.mapping !== undefined && request.mapping.specId !== request.specId) {
        throw new InvalidImportRequestError('A column mapping needs the specification it was made for (specId)');
      }
      const spec = request.specId === undefined ? undefined : getSpecification(request.specId);
      const jobId = jobs.start('import', async (context) => {
        if (spec !== undefined) {
          const imported = await importWithSpecification(workspace, {
            path: filePath,
            spec,
            ...(request.sheet === undefined ? {} : { sheet: request.sheet }),
            ...(request.tableName === undefined ? {} : { tableName: request.tableName }),
            ...(request.mapping === undefined ? {} : { mapping: request.mapping }),
            ...(request.headerRow === undefined ? {} : { headerRow: request.headerRow }),
            signal: context.signal,
            onProgress: context.report,
          });
          await onSharedConnection(() => pager.invalidate(imported.table));
          const { totals, valid } = imported.report;
          return {
            table: imported.table,
            provenance: imported.provenance,
            validation: { importId: imported.importId, specId: spec.id, valid, errors: totals.errors, warnings: totals.warnings },
          };
        }
        const result = await importFile(workspace, {
          path: filePath,
          ...(request.sheet === undefined ? {} : { sheet: request.sheet }),
          ...(request.tableName === undefined ? {} : { tableName: request.tableName }),
          ...(request.headerRow === undefined ? {} : { headerRow: request.headerRow }),
          signal: context.signal,
          onProgress: context.report,
        });
        await onSharedConnection(() => pager.invalidate(result.table));
        return result;
      });
      return { jobId };
    },
    async listSpecifications() {
      return { specifications: loadSpecifications() };
    },
    async previewFile(request) {
      return previewFile({
        path: readable(request.path),
        ...(request.sheet === undefined ? {} : { sheet: request.sheet }),
        ...(request.specId === undefined ? {} : { spec: getSpecification(request.specId) }),
        ...(request.headerRow === undefined ? {} : { headerRow: request.headerRow }),
        maxRows: request.maxRows,
      });
    },
    async getValidationReport(request) {
      return onSharedConnection(() => readValidationReport(workspace.connection, request));
    },
    async runSql(request) {
      const jobId = jobs.start('sql', async (context) => {
        // A connection of its own, so interrupting a runaway query cannot disturb grid paging or imports.
        const connection = await workspace.connect();
        try {
          context.report({ phase: 'running' });
          const result = await runReadOnlySql(connection, request.sql, request.rowLimit, context.signal);
          context.report({ rows: result.rowCount });
          return result;
        } finally {
          connection.closeSync();
        }
      });
      return { jobId };
    },
    async profileColumn(request) {
      return onSharedConnection(() => profileColumn(workspace.connection, request.table, request.column));
    },
    async readRecipe(request) {
      return recipes.readRecipe(request.path);
    },
    async runRecipe(request) {
      return { jobId: recipes.start(request.path) };
    },
    async saveRecipe(request) {
      return saveRecipeFile(request.path, request.recipe, fileAccess);
    },
    async addSourceToRecipe(request) {
      return addSourceToRecipe(request, fileAccess);
    },
    async listRecipeRuns() {
      return { runs: await recipes.list() };
    },
    async getVillage(request) {
      return recipes.village(request.runId);
    },
    async getDashboard(request) {
      return recipes.dashboard(request.id, request.runId);
    },
    async exportView(request) {
      const view = request.view;
      if (view.kind === 'table') return onSharedConnection(() => exportExploreView(pager, view, request.format));
      return recipes.export(view, request.format);
    },
    async diffRecipeRuns(request) {
      return recipes.diff(request.from, request.to);
    },
    async listLinkageReview() {
      return onSharedConnection(async () => {
        const files = await sourceFilesOfLastRun(workspace);
        const pairs = await readReviewPairs(workspace.connection);
        return { pairs: pairs.map((pair) => ({ ...pair, comparisons: [...pair.comparisons], fileA: files.get(pair.sourceA) ?? null, fileB: files.get(pair.sourceB) ?? null })) };
      });
    },
    async decideLinkagePair(request) {
      return onSharedConnection(async () => {
        await decidePair(workspace.connection, request, request.decision);
        return { decided: true as const };
      });
    },
    async getJob(request) {
      const status = jobs.status(request.jobId);
      if (!status) throw new PagingError(`There is no job ${request.jobId}`, 'not-found');
      return status;
    },
    async cancelJob(request) {
      return { cancelled: jobs.cancel(request.jobId) };
    },
  });

  return {
    handlers,
    fileAccess,
    jobs,
    workspace,
    dispatch: (method, payload) => dispatchTo(handlers, method, payload),
    async close() {
      await recovered.catch(() => undefined);
      await jobs.cancelAll();
      await workspace.close();
    },
  };
}

/** The same handlers, each first waiting for `ready` (the start-up recovery). */
function afterRecovery(ready: Promise<void>, handlers: EngineHandlers): EngineHandlers {
  const gated: Record<string, (request: never) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (request: never) => Promise<unknown>][]) {
    gated[name] = async (request) => {
      await ready;
      return handler(request);
    };
  }
  return gated as unknown as EngineHandlers;
}

/**
 * The one validating entry point for every transport (utility process, loopback host, CLI, tests): checks
 * the method exists among `handlers`, parses the request, runs the handler, checks the response.
 */
export async function dispatchTo<Name extends WorkbenchMethodName>(
  handlers: Partial<HandlersFor<Name>>,
  method: string,
  payload: unknown,
): Promise<Result<unknown>> {
  if (!isWorkbenchMethod(method) || !Object.prototype.hasOwnProperty.call(handlers, method)) {
    return fail('unknown-method', `There is no method called ${method.slice(0, 64)}`);
  }
  const contract = workbenchMethods[method];
  const parsed = contract.request.safeParse(payload ?? {});
  if (!parsed.success) {
    return fail('invalid-request', `The request to ${method} is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ')}`);
  }
  try {
    const handler = (handlers as Record<string, (request: unknown) => Promise<unknown>>)[method]!;
    const response = await handler(parsed.data);
    const checked = contract.response.safeParse(response);
    if (!checked.success) return fail('internal', `The engine produced an invalid response to ${method}`);
    return ok(checked.data);
  } catch (error) {
    return { ok: false, error: toWorkbenchError(error) };
  }
}

