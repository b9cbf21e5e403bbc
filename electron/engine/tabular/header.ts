/**
 * Finds the header row of a partner extract: below any block of notes and titles, possibly two rows deep
 * where group titles ("Child", "Episode") are merged across the column titles under them. Produces one
 * clean, unique label per column and says which labels it had to invent or rename.
 */
import { cleanText, excelSerialToIsoDate, isBlankCell } from './coerce';
import { UnusableFileError, type MergedRange, type RawCell, type RawRow } from './raw';

export interface HeaderIssue {
  readonly rule: 'blank-label' | 'duplicate-label';
  /** 1-based column. */
  readonly columnNumber: number;
  /** For a duplicate, the earlier column with the same label. */
  readonly duplicateOfColumn?: number;
}

export interface DetectedHeader {
  /** One row, or two when group titles sit above the column titles. */
  readonly headerRowNumbers: number[];
  /** One per column from A; blank labels become `column_7`, repeats become `Date_2`. */
  readonly labels: string[];
  /** The first row after the header; data may start lower if there are blank rows. */
  readonly dataStartRowNumber: number;
  /** Non-empty rows above the header (titles, notes) that were skipped. */
  readonly notesAbove: number;
  readonly issues: HeaderIssue[];
}

export interface DetectHeaderOptions {
  /** How many of the first rows may hold notes and the header. */
  readonly maxScanRows?: number;
  /** The sheet's merged ranges, which make flattening a two-row header exact. */
  readonly mergedRanges?: readonly MergedRange[];
  /** The (lower) header row when the specification knows it. */
  readonly headerRowNumber?: number;
  readonly headerRowCount?: 1 | 2;
}

const DEFAULT_SCAN_ROWS = 30;
/** A header covers most of the table's columns; notes and titles cover one or two. */
const HEADER_COVERAGE = 0.7;
/** How many rows after the header are looked at to find columns the header leaves unlabelled. */
const WIDTH_LOOKAHEAD_ROWS = 50;
const LONGEST_GROUP_TITLE = 60;
const NUMERIC_TEXT = /^[\s£$€%+\-.,\d]+$/;

/** The text a cell shows as a label. */
function labelText(cell: RawCell | undefined): string {
  if (cell === undefined || cell === null) return '';
  if (typeof cell === 'string') return cleanText(cell.replace(/[\r\n]+/g, ' '));
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  if (cell.kind === 'date') return excelSerialToIsoDate(cell.serial) ?? '';
  return '';
}

/** Text that could be a column title: not a number, not a date, not a paragraph. */
function isLabelLike(cell: RawCell | undefined): boolean {
  if (typeof cell !== 'string') return false;
  const text = cleanText(cell);
  return text !== '' && text.length <= 200 && !NUMERIC_TEXT.test(text) && !/^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/.test(text);
}

function nonEmptyColumns(row: RawRow): number[] {
  const columns: number[] = [];
  row.cells.forEach((cell, index) => {
    if (!isBlankCell(cell)) columns.push(index);
  });
  return columns;
}

/** Most of the widest row, allowing a small table's header to miss a couple of labels. */
function minimumHeaderWidth(widestRow: number): number {
  return Math.max(2, Math.min(HEADER_COVERAGE * widestRow, widestRow - 2));
}

function isHeaderCandidate(row: RawRow, widestRow: number): boolean {
  const columns = nonEmptyColumns(row);
  if (columns.length === 0) return false;
  if (widestRow > 1 && columns.length < minimumHeaderWidth(widestRow)) return false;
  if (!columns.some((index) => isLabelLike(row.cells[index]))) return false;
  const distinct = new Set(columns.map((index) => labelText(row.cells[index]).toLowerCase()));
  return distinct.size >= columns.length / 2;
}

/** Every non-empty cell could be a column title: what a header row (or a row of group titles) looks like. */
export function isAllLabels(row: RawRow): boolean {
  const columns = nonEmptyColumns(row);
  return columns.length > 0 && columns.every((index) => isLabelLike(row.cells[index]));
}

/**
 * Whether `upper` holds group titles for `lower`. A single cell is a title or a note, never a group row.
 * With merged ranges the answer is exact; without, the shape decides: group titles leave blanks over
 * column titles (a horizontal merge) or column titles leave blanks under a title (a vertical merge).
 */
function isGroupRow(upper: RawRow, lower: RawRow, merges: readonly MergedRange[] | undefined): boolean {
  const upperColumns = nonEmptyColumns(upper);
  if (upperColumns.length < 2 || !isAllLabels(upper) || !isAllLabels(lower)) return false;
  if (upperColumns.some((index) => labelText(upper.cells[index]).length > LONGEST_GROUP_TITLE)) return false;
  if (merges !== undefined && merges.length > 0) {
    const upperIndex = upper.rowNumber - 1;
    return merges.some(
      (range) => range.firstRow === upperIndex && (range.lastColumn > range.firstColumn || range.lastRow >= lower.rowNumber - 1),
    );
  }
  if (lower.rowNumber !== upper.rowNumber + 1) return false;
  const lowerColumns = nonEmptyColumns(lower);
  const firstUpper = upperColumns[0] as number;
  const spansOverTitles = lowerColumns.some((index) => index > firstUpper && isBlankCell(upper.cells[index] ?? null));
  const leavesBlanksUnderTitles = upperColumns.some((index) => isBlankCell(lower.cells[index] ?? null));
  const sparse = upperColumns.length < 0.75 * lowerColumns.length;
  return spansOverTitles && (sparse || leavesBlanksUnderTitles);
}

