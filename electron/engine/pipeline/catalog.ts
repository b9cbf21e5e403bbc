/**
 * What the pipeline knows about the imported tables: for each recipe source, its workspace table and the
 * columns it really has. Recipe field names reach SQL only through `column()`, which checks the name
 * against this list first and then quotes it with quoteIdentifier.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../sql';
import { EngineError } from '../errors';

export interface SourceTable {
  readonly sourceId: string;
  readonly table: string;
  /** Column name → DuckDB type name (e.g. VARCHAR, BIGINT, DATE). */
  readonly columns: ReadonlyMap<string, string>;
}

export class RecipeFieldError extends EngineError {
  constructor(message: string) {
    super(message, 'invalid-request');
  }
}

export class SourceCatalog {
  private readonly tables = new Map<string, SourceTable>();

  add(table: SourceTable): void {
    this.tables.set(table.sourceId, table);
  }

  has(sourceId: string): boolean {
    return this.tables.has(sourceId);
  }

  get(sourceId: string): SourceTable {
    const table = this.tables.get(sourceId);
    if (table === undefined) throw new RecipeFieldError(`Source "${sourceId}" has not been imported in this run`);
    return table;
  }

  /** The quoted table name of a source. */
  tableSql(sourceId: string): string {
    return quoteIdentifier(this.get(sourceId).table);
  }

  hasColumn(sourceId: string, field: string): boolean {
    return this.get(sourceId).columns.has(field);
  }

  /** The DuckDB type of a source's column, after checking it exists. */
  columnType(sourceId: string, field: string, context: string): string {
    const table = this.get(sourceId);
    const type = table.columns.get(field);
    if (type === undefined) {
      const available = [...table.columns.keys()].filter((name) => name !== 'source_row').join(', ');
      throw new RecipeFieldError(`${context}: source "${sourceId}" has no field "${field}" (its fields: ${available})`);
    }
    return type;
  }

  /** A checked, quoted column name: the only way a recipe's field name enters SQL. */
  column(sourceId: string, field: string, context: string): string {
    this.columnType(sourceId, field, context);
    return quoteIdentifier(field);
  }

  sourceIds(): string[] {
    return [...this.tables.keys()];
  }
}

/** Reads a table's columns from DuckDB's catalog (the table name is bound, not interpolated). */
export async function describeTable(connection: DuckDBConnection, sourceId: string, table: string, schema = 'main'): Promise<SourceTable> {
  const reader = await connection.runAndReadAll(
    'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $schema AND table_name = $table ORDER BY ordinal_position',
    { schema, table },
  );
  const columns = new Map<string, string>();
  for (const row of reader.getRowObjectsJson()) columns.set(String(row.column_name), String(row.data_type));
  if (columns.size === 0) throw new RecipeFieldError(`Source "${sourceId}": table "${table}" does not exist in the workspace`);
  return { sourceId, table, columns };
}
