/**
 * Chooses the reader for a partner file by its first bytes, never its name (partners send workbooks named
 * .csv): a zip is an .xlsx for the streaming reader, an OLE compound file is either a password-protected
 * workbook (refused by name) or a legacy .xls for SheetJS, and anything else is delimited text.
 */
import path from 'node:path';
import type { MergedRange, RawRow, SheetInfo } from './raw';
import { UnusableFileError } from './raw';
import { csvSheetName, readCsvRows } from './csv-reader';
import { listSheetsWithSheetJS, readSheetWithSheetJS, listXlsxSheets, readXlsxRows } from '../xlsx';
import type { SourceFileFacts } from './source-file';

export interface RowSource {
  /** The sheet read: the workbook's sheet name, or the name Excel gives a CSV. */
  readonly sheet: string;
  readonly batches: AsyncIterable<RawRow[]> | Iterable<RawRow[]>;
  /** Known up front only for SheetJS reads; the streaming reader learns merges after the cells. */
  readonly mergedRanges?: readonly MergedRange[];
}

export interface RowSourceOptions {
  readonly sheet?: string;
  readonly signal?: AbortSignal;
  readonly onBytes?: (bytesRead: number, totalBytes: number) => void;
  readonly onRows?: (rows: number) => void;
}

/** The sheets a user can choose from: a delimited text file has exactly one, named as Excel names it. */
export async function listSheetsOf(facts: SourceFileFacts): Promise<SheetInfo[]> {
  if (facts.format === 'xlsx') return listXlsxSheets(facts.path);
  if (facts.format === 'ole') return listSheetsWithSheetJS(facts.path);
  return [{ name: csvSheetName(facts.path), hidden: false }];
}

function chooseSheet(sheets: readonly SheetInfo[], requested: string | undefined, fileName: string): string {
  const names = sheets.map((sheet) => `"${sheet.name}"`).join(', ') || 'none';
  if (requested !== undefined) {
    if (!sheets.some((sheet) => sheet.name === requested)) {
      throw new UnusableFileError(`"${fileName}" has no sheet "${requested}" (sheets: ${names}).`, 'sheet-not-found');
    }
    return requested;
  }
  const first = sheets.find((sheet) => !sheet.hidden);
  if (first === undefined) throw new UnusableFileError(`"${fileName}" has no visible sheet (sheets: ${names}).`, 'sheet-not-found');
  return first.name;
}

export async function openRowSource(facts: SourceFileFacts, options: RowSourceOptions = {}): Promise<RowSource> {
  const fileName = path.basename(facts.path);
  if (facts.format === 'xlsx') {
    const sheet = chooseSheet(await listXlsxSheets(facts.path), options.sheet, fileName);
    const batches = readXlsxRows(facts.path, {
      sheet,
      signal: options.signal,
      onProgress: (progress) => options.onBytes?.(progress.bytesRead, progress.totalBytes),
    });
    return { sheet, batches };
  }
  if (facts.format === 'ole') {
    const sheet = chooseSheet(listSheetsWithSheetJS(facts.path), options.sheet, fileName);
    const read = readSheetWithSheetJS(facts.path, { sheet });
    return { sheet, batches: [read.rows], mergedRanges: read.merges };
  }
  if (options.sheet !== undefined && options.sheet !== csvSheetName(facts.path)) {
    throw new UnusableFileError(`"${fileName}" is a delimited text file with one sheet, "${csvSheetName(facts.path)}", not "${options.sheet}".`, 'sheet-not-found');
  }
  return { sheet: csvSheetName(facts.path), batches: readCsvRows(facts.path, { signal: options.signal, onProgress: options.onBytes }) };
}
