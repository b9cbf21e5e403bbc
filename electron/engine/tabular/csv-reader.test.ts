import fc from 'fast-check';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvSheetName, decodeWindows1252, detectCsvFormat, readCsvRows, sniffDelimiter, type CsvReadOptions } from './csv-reader';
import { UnusableFileError, type RawRow } from './raw';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/tabular');
const fixture = (name: string): string => path.join(fixtures, name);

async function readAll(filePath: string, options?: CsvReadOptions): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const batch of readCsvRows(filePath, options)) rows.push(...batch);
  return rows;
}

async function failure(promise: Promise<unknown>): Promise<UnusableFileError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnusableFileError);
  return error as UnusableFileError;
}

let temp = '';
beforeAll(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-'));
});
afterAll(() => {
  fs.rmSync(temp, { recursive: true, force: true });
});

describe('encodings', () => {
  const expected = [
    { rowNumber: 1, cells: ['id', 'comment', 'cost'] },
    { rowNumber: 2, cells: ['1', 'Café “quoted” – ‘single’', '£5'] },
    { rowNumber: 3, cells: ['2', '€10 — done', '£7'] },
  ];

  it.each(['utf8.csv', 'utf8-bom.csv', 'cp1252.csv'])('reads %s to the same text', async (name) => {
    expect(await readAll(fixture(name))).toEqual(expected);
  });

  it('names the encoding it found', () => {
    expect(detectCsvFormat(fs.readFileSync(fixture('utf8-bom.csv'))).encoding).toBe('utf-8-bom');
    expect(detectCsvFormat(fs.readFileSync(fixture('utf8.csv'))).encoding).toBe('utf-8');
    expect(detectCsvFormat(fs.readFileSync(fixture('cp1252.csv'))).encoding).toBe('windows-1252');
  });

  it('uses the real Windows-1252 table for 0x80–0x9F, not Latin-1', () => {
    expect(decodeWindows1252(Uint8Array.from([0x80, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0xa3, 0xe9]))).toBe('€‘’“”–—£é');
  });

  it('switches to Windows-1252 when a £ byte appears after the first chunk', async () => {
    const filePath = path.join(temp, 'late-pound.csv');
    const filler = 'ward,amount\n' + 'Aston,1\n'.repeat(20_000);
    fs.writeFileSync(filePath, Buffer.concat([Buffer.from(filler), Buffer.from([0x41, 0x2c, 0xa3, 0x35, 0x0a])]));
    const rows = await readAll(filePath);
    expect(rows.at(-1)?.cells).toEqual(['A', '£5']);
    expect(rows).toHaveLength(20_002);
  });

  it('reads UTF-16 text with a BOM, as Excel saves "Unicode text"', async () => {
    const filePath = path.join(temp, 'unicode.txt');
    fs.writeFileSync(filePath, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\tname\r\n1\tZoë\r\n', 'utf16le')]));
    expect((await readAll(filePath)).map((row) => row.cells)).toEqual([['id', 'name'], ['1', 'Zoë']]);
  });
});

describe('the bytes the parser consumed', () => {
  /** Collects what the reader reports consuming, and when it says the file has ended. */
  function recorder(): { sink: NonNullable<CsvReadOptions['consumedBytes']>; bytes: () => Buffer; ended: () => number } {
    const parts: Buffer[] = [];
    let ends = 0;
    return {
      sink: {
        update: (bytes) => {
          if (ends > 0) throw new Error('bytes after the end');
          parts.push(Buffer.from(bytes));
        },
        end: () => {
          ends += 1;
        },
      },
      bytes: () => Buffer.concat(parts),
      ended: () => ends,
    };
  }

  it.each([
    ['a UTF-8 file of many chunks', 'many-chunks.csv', Buffer.from('ward,amount\n' + 'Aston,1\n'.repeat(30_000))],
    ['a UTF-8 file with a byte-order mark', 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ward,amount\n' + 'Nechells,2\n'.repeat(12_000))])],
    ['a Windows-1252 file whose £ comes after the first chunk', 'late.csv', Buffer.concat([Buffer.from('ward,amount\n' + 'Aston,1\n'.repeat(20_000)), Buffer.from([0x41, 0x2c, 0xa3, 0x35, 0x0a])])],
    ['UTF-16 text with a BOM', 'utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\tname\r\n' + '1\tZoë\r\n'.repeat(9_000), 'utf16le')])],
  ])('are every byte of %s, in order, ended once after the last row', async (_label, name, content) => {
    const filePath = path.join(temp, name);
    fs.writeFileSync(filePath, content);
    const consumed = recorder();
    let rows = 0;
    for await (const batch of readCsvRows(filePath, { consumedBytes: consumed.sink })) rows += batch.length;
    expect(consumed.ended()).toBe(1);
    expect(createHash('sha256').update(consumed.bytes()).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
    expect(rows).toBeGreaterThan(9_000);
  });

  it('parse the same rows as a read without the hash', async () => {
    const filePath = path.join(temp, 'same-rows.csv');
    fs.writeFileSync(filePath, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,"note"\r\n' + '7,"two\nlines, one cell"\r\n'.repeat(5_000))]));
    const consumed = recorder();
    expect(await readAll(filePath, { consumedBytes: consumed.sink })).toEqual(await readAll(filePath));
  });
});

describe('delimiters and quoting', () => {
  it('sniffs semicolons and ignores the comma inside quotes', async () => {
    const rows = await readAll(fixture('semicolon.csv'));
    expect(rows[1]?.cells).toEqual(['1', 'Smith, J', '5']);
  });

  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    ['a;b\n"x;y";2\n', ';'],
    ['only\none\n', ','],
  ] as const)('sniffs %j as %j', (text, delimiter) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });

  it('keeps embedded line breaks and doubled quotes, and numbers records not lines', async () => {
    const rows = await readAll(fixture('quoted-newlines.csv'));
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['id', 'note', 'score'] },
      { rowNumber: 2, cells: ['1', 'line one\r\nline two', '5'] },
      { rowNumber: 3, cells: ['2', 'she said "hi"', '6'] },
      { rowNumber: 4, cells: ['3', 'plain', '7'] },
    ]);
  });

  it('gives empty cells as null, keeps spaces, skips blank lines but counts them, and reads a last line without a break', async () => {
    const filePath = path.join(temp, 'gaps.csv');
    fs.writeFileSync(filePath, 'a,b,c\n\n1,, x \r\n"",2,\n3,4,5');
    expect(await readAll(filePath)).toEqual([
      { rowNumber: 1, cells: ['a', 'b', 'c'] },
      { rowNumber: 3, cells: ['1', null, ' x '] },
      { rowNumber: 4, cells: [null, '2', null] },
      { rowNumber: 5, cells: ['3', '4', '5'] },
    ]);
  });

  it('gives the same rows whatever the batch size', async () => {
    const whole = await readAll(fixture('notes-above-header.csv'));
    const batches: RawRow[][] = [];
    for await (const batch of readCsvRows(fixture('notes-above-header.csv'), { batchSize: 2 })) batches.push(batch);
    expect(batches.every((batch) => batch.length <= 2)).toBe(true);
    expect(batches.flat()).toEqual(whole);
  });

  it('reads a header-only file as one row', async () => {
    expect(await readAll(fixture('header-only.csv'))).toEqual([{ rowNumber: 1, cells: ['nhs_number', 'date_of_birth', 'sex'] }]);
  });
});

