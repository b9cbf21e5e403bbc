/**
 * A big table built inside a workspace with SQL (`range()`), shaped like a children's extract: ids, dates,
 * codes, LSOA-like strings, a boolean and a score. Values come from hashes of the row number, so they are
 * spread out (sorting is real work) and the same in every run.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export const GRID_TABLE_COLUMNS = ['child_id', 'nhs_number', 'date_of_birth', 'sex', 'ethnicity', 'lsoa_code', 'in_care', 'deprivation_score'] as const;

export function gridTableName(rows: number): string {
  return `grid_${rows}_rows`;
}

export async function createGridTable(connection: DuckDBConnection, rows: number): Promise<string> {
  const table = gridTableName(rows);
  await connection.run(
    `CREATE OR REPLACE TABLE main.${table} AS
       SELECT 100000 + i AS child_id,
              4000000000 + hash(i) % 999999999 AS nhs_number,
              DATE '2000-01-01' + CAST(hash(i, 1) % 9131 AS INTEGER) AS date_of_birth,
              ['M', 'F', 'NB'][1 + CAST(hash(i, 2) % 3 AS INTEGER)] AS sex,
              ['WBRI', 'APKN', 'AIND', 'ABAN', 'BCRB', 'BAFR', 'CHNE', 'MWBC', 'WOTH', 'OOTH'][1 + CAST(hash(i, 3) % 10 AS INTEGER)] AS ethnicity,
              'E0100' || lpad(CAST(9000 + hash(i, 4) % 640 AS VARCHAR), 4, '0') AS lsoa_code,
              hash(i, 5) % 100 < 7 AS in_care,
              round(CAST(hash(i, 6) % 1000000 AS DOUBLE) / 10000, 4) AS deprivation_score
         FROM range($rows) AS numbers(i)`,
    { rows },
  );
  return table;
}
