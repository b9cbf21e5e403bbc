/**
 * Export of the Explore grid's visible view as a file safe to publish.
 *
 * "Visible view" is what the grid shows: the same grouping, filter and sort (so the same rows in the same
 * order), and the displayed columns in their displayed order; not only the rows scrolled into sight.
 *
 * - A grouped view exports its groups. Its row counts go through disclosure control (privacy/disclosure.ts):
 *   grouped by one column, the groups and their total are one additive line (`suppressList`); grouped by
 *   more, the last grouping column forms the columns of a two-way table whose rows are the other columns'
 *   combinations (`suppressTable`), with totals, so a hidden count cannot be worked out by subtraction. The
 *   grand total is published as a last row; the margins used for secondary suppression are not, which only
 *   hides more. A suppressed group's means are suppressed with its count.
 * - A view of rows is exported only when the table holds no person-level column (person-level.ts); such a
 *   table must be grouped first. Whole-number columns named as counts (`count`, `n`, `total`, `number_of_…`)
 *   get primary suppression; without published totals nothing links them, so no secondary suppression.
 * - Grouping by a person-level column would publish a list of people, so it is refused.
 * - Text that a spreadsheet could run as a formula is neutralised and numbers stay numbers, by the same
 *   writers as the village and dashboard exports (recipes/exports.ts).
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { DuckDBDateValue } from '@duckdb/node-api';
import * as XLSX from 'xlsx';
import type { ColumnInfo } from '../../../shared/api';
import { groupedViewColumns, isNumericType, type FilterModel, type SortSpec } from '../../../shared/grid';
import type { Cell, ViewTable } from '../outputs/tables';
import { isBelowThreshold, suppressList, suppressTable, type CellStatus, type SuppressionOptions } from '../privacy/disclosure';
import { file, sheetOf, toCsv, utf8, XLSX_TYPE, type ExportedFile } from '../recipes/exports';
import { latestSuppressionRule } from '../recipes/run-store';
import { findRelation } from './catalog';
import type { TablePager } from './paging';
import { personLevelColumns } from './person-level';
import { recordAudit } from '../workspace/workspace';
import { PagingError } from './view-sql';

export class ViewExportRefused extends PagingError {
  constructor(message: string) {
    super(message, 'invalid-request');
    this.name = 'ViewExportRefused';
  }
}

export interface TableViewExport {
  readonly table: string;
  readonly groupBy: readonly string[];
  readonly sort: readonly SortSpec[];
  readonly filter: FilterModel;
  /** Conditions on the table's rows, applied before grouping. */
  readonly rowFilter?: FilterModel | undefined;
  /** The grid's displayed columns in order; all of the view's columns when absent. */
  readonly columns?: readonly string[] | undefined;
}

/** A publishable table is small; anything longer is a list, not a summary. */
export const MAX_EXPORTED_GROUPS = 10_000;
export const MAX_EXPORTED_ROWS = 100_000;
/** Secondary suppression of a cross-tabulation grows with its size; beyond this the grouping is too fine. */
export const MAX_CROSS_TAB_CELLS = 20_000;

const COUNT_NAME = /(^|_)(count|counts|n|total)$|^(number|num|no)_of_/i;
const DEFAULT_THRESHOLD = 5;

function cellOf(value: DuckDBValue): Cell {
  if (value === null) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof DuckDBDateValue) return value.toString();
  return String(value);
}

function describeFilter(filter: FilterModel): string {
  const parts = Object.entries(filter).map(([column, condition]) => {
    const range = 'valueTo' in condition && condition.valueTo !== undefined ? ` and ${condition.valueTo}` : '';
    return `${column} ${condition.operator}${condition.value === undefined ? '' : ` ${condition.value}`}${range}`;
  });
  return parts.length === 0 ? 'none' : parts.join('; ');
}

function fileStem(request: TableViewExport): string {
  const name = request.groupBy.length === 0 ? request.table : `${request.table}-by-${request.groupBy.join('-')}`;
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'view';
}

/** The shown columns, checked against the view's; the view's own order when the grid sent none. */
function shownColumns(viewColumns: readonly ColumnInfo[], requested: readonly string[] | undefined): string[] {
  if (requested === undefined || requested.length === 0) return viewColumns.map((column) => column.name);
  for (const name of requested) {
    if (!viewColumns.some((column) => column.name === name)) throw new ViewExportRefused(`The view has no column called ${name}`);
  }
  return [...requested];
}

