import path from 'node:path';
import type { EngineHandlers, EngineMethodName, HandlersFor, RequestOf, ResponseOf, WorkbenchMethodName } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/result';
import { workbenchMethods, isWorkbenchMethod } from '../../shared/api';
import { TablePager } from './explore';
import { toWorkbenchError } from './errors';
import { protectWorkspace, type FileAccessPolicy } from './file-access';
import { loadDefaultBoundaries, loadDefaultGeography } from './geography';
import { type HandlerContext, exploreHandlers, importHandlers, linkageHandlers, recipeHandlers, specificationHandlers, workspaceHandlers } from './handlers';
import { JobRegistry } from './jobs';
import { createSerialQueue } from './serial';
import { RecipeRuns, recoverInterruptedRun } from './recipes';
import { SpecificationCatalog } from './specs';
import { WORKSPACE_DATABASE_FILE, type Workspace } from './workspace';

export { toWorkbenchError };

export interface Engine {
  readonly handlers: EngineHandlers;
  readonly fileAccess: FileAccessPolicy;
  readonly jobs: JobRegistry;
  readonly workspace: Workspace;
  /** The typed way in (CLI, tests, bench): the same checks as dispatch, with the method's own request and response types. */
  call<M extends EngineMethodName>(method: M, request: RequestOf<M>): Promise<Result<ResponseOf<M>>>;
  /** For transports that receive a method name off the wire (utility process, loopback host): validates it first. Never throws. */
  dispatch(method: string, payload: unknown): Promise<Result<unknown>>;
  close(): Promise<void>;
}

export function createEngine(workspace: Workspace, policy: FileAccessPolicy): Engine {
  const fileAccess = protectWorkspace(policy, {
    secretsFolder: workspace.secretsFolder,
    stagingFolder: workspace.stagingFolder,
    spillFolder: path.join(workspace.folder, 'tmp'),
    databaseFile: path.join(workspace.folder, WORKSPACE_DATABASE_FILE),
  });
  const jobs = new JobRegistry(toWorkbenchError);
  const pager = new TablePager(workspace.connection, workspace.secretsFolder);
  const onSharedConnection = createSerialQueue();
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

  // The shipped ward boundaries are checked against the ward list once, when the engine starts: a broken
  // reference file stops the engine with a message naming the file and the feature.
  const shippedBoundaries = loadDefaultBoundaries(loadDefaultGeography());
  const specifications = new SpecificationCatalog(workspace.folder);
  const context: HandlerContext = { workspace, fileAccess, jobs, pager, recipes, onSharedConnection, shippedBoundaries, specifications };
  const handlers = afterRecovery(recovered, {
    ...workspaceHandlers(context),
    ...importHandlers(context),
    ...exploreHandlers(context),
    ...recipeHandlers(context),
    ...specificationHandlers(context),
    ...linkageHandlers(context),
  } satisfies EngineHandlers);

  return {
    handlers,
    fileAccess,
    jobs,
    workspace,
    call: (method, request) => dispatchTo(handlers, method, request) as Promise<Result<ResponseOf<typeof method>>>,
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

