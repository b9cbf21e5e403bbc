/**
 * How the Explore grid treats a column, decided from DuckDB's type name: it picks the filter, the alignment
 * and how values are formatted. DECIMAL and HUGEINT arrive as exact text but still compare as numbers.
 */

export type ColumnKind = 'number' | 'date' | 'text';

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC|INT1|INT2|INT4|INT8|SHORT|LONG|SIGNED|FLOAT4|FLOAT8)(\s*\(.*\))?$/;

export function columnKindOf(duckDbType: string): ColumnKind {
  const type = duckDbType.trim().toUpperCase();
  if (type === 'DATE') return 'date';
  if (NUMERIC_TYPE.test(type)) return 'number';
  return 'text';
}
