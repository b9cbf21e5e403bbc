/**
 * Export of the Explore grid's visible view as a file safe to publish.
 *
 * "Visible view" is what the grid shows: the same grouping, filter and sort (so the same rows in the same
 * order), and the displayed columns in their displayed order; not only the rows scrolled into sight.
 *
 * - A grouped view exports its groups with the counts the grid shows: perturbed by the cell-key method
 *   (privacy/perturbation.ts, privacy/record-keys.ts, view-sql.ts), so the same people give the same count in every
 *   grouping and no count is worked out by subtracting one export from another, which suppressing each
 *   grouping on its own could not prevent. A group published as 0 is left out, like an empty one, so a
 *   file never tells a small group from an empty one. The total, a last row, is the perturbed count of
 *   everyone in the groups the filters keep, those left out included (a cell of its own, so the groups need
 *   not add up to it); a last line says the counts are perturbed. Means are perturbed as magnitudes
 *   (view-sql.ts `perturbedMeanSql`), and a mean is withheld (the symbol) where the count is too small to be
 *   sure of the threshold.
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
import { type Cell, type ViewTable, exportedFile, sheetOf, toCsv, utf8, workbookBytes, XLSX_TYPE, type ExportedFile } from '../outputs';
import { isBelowThreshold, type SuppressionOptions, perturbationNote, smallestCountWithMeasures, type PerturbationTable, personLevelColumns, refusedTableReason } from '../privacy';
import { findRelation } from './catalog';
import { EXPLORE_DEFAULT_THRESHOLD, exploreDisclosureRule } from './disclosure-rule';
import type { TablePager } from './paging';
import { recordAudit } from '../workspace';
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

const COUNT_NAME = /(^|_)(count|counts|n|total)$|^(number|num|no)_of_/i;

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

async function groupedTable(pager: TablePager, request: TableViewExport, relationColumns: readonly ColumnInfo[], symbol: string): Promise<{ table: ViewTable; hiddenMeasures: number; perturbation: PerturbationTable }> {
  const personLevel = personLevelColumns(relationColumns);
  const personGroups = request.groupBy.filter((column) => personLevel.includes(column));
  if (personGroups.length > 0) {
    throw new ViewExportRefused(
      `Grouping by ${personGroups.join(', ')} gives a group per person, so its labels would publish person-level data. Group by a column that describes many people (an area, an age band, a category) to export.`,
    );
  }
  const { rowCount, columns, result, perturbation } = await pager.readView(request, MAX_EXPORTED_GROUPS);
  if (perturbation === null) throw new Error('A grouped view is perturbed');
  if (rowCount > MAX_EXPORTED_GROUPS) {
    throw new ViewExportRefused(`The grouped view has ${rowCount.toLocaleString('en-GB')} groups; an export holds at most ${MAX_EXPORTED_GROUPS.toLocaleString('en-GB')}. Group by coarser columns or filter first.`);
  }
  const roles = groupedViewColumns(relationColumns, request.groupBy);
  const countColumn = roles.find((column) => column.role === 'count')!.name;
  const measuresFrom = smallestCountWithMeasures(perturbation);
  const rows = result.getRows().map((row) => row.map(cellOf));
  const indexOf = (name: string): number => columns.findIndex((column) => column.name === name);
  const shown = shownColumns(columns, request.columns);
  let hiddenMeasures = 0;
  // The view's counts are already the published ones (view-sql.ts); a mean the view withheld shows the symbol.
  const published = rows.map((row) =>
    shown.map((name): Cell => {
      const role = roles.find((column) => column.name === name)?.role;
      if (role === 'mean' && Number(row[indexOf(countColumn)]) < measuresFrom) {
        hiddenMeasures += 1;
        return symbol;
      }
      return row[indexOf(name)] as Cell;
    }),
  );
  const total = await pager.groupedTotal(request);
  const totalRow = shown.map((name, index): Cell => (name === countColumn ? total : index === 0 ? 'Total' : ''));
  const noteRow = shown.map((_, index): Cell => (index === 0 ? perturbationNote(perturbation) : ''));
  return { table: { name: 'View', header: shown, rows: [...published, totalRow, noteRow] }, hiddenMeasures, perturbation };
}

async function rowTable(pager: TablePager, request: TableViewExport, relationColumns: readonly ColumnInfo[], threshold: number, symbol: string): Promise<{ table: ViewTable; suppressed: number }> {
  const personLevel = personLevelColumns(relationColumns);
  if (personLevel.length > 0) {
    throw new ViewExportRefused(
      `The rows of ${request.table} hold person-level data (${personLevel.join(', ')}), so they cannot be exported row by row. Choose Group by (for example an area or a category) and export the groups: their counts are published perturbed, never as 1 to 4.`,
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

function aboutSheet(request: TableViewExport, view: ViewTable, disclosure: string): ViewTable {
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
      [request.groupBy.length === 0 ? 'Suppression' : 'Perturbation', disclosure],
    ],
  };
}

export async function exportTableView(
  pager: TablePager,
  request: TableViewExport,
  format: 'xlsx' | 'csv',
  options: SuppressionOptions = {},
): Promise<ExportedFile & { suppressedCells: number; perturbed: boolean }> {
  const relation = await findRelation(pager.connection, request.table);
  if (!relation) throw new PagingError(`There is no table called ${request.table} in this workspace`, 'not-found');
  const refused = refusedTableReason(request.table);
  if (refused !== null) throw new ViewExportRefused(refused);
  const threshold = options.threshold ?? EXPLORE_DEFAULT_THRESHOLD;
  const symbol = options.symbol ?? 'c';
  let table: ViewTable;
  let suppressed: number;
  let disclosure: string;
  if (request.groupBy.length > 0) {
    const grouped = await groupedTable(pager, request, relation.columns, symbol);
    ({ table } = grouped);
    suppressed = grouped.hiddenMeasures;
    disclosure = `${perturbationNote(grouped.perturbation)} A withheld mean is shown as "${symbol}".`;
  } else {
    ({ table, suppressed } = await rowTable(pager, request, relation.columns, threshold, symbol));
    disclosure = `Counts from 1 to ${threshold - 1} are shown as "${symbol}".`;
  }
  const perturbed = request.groupBy.length > 0;
  const stem = fileStem(request);
  if (format === 'csv') return { ...exportedFile(`${stem}.csv`, 'text/csv', utf8(toCsv(table))), suppressedCells: suppressed, perturbed };
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheetOf(table), 'View');
  XLSX.utils.book_append_sheet(workbook, sheetOf(aboutSheet(request, table, disclosure)), 'About this data');
  return { ...exportedFile(`${stem}.xlsx`, XLSX_TYPE, workbookBytes(workbook)), suppressedCells: suppressed, perturbed };
}

/** exportView for a table view: the file, recorded in the audit trail with its SHA-256. */
export async function exportExploreView(pager: TablePager, view: TableViewExport, format: 'xlsx' | 'csv' | 'html'): Promise<ExportedFile> {
  if (format === 'html') throw new ViewExportRefused('A table view exports as xlsx or csv');
  // The workspace's agreed rule, never weaker than the default: a count the recipe's outputs hide must not
  // reappear in an ad-hoc export of the same people. The grouped view's pages follow the same rule.
  const { suppressedCells, perturbed, ...exported } = await exportTableView(pager, view, format, await exploreDisclosureRule(pager.connection));
  await recordAudit(pager.connection, {
    action: 'export',
    outcome: 'succeeded',
    subject: view.table,
    detail: { view: 'table', table: view.table, groupBy: view.groupBy, format, fileName: exported.fileName, bytes: exported.bytes.length, sha256: exported.sha256, suppressedCells, perturbed },
  });
  return exported;
}
