import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnProfile } from '../../../shared/api';
import { quoteIdentifier } from '../sql';
import { USER_SCHEMA } from '../workspace';
import { findRelation } from './catalog';
import { PagingError } from './paging';

const BIN_COUNT = 12;
const TOP_VALUES = 12;
const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;

/**
 * A column profile for the Explore panel, computed entirely in DuckDB: counts, range and a histogram —
 * equal-width bins for numbers and dates, the most frequent values for text. The column is looked up in
 * the catalogue first, so only names that exist are ever quoted into SQL.
 */
export async function profileColumn(connection: DuckDBConnection, table: string, column: string): Promise<ColumnProfile> {
  const relation = await findRelation(connection, table);
  if (!relation) throw new PagingError(`There is no table called ${table} in this workspace`, 'not-found');
  const info = relation.columns.find((candidate) => candidate.name === column);
  if (!info) throw new PagingError(`The table ${table} has no column called ${column}`, 'invalid-request');

  const source = `${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(table)}`;
  const value = quoteIdentifier(column);
  const isNumeric = NUMERIC_TYPES.test(info.type);
  const isDate = info.type === 'DATE';
  const comparable = isNumeric || isDate || info.type === 'VARCHAR' || info.type === 'BOOLEAN';
  const summary = await connection.runAndReadAll(
    `SELECT count(*) AS row_count, count(*) - count(${value}) AS nulls, approx_count_distinct(${value}) AS distinct_count,
            ${comparable ? `CAST(min(${value}) AS VARCHAR)` : 'NULL'} AS min_value, ${comparable ? `CAST(max(${value}) AS VARCHAR)` : 'NULL'} AS max_value
       FROM ${source}`,
  );
  const row = summary.getRowObjectsJson()[0] ?? {};
  const base = {
    table,
    column,
    type: info.type,
    rowCount: Number(row.row_count ?? 0),
    nulls: Number(row.nulls ?? 0),
    distinct: Number(row.distinct_count ?? 0),
    min: row.min_value === null || row.min_value === undefined ? null : String(row.min_value),
    max: row.max_value === null || row.max_value === undefined ? null : String(row.max_value),
  };

  if ((isNumeric || isDate) && base.min !== null && base.max !== null && base.min !== base.max) {
    // Dates are binned on their day number; numbers on their DOUBLE value.
    const asNumber = isDate ? `(${value} - DATE '1970-01-01')` : `CAST(${value} AS DOUBLE)`;
    const bins = await connection.runAndReadAll(
      `WITH bounds AS (SELECT min(${asNumber}) AS low, max(${asNumber}) AS high FROM ${source})
       SELECT least(CAST(floor((${asNumber} - low) / ((high - low) / $bins)) AS INTEGER), $bins - 1) AS bin,
              count(*) AS n, min(low + (high - low) / $bins * least(CAST(floor((${asNumber} - low) / ((high - low) / $bins)) AS INTEGER), $bins - 1)) AS bin_start
         FROM ${source}, bounds WHERE ${value} IS NOT NULL GROUP BY bin ORDER BY bin`,
      { bins: BIN_COUNT },
    );
    const label = (start: number): string =>
      isDate ? new Date(Math.round(start) * 86_400_000).toISOString().slice(0, 10) : Number(start.toPrecision(4)).toLocaleString('en-GB');
    return {
      ...base,
      histogram: {
        kind: 'bins',
        bars: bins.getRowObjectsJson().map((bin) => ({ label: `${label(Number(bin.bin_start))}+`, count: Number(bin.n) })),
      },
    };
  }

  const top = await connection.runAndReadAll(
    `SELECT CAST(${value} AS VARCHAR) AS label, count(*) AS n FROM ${source} WHERE ${value} IS NOT NULL
      GROUP BY ALL ORDER BY n DESC, label LIMIT $top`,
    { top: TOP_VALUES },
  );
  return {
    ...base,
    histogram: { kind: 'top-values', bars: top.getRowObjectsJson().map((entry) => ({ label: String(entry.label), count: Number(entry.n) })) },
  };
}
