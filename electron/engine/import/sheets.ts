import path from 'node:path';
import type { SheetInfo } from '../tabular/raw';
import { UnusableFileError } from '../tabular/raw';
import { inspectSourceFile } from './source-file';

/** The sheets a user can choose from: a delimited text file has exactly one, named after the file. */
export async function listSheetsOfFile(filePath: string): Promise<SheetInfo[]> {
  const facts = inspectSourceFile(filePath);
  if (facts.format === 'text') return [{ name: path.parse(facts.fileName).name, hidden: false }];
  throw new UnusableFileError(
    `${facts.fileName} is a spreadsheet workbook; workbook import arrives with the spreadsheet readers (issue 4)`,
    'unsupported-format',
  );
}
