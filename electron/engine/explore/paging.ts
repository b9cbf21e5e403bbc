import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBResultReader } from '@duckdb/node-api';
import type { ColumnInfo, TablePage } from '../../../shared/api';
import { quoteIdentifier } from '../sql';
import { resultToArrowIpc } from './arrow';
import { perturbationTable, type PerturbationTable } from '../privacy';
import { findRelation } from './catalog';
import { exploreDisclosureRule } from './disclosure-rule';
import { ensureRecordKeySecret, keyedRelation } from '../privacy';
import { PagingError, viewKey, viewQuery, type Params, type ViewRequest } from './view-sql';

export { PagingError } from './view-sql';

/**
 * Grid paging. `ORDER BY … OFFSET` deep in a big table costs hundreds of milliseconds per page, so each
 * distinct (table, grouping, sort, filter) view is materialised once into a temporary snapshot that carries
 * a dense row number and is stored in that order. A page is then a range on the row number: DuckDB's zone
 * maps (per-row-group min/max) skip every row group outside it, so a deep page reads one or two row groups
 * and costs the same as the first. A few recent snapshots are kept, each with its page statement prepared.
 *
 * A grouped view's snapshot holds only published (perturbed) counts; the true counts never reach a page.
 */

interface Snapshot {
  readonly name: string;
  readonly table: string;
  readonly rowCount: number;
  readonly columns: ColumnInfo[];
  readonly pageStatement: DuckDBPreparedStatement;
  /** A grouped view's perturbation table and its total's query. */
  readonly grouped?: { readonly table: PerturbationTable; readonly totalSql: string; readonly params: Params };
}

const MAX_SNAPSHOTS = 3;
const VIEW_ROW = 'explore_view_row';

export interface PageRequest extends ViewRequest {
  readonly table: string;
  readonly startRow: number;
  readonly endRow: number;
}

/** A name for the row-number column that no column of the view already has. */
function rowNumberColumn(columns: readonly ColumnInfo[]): string {
  let name = VIEW_ROW;
  for (let suffix = 2; columns.some((column) => column.name === name); suffix += 1) name = `${VIEW_ROW}_${suffix}`;
  return name;
}

export class TablePager {
  private readonly snapshots = new Map<string, Snapshot>();
  private snapshotCounter = 0;

  /** `secretsFolder` holds the workspace's record-key secret (privacy/record-keys.ts). */
  constructor(
    readonly connection: DuckDBConnection,
    private readonly secretsFolder: string,
  ) {}

  /** Drops cached snapshots of a table whose contents changed (re-import, recipe run). */
  async invalidate(table?: string): Promise<void> {
    for (const [key, snapshot] of this.snapshots) {
      if (table === undefined || snapshot.table === table) {
        this.snapshots.delete(key);
        await this.drop(snapshot);
      }
    }
  }

  async page(request: PageRequest): Promise<TablePage> {
    const snapshot = await this.snapshotFor(request);
    const result = await this.rowsBetween(snapshot, request.startRow, request.endRow);
    return { rowCount: snapshot.rowCount, columns: snapshot.columns, arrow: resultToArrowIpc(result) };
  }

  /** Every row of a view, in order, up to `limit` (the caller decides what to do with a longer view). */
  async readView(
    request: ViewRequest & { readonly table: string },
    limit: number,
  ): Promise<{ rowCount: number; columns: ColumnInfo[]; result: DuckDBResultReader; perturbation: PerturbationTable | null }> {
    const snapshot = await this.snapshotFor(request);
    const result = await this.rowsBetween(snapshot, 0, Math.min(limit, snapshot.rowCount));
    return { rowCount: snapshot.rowCount, columns: snapshot.columns, result, perturbation: snapshot.grouped?.table ?? null };
  }

