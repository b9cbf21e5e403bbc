import type { ColumnInfo } from '../../../shared/api';
import { groupedViewColumns, type ColumnFilter, type FilterModel, type SortSpec } from '../../../shared/grid';
import { quoteIdentifier } from '../sql';
import { USER_SCHEMA, type RelationInfo } from './catalog';

/**
 * The SQL of one Explore view — a table, optionally grouped, then filtered and sorted — shared by grid paging
 * and export so a file holds exactly what the grid shows. Values are bound parameters; identifiers are
 * checked against the relation's columns and quoted.
 */

export type Params = Record<string, string | number | boolean | null>;

export class PagingError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'invalid-request',
  ) {
    super(message);
    this.name = 'PagingError';
  }
}

export interface ViewRequest {
  readonly sort: readonly SortSpec[];
  /** Conditions on the view's columns: the table's, or the grouped view's (row_count, means). */
  readonly filter: FilterModel;
  readonly groupBy: readonly string[];
  /** Conditions on the table's rows, applied before grouping, so the groups count only the rows that match. */
  readonly rowFilter?: FilterModel | undefined;
}

export interface ViewQuery {
  /** A SELECT of the view's rows in the view's order. */
  readonly sql: string;
  readonly params: Params;
  /** The view's columns: the table's, or the grouped ones. */
  readonly columns: ColumnInfo[];
}

function requireColumn(relationName: string, columns: readonly ColumnInfo[], column: string, grouped: boolean): void {
  if (!columns.some((info) => info.name === column)) {
    const where = grouped ? `The grouped view of ${relationName}` : `The table ${relationName}`;
    throw new PagingError(`${where} has no column called ${column}`, 'invalid-request');
  }
}

/** `key` makes the condition's parameter names unique within the query. */
function filterCondition(column: string, filter: ColumnFilter, params: Params, key: string): string {
  const quoted = quoteIdentifier(column);
  const asText = `lower(CAST(${quoted} AS VARCHAR))`;
  const value = `$f${key}`;
  const valueTo = `$g${key}`;
  const needValue = (): void => {
    if (filter.value === undefined) throw new PagingError(`The filter on ${column} needs a value`, 'invalid-request');
  };
  if (filter.operator === 'blank') return filter.kind === 'text' ? `(${quoted} IS NULL OR CAST(${quoted} AS VARCHAR) = '')` : `${quoted} IS NULL`;
  if (filter.operator === 'notBlank') return filter.kind === 'text' ? `(${quoted} IS NOT NULL AND CAST(${quoted} AS VARCHAR) <> '')` : `${quoted} IS NOT NULL`;
  needValue();
  if (filter.kind === 'text') {
    params[`f${key}`] = (filter.value ?? '').toLowerCase();
    switch (filter.operator) {
      case 'contains':
        return `contains(${asText}, ${value})`;
      case 'notContains':
        return `NOT contains(coalesce(${asText}, ''), ${value})`;
      case 'equals':
        return `${asText} = ${value}`;
      case 'notEqual':
        return `${asText} IS DISTINCT FROM ${value}`;
      case 'startsWith':
        return `starts_with(${asText}, ${value})`;
      case 'endsWith':
        return `ends_with(${asText}, ${value})`;
    }
  }
  const cast = filter.kind === 'date' ? 'DATE' : 'DOUBLE';
  params[`f${key}`] = filter.value ?? null;
  const typed = `CAST(${value} AS ${cast})`;
  switch (filter.operator) {
    case 'equals':
      return `${quoted} = ${typed}`;
    case 'notEqual':
      return `${quoted} IS DISTINCT FROM ${typed}`;
    case 'lessThan':
      return `${quoted} < ${typed}`;
    case 'lessThanOrEqual':
      return `${quoted} <= ${typed}`;
    case 'greaterThan':
      return `${quoted} > ${typed}`;
    case 'greaterThanOrEqual':
      return `${quoted} >= ${typed}`;
    case 'inRange':
      if (filter.valueTo === undefined) throw new PagingError(`The range filter on ${column} needs two values`, 'invalid-request');
      params[`g${key}`] = filter.valueTo;
      return `${quoted} BETWEEN ${typed} AND CAST(${valueTo} AS ${cast})`;
  }
  throw new PagingError(`The filter on ${column} is not supported`, 'invalid-request');
}

function whereClause(conditions: readonly string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** The relation's rows matching the row filter, or their GROUP BY: group columns, the row count, and the mean of each measure. */
function sourceOf(relation: RelationInfo, groupBy: readonly string[], rowFilter: FilterModel, params: Params): { sql: string; columns: ColumnInfo[] } {
  const table = `${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(relation.name)}`;
  Object.keys(rowFilter).forEach((column) => requireColumn(relation.name, relation.columns, column, false));
  const rows = `SELECT * FROM ${table} ${whereClause(Object.entries(rowFilter).map(([column, columnFilter], index) => filterCondition(column, columnFilter, params, `r${index}`)))}`;
  if (groupBy.length === 0) return { sql: rows, columns: relation.columns };
  groupBy.forEach((column) => requireColumn(relation.name, relation.columns, column, false));
  const viewColumns = groupedViewColumns(relation.columns, groupBy);
  const selected = viewColumns.map((column) => {
    if (column.role === 'group') return quoteIdentifier(column.name);
    if (column.role === 'count') return `count(*) AS ${quoteIdentifier(column.name)}`;
    return `CAST(avg(${quoteIdentifier(column.source ?? column.name)}) AS DOUBLE) AS ${quoteIdentifier(column.name)}`;
  });
  return {
    sql: `SELECT ${selected.join(', ')} FROM (${rows}) AS matching_rows GROUP BY ${groupBy.map(quoteIdentifier).join(', ')}`,
    columns: viewColumns.map(({ name, type }) => ({ name, type })),
  };
}

export function viewQuery(relation: RelationInfo, request: ViewRequest): ViewQuery {
  const grouped = request.groupBy.length > 0;
  const params: Params = {};
  const source = sourceOf(relation, request.groupBy, request.rowFilter ?? {}, params);
  request.sort.forEach((sort) => requireColumn(relation.name, source.columns, sort.column, grouped));
  Object.keys(request.filter).forEach((column) => requireColumn(relation.name, source.columns, column, grouped));

  const where = whereClause(Object.entries(request.filter).map(([column, columnFilter], index) => filterCondition(column, columnFilter, params, `v${index}`)));
  // A grouped view without a sort lists its groups in order, so pages and exports are stable.
  const ordering: string[] = request.sort.map((item) => `${quoteIdentifier(item.column)} ${item.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`);
  if (grouped) ordering.push(...request.groupBy.map((column) => `${quoteIdentifier(column)} ASC NULLS LAST`));
  const orderBy = ordering.length > 0 ? `ORDER BY ${ordering.join(', ')}` : '';
  return { sql: `SELECT * FROM (${source.sql}) AS view_source ${where} ${orderBy}`, params, columns: source.columns };
}

/** A stable key for a view, for caching its snapshot. */
export function viewKey(table: string, request: ViewRequest): string {
  const entries = (filter: FilterModel): [string, ColumnFilter][] => Object.entries(filter).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([table, request.groupBy, request.sort, entries(request.filter), entries(request.rowFilter ?? {})]);
}
