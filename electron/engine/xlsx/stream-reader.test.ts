import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnusableFileError } from '../tabular/raw';
import { listSheetsWithSheetJS, readRowsWithSheetJS } from './sheetjs-reader';
import { listXlsxSheets, readXlsxRows, type XlsxProgress } from './stream-reader';
import { handWorkbookEntries, handWorkbookZip, worksheetXml, type HandWorkbook } from './test-support/hand-workbook';
import { readAllWithStream } from './test-support/read-all';
import { buildZip } from './test-support/zip-writer';

let directory = '';

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-'));
});

afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

let fileCounter = 0;
function writeFile(bytes: Buffer | string, extension = '.xlsx'): string {
  const filePath = path.join(directory, `file-${++fileCounter}${extension}`);
  fs.writeFileSync(filePath, bytes);
  return filePath;
}

function numberedRows(count: number): string {
  return Array.from({ length: count }, (_, index) => `<row r="${index + 1}"><c r="A${index + 1}"><v>${index + 1}</v></c><c r="B${index + 1}" t="str"><v>row ${index + 1}</v></c></row>`).join('');
}

const THREE_SHEETS: HandWorkbook = {
  sheets: [
    { name: 'Notes', state: 'hidden', xml: worksheetXml('<row r="1"><c r="A1" t="str"><v>hidden notes</v></c></row>') },
    { name: 'Data', xml: worksheetXml(numberedRows(20), '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>') },
    { name: 'Other', xml: worksheetXml('<row r="1"><c r="A1" t="str"><v>other</v></c></row>') },
  ],
};

/** Error thrown by `action`, so tests can check its code and message. */
async function failureOf(action: () => Promise<unknown>): Promise<UnusableFileError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(UnusableFileError);
    return error as UnusableFileError;
  }
  throw new Error('expected the action to fail');
}

/** Offset of an entry's central directory header (its name's last occurrence is in the directory). */
function centralHeaderOf(zip: Buffer, entryName: string): number {
  return zip.lastIndexOf(Buffer.from(entryName)) - 46;
}

/** Open file descriptors of this process; Linux only (elsewhere a constant, so the check is vacuous). */
function openDescriptorCount(): number {
  return process.platform === 'linux' ? fs.readdirSync('/proc/self/fd').length : 0;
}

describe('listXlsxSheets', () => {
  it('lists sheets in tab order with their visibility', async () => {
    const filePath = writeFile(handWorkbookZip(THREE_SHEETS));
    expect(await listXlsxSheets(filePath)).toEqual([
      { name: 'Notes', hidden: true },
      { name: 'Data', hidden: false },
      { name: 'Other', hidden: false },
    ]);
  });
});