  /** A grouped view's total: the people of the groups its filters keep (those published as 0 and not listed included), perturbed as a cell of its own. */
  async groupedTotal(request: ViewRequest & { readonly table: string }): Promise<number> {
    const snapshot = await this.snapshotFor(request);
    if (snapshot.grouped === undefined) throw new PagingError('Only a grouped view has a total', 'invalid-request');
    const reader = await this.connection.runAndReadAll(snapshot.grouped.totalSql, snapshot.grouped.params);
    return Number(reader.getRowObjectsJson()[0]?.total ?? 0);
  }

  private async rowsBetween(snapshot: Snapshot, startRow: number, endRow: number): Promise<DuckDBResultReader> {
    snapshot.pageStatement.clearBindings();
    snapshot.pageStatement.bindBigInt(1, BigInt(startRow));
    snapshot.pageStatement.bindBigInt(2, BigInt(endRow - 1));
    return snapshot.pageStatement.runAndReadAll();
  }

  private async snapshotFor(request: ViewRequest & { readonly table: string }): Promise<Snapshot> {
    const grouped = request.groupBy.length > 0;
    // The threshold is part of the key: a recipe run can raise it, and pages must follow.
    const threshold = grouped ? (await exploreDisclosureRule(this.connection)).threshold : null;
    const key = `${viewKey(request.table, request)}|${threshold ?? ''}`;
    const cached = this.snapshots.get(key);
    if (cached) {
      this.snapshots.delete(key);
      this.snapshots.set(key, cached);
      return cached;
    }
    const relation = await findRelation(this.connection, request.table);
    if (!relation) throw new PagingError(`There is no table called ${request.table} in this workspace`, 'not-found');
    const perturbation =
      threshold === null ? undefined : { keyed: await keyedRelation(this.connection, relation, ensureRecordKeySecret(this.secretsFolder)), table: perturbationTable(threshold) };
    const view = viewQuery(relation, request, perturbation);
    const rowNumber = quoteIdentifier(rowNumberColumn(view.columns));
    this.snapshotCounter += 1;
    const name = `page_snapshot_${this.snapshotCounter}`;
    const qualified = `temp.${quoteIdentifier(name)}`;
    // row_number() OVER () numbers the ordered view as it streams in, without a second sort, and the table
    // is written in that order, so each row group covers one narrow range of row numbers.
    await this.connection.run(`CREATE TEMP TABLE ${quoteIdentifier(name)} AS SELECT row_number() OVER () - 1 AS ${rowNumber}, * FROM (${view.sql})`, view.params);
    try {
      const count = await this.connection.runAndReadAll(`SELECT count(*) AS n FROM ${qualified}`);
      // No ORDER BY: a scan of one table with a WHERE keeps the stored order (DuckDB's documented order
      // preservation), and a sort would add a pipeline breaker to every page.
      const pageStatement = await this.connection.prepare(`SELECT * EXCLUDE (${rowNumber}) FROM ${qualified} WHERE ${rowNumber} BETWEEN $1 AND $2`);
      const snapshot: Snapshot = {
        name,
        table: relation.name,
        rowCount: Number(count.getRowObjectsJson()[0]?.n ?? 0),
        columns: view.columns,
        pageStatement,
        ...(perturbation !== undefined && view.totalSql !== undefined && { grouped: { table: perturbation.table, totalSql: view.totalSql, params: view.params } }),
      };
      this.snapshots.set(key, snapshot);
    } catch (error) {
      await this.connection.run(`DROP TABLE IF EXISTS ${qualified}`);
      throw error;
    }
    while (this.snapshots.size > MAX_SNAPSHOTS) {
      const [oldestKey, oldest] = this.snapshots.entries().next().value as [string, Snapshot];
      this.snapshots.delete(oldestKey);
      await this.drop(oldest);
    }
    return this.snapshots.get(key) as Snapshot;
  }

  private async drop(snapshot: Snapshot): Promise<void> {
    snapshot.pageStatement.destroySync();
    await this.connection.run(`DROP TABLE IF EXISTS temp.${quoteIdentifier(snapshot.name)}`);
  }
}
