/**
 * Records whose area could not be resolved, per source and reason, with up to 20 example source rows each
 * (row numbers only, never values). The import wrote `area_unresolved_reason` beside `ward_code`; sources
 * without geography fields have neither and are not listed.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../sql';
import type { SourceCatalog } from './catalog';
import type { UnresolvedGroupRaw } from './publish';

export const UNRESOLVED_REASON_COLUMN = 'area_unresolved_reason';

export async function unresolvedBySource(connection: DuckDBConnection, sourceIds: readonly string[], catalog: SourceCatalog): Promise<UnresolvedGroupRaw[]> {
  const groups: UnresolvedGroupRaw[] = [];
  for (const sourceId of sourceIds) {
    if (!catalog.hasColumn(sourceId, UNRESOLVED_REASON_COLUMN)) continue;
    const reason = quoteIdentifier(UNRESOLVED_REASON_COLUMN);
    const reader = await connection.runAndReadAll(
      `SELECT ${reason} AS reason, CAST(count(*) AS BIGINT) AS records, list(CAST(source_row AS BIGINT) ORDER BY source_row)[1:20] AS examples
       FROM ${catalog.tableSql(sourceId)} WHERE ${reason} IS NOT NULL GROUP BY ALL ORDER BY records DESC, reason`,
    );
    for (const row of reader.getRowObjectsJson()) {
      groups.push({
        source: sourceId,
        reason: String(row.reason),
        records: Number(row.records),
        exampleRows: Array.isArray(row.examples) ? row.examples.map(Number) : [],
      });
    }
  }
  return groups;
}
