import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnInfo, TableSummary } from '../../../shared/api';
import type { ImportProvenance } from '../../../shared/imported-source';
import { quoteIdentifier } from '../sql';
import { USER_SCHEMA } from '../workspace';
import { codeLabelsOf, specificationsOfTables } from './code-labels';

export interface RelationInfo {
  readonly name: string;
  readonly kind: 'table' | 'view';
  readonly columns: ColumnInfo[];
}

export async function listRelations(connection: DuckDBConnection, onlyNamed?: string): Promise<RelationInfo[]> {
  const result = await connection.runAndReadAll(
    `SELECT t.table_name AS name, t.table_type AS table_type, c.column_name AS column_name, c.data_type AS data_type
       FROM information_schema.tables t
       JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
      WHERE t.table_schema = $schema AND t.table_catalog = current_database() AND ($name IS NULL OR t.table_name = $name)
      ORDER BY t.table_name, c.ordinal_position`,
    { schema: USER_SCHEMA, name: onlyNamed ?? null },
  );
  const relations = new Map<string, RelationInfo>();
  for (const row of result.getRowObjectsJson()) {
    const name = String(row.name);
    let relation = relations.get(name);
    if (!relation) {
      relation = { name, kind: row.table_type === 'VIEW' ? 'view' : 'table', columns: [] };
      relations.set(name, relation);
    }
    relation.columns.push({ name: String(row.column_name), type: String(row.data_type) });
  }
  return [...relations.values()];
}

/** Finds a relation by its exact name; the name is then safe to quote because it is known to exist. */
export async function findRelation(connection: DuckDBConnection, name: string): Promise<RelationInfo | null> {
  const relations = await listRelations(connection, name);
  return relations.find((relation) => relation.name === name) ?? null;
}

async function latestProvenance(connection: DuckDBConnection): Promise<Map<string, ImportProvenance>> {
  const result = await connection.runAndReadAll(
    `SELECT table_name, file_name, size_bytes, sha256, sheet, strftime(imported_at, '%Y-%m-%dT%H:%M:%SZ') AS imported_at,
            rows_read, rows_imported, rows_rejected
       FROM vw.imports
      QUALIFY row_number() OVER (PARTITION BY table_name ORDER BY imported_at DESC) = 1`,
  );
  const byTable = new Map<string, ImportProvenance>();
  for (const row of result.getRowObjectsJson()) {
    byTable.set(String(row.table_name), {
      fileName: String(row.file_name),
      sizeBytes: Number(row.size_bytes),
      sha256: String(row.sha256),
      sheet: row.sheet === null ? null : String(row.sheet),
      importedAt: String(row.imported_at),
      rowsRead: Number(row.rows_read),
      rowsImported: Number(row.rows_imported),
      rowsRejected: Number(row.rows_rejected),
    });
  }
  return byTable;
}

export async function listTableSummaries(connection: DuckDBConnection): Promise<TableSummary[]> {
  const relations = await listRelations(connection);
  const provenance = await latestProvenance(connection);
  const specifications = await specificationsOfTables(connection);
  const summaries: TableSummary[] = [];
  for (const relation of relations) {
    const count = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(relation.name)}`);
    summaries.push({
      name: relation.name,
      kind: relation.kind,
      rowCount: Number(count.getRowObjectsJson()[0]?.n ?? 0),
      columns: relation.columns,
      provenance: provenance.get(relation.name) ?? null,
      codeLabels: codeLabelsOf(relation.columns, specifications.get(relation.name) ?? null),
    });
  }
  return summaries;
}
