import { type SheetInfo, listSheetsOf, inspectSourceFile } from '../tabular';

/** The sheets a user can choose from, hidden ones flagged: a delimited text file has exactly one, named as Excel names it. */
export async function listSheetsOfFile(filePath: string): Promise<SheetInfo[]> {
  return listSheetsOf(inspectSourceFile(filePath));
}
