import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The console reads the workspace's tables, never files. DuckDB is confined to the workspace's spill and
 * staging folders, but it may always read the database file it has open (and its WAL), whose freed pages
 * can hold what was deleted, and the staging folder holds plaintext extracts while they are imported. So a
 * console query may use only table functions that compute rows (range, unnest) or describe the catalogue
 * (duckdb_tables, pragma_table_info), and no replacement scan of a file name (`FROM 'x.csv'`). The query is
 * judged on DuckDB's own parse tree, so a call inside a subquery, a CTE or a union is seen as well.
 */

const ROW_FUNCTIONS = new Set(['range', 'generate_series', 'unnest', 'repeat', 'repeat_row', 'json_each', 'json_tree']);
const CATALOGUE_FUNCTION = /^(duckdb_[a-z_]+|pragma_(table_info|show|storage_info|database_size|version|platform|metadata_info))$/;
/** A base table name that DuckDB would read as a file: a path, an extension or a glob. */
const FILE_LIKE_NAME = /[/\\*?]|\.[A-Za-z0-9]{1,8}$/;

export const CONSOLE_READS_NO_FILES = "The console reads the workspace's tables, not files";

export class ConsoleFileAccessError extends Error {
  constructor(detail: string) {
    super(`${CONSOLE_READS_NO_FILES}: ${detail} is not available here`);
    this.name = 'ConsoleFileAccessError';
  }
}

/** The table functions called and the base tables named anywhere in a parse tree. */
function visit(node: unknown, found: { functions: string[]; tables: string[] }): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item, found);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (record.type === 'TABLE_FUNCTION') {
    const name = (record.function as { function_name?: unknown } | undefined)?.function_name;
    found.functions.push(typeof name === 'string' ? name.toLowerCase() : '');
  }
  if (record.type === 'BASE_TABLE' && typeof record.table_name === 'string') found.tables.push(record.table_name);
  for (const value of Object.values(record)) visit(value, found);
}

/**
 * Throws unless the one statement in `sql` is a SELECT that reads only the workspace's tables; returns false,
 * without running anything, when it is not a SELECT at all. It runs before the statement is prepared:
 * binding read_csv already reads the file.
 */
export async function refuseFileAccess(connection: DuckDBConnection, sql: string): Promise<boolean> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($sql::VARCHAR) AS tree', { sql });
  const tree = JSON.parse(String(reader.getRowObjectsJson()[0]?.tree ?? '{"error":true}')) as { error?: boolean };
  if (tree.error === true) return false;
  const found = { functions: [] as string[], tables: [] as string[] };
  visit(tree, found);
  const refusedFunction = found.functions.find((name) => !ROW_FUNCTIONS.has(name) && !CATALOGUE_FUNCTION.test(name));
  if (refusedFunction !== undefined) throw new ConsoleFileAccessError(`the table function ${refusedFunction}()`);
  const fileName = found.tables.find((name) => FILE_LIKE_NAME.test(name));
  if (fileName !== undefined) throw new ConsoleFileAccessError(`reading a file by name (${fileName.split(/[/\\]/).pop()})`);
  return true;
}
