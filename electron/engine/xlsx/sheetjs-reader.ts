/**
 * The SheetJS path, for what the streaming reader does not handle (.xls, .xlsb, .ods, odd producers) and
 * for checking the streaming reader against. It produces exactly the same `RawRow` shape: rows with at
 * least one value, gaps `null`, no trailing empties, empty strings as empty cells, and numbers whose format
 * is a date as 1900-system date serials.
 *
 * SheetJS parses the whole file in memory (2+ GB for a 1M-row sheet), so callers should keep it for small
 * files and previews. Formulas are not parsed (`cellFormula: false`): only the values Excel cached are
 * read, so a formula without a cached value is an empty cell, and nothing is ever evaluated.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { UnusableFileError, type MergedRange, type RawCell, type RawRow, type SheetInfo } from '../tabular';
import { DATE_1904_OFFSET_DAYS } from './excel-date';

export interface SheetJsReadOptions {
  /** Sheet name; by default the first visible sheet. */
  readonly sheet?: string;
  /** Read only rows 1…maxRows as numbered in Excel (SheetJS `sheetRows`), for previews. */
  readonly maxRows?: number;
}

export interface SheetJsSheet {
  readonly sheet: SheetInfo;
  readonly rows: RawRow[];
  readonly merges: MergedRange[];
}

const ERROR_CODES: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

const BASE_READ_OPTIONS: XLSX.ParsingOptions = {
  type: 'buffer',
  dense: true,
  cellNF: true,
  cellDates: false,
  cellFormula: false,
  cellHTML: false,
  cellStyles: false,
};

function toUnusableFileError(error: unknown, fileName: string): UnusableFileError {
  if (error instanceof UnusableFileError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(message)) {
    return new UnusableFileError(`"${fileName}" is password-protected; remove the password in Excel and try again.`, 'encrypted');
  }
  if (/unsupported|not a spreadsheet|could not find workbook/i.test(message)) {
    return new UnusableFileError(`"${fileName}" is not a spreadsheet SheetJS can read (${message}).`, 'unsupported-format');
  }
  return new UnusableFileError(`"${fileName}" cannot be read as a spreadsheet; it may be damaged (${message}).`, 'corrupt-archive');
}

const SNIFF_BYTES = 4_096;

/**
 * SheetJS reads any bytes it does not recognise as delimited text, so binary junk would come back as a
 * sheet of mojibake. Spreadsheet containers (zip, OLE, raw BIFF) pass; otherwise only text is let through
 * (SpreadsheetML 2003, HTML tables and SYLK exports are text), and text has no NUL bytes.
 */
function assertLooksLikeSpreadsheet(data: Buffer, fileName: string): void {
  const isZip = data[0] === 0x50 && data[1] === 0x4b;
  const isOle = data.readUInt32BE(0) === 0xd0cf11e0;
  const isRawBiff = data[0] === 0x09 && (data[1] === 0x00 || data[1] === 0x02 || data[1] === 0x04 || data[1] === 0x08);
  if (isZip || isOle || isRawBiff) return;
  if (data.subarray(0, SNIFF_BYTES).includes(0)) {
    throw new UnusableFileError(`"${fileName}" is not a spreadsheet (it is binary data in no format SheetJS knows).`, 'not-a-workbook');
  }
}

function parseWorkbook(filePath: string, options: XLSX.ParsingOptions): XLSX.WorkBook {
  const fileName = path.basename(filePath);
  const data = readFileSync(filePath);
  if (data.length === 0) throw new UnusableFileError(`"${fileName}" is empty.`, 'empty-file');
  if (data.length >= 4) assertLooksLikeSpreadsheet(data, fileName);
  try {
    return XLSX.read(data, { ...BASE_READ_OPTIONS, ...options });
  } catch (error) {
    throw toUnusableFileError(error, fileName);
  }
}

function sheetsOf(workbook: XLSX.WorkBook): SheetInfo[] {
  return workbook.SheetNames.map((name, index) => ({ name, hidden: (workbook.Workbook?.Sheets?.[index]?.Hidden ?? 0) !== 0 }));
}

/** The workbook's sheets in tab order, hidden ones flagged; parses no cells. */
export function listSheetsWithSheetJS(filePath: string): SheetInfo[] {
  // An empty `sheets` filter makes SheetJS read the workbook part (names, visibility) but skip every sheet.
  return sheetsOf(parseWorkbook(filePath, { sheets: [] as unknown as string[] }));
}

