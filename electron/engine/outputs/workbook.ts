/**
 * village.xlsx: a sheet per view plus "About this data". Numbers stay numeric cells; suppressed cells hold
 * the symbol; text that a spreadsheet could run as a formula is neutralised with a leading apostrophe.
 */
import { writeFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import type { VillageJson } from '../../../shared/village';
import { sheetOf, workbookBytes } from './exported-file';
import { outcomesViews } from './outcomes-views';
import { aboutTable, allViews } from './tables';

export function buildWorkbook(village: VillageJson): XLSX.WorkBook {
  const workbook = XLSX.utils.book_new();
  const about = aboutTable(village);
  XLSX.utils.book_append_sheet(workbook, sheetOf(about), about.name);
  for (const view of allViews(village)) XLSX.utils.book_append_sheet(workbook, sheetOf(view), view.name.slice(0, 31));
  // The city's outcomes pages after the run's own views; their "About this data" is the workbook's.
  if (village.outcomes.trends.length > 0) {
    for (const view of outcomesViews(village, undefined).slice(1)) XLSX.utils.book_append_sheet(workbook, sheetOf(view), `Outcomes ${view.name}`.slice(0, 31));
  }
  return workbook;
}

export async function writeVillageWorkbook(village: VillageJson, filePath: string): Promise<void> {
  await writeFile(filePath, workbookBytes(buildWorkbook(village)));
}