describe('readXlsxRows', () => {
  it('reads the first visible sheet by default, in batches of the requested size, then settles the merges', async () => {
    const stream = readXlsxRows(writeFile(handWorkbookZip(THREE_SHEETS)), { batchRows: 7 });
    const batchSizes: number[] = [];
    const rows = [];
    for await (const batch of stream) {
      batchSizes.push(batch.length);
      rows.push(...batch);
    }
    expect(batchSizes).toEqual([7, 7, 6]);
    expect(rows[19]).toEqual({ rowNumber: 20, cells: [20, 'row 20'] });
    expect(await stream.merges).toEqual([{ firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 1 }]);
  });

  it('reads a named sheet, hidden or not, and says which sheets exist when the name is wrong', async () => {
    const filePath = writeFile(handWorkbookZip(THREE_SHEETS));
    expect((await readAllWithStream(filePath, { sheet: 'Notes' })).rows).toEqual([{ rowNumber: 1, cells: ['hidden notes'] }]);
    const error = await failureOf(() => readAllWithStream(filePath, { sheet: 'Missing' }));
    expect(error.code).toBe('sheet-not-found');
    expect(error.message).toContain('"Notes", "Data", "Other"');
  });

  it('reports progress up to the whole compressed sheet', async () => {
    const reports: XlsxProgress[] = [];
    await readAllWithStream(writeFile(handWorkbookZip(THREE_SHEETS)), { onProgress: (progress) => reports.push(progress) });
    const last = reports.at(-1);
    expect(last?.bytesRead).toBe(last?.totalBytes);
    expect(last?.rows).toBe(20);
  });

  it('reads stored entries, data descriptors and ZIP64 records the same as plain deflate', async () => {
    const plain = await readAllWithStream(writeFile(handWorkbookZip(THREE_SHEETS)));
    const zip64 = await readAllWithStream(writeFile(handWorkbookZip(THREE_SHEETS, { zip64: true, dataDescriptors: true })));
    const stored = await readAllWithStream(writeFile(buildZip(handWorkbookEntries(THREE_SHEETS).map((entry) => ({ ...entry, store: true })))));
    expect(plain.rows).toHaveLength(20);
    expect(zip64).toEqual(plain);
    expect(stored).toEqual(plain);
  });

  it('stops with "cancelled" when aborted mid-stream, rejects the merges and closes the file', async () => {
    const workbook = { sheets: [{ name: 'Big', xml: worksheetXml(numberedRows(20_000)) }] };
    const filePath = writeFile(handWorkbookZip(workbook));
    const descriptorsBefore = openDescriptorCount();
    const controller = new AbortController();
    const stream = readXlsxRows(filePath, { batchRows: 100, signal: controller.signal });
    let batches = 0;
    const error = await failureOf(async () => {
      for await (const batch of stream) {
        expect(batch).toHaveLength(100);
        batches++;
        if (batches === 2) controller.abort();
      }
    });
    expect(error.code).toBe('cancelled');
    expect(batches).toBe(2);
    expect((await failureOf(() => stream.merges)).code).toBe('cancelled');
    expect(openDescriptorCount()).toBe(descriptorsBefore);
  });

  it('closes the file when the consumer stops early', async () => {
    const filePath = writeFile(handWorkbookZip({ sheets: [{ name: 'Big', xml: worksheetXml(numberedRows(5_000)) }] }));
    const descriptorsBefore = openDescriptorCount();
    const stream = readXlsxRows(filePath, { batchRows: 10 });
    for await (const batch of stream) {
      expect(batch).toHaveLength(10);
      break;
    }
    expect(openDescriptorCount()).toBe(descriptorsBefore);
    expect((await failureOf(() => stream.merges)).code).toBe('cancelled');
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failureOf(() => readAllWithStream(writeFile(handWorkbookZip(THREE_SHEETS)), { signal: controller.signal }));
    expect(error.code).toBe('cancelled');
  });

  it('names sheet and cell for a reference beyond column XFD', async () => {
    const filePath = writeFile(handWorkbookZip({ sheets: [{ name: 'Too wide', xml: worksheetXml('<row r="3"><c r="XFE3"><v>1</v></c></row>') }] }));
    const error = await failureOf(() => readAllWithStream(filePath));
    expect(error.code).toBe('malformed-xml');
    expect(error.message).toMatch(/sheet "Too wide": cell XFE3 lies beyond column XFD/);
    expect(error.message).toContain(path.basename(filePath));
  });
});