describe('csvSheetName', () => {
  it('names the sheet as Excel does when it opens a CSV', () => {
    expect(csvSheetName('/data/police_domestic_abuse.csv')).toBe('police_domestic_abuse');
    expect(csvSheetName('a-very-long-file-name-from-a-partner-agency.csv')).toBe('a-very-long-file-name-from-a-pa');
  });
});

describe('round trip', () => {
  const quote = (cell: string): string => (/[",\r\n]/.test(cell) || cell === '' ? `"${cell.replace(/"/g, '""')}"` : cell);

  it('reads back whatever an RFC 4180 writer wrote', async () => {
    const cellText = fc.string({ unit: fc.constantFrom('a', 'é', '£', ',', '"', '\n', '\r\n', ' ', '1', '€'), maxLength: 6 });
    const table = fc.array(fc.array(cellText, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(table, async (rows) => {
        const filePath = path.join(temp, `round-${run++}.csv`);
        fs.writeFileSync(filePath, `h1,h2,h3\r\n${rows.map((cells) => cells.map(quote).join(',')).join('\r\n')}\r\n`);
        const read = await readAll(filePath, { delimiter: ',' });
        expect(read.slice(1).map((row) => row.cells)).toEqual(rows.map((cells) => cells.map((cell) => (cell === '' ? null : cell))));
        expect(read.map((row) => row.rowNumber)).toEqual(read.map((_, index) => index + 1));
      }),
      { numRuns: 60 },
    );
  });

  it('is not confused when a chunk boundary splits a doubled quote, a CRLF or a multi-byte character', async () => {
    const chunk = 64 * 1024;
    // The tail after `lead` is 23 bytes; these shifts put the chunk boundary at every byte of it.
    for (let shift = -23; shift <= 1; shift += 1) {
      const filePath = path.join(temp, `boundary-${shift}.csv`);
      const lead = `a,b\n1,${'x'.repeat(chunk - 8 + shift)}\n`;
      fs.writeFileSync(filePath, `${lead}2,"say ""€"""\r\n3,é\r\n`);
      const rows = await readAll(filePath);
      expect(rows.slice(2)).toEqual([
        { rowNumber: 3, cells: ['2', 'say "€"'] },
        { rowNumber: 4, cells: ['3', 'é'] },
      ]);
    }
  });
});

describe('bad input', () => {
  it('refuses an empty file and a file of blank lines', async () => {
    expect((await failure(readAll(fixture('empty.csv')))).code).toBe('empty-file');
    const blank = path.join(temp, 'blank.csv');
    fs.writeFileSync(blank, '\r\n\r\n\n');
    expect((await failure(readAll(blank))).code).toBe('empty-file');
  });

  it('refuses binary garbage', async () => {
    const error = await failure(readAll(fixture('garbage.csv')));
    expect(error.code).toBe('not-a-workbook');
    expect(error.message).toMatch(/garbage\.csv looks like binary data, not text/);
  });

  it('says a .csv that is really a workbook should be chosen as .xlsx', async () => {
    const error = await failure(readAll(fixture('really-xlsx.csv')));
    expect(error.message).toMatch(/really-xlsx\.csv is really an Excel workbook \(\.xlsx\).*Rename it/);
  });

  it('recognises an old .xls (compound file) signature', () => {
    const cfb = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    expect(() => detectCsvFormat(cfb, 'old.csv')).toThrow(/older Excel workbook/);
  });

  it('reads a 1 MB cell under the default limit', async () => {
    const filePath = path.join(temp, 'big-cell.csv');
    const big = 'x'.repeat(1_000_000);
    fs.writeFileSync(filePath, `id,text\n1,"${big}"\n2,short\n`);
    const rows = await readAll(filePath);
    expect(rows[1]?.cells[1]).toHaveLength(1_000_000);
    expect(rows[2]?.cells).toEqual(['2', 'short']);
  });

  it('names the row and column of a cell over the limit', async () => {
    const filePath = path.join(temp, 'too-big.csv');
    fs.writeFileSync(filePath, `id,text\n1,ok\n2,"${'y'.repeat(5000)}"\n`);
    const error = await failure(readAll(filePath, { maxCellCharacters: 4096 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/row 3, column B is longer than 4,096 characters/);
  });

  it('reports a quote that is never closed', async () => {
    const filePath = path.join(temp, 'open-quote.csv');
    fs.writeFileSync(filePath, 'id,text\n1,"starts here\n2,more\n');
    expect((await failure(readAll(filePath))).message).toMatch(/row 2, column B is never closed/);
  });

  it('stops when cancelled', async () => {
    const filePath = path.join(temp, 'long.csv');
    fs.writeFileSync(filePath, 'a,b\n' + '1,2\n'.repeat(100_000));
    const controller = new AbortController();
    let batches = 0;
    const reading = (async () => {
      for await (const batch of readCsvRows(filePath, { signal: controller.signal, batchSize: 100 })) {
        batches += 1;
        if (batch[0]?.rowNumber === 1) controller.abort();
      }
    })();
    expect((await failure(reading)).code).toBe('cancelled');
    expect(batches).toBe(1);
  });

  it('reports progress in bytes up to the file size', async () => {
    const seen: number[] = [];
    await readAll(fixture('uk-dates.csv'), { onProgress: (bytes, total) => seen.push(bytes / total) });
    expect(seen.at(-1)).toBe(1);
  });
});
