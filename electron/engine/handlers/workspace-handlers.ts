import type { HandlersFor } from '../../../shared/api';
import { listTableSummaries } from '../explore';
import { EngineError } from '../errors';
import { schemaVersion } from '../workspace';
import type { HandlerContext } from './context';

/** The workspace as a whole, and the jobs that run in it. */
export function workspaceHandlers(context: HandlerContext): HandlersFor<'getWorkspaceInfo' | 'listTables' | 'getJob' | 'cancelJob'> {
  const { workspace, jobs, onSharedConnection } = context;
  return {
    async getWorkspaceInfo() {
      return onSharedConnection(async () => {
        const tables = await listTableSummaries(workspace.connection);
        return { location: workspace.location, schemaVersion: await schemaVersion(workspace.connection), tableCount: tables.length };
      });
    },
    async listTables() {
      return onSharedConnection(async () => ({ tables: await listTableSummaries(workspace.connection) }));
    },
    async getJob(request) {
      const status = jobs.status(request.jobId);
      if (!status) throw new EngineError(`There is no job ${request.jobId}`, 'not-found');
      return status;
    },
    async cancelJob(request) {
      return { cancelled: jobs.cancel(request.jobId) };
    },
  };
}