function formatCodeOf(cell: XLSX.CellObject): string | undefined {
  if (typeof cell.z === 'string') return cell.z;
  if (typeof cell.z === 'number') return (XLSX.SSF.get_table() as Record<number, string | undefined>)[cell.z];
  return undefined;
}

function toRawCell(cell: XLSX.CellObject | undefined, date1904: boolean): RawCell {
  if (!cell) return null;
  switch (cell.t) {
    case 'n': {
      if (typeof cell.v !== 'number' || Number.isNaN(cell.v)) return null;
      const formatCode = formatCodeOf(cell);
      if (formatCode !== undefined && XLSX.SSF.is_date(formatCode) === true) {
        return { kind: 'date', serial: date1904 ? cell.v + DATE_1904_OFFSET_DAYS : cell.v };
      }
      return cell.v;
    }
    case 's':
      return typeof cell.v === 'string' && cell.v !== '' ? cell.v : null;
    case 'b':
      return cell.v === true;
    case 'e':
      return { kind: 'error', code: typeof cell.w === 'string' ? cell.w : (ERROR_CODES[Number(cell.v)] ?? '#VALUE!') };
    case 'd': {
      // Only formats SheetJS reads as true dates (some XML and ODS files) get here; turn them back into serials.
      const date = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
      const days = (date.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
      return { kind: 'date', serial: days < 61 ? days - 1 : days };
    }
    default:
      return null;
  }
}

function rowsOf(sheet: XLSX.WorkSheet, date1904: boolean): RawRow[] {
  const data = (sheet as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'] ?? [];
  const rows: RawRow[] = [];
  data.forEach((sourceRow, rowIndex) => {
    if (!sourceRow) return;
    const cells: RawCell[] = [];
    let lastValue = -1;
    for (let column = 0; column < sourceRow.length; column++) {
      const value = toRawCell(sourceRow[column], date1904);
      cells.push(value);
      if (value !== null) lastValue = column;
    }
    if (lastValue >= 0) rows.push({ rowNumber: rowIndex + 1, cells: cells.slice(0, lastValue + 1) });
  });
  return rows;
}

function mergesOf(sheet: XLSX.WorkSheet): MergedRange[] {
  return (sheet['!merges'] ?? []).map((range) => ({
    firstRow: range.s.r,
    firstColumn: range.s.c,
    lastRow: range.e.r,
    lastColumn: range.e.c,
  }));
}

/**
 * One sheet's rows and merged ranges, read with SheetJS. Naming the sheet saves a pass: otherwise the
 * workbook is read once to find the first visible sheet, then again for that sheet's cells.
 */
export function readSheetWithSheetJS(filePath: string, options: SheetJsReadOptions = {}): SheetJsSheet {
  const fileName = path.basename(filePath);
  const wanted = options.sheet ?? listSheetsWithSheetJS(filePath).find((sheet) => !sheet.hidden)?.name;
  const workbook =
    wanted === undefined
      ? undefined
      : parseWorkbook(filePath, { sheets: [wanted], ...(options.maxRows !== undefined ? { sheetRows: options.maxRows } : {}) });
  const sheets = workbook ? sheetsOf(workbook) : listSheetsWithSheetJS(filePath);
  // SheetJS matches `sheets` case-insensitively; Excel names are unique ignoring case, but insist on the exact one.
  const chosen = sheets.find((sheet) => sheet.name === wanted);
  const worksheet = chosen ? workbook?.Sheets[chosen.name] : undefined;
  if (!workbook || !chosen || !worksheet) {
    const names = sheets.map((sheet) => `"${sheet.name}"`).join(', ') || 'none';
    throw new UnusableFileError(
      options.sheet === undefined ? `"${fileName}" has no visible sheet (sheets: ${names}).` : `"${fileName}" has no sheet "${options.sheet}" (sheets: ${names}).`,
      'sheet-not-found',
    );
  }
  const date1904 = workbook.Workbook?.WBProps?.date1904 === true;
  return { sheet: chosen, rows: rowsOf(worksheet, date1904), merges: mergesOf(worksheet) };
}

/** One sheet's rows, read with SheetJS (see `readSheetWithSheetJS`). */
export function readRowsWithSheetJS(filePath: string, options: SheetJsReadOptions = {}): RawRow[] {
  return readSheetWithSheetJS(filePath, options).rows;
}