/** Per group, whether its count may be published, from the grouping's disclosure control. */
function groupStatuses(groupBy: readonly string[], keys: readonly Cell[][], counts: readonly number[], options: SuppressionOptions): { statuses: CellStatus[]; total: { status: CellStatus; display: string } } {
  if (groupBy.length === 1) {
    const list = suppressList({ labels: keys.map((key) => String(key[0])), counts, includeTotal: true }, options);
    return { statuses: list.cells.map((cell) => cell.status), total: list.total as { status: CellStatus; display: string } };
  }
  const rowKey = (key: readonly Cell[]): string => JSON.stringify(key.slice(0, -1));
  const columnKey = (key: readonly Cell[]): string => JSON.stringify(key.slice(-1));
  const rows = [...new Set(keys.map(rowKey))];
  const columns = [...new Set(keys.map(columnKey))];
  if (rows.length * columns.length > MAX_CROSS_TAB_CELLS) {
    throw new ViewExportRefused(
      `Grouped by ${groupBy.join(', ')} the view has ${rows.length.toLocaleString('en-GB')} × ${columns.length.toLocaleString('en-GB')} combinations, too many to check for disclosure. Group by fewer or coarser columns, or filter first.`,
    );
  }
  const rowIndex = new Map(rows.map((key, index) => [key, index]));
  const columnIndex = new Map(columns.map((key, index) => [key, index]));
  const grid = rows.map(() => columns.map(() => 0));
  keys.forEach((key, index) => {
    grid[rowIndex.get(rowKey(key)) as number]![columnIndex.get(columnKey(key)) as number] = counts[index] as number;
  });
  const table = suppressTable({ rows, columns, counts: grid, includeTotals: true }, options);
  return {
    statuses: keys.map((key) => table.cells[rowIndex.get(rowKey(key)) as number]![columnIndex.get(columnKey(key)) as number]!.status),
    total: table.grandTotal as { status: CellStatus; display: string },
  };
}

async function groupedTable(pager: TablePager, request: TableViewExport, relationColumns: readonly ColumnInfo[], options: SuppressionOptions): Promise<{ table: ViewTable; suppressed: number }> {
  const personLevel = personLevelColumns(relationColumns);
  const personGroups = request.groupBy.filter((column) => personLevel.includes(column));
  if (personGroups.length > 0) {
    throw new ViewExportRefused(
      `Grouping by ${personGroups.join(', ')} gives a group per person, so its labels would publish person-level data. Group by a column that describes many people (an area, an age band, a category) to export.`,
    );
  }
  const { rowCount, columns, result } = await pager.readView(request, MAX_EXPORTED_GROUPS);
  if (rowCount > MAX_EXPORTED_GROUPS) {
    throw new ViewExportRefused(`The grouped view has ${rowCount.toLocaleString('en-GB')} groups; an export holds at most ${MAX_EXPORTED_GROUPS.toLocaleString('en-GB')}. Group by coarser columns or filter first.`);
  }
  const roles = groupedViewColumns(relationColumns, request.groupBy);
  const countColumn = roles.find((column) => column.role === 'count')!.name;
  const symbol = options.symbol ?? 'c';
  const rows = result.getRows().map((row) => row.map(cellOf));
  const indexOf = (name: string): number => columns.findIndex((column) => column.name === name);
  const keys = rows.map((row) => request.groupBy.map((column) => row[indexOf(column)] as Cell));
  const counts = rows.map((row) => Number(row[indexOf(countColumn)]));
  const { statuses, total } = groupStatuses(request.groupBy, keys, counts, options);

  const shown = shownColumns(columns, request.columns);
  const published = rows.map((row, rowNumber) =>
    shown.map((name): Cell => {
      const role = roles.find((column) => column.name === name)?.role;
      const hidden = statuses[rowNumber] !== 'published';
      return hidden && (role === 'count' || role === 'mean') ? symbol : (row[indexOf(name)] as Cell);
    }),
  );
  const totalRow = shown.map((name, index): Cell => (name === countColumn ? (total.status === 'published' ? Number(total.display) : symbol) : index === 0 ? 'Total' : ''));
  return {
    table: { name: 'View', header: shown, rows: rows.length > 0 ? [...published, totalRow] : published },
    suppressed: statuses.filter((status) => status !== 'published').length + (total.status === 'published' ? 0 : 1),
  };
}

