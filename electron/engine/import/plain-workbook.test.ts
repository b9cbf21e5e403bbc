import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBadFiles } from '../../../test/fixtures/bad/bad-files';
import { quoteIdentifier } from '../sql';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { listSheetsWithSheetJS, readSheetWithSheetJS } from '../xlsx/sheetjs-reader';
import { FIXTURE_WORKBOOKS, sampleWorkbooks, writeFixtureWorkbooks } from '../xlsx/test-support/fixture-workbooks';
import { ImportCancelledError } from '../tabular/raw';
import { importFile } from './import-file';
import { screenPersonalData } from './screen-personal-data';
import { loadStagedSheet, stageSheetAsCsv } from './sheet-staging';

/** Workbooks of the bad-file corpus that are readable and so must import. */
const READABLE_BAD_WORKBOOKS = ['huge-shared-strings.xlsx', 'formulas.xlsx', 'really-a-workbook.csv'];

let folder = '';
let workspace: Workspace;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-plain-xlsx-'));
  await writeFixtureWorkbooks(folder);
  writeBadFiles(path.join(folder, 'bad'));
  workspace = await openWorkspace({ location: path.join(folder, 'workspace') });
});

afterAll(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

interface TableContent {
  readonly columns: unknown[];
  readonly rows: unknown[];
}

async function tableContent(table: string): Promise<TableContent> {
  const name = `main.${quoteIdentifier(table)}`;
  const columns = await workspace.connection.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE ${name})`);
  const rows = await workspace.connection.runAndReadAll(`SELECT * FROM ${name}`);
  return { columns: columns.getRowObjectsJson(), rows: rows.getRowsJson() };
}

/** The same sheet read by SheetJS instead of the streaming reader, staged and loaded the same way. */
async function importThroughSheetJs(filePath: string, sheet: string, table: string): Promise<TableContent> {
  const read = readSheetWithSheetJS(filePath, { sheet });
  const stagedPath = path.join(workspace.stagingFolder, `${table}.csv`);
  try {
    const staged = await stageSheetAsCsv([read.rows], stagedPath, { fileName: path.basename(filePath), sheet });
    await workspace.connection.run(`DROP TABLE IF EXISTS main.${quoteIdentifier(table)}`);
    await loadStagedSheet(workspace.connection, stagedPath, staged, `main.${quoteIdentifier(table)}`);
    // The import screens columns for personal data after loading (screen-personal-data.ts); so does this.
    await screenPersonalData(workspace.connection, workspace, 'main', table);
    return await tableContent(table);
  } finally {
    fs.rmSync(stagedPath, { force: true });
  }
}

/** Returns how many sheets were compared, so a test cannot pass by comparing none. */
async function expectSameTableAsSheetJs(filePath: string): Promise<number> {
  let sheetsCompared = 0;
  for (const { name: sheet } of listSheetsWithSheetJS(filePath)) {
    const streamed = await importFile(workspace, { path: filePath, sheet, tableName: 'streamed' }).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const viaSheetJs = await importThroughSheetJs(filePath, sheet, 'via_sheetjs').then(
      (content) => ({ ok: true as const, content }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const where = `${path.basename(filePath)}, sheet "${sheet}"`;
    if (!streamed.ok || !viaSheetJs.ok) {
      // A sheet that cannot be imported (no rows at all; 16,384 columns, past what read_csv can hold in the
      // workspace's memory limit) must fail alike through both readers.
      const failure = (outcome: { ok: true } | { ok: false; error: unknown }): string =>
        outcome.ok ? 'imported' : `${(outcome.error as Error).name} ${(outcome.error as { code?: string }).code ?? ''}`;
      expect(failure(streamed), where).toBe(failure(viaSheetJs));
      sheetsCompared += 1;
      continue;
    }
    expect(streamed.result.provenance.sheet, where).toBe(sheet);
    const content = await tableContent('streamed');
    expect(content, where).toEqual(viaSheetJs.content);
    expect(streamed.result.provenance.rowsImported, where).toBe(content.rows.length);
    sheetsCompared += 1;
  }
  return sheetsCompared;
}

describe('a workbook imported without a specification equals the table SheetJS reading gives', () => {
  it.each(FIXTURE_WORKBOOKS)('on %s', async (fileName) => {
    expect(await expectSameTableAsSheetJs(path.join(folder, fileName))).toBeGreaterThan(0);
  });

  it.each(READABLE_BAD_WORKBOOKS)('on %s of the bad-file corpus', async (fileName) => {
    expect(await expectSameTableAsSheetJs(path.join(folder, 'bad', fileName))).toBeGreaterThan(0);
  });

  const samples = sampleWorkbooks();
  it.skipIf(samples.length === 0)('on the generated samples in samples/', async () => {
    for (const sample of samples) expect(await expectSameTableAsSheetJs(sample), sample).toBeGreaterThan(0);
  }, 120_000);
});

function writeWorkbook(fileName: string, sheets: Record<string, unknown[][]>): string {
  const workbook = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows, { cellDates: true }), name);
  const filePath = path.join(folder, fileName);
  fs.writeFileSync(filePath, XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  return filePath;
}

describe('importFile on a workbook', () => {
  it('keeps what Excel says each cell is: numbers, dates, date-times, booleans and text', async () => {
    const filePath = writeWorkbook('typed.xlsx', {
      Cover: [['Notes sheet']],
      Referrals: [
        ['Ref', 'Count', 'Score', 'Born', 'Received', 'Open', 'Code', '', 'Count', 'Mixed'],
        ['R1', 3, 1.5, new Date(Date.UTC(2012, 3, 9)), new Date(Date.UTC(2024, 0, 2, 9, 30)), true, '00123', 'a', 1, 'x'],
        ['R2 "quoted", with a\nnew line', 9007199254740991, -2, new Date(Date.UTC(1999, 11, 31)), new Date(Date.UTC(2024, 0, 2)), false, '042', null, 2, 5],
        ['R3'],
      ],
    });
    const result = await importFile(workspace, { path: filePath, sheet: 'Referrals' });
    expect(result.table).toBe('typed');
    expect(result.provenance).toMatchObject({ sheet: 'Referrals', rowsRead: 3, rowsImported: 3, rowsRejected: 0 });
    const content = await tableContent('typed');
    expect(content.columns).toEqual([
      { column_name: 'Ref', column_type: 'VARCHAR' },
      { column_name: 'Count', column_type: 'BIGINT' },
      { column_name: 'Score', column_type: 'DOUBLE' },
      { column_name: 'Born', column_type: 'DATE' },
      { column_name: 'Received', column_type: 'TIMESTAMP' },
      { column_name: 'Open', column_type: 'BOOLEAN' },
      { column_name: 'Code', column_type: 'VARCHAR' },
      { column_name: 'column_8', column_type: 'VARCHAR' },
      { column_name: 'Count_2', column_type: 'BIGINT' },
      { column_name: 'Mixed', column_type: 'VARCHAR' },
    ]);
    expect(content.rows).toEqual([
      ['R1', '3', 1.5, '2012-04-09', '2024-01-02 09:30:00', true, '00123', 'a', '1', 'x'],
      ['R2 "quoted", with a\nnew line', '9007199254740991', -2, '1999-12-31', '2024-01-02 00:00:00', false, '042', null, '2', '5'],
      ['R3', null, null, null, null, null, null, null, null, null],
    ]);
    const imports = await workspace.connection.runAndReadAll("SELECT sheet, rows_imported FROM vw.imports WHERE table_name = 'typed'");
    expect(imports.getRowObjectsJson()).toEqual([{ sheet: 'Referrals', rows_imported: '3' }]);
    const audit = await workspace.connection.runAndReadAll("SELECT outcome FROM vw.audit WHERE action = 'import' AND subject = 'typed' ORDER BY 1");
    expect(audit.getRowObjectsJson().map((row) => row.outcome)).toContain('succeeded');
    expect(fs.readdirSync(workspace.stagingFolder)).toEqual([]);
  });

  it('reads the first visible sheet by default, with its first row holding a value as the header', async () => {
    const filePath = writeWorkbook('first-sheet.xlsx', { Data: [[], ['Team', 'Age'], ['Robins', 7]], Other: [['x']] });
    const result = await importFile(workspace, { path: filePath });
    expect(result.provenance.sheet).toBe('Data');
    expect((await tableContent(result.table)).rows).toEqual([['Robins', '7']]);
  });

  it('gives rows wider than the header columns of their own', async () => {
    const filePath = writeWorkbook('ragged.xlsx', { Sheet1: [['A'], [1, 2, 3], [4]] });
    const result = await importFile(workspace, { path: filePath });
    const content = await tableContent(result.table);
    expect(content.columns.map((column) => (column as { column_name: string }).column_name)).toEqual(['A', 'column_2', 'column_3']);
    expect(content.rows).toEqual([
      ['1', '2', '3'],
      ['4', null, null],
    ]);
  });

  it('names the file and sheet when the sheet is missing, leaving the workspace as it was', async () => {
    const filePath = writeWorkbook('missing-sheet.xlsx', { Data: [['a'], [1]] });
    const before = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.imports');
    await expect(importFile(workspace, { path: filePath, sheet: 'Nope' })).rejects.toThrow(/missing-sheet\.xlsx.*"Nope"/);
    const after = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.imports');
    expect(after.getRowObjectsJson()).toEqual(before.getRowObjectsJson());
    expect(fs.readdirSync(workspace.stagingFolder)).toEqual([]);
  });

  it('stops when cancelled, keeps the previous table and removes the staged copy', async () => {
    const filePath = writeWorkbook('cancel.xlsx', { Data: [['n'], ...Array.from({ length: 5_000 }, (_, index) => [index])] });
    await importFile(workspace, { path: filePath, tableName: 'kept' });
    const controller = new AbortController();
    const cancelled = importFile(workspace, {
      path: filePath,
      tableName: 'kept',
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'reading') controller.abort();
      },
    });
    await expect(cancelled).rejects.toBeInstanceOf(ImportCancelledError);
    expect((await tableContent('kept')).rows).toHaveLength(5_000);
    expect(fs.readdirSync(workspace.stagingFolder)).toEqual([]);
  });
});
