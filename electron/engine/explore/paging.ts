import type { DuckDBConnection } from '@duckdb/node-api';
import type { TablePage } from '../../../shared/api';
import type { ColumnFilter, FilterModel, SortSpec } from '../../../shared/grid';
import { quoteIdentifier } from '../sql';
import { resultToArrowIpc } from './arrow';
import { USER_SCHEMA, findRelation, type RelationInfo } from './catalog';

/**
 * Grid paging. `ORDER BY … OFFSET` deep in a big table costs hundreds of milliseconds per page, so each
 * distinct (table, sort, filter) view is materialised once into a sorted temporary snapshot and pages are
 * read from it by position, which costs the same at any depth. A few recent snapshots are kept.
 */

type Params = Record<string, string | number | boolean | null>;

export class PagingError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'invalid-request',
  ) {
    super(message);
    this.name = 'PagingError';
  }
}

interface Snapshot {
  readonly name: string;
  readonly table: string;
  readonly rowCount: number;
}

const MAX_SNAPSHOTS = 3;

function columnNamed(relation: RelationInfo, column: string): void {
  if (!relation.columns.some((info) => info.name === column)) {
    throw new PagingError(`The table ${relation.name} has no column called ${column}`, 'invalid-request');
  }
}

function filterCondition(column: string, filter: ColumnFilter, params: Params, index: number): string {
  const quoted = quoteIdentifier(column);
  const asText = `lower(CAST(${quoted} AS VARCHAR))`;
  const value = `$f${index}`;
  const valueTo = `$g${index}`;
  const needValue = (): void => {
    if (filter.value === undefined) throw new PagingError(`The filter on ${column} needs a value`, 'invalid-request');
  };
  if (filter.operator === 'blank') return filter.kind === 'text' ? `(${quoted} IS NULL OR CAST(${quoted} AS VARCHAR) = '')` : `${quoted} IS NULL`;
  if (filter.operator === 'notBlank') return filter.kind === 'text' ? `(${quoted} IS NOT NULL AND CAST(${quoted} AS VARCHAR) <> '')` : `${quoted} IS NOT NULL`;
  needValue();
  if (filter.kind === 'text') {
    params[`f${index}`] = (filter.value ?? '').toLowerCase();
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
  params[`f${index}`] = filter.value ?? null;
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
      params[`g${index}`] = filter.valueTo;
      return `${quoted} BETWEEN ${typed} AND CAST(${valueTo} AS ${cast})`;
  }
  throw new PagingError(`The filter on ${column} is not supported`, 'invalid-request');
}

export class TablePager {
  private readonly snapshots = new Map<string, Snapshot>();
  private snapshotCounter = 0;

  constructor(private readonly connection: DuckDBConnection) {}

  /** Drops cached snapshots of a table whose contents changed (re-import, recipe run). */
  async invalidate(table?: string): Promise<void> {
    for (const [key, snapshot] of this.snapshots) {
      if (table === undefined || snapshot.table === table) {
        this.snapshots.delete(key);
        await this.connection.run(`DROP TABLE IF EXISTS temp.${quoteIdentifier(snapshot.name)}`);
      }
    }
  }

  async page(request: { table: string; startRow: number; endRow: number; sort: SortSpec[]; filter: FilterModel }): Promise<TablePage> {
    const relation = await findRelation(this.connection, request.table);
    if (!relation) throw new PagingError(`There is no table called ${request.table} in this workspace`, 'not-found');
    request.sort.forEach((sort) => columnNamed(relation, sort.column));
    Object.keys(request.filter).forEach((column) => columnNamed(relation, column));

    const snapshot = await this.snapshotFor(relation, request.sort, request.filter);
    const result = await this.connection.runAndReadAll(
      `SELECT * EXCLUDE (rowid_in_view) FROM (SELECT rowid AS rowid_in_view, * FROM temp.${quoteIdentifier(snapshot.name)})
        WHERE rowid_in_view >= $start AND rowid_in_view < $end ORDER BY rowid_in_view`,
      { start: request.startRow, end: request.endRow },
    );
    return { rowCount: snapshot.rowCount, columns: relation.columns, arrow: resultToArrowIpc(result) };
  }

  private async snapshotFor(relation: RelationInfo, sort: SortSpec[], filter: FilterModel): Promise<Snapshot> {
    const key = JSON.stringify([relation.name, sort, Object.entries(filter).sort(([a], [b]) => a.localeCompare(b))]);
    const cached = this.snapshots.get(key);
    if (cached) {
      this.snapshots.delete(key);
      this.snapshots.set(key, cached);
      return cached;
    }
    const params: Params = {};
    const conditions = Object.entries(filter).map(([column, columnFilter], index) => filterCondition(column, columnFilter, params, index));
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const orderBy = sort.length > 0 ? `ORDER BY ${sort.map((item) => `${quoteIdentifier(item.column)} ${item.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`).join(', ')}` : '';
    this.snapshotCounter += 1;
    const name = `page_snapshot_${this.snapshotCounter}`;
    await this.connection.run(
      `CREATE TEMP TABLE ${quoteIdentifier(name)} AS SELECT * FROM ${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier(relation.name)} ${where} ${orderBy}`,
      params,
    );
    const count = await this.connection.runAndReadAll(`SELECT count(*) AS n FROM temp.${quoteIdentifier(name)}`);
    const snapshot: Snapshot = { name, table: relation.name, rowCount: Number(count.getRowObjectsJson()[0]?.n ?? 0) };
    this.snapshots.set(key, snapshot);
    while (this.snapshots.size > MAX_SNAPSHOTS) {
      const [oldestKey, oldest] = this.snapshots.entries().next().value as [string, Snapshot];
      this.snapshots.delete(oldestKey);
      await this.connection.run(`DROP TABLE IF EXISTS temp.${quoteIdentifier(oldest.name)}`);
    }
    return snapshot;
  }
}
