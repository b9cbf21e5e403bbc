/**
 * The pieces every export is made of: a file's bytes with its name, type and SHA-256, and a view table as
 * CSV text or as a worksheet. Text goes through the one neutralising rule (shared/safe-text.ts).
 */
import { createHash } from 'node:crypto';
import * as XLSX from 'xlsx';
import { csvText, safeCell } from '../../../shared/safe-text';
import type { ViewTable } from './tables';

export interface ExportedFile {
  readonly fileName: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function exportedFile(fileName: string, mediaType: string, bytes: Uint8Array): ExportedFile {
  return { fileName, mediaType, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

export function toCsv(table: ViewTable): string {
  return csvText([table.header, ...table.rows]);
}

export function sheetOf(table: ViewTable): XLSX.WorkSheet {
  const sheet = XLSX.utils.aoa_to_sheet([table.header.map(safeCell), ...table.rows.map((row) => row.map(safeCell))]);
  sheet['!cols'] = table.header.map((label) => ({ wch: Math.max(12, Math.min(60, label.length + 4)) }));
  return sheet;
}

export function workbookBytes(workbook: XLSX.WorkBook): Uint8Array {
  return new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}
