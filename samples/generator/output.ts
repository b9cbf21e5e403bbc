/**
 * Writers for the two file types agencies send: CSV (UTF-8 or Windows-1252) and deterministic .xlsx.
 * SheetJS writes no timestamps into zip entries; the workbook's document properties are fixed here, so
 * the same rows always give byte-identical files.
 */
import * as XLSX from 'xlsx';
import { quoteCsvText } from '../../shared/safe-text';
import { type Day, excelSerial } from './dates';

/** A cell as a writer means it: text, a number, an Excel date (a serial shown as dd/mm/yyyy), or empty. */
export type Cell = string | number | { date: Day } | null;

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  merges?: XLSX.Range[];
}

/** Fixed document dates: a real export would carry its run time, which would break byte-identity. */
const WORKBOOK_DATE = '2024-07-01T09:00:00Z';

function toWorksheet(spec: SheetSpec): XLSX.WorkSheet {
  const sheet: XLSX.WorkSheet = {};
  let lastColumn = 0;
  spec.rows.forEach((row, rowIndex) => {
    row.forEach((cell, columnIndex) => {
      if (cell === null) return;
      const address = XLSX.utils.encode_cell({ r: rowIndex, c: columnIndex });
      if (typeof cell === 'string') sheet[address] = { t: 's', v: cell };
      else if (typeof cell === 'number') sheet[address] = { t: 'n', v: cell };
      else sheet[address] = { t: 'n', v: excelSerial(cell.date), z: 'dd/mm/yyyy' };
      lastColumn = Math.max(lastColumn, columnIndex);
    });
  });
  sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, spec.rows.length - 1), c: lastColumn } });
  if (spec.merges && spec.merges.length > 0) sheet['!merges'] = spec.merges;
  return sheet;
}

export function writeWorkbook(title: string, sheets: SheetSpec[]): Buffer {
  const workbook = XLSX.utils.book_new();
  for (const spec of sheets) XLSX.utils.book_append_sheet(workbook, toWorksheet(spec), spec.name);
  workbook.Props = { Title: title, Author: 'Village Workbench synthetic sample generator', CreatedDate: WORKBOOK_DATE as unknown as Date, ModifiedDate: WORKBOOK_DATE as unknown as Date };
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}


/** CSV text with CRLF line endings, as Excel and most agency systems export it. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quoteCsvText).join(',')).join('\r\n') + '\r\n';
}

/** The Windows-1252 bytes that differ from Latin-1 (0x80–0x9F). */
const WINDOWS_1252_EXTRAS: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

export function encodeWindows1252(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  let length = 0;
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    const extra = WINDOWS_1252_EXTRAS[character];
    if (extra !== undefined) bytes[length] = extra;
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes[length] = code;
    else throw new Error(`"${character}" cannot be written in Windows-1252`);
    length += 1;
  }
  return bytes.subarray(0, length);
}

const UTF8_BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

export function encodeUtf8(text: string, withByteOrderMark = false): Buffer {
  const body = Buffer.from(text, 'utf8');
  return withByteOrderMark ? Buffer.concat([UTF8_BYTE_ORDER_MARK, body]) : body;
}