/** Joins group and column titles column by column. */
function flattenTwoRows(upper: RawRow, lower: RawRow, width: number, merges: readonly MergedRange[] | undefined): string[] {
  const labels: string[] = [];
  let group = '';
  for (let index = 0; index < width; index += 1) {
    const own = labelText(upper.cells[index]);
    const sub = labelText(lower.cells[index]);
    const merge = merges?.find(
      (range) => range.firstRow <= upper.rowNumber - 1 && range.lastRow >= upper.rowNumber - 1 && range.firstColumn <= index && range.lastColumn >= index,
    );
    if (merges !== undefined && merges.length > 0) {
      group = merge === undefined ? own : labelText(upper.cells[merge.firstColumn]);
      const spansBothRows = merge !== undefined && merge.lastRow >= lower.rowNumber - 1;
      labels.push(spansBothRows ? group : joinLabels(group, sub));
      continue;
    }
    // A title with nothing under it is a vertical merge: it names its own column and starts no group.
    if (own !== '') group = sub === '' ? '' : own;
    labels.push(own !== '' && sub === '' ? own : joinLabels(group, sub));
  }
  return labels;
}

function joinLabels(group: string, sub: string): string {
  if (group === '') return sub;
  if (sub === '' || group.toLowerCase() === sub.toLowerCase()) return group;
  return `${group} ${sub}`;
}

function lastNonEmptyIndex(row: RawRow): number {
  for (let index = row.cells.length - 1; index >= 0; index -= 1) if (!isBlankCell(row.cells[index] ?? null)) return index;
  return -1;
}

/** Names blank labels `column_N` and suffixes repeats, recording both as issues. */
export function uniqueLabels(rawLabels: readonly string[]): { labels: string[]; issues: HeaderIssue[] } {
  const issues: HeaderIssue[] = [];
  const firstColumnOf = new Map<string, number>();
  const taken = new Set(rawLabels.map((label) => label.toLowerCase()));
  const labels = rawLabels.map((raw, index) => {
    const columnNumber = index + 1;
    if (raw === '') {
      issues.push({ rule: 'blank-label', columnNumber });
      return freeName(`column_${columnNumber}`, taken);
    }
    const key = raw.toLowerCase();
    const earlier = firstColumnOf.get(key);
    if (earlier === undefined) {
      firstColumnOf.set(key, columnNumber);
      return raw;
    }
    issues.push({ rule: 'duplicate-label', columnNumber, duplicateOfColumn: earlier });
    return freeName(raw, taken);
  });
  return { labels, issues };
}

/** `wanted` if no column has it yet, otherwise the first free `wanted_2`, `wanted_3`, … */
function freeName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let suffix = 2; taken.has(name.toLowerCase()); suffix += 1) name = `${wanted}_${suffix}`;
  taken.add(name.toLowerCase());
  return name;
}

function chooseHeaderRows(rows: readonly RawRow[], options: DetectHeaderOptions): RawRow[] {
  const merges = options.mergedRanges;
  if (options.headerRowNumber !== undefined) {
    const wanted = options.headerRowCount === 2 ? [options.headerRowNumber - 1, options.headerRowNumber] : [options.headerRowNumber];
    const found = rows.filter((row) => wanted.includes(row.rowNumber));
    if (found.length > 0) return found;
  }
  const scanned = rows.slice(0, options.maxScanRows ?? DEFAULT_SCAN_ROWS);
  const widestRow = Math.max(...scanned.map((row) => nonEmptyColumns(row).length));
  for (let index = 0; index < scanned.length; index += 1) {
    const row = scanned[index] as RawRow;
    const next = scanned[index + 1];
    if (next !== undefined && isGroupRow(row, next, merges)) {
      const covered = new Set([...nonEmptyColumns(row), ...nonEmptyColumns(next)]);
      if (covered.size >= minimumHeaderWidth(widestRow)) return [row, next];
    }
    if (isHeaderCandidate(row, widestRow)) return [row];
  }
  const firstWithContent = rows.find((row) => nonEmptyColumns(row).length > 0);
  return firstWithContent === undefined ? [] : [firstWithContent];
}

/**
 * Finds the header in the first rows of a sheet (pass at least the first few dozen rows). Throws
 * `UnusableFileError('empty-file')` when no row has any content.
 */
export function detectHeader(rows: readonly RawRow[], options: DetectHeaderOptions = {}): DetectedHeader {
  const headerRows = chooseHeaderRows(rows, options);
  const lowest = headerRows[headerRows.length - 1];
  if (lowest === undefined) throw new UnusableFileError('The sheet has no rows with any content.', 'empty-file');
  const headerEnd = rows.indexOf(lowest) + 1;
  const following = rows.slice(headerEnd, headerEnd + WIDTH_LOOKAHEAD_ROWS);
  const width = Math.max(...headerRows.map(lastNonEmptyIndex), ...following.map(lastNonEmptyIndex)) + 1;
  const upper = headerRows[0] as RawRow;
  const rawLabels =
    headerRows.length === 2
      ? flattenTwoRows(upper, lowest, width, options.mergedRanges)
      : Array.from({ length: width }, (_, index) => labelText(lowest.cells[index]));
  const { labels, issues } = uniqueLabels(rawLabels);
  const notesAbove = rows.filter((row) => row.rowNumber < upper.rowNumber && nonEmptyColumns(row).length > 0).length;
  return {
    headerRowNumbers: headerRows.map((row) => row.rowNumber),
    labels,
    dataStartRowNumber: lowest.rowNumber + 1,
    notesAbove,
    issues,
  };
}
