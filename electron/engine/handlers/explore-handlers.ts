import type { HandlersFor } from '../../../shared/api';
import { profileColumn, runReadOnlySql } from '../explore';
import type { HandlerContext } from './context';

/** Explore's grid pages and column profiles, and the read-only SQL console. */
export function exploreHandlers(context: HandlerContext): HandlersFor<'getTablePage' | 'profileColumn' | 'runSql'> {
  const { workspace, jobs, pager, onSharedConnection } = context;
  return {
    async getTablePage(request) {
      return onSharedConnection(() => pager.page(request));
    },
    async profileColumn(request) {
      return onSharedConnection(() => profileColumn(workspace.connection, request.table, request.column));
    },
    async runSql(request) {
      const jobId = jobs.start('sql', async (job) => {
        // A connection of its own, so interrupting a runaway query cannot disturb grid paging or imports.
        const connection = await workspace.connect();
        try {
          job.report({ phase: 'running' });
          const result = await runReadOnlySql(connection, request.sql, request.rowLimit, job.signal);
          job.report({ rows: result.rowCount });
          return result;
        } finally {
          connection.closeSync();
        }
      });
      return { jobId };
    },
  };
}
