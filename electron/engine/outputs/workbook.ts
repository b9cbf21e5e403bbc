/**
 * village.xlsx: a sheet per view plus "About this data". Numbers stay numeric cells; suppressed cells hold
 * the symbol; text that a spreadsheet could run as a formula is neutralised with a leading apostrophe.
 */
import { writeFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import type { VillageJson } from '../../../shared/village';
import { neutraliseFormula } from '../validate/report-writers';
import { aboutTable, allViews, type Cell, type ViewTable } from './tables';

export function safeCell(value: Cell): Cell {
  return typeof value === 'number' ? value : neutraliseFormula(value);
}

function sheetOf(table: ViewTable): XLSX.WorkSheet {
  const sheet = XLSX.utils.aoa_to_sheet([table.header.map(safeCell), ...table.rows.map((row) => row.map(safeCell))]);
  sheet['!cols'] = table.header.map((label) => ({ wch: Math.max(12, Math.min(60, label.length + 4)) }));
  return sheet;
}

export function buildWorkbook(village: VillageJson): XLSX.WorkBook {
  const workbook = XLSX.utils.book_new();
  const about = aboutTable(village);
  XLSX.utils.book_append_sheet(workbook, sheetOf(about), about.name);
  for (const view of allViews(village)) XLSX.utils.book_append_sheet(workbook, sheetOf(view), view.name.slice(0, 31));
  return workbook;
}

export async function writeVillageWorkbook(village: VillageJson, filePath: string): Promise<void> {
  const bytes = XLSX.write(buildWorkbook(village), { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  await writeFile(filePath, bytes);
}
