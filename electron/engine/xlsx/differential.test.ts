/**
 * The streaming reader and the SheetJS reader must agree, row for row and cell for cell, on every workbook:
 * written by SheetJS, by exceljs, assembled by hand from raw XML, and the project's generated samples.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSheetsWithSheetJS, readSheetWithSheetJS } from './sheetjs-reader';
import { listXlsxSheets } from './stream-reader';
import { FIXTURE_WORKBOOKS, sampleWorkbooks, writeFixtureWorkbooks } from './test-support/fixture-workbooks';
import { readAllWithStream } from './test-support/read-all';


let directory = '';

async function expectReadersAgree(filePath: string): Promise<void> {
  const sheets = await listXlsxSheets(filePath);
  expect(sheets).toEqual(listSheetsWithSheetJS(filePath));
  for (const sheet of sheets) {
    const streamed = await readAllWithStream(filePath, { sheet: sheet.name, batchRows: 3 });
    const viaSheetJs = readSheetWithSheetJS(filePath, { sheet: sheet.name });
    expect(streamed.rows, `rows of sheet "${sheet.name}"`).toEqual(viaSheetJs.rows);
    expect(streamed.merges, `merges of sheet "${sheet.name}"`).toEqual(viaSheetJs.merges);
  }
}

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-'));
  await writeFixtureWorkbooks(directory);
});

afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('streaming and SheetJS readers agree', () => {
  it.each(FIXTURE_WORKBOOKS)('on %s', async (fileName) => {
    await expectReadersAgree(path.join(directory, fileName));
  });

  const samples = sampleWorkbooks();
  it.skipIf(samples.length === 0)('on the generated samples in samples/', async () => {
    for (const sample of samples) await expectReadersAgree(sample);
  });
});
