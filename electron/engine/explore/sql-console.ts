import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { StatementType } from '@duckdb/node-api';
import type { SqlResult } from '../../../shared/api';
import { columnsToArrowIpc } from './arrow';
import { EngineError } from '../errors';
import { ConsoleFileAccessError, refuseFileAccess } from './console-files';
import { explainSqlError } from './sql-errors';

/**
 * The SQL console: the one place user-written SQL runs, so it is held to one read-only statement. DuckDB
 * classifies the prepared statement; only SELECT (including WITH … SELECT and table functions) runs.
 * Writes, DDL, SET, PRAGMA, ATTACH, COPY and EXPORT are refused before execution, and so is any read of a
 * file (console-files.ts: the workspace's own database file among them); file access is locked down at
 * workspace open besides. Rows are streamed and only the first `rowLimit` are kept.
 */

export class SqlConsoleError extends EngineError {
  constructor(
    message: string,
    readonly cancelled = false,
  ) {
    super(message, cancelled ? 'cancelled' : 'invalid-request');
  }
}

/** Makes result column names unique (`a`, `a_2`), since a console query may select a name twice. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

export async function runReadOnlySql(
  connection: DuckDBConnection,
  sql: string,
  rowLimit: number,
  signal?: AbortSignal,
): Promise<SqlResult> {
  const started = performance.now();
  const extracted = await connection.extractStatements(sql).catch((error: unknown) => {
    throw new SqlConsoleError(explainSqlError(messageOf(error)));
  });
  if (extracted.count !== 1) throw new SqlConsoleError(`The console runs one statement at a time; this has ${extracted.count}`);
  const readOnly = 'The console is read-only: only SELECT queries run here (no changes to the workspace)';
  const isSelect = await refuseFileAccess(connection, sql).catch((error: unknown) => {
    throw new SqlConsoleError(error instanceof ConsoleFileAccessError ? error.message : explainSqlError(messageOf(error)));
  });
  if (!isSelect) throw new SqlConsoleError(readOnly);
  const prepared = await extracted.prepare(0).catch((error: unknown) => {
    throw new SqlConsoleError(explainSqlError(messageOf(error)));
  });
  if (prepared.statementType !== StatementType.SELECT) {
    throw new SqlConsoleError(readOnly);
  }
  const interrupt = (): void => connection.interrupt();
  signal?.addEventListener('abort', interrupt);
  try {
    const result = await prepared.stream();
    const names = uniqueNames(result.columnNames());
    const types: DuckDBType[] = result.columnTypes();
    const columns: DuckDBValue[][] = names.map(() => []);
    let rowCount = 0;
    let truncated = false;
    for (;;) {
      if (signal?.aborted) throw new SqlConsoleError('The query was cancelled', true);
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const chunkColumns = chunk.getColumns();
      const take = Math.min(chunk.rowCount, rowLimit - rowCount);
      chunkColumns.forEach((values, index) => columns[index]!.push(...values.slice(0, take)));
      rowCount += take;
      if (take < chunk.rowCount) {
        truncated = true;
        break;
      }
      if (rowCount >= rowLimit) {
        const next = await result.fetchChunk();
        truncated = next !== null && next.rowCount > 0;
        break;
      }
    }
    return {
      columns: names.map((name, index) => ({ name, type: String(types[index]) })),
      arrow: columnsToArrowIpc(names, types, columns),
      rowCount,
      truncated,
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (error instanceof SqlConsoleError) throw error;
    if (signal?.aborted) throw new SqlConsoleError('The query was cancelled', true);
    throw new SqlConsoleError(explainSqlError(messageOf(error)));
  } finally {
    signal?.removeEventListener('abort', interrupt);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