describe('unusable files', () => {
  it('refuses an empty file', async () => {
    const filePath = writeFile(Buffer.alloc(0));
    expect((await failureOf(() => listXlsxSheets(filePath))).code).toBe('empty-file');
    expect((await failureOf(async () => readRowsWithSheetJS(filePath))).code).toBe('empty-file');
  });

  it('refuses bytes that are not a zip, and a zip that is not a workbook', async () => {
    const garbage = writeFile(Buffer.from(Array.from({ length: 4_096 }, (_, index) => (index * 7919) % 251)));
    expect((await failureOf(() => listXlsxSheets(garbage))).code).toBe('not-a-workbook');
    expect((await failureOf(async () => listSheetsWithSheetJS(garbage))).code).toBe('not-a-workbook');
    const csv = writeFile('child_id,sex\n1,F\n', '.csv');
    expect((await failureOf(() => listXlsxSheets(csv))).code).toBe('not-a-workbook');
    const otherZip = writeFile(buildZip([{ name: 'readme.txt', data: 'hello' }]));
    expect((await failureOf(() => listXlsxSheets(otherZip))).code).toBe('not-a-workbook');
  });

  it('refuses a truncated zip, naming the file', async () => {
    const whole = handWorkbookZip(THREE_SHEETS);
    const filePath = writeFile(whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await failureOf(() => readAllWithStream(filePath));
    expect(error.code).toBe('corrupt-archive');
    expect(error.message).toContain(path.basename(filePath));
    expect((await failureOf(async () => readRowsWithSheetJS(filePath))).code).toBe('corrupt-archive');
  });

  it('refuses an entry whose CRC does not match its content', async () => {
    const zip = handWorkbookZip(THREE_SHEETS);
    const header = centralHeaderOf(zip, 'xl/worksheets/sheet2.xml');
    zip.writeUInt32LE(zip.readUInt32LE(header + 16) ^ 0xff, header + 16);
    const error = await failureOf(() => readAllWithStream(writeFile(zip)));
    expect(error.code).toBe('corrupt-archive');
    expect(error.message).toMatch(/sheet2\.xml fails its CRC check/);
  });

  it('refuses an unknown compression method', async () => {
    const zip = handWorkbookZip(THREE_SHEETS);
    zip.writeUInt16LE(12, centralHeaderOf(zip, 'xl/worksheets/sheet2.xml') + 10);
    const error = await failureOf(() => readAllWithStream(writeFile(zip)));
    expect(error.code).toBe('corrupt-archive');
    expect(error.message).toMatch(/compression method 12/);
  });

  it('refuses a zip bomb by its compression ratio, and one that lies about its size', async () => {
    const bomb = handWorkbookZip({ sheets: [{ name: 'Bomb', xml: worksheetXml(' '.repeat(4 * 1024 * 1024)) }] });
    const error = await failureOf(() => readAllWithStream(writeFile(bomb)));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/compression ratio/);

    const liar = handWorkbookZip(THREE_SHEETS);
    liar.writeUInt32LE(100, centralHeaderOf(liar, 'xl/worksheets/sheet2.xml') + 24);
    const lieError = await failureOf(() => readAllWithStream(writeFile(liar)));
    expect(lieError.code).toBe('corrupt-archive');
    expect(lieError.message).toMatch(/more than its declared 100 bytes/);
  });

  it('applies the configurable caps on size, entries and shared strings', async () => {
    const filePath = writeFile(handWorkbookZip({ ...THREE_SHEETS, sharedStrings: ['<t>a</t>', '<t>b</t>', '<t>c</t>'] }));
    expect((await failureOf(() => readAllWithStream(filePath, { limits: { maxTotalUncompressedBytes: 2_000 } }))).code).toBe('too-large');
    expect((await failureOf(() => readAllWithStream(filePath, { limits: { maxEntries: 3 } }))).code).toBe('too-large');
    expect((await failureOf(() => readAllWithStream(filePath, { limits: { maxSharedStrings: 2 } }))).code).toBe('too-large');
    expect((await readAllWithStream(filePath)).rows).toHaveLength(20);
  });

  it('refuses DTDs (billion laughs) in the sheet, the shared strings and the workbook part', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>';
    const inSheet = handWorkbookZip({ sheets: [{ name: 'Lol', xml: `${laughs}<worksheet><sheetData><row r="1"><c r="A1" t="str"><v>&lol3;</v></c></row></sheetData></worksheet>` }] });
    const inStrings = handWorkbookZip({ ...THREE_SHEETS, sharedStrings: ['<t>x</t>'], overrides: { 'xl/sharedStrings.xml': `${laughs}<sst><si><t>&lol3;</t></si></sst>` } });
    const inWorkbook = handWorkbookZip({ ...THREE_SHEETS, overrides: { 'xl/workbook.xml': `${laughs}<workbook><sheets><sheet name="&lol3;" sheetId="1" r:id="rId1"/></sheets></workbook>` } });
    for (const zip of [inSheet, inStrings, inWorkbook]) {
      const error = await failureOf(() => readAllWithStream(writeFile(zip)));
      expect(error.code).toBe('malformed-xml');
      expect(error.message).toMatch(/DTD/);
    }
  });

  it('recognises a password-protected workbook (an OLE file holding EncryptionInfo) in both readers', async () => {
    const container = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(container, 'EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(container, 'EncryptedPackage', Buffer.alloc(4_096, 0x5a));
    const filePath = writeFile(Buffer.from(XLSX.CFB.write(container, { type: 'buffer' }) as Uint8Array));
    const error = await failureOf(() => listXlsxSheets(filePath));
    expect(error.code).toBe('encrypted');
    expect(error.message).toMatch(/password/);
    expect((await failureOf(async () => listSheetsWithSheetJS(filePath))).code).toBe('encrypted');
  });

  it('sends a legacy .xls to the SheetJS reader, which reads it like the xlsx of the same data', async () => {
    const workbook = XLSX.utils.book_new();
    const data = [
      ['id', 'born', 'note'],
      [1, new Date(Date.UTC(2015, 5, 1)), 'first'],
      [2, null, 'second'],
    ];
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(data, { cellDates: true }), 'Legacy');
    const xls = writeFile(XLSX.write(workbook, { type: 'buffer', bookType: 'biff8' }), '.xls');
    const xlsx = writeFile(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }));
    const error = await failureOf(() => readAllWithStream(xls));
    expect(error.code).toBe('unsupported-format');
    expect(error.message).toMatch(/SheetJS/);
    expect(readRowsWithSheetJS(xls)).toEqual((await readAllWithStream(xlsx)).rows);
  });
});