async function rowTable(pager: TablePager, request: TableViewExport, relationColumns: readonly ColumnInfo[], threshold: number, symbol: string): Promise<{ table: ViewTable; suppressed: number }> {
  const personLevel = personLevelColumns(relationColumns);
  if (personLevel.length > 0) {
    throw new ViewExportRefused(
      `The rows of ${request.table} hold person-level data (${personLevel.join(', ')}), so they cannot be exported row by row. Choose Group by (for example an area or a category) and export the groups: their counts are published with small numbers suppressed.`,
    );
  }
  const { rowCount, columns, result } = await pager.readView(request, MAX_EXPORTED_ROWS);
  if (rowCount > MAX_EXPORTED_ROWS) {
    throw new ViewExportRefused(`The view has ${rowCount.toLocaleString('en-GB')} rows; an export of rows holds at most ${MAX_EXPORTED_ROWS.toLocaleString('en-GB')}. Filter it, or group it.`);
  }
  const shown = shownColumns(columns, request.columns);
  const countColumns = new Set(columns.filter((column) => isNumericType(column.type) && COUNT_NAME.test(column.name)).map((column) => column.name));
  let suppressed = 0;
  const rows = result.getRows().map((row) =>
    shown.map((name): Cell => {
      const cell = cellOf(row[columns.findIndex((column) => column.name === name)] ?? null);
      if (countColumns.has(name) && typeof cell === 'number' && Number.isInteger(cell) && isBelowThreshold(cell, threshold)) {
        suppressed += 1;
        return symbol;
      }
      return cell;
    }),
  );
  return { table: { name: 'View', header: shown, rows }, suppressed };
}

function aboutSheet(request: TableViewExport, view: ViewTable, threshold: number, symbol: string): ViewTable {
  return {
    name: 'About this data',
    header: ['Item', 'Value'],
    rows: [
      ['Table', request.table],
      ['Grouped by', request.groupBy.length === 0 ? 'not grouped' : request.groupBy.join(', ')],
      ['Filters', describeFilter(request.filter)],
      ...(request.groupBy.length > 0 ? [['Rows counted', describeFilter(request.rowFilter ?? {}) === 'none' ? 'all rows' : `rows where ${describeFilter(request.rowFilter ?? {})}`]] : []),
      ['Sorted by', request.sort.length === 0 ? (request.groupBy.length === 0 ? 'table order' : 'the grouping columns') : request.sort.map((item) => `${item.column} ${item.direction === 'asc' ? 'ascending' : 'descending'}`).join(', ')],
      ['Rows', view.rows.length],
      ['Suppression', `Counts from 1 to ${threshold - 1} are shown as "${symbol}", and further counts where a hidden one could be worked out from a total.`],
    ],
  };
}

export async function exportTableView(pager: TablePager, request: TableViewExport, format: 'xlsx' | 'csv', options: SuppressionOptions = {}): Promise<ExportedFile & { suppressedCells: number }> {
  const relation = await findRelation(pager.connection, request.table);
  if (!relation) throw new PagingError(`There is no table called ${request.table} in this workspace`, 'not-found');
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const symbol = options.symbol ?? 'c';
  const { table, suppressed } =
    request.groupBy.length > 0 ? await groupedTable(pager, request, relation.columns, { threshold, symbol }) : await rowTable(pager, request, relation.columns, threshold, symbol);
  const stem = fileStem(request);
  if (format === 'csv') return { ...file(`${stem}.csv`, 'text/csv', utf8(toCsv(table))), suppressedCells: suppressed };
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheetOf(table), 'View');
  XLSX.utils.book_append_sheet(workbook, sheetOf(aboutSheet(request, table, threshold, symbol)), 'About this data');
  const bytes = new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
  return { ...file(`${stem}.xlsx`, XLSX_TYPE, bytes), suppressedCells: suppressed };
}

/** exportView for a table view: the file, recorded in the audit trail with its SHA-256. */
export async function exportExploreView(pager: TablePager, view: TableViewExport, format: 'xlsx' | 'csv' | 'html'): Promise<ExportedFile> {
  if (format === 'html') throw new ViewExportRefused('A table view exports as xlsx or csv');
  // The workspace's agreed rule, never weaker than the default: a count the recipe's outputs hide must not
  // reappear in an ad-hoc export of the same people.
  const rule = await latestSuppressionRule(pager.connection);
  const options = rule === null ? {} : { threshold: Math.max(DEFAULT_THRESHOLD, rule.threshold), symbol: rule.symbol };
  const { suppressedCells, ...exported } = await exportTableView(pager, view, format, options);
  await recordAudit(pager.connection, {
    action: 'export',
    outcome: 'succeeded',
    subject: view.table,
    detail: { view: 'table', table: view.table, groupBy: view.groupBy, format, fileName: exported.fileName, bytes: exported.bytes.length, sha256: exported.sha256, suppressedCells },
  });
  return exported;
}
