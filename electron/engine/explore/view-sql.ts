import type { ColumnInfo } from '../../../shared/api';
import { groupedViewColumns, type ColumnFilter, type FilterModel, type SortSpec } from '../../../shared/grid';
import { quoteIdentifier } from '../sql';
import { EngineError } from '../errors';
import { adjustmentsListText, CELL_KEY_RANGE, smallestCountWithMeasures, type PerturbationTable } from '../privacy';
import { USER_SCHEMA } from '../workspace';
import type { RelationInfo } from './catalog';
import type { KeyedRelation } from '../privacy';

/**
 * The SQL of one Explore view — a table, optionally grouped, then filtered and sorted — shared by grid paging
 * and export so a file holds exactly what the grid shows. A grouped view's counts are perturbed (cell-key
 * method) before any filter or sort sees them, in the window as in a file. Values are bound parameters; identifiers are
 * checked against the relation's columns and quoted.
 */

export type Params = Record<string, string | number | boolean | null>;

export class PagingError extends EngineError {
  constructor(
    message: string,
    readonly code: 'not-found' | 'invalid-request',
  ) {
    super(message, code);
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
  /** A grouped view's total, perturbed as a cell of its own: one row, one column `total`. */
  readonly totalSql?: string;
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

/**
 * What a grouped view needs to publish perturbed counts: the relation's rows with their record keys
 * (privacy/record-keys.ts) and the perturbation table (privacy/perturbation.ts).
 */
export interface GroupPerturbation {
  readonly keyed: KeyedRelation;
  readonly table: PerturbationTable;
}

/** The published value of a true count with the given sum of record keys, as SQL (the table's adjustments bound once). */
export function perturbedCountSql(count: string, keySum: string): string {
  const row = `least(${count}, CAST($pt_last_row AS BIGINT))`;
  return `CAST(${count} + list_extract(CAST($pt_adjustments AS INTEGER[]), CAST(${row} * ${CELL_KEY_RANGE} + (${keySum}) % ${CELL_KEY_RANGE} + 1 AS BIGINT)) AS BIGINT)`;
}

/** Decimal places of a published mean: coarse enough that a mean's digits say nothing of how many it is over. */
export const MEAN_DECIMALS = 2;

/**
 * A group's mean, perturbed as the ABS and ONS perturb magnitudes: its sum moves by the group's largest
 * absolute value times a noise u from −1 to 1, and the mean is that sum over the rows holding a value, to
 * MEAN_DECIMALS places. u is triangular (the mean of two uniform draws, moved to −1..1): symmetric, so zero
 * on average, and seldom near its ends, where a figure says most about the values under it. It is fixed by the
 * group's people (the sum of their record keys), how many they are and the measure, through SHA-256 with the
 * workspace secret: the same people give the same mean in every grouping, and the noises of two groups that
 * differ by one person are unrelated, so subtracting one sum from the other leaves that person's value under
 * noise as large as the largest value. Rounding keeps a mean's digits from telling the true count (a sum of
 * whole numbers over n).
 */
export function perturbedMeanSql(sum: string, n: string, largest: string, keySum: string, measure: string): string {
  const digest = `sha256($rk_secret || chr(31) || 'magnitude' || chr(31) || ${measure} || chr(31) || CAST(${keySum} AS VARCHAR) || chr(31) || CAST(${n} AS VARCHAR))`;
  const draw = (from: number): string => `(CAST(('0x' || substr(${digest}, ${from}, 8)) AS BIGINT) + 0.5)`;
  const noise = `((${draw(1)} + ${draw(9)}) / 4294967296.0 - 1.0)`;
  return `CASE WHEN ${n} > 0 THEN round((${sum} + ${largest} * ${noise}) / ${n}, ${MEAN_DECIMALS}) END`;
}

/** DuckDB refuses a named parameter the statement does not use: the measures' floor only with means. */
function perturbationParams(perturbation: GroupPerturbation, params: Params, withMeans: boolean): void {
  Object.assign(params, perturbation.keyed.params, { pt_adjustments: adjustmentsListText(perturbation.table), pt_last_row: perturbation.table.lastRow });
  if (withMeans) params.pt_measures_from = smallestCountWithMeasures(perturbation.table);
}

interface ViewSource {
  readonly sql: string;
  /** The view's columns: the table's, or the grouped ones. */
  readonly columns: ColumnInfo[];
  /** A grouped source's hidden columns, for its perturbed total: each group's true count and sum of record keys. */
  readonly hidden?: { readonly trueCount: string; readonly keySum: string; readonly countColumn: string };
}

/**
 * The relation itself, or its GROUP BY: group columns, the row count and the mean of each measure. A group's
 * count is published perturbed (never its true count, so filters and sorts on it see only the published
 * value); a mean is shown only where the published count is high enough that the group certainly holds at
 * least the threshold of rows. Which groups a view lists is decided in `viewQuery`.
 */
function sourceOf(relation: RelationInfo, groupBy: readonly string[], rowFilter: FilterModel, perturbation: GroupPerturbation | undefined, params: Params): ViewSource {
  const table = `${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(relation.name)}`;
  Object.keys(rowFilter).forEach((column) => requireColumn(relation.name, relation.columns, column, false));
  const rowConditions = whereClause(Object.entries(rowFilter).map(([column, columnFilter], index) => filterCondition(column, columnFilter, params, `r${index}`)));
  if (groupBy.length === 0) return { sql: `SELECT * FROM ${table} ${rowConditions}`, columns: relation.columns };
  groupBy.forEach((column) => requireColumn(relation.name, relation.columns, column, false));
  if (perturbation === undefined) throw new Error('A grouped view needs the record keys and the perturbation table');
  const viewColumns = groupedViewColumns(relation.columns, groupBy);
  perturbationParams(perturbation, params, viewColumns.some((column) => column.role === 'mean'));
  const trueCount = unusedName('vw_true_count', viewColumns);
  const keySum = unusedName('vw_key_sum', viewColumns);
  const countColumn = viewColumns.find((column) => column.role === 'count')!.name;
  const recordKey = quoteIdentifier(perturbation.keyed.keyColumn);
  // Per measure, what its perturbed mean is made of (perturbedMeanSql): the sum, the rows holding a value, the
  // largest absolute value and the sum of those rows' record keys; inside the query only.
  const measures = viewColumns.filter((column) => column.role === 'mean').map((column, index) => {
    params[`pt_measure${index}`] = column.name;
    return { column, parameter: `$pt_measure${index}`, parts: ['sum', 'n', 'max', 'keys'].map((part) => unusedName(`vw_${part}_${index}`, viewColumns)) as [string, string, string, string] };
  });
  const aggregated = viewColumns.flatMap((column) => {
    if (column.role === 'group') return [quoteIdentifier(column.name)];
    if (column.role === 'count') return [`count(*) AS ${quoteIdentifier(trueCount)}, sum(${recordKey}) AS ${quoteIdentifier(keySum)}`];
    return [];
  });
  for (const { column, parts } of measures) {
    const value = quoteIdentifier(column.source ?? column.name);
    const [sum, n, max, keys] = parts.map(quoteIdentifier) as [string, string, string, string];
    aggregated.push(
      `CAST(sum(${value}) AS DOUBLE) AS ${sum}, count(${value}) AS ${n}, CAST(max(abs(${value})) AS DOUBLE) AS ${max}, coalesce(sum(${recordKey}) FILTER (WHERE ${value} IS NOT NULL), 0) AS ${keys}`,
    );
  }
  const grouped = `SELECT ${aggregated.join(', ')} FROM (${perturbation.keyed.sql}) AS keyed_rows ${rowConditions} GROUP BY ${groupBy.map(quoteIdentifier).join(', ')}`;
  const withCount = `SELECT *, ${perturbedCountSql(quoteIdentifier(trueCount), quoteIdentifier(keySum))} AS ${quoteIdentifier(countColumn)} FROM (${grouped}) AS grouped`;
  const published = viewColumns.map((column) => {
    if (column.role !== 'mean') return quoteIdentifier(column.name);
    const measure = measures.find((entry) => entry.column.name === column.name)!;
    const [sum, n, max, keys] = measure.parts.map(quoteIdentifier) as [string, string, string, string];
    return `CASE WHEN ${quoteIdentifier(countColumn)} >= CAST($pt_measures_from AS BIGINT) THEN ${perturbedMeanSql(sum, n, max, keys, measure.parameter)} END AS ${quoteIdentifier(column.name)}`;
  });
  return {
    sql: `SELECT ${published.join(', ')}, ${quoteIdentifier(trueCount)}, ${quoteIdentifier(keySum)} FROM (${withCount}) AS counted`,
    columns: viewColumns.map(({ name, type }) => ({ name, type })),
    hidden: { trueCount, keySum, countColumn },
  };
}

function unusedName(base: string, columns: readonly { name: string }[]): string {
  let name = base;
  for (let suffix = 2; columns.some((column) => column.name === name); suffix += 1) name = `${base}_${suffix}`;
  return name;
}

export function viewQuery(relation: RelationInfo, request: ViewRequest, perturbation?: GroupPerturbation): ViewQuery {
  const grouped = request.groupBy.length > 0;
  const params: Params = {};
  const source = sourceOf(relation, request.groupBy, request.rowFilter ?? {}, perturbation, params);
  request.sort.forEach((sort) => requireColumn(relation.name, source.columns, sort.column, grouped));
  Object.keys(request.filter).forEach((column) => requireColumn(relation.name, source.columns, column, grouped));

  const conditions = Object.entries(request.filter).map(([column, columnFilter], index) => filterCondition(column, columnFilter, params, `v${index}`));
  const where = whereClause(conditions);
  // A GROUP BY lists only groups that have people, so a group listed with 0 beside one left out would tell a
  // small count from an empty group: a group published as 0 is left out like an empty one (the ONS's tables
  // show both as 0). After a known person leaves, "listed with 0, then absent" would pin a count of 1 exactly.
  const rowConditions = source.hidden === undefined ? conditions : [...conditions, `${quoteIdentifier(source.hidden.countColumn)} <> 0`];
  const rowWhere = whereClause(rowConditions);
  // A grouped view without a sort lists its groups in order, so pages and exports are stable.
  const ordering: string[] = request.sort.map((item) => `${quoteIdentifier(item.column)} ${item.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`);
  if (grouped) ordering.push(...request.groupBy.map((column) => `${quoteIdentifier(column)} ASC NULLS LAST`));
  const orderBy = ordering.length > 0 ? `ORDER BY ${ordering.join(', ')}` : '';
  const shown = source.hidden === undefined ? '*' : source.columns.map((column) => quoteIdentifier(column.name)).join(', ');
  const query = { sql: `SELECT ${shown} FROM (${source.sql}) AS view_source ${rowWhere} ${orderBy}`, params, columns: source.columns };
  if (source.hidden === undefined) return query;
  // The total is a cell of its own: the people of every group the filters keep (those published as 0
  // included, so every grouping of the same people has the same total), perturbed by their key.
  const { trueCount, keySum } = source.hidden;
  const totals = `SELECT coalesce(sum(${quoteIdentifier(trueCount)}), 0) AS n, coalesce(sum(${quoteIdentifier(keySum)}), 0) AS k FROM (${source.sql}) AS view_source ${where}`;
  return { ...query, totalSql: `SELECT ${perturbedCountSql('n', 'k')} AS total FROM (${totals}) AS totals` };
}

/** A stable key for a view, for caching its snapshot. */
export function viewKey(table: string, request: ViewRequest): string {
  const entries = (filter: FilterModel): [string, ColumnFilter][] => Object.entries(filter).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([table, request.groupBy, request.sort, entries(request.filter), entries(request.rowFilter ?? {})]);
}
