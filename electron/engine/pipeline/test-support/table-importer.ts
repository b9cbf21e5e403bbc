/**
 * A SourceImporter for pipeline tests: each specification id names a CREATE TABLE statement the test writes
 * by hand, run straight into DuckDB in place of reading a file, with a fixed provenance.
 */
import path from 'node:path';
import type { SourceImporter } from '../types';

export type TableFixtures = Readonly<Record<string, (table: string) => string>>;

export function tableImporter(tables: TableFixtures): SourceImporter {
  return async (workspace, request) => {
    const create = tables[request.specId];
    if (create === undefined) throw new Error(`no test table for ${request.specId}`);
    await workspace.connection.run(create(request.tableName));
    return {
      id: request.sourceId,
      specId: request.specId,
      table: request.tableName,
      provenance: {
        fileName: path.basename(request.path),
        sizeBytes: 10,
        sha256: 'a'.repeat(64),
        sheet: null,
        importedAt: '2024-07-01T00:00:00.000Z',
        rowsRead: 1,
        rowsImported: 1,
        rowsRejected: 0,
      },
      report: null,
    };
  };
}
