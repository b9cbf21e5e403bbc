import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawCell, RawRow } from '../tabular/raw';
import { SheetXmlScanner, parseMergedRange, type SheetScanContext } from './sheet-scanner';

const CONTEXT: SheetScanContext = {
  fileName: 'test.xlsx',
  sheetName: 'Data',
  sharedStrings: ['zero', 'one', ''],
  dateStyles: new Uint8Array([0, 1]),
  date1904: false,
};

function scanInChunks(xml: string, chunkEnds: readonly number[], context = CONTEXT): { rows: RawRow[]; scanner: SheetXmlScanner } {
  const bytes = Buffer.from(xml, 'utf8');
  const scanner = new SheetXmlScanner(context);
  const rows: RawRow[] = [];
  let start = 0;
  for (const end of [...chunkEnds.filter((offset) => offset > 0 && offset < bytes.length).sort((a, b) => a - b), bytes.length]) {
    scanner.push(bytes.subarray(start, end));
    rows.push(...scanner.takeRows());
    start = end;
  }
  scanner.finish();
  rows.push(...scanner.takeRows());
  return { rows, scanner };
}

function sheet(sheetData: string, after = ''): string {
  return `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData>${after}</worksheet>`;
}

function escapeText(text: string): string {
  return text
    .replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function columnName(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}

function cellXml(value: RawCell, column: number, rowNumber: number, withReference: boolean): string {
  const reference = withReference ? ` r="${columnName(column)}${rowNumber}"` : '';
  if (typeof value === 'number') return `<c${reference}><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c${reference} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (typeof value === 'string') return `<c${reference} t="str"><v>${escapeText(value)}</v></c>`;
  return `<c${reference}/>`;
}

const textUnit = fc.constantFrom('a', 'Z', ' ', '&', '<', '>', '"', "'", 'é', '漢', '😀', '_', 'x', '0', 'D', '\n', '\t');
const cellValue: fc.Arbitrary<RawCell> = fc.oneof(
  // -0 is written as "0" by String(), so it cannot round-trip; Excel has no negative zero either.
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (value === 0 ? 0 : value)),
  fc.integer(),
  fc.string({ unit: textUnit, minLength: 1, maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
);

describe('SheetXmlScanner', () => {
  it('reads any values back exactly, wherever the chunk boundaries fall', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cellValue, { maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.array(fc.nat(4_000), { maxLength: 12 }),
        (grid, withReferences, chunkEnds) => {
          const xml = sheet(
            grid.map((cells, index) => `<row r="${index + 1}">${cells.map((value, column) => cellXml(value, column, index + 1, withReferences)).join('')}</row>`).join(''),
          );
          const expected = grid.flatMap((cells, index): RawRow[] => {
            const lastValue = cells.findLastIndex((value) => value !== null);
            return lastValue === -1 ? [] : [{ rowNumber: index + 1, cells: cells.slice(0, lastValue + 1) }];
          });
          expect(scanInChunks(xml, chunkEnds).rows).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('turns date-styled numbers into date cells, 1904 serials into 1900 ones, and ISO t="d" text into serials', () => {
    const xml = sheet('<row r="1"><c r="A1" s="1"><v>45000.5</v></c><c r="B1" s="0"><v>45000.5</v></c><c r="C1" t="d"><v>2024-03-15T12:00:00</v></c></row>');
    expect(scanInChunks(xml, []).rows).toEqual([
      { rowNumber: 1, cells: [{ kind: 'date', serial: 45000.5 }, 45000.5, { kind: 'date', serial: 45366.5 }] },
    ]);
    expect(scanInChunks(xml, [], { ...CONTEXT, date1904: true }).rows[0]?.cells[0]).toEqual({ kind: 'date', serial: 46462.5 });
  });

  it('reads shared strings by index, treating an empty one as an empty cell', () => {
    const xml = sheet('<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>0</v></c></row>');
    expect(scanInChunks(xml, []).rows).toEqual([{ rowNumber: 2, cells: ['one', null, 'zero'] }]);
  });

  it('refuses a reference to a shared string that does not exist, naming the sheet and row', () => {
    expect(() => scanInChunks(sheet('<row r="4"><c r="A4" t="s"><v>9</v></c></row>'), [])).toThrow(/sheet "Data".*row 4.*shared string 9/);
  });

  it('places cells without r after the previous cell, and numbers rows without r after the previous row', () => {
    const xml = sheet('<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row><row><c r="D9"><v>4</v></c></row>');
    expect(scanInChunks(xml, []).rows).toEqual([
      { rowNumber: 3, cells: [null, 1, 2] },
      { rowNumber: 4, cells: [3] },
      { rowNumber: 9, cells: [null, null, null, 4] },
    ]);
  });

  it('accepts column XFD and refuses anything beyond it, naming sheet and cell', () => {
    const lastColumn = scanInChunks(sheet('<row r="1"><c r="XFD1"><v>1</v></c></row>'), []).rows[0]?.cells;
    expect(lastColumn).toHaveLength(16_384);
    expect(() => scanInChunks(sheet('<row r="7"><c r="XFE7"><v>1</v></c></row>'), [])).toThrow(/sheet "Data": cell XFE7 lies beyond column XFD/);
    expect(() => scanInChunks(sheet('<row r="7"><c r="AAAAAAAAAAAAAAAAAAAA7"><v>1</v></c></row>'), [])).toThrow(/beyond column XFD/);
    expect(() => scanInChunks(sheet('<row r="7"><c r="XFD7"><v>1</v></c><c><v>2</v></c></row>'), [])).toThrow(/row 7 has a cell after column XFD/);
  });

  it('collects merged ranges that follow the sheet data', () => {
    const { scanner } = scanInChunks(sheet('<row r="1"><c r="A1"><v>1</v></c></row>', '<mergeCells count="2"><mergeCell ref="A1:C2"/><mergeCell ref="D5"/></mergeCells>'), [60, 130]);
    expect(scanner.merges).toEqual([
      { firstRow: 0, firstColumn: 0, lastRow: 1, lastColumn: 2 },
      { firstRow: 4, firstColumn: 3, lastRow: 4, lastColumn: 3 },
    ]);
  });

  it('skips comments and CDATA but refuses a DTD', () => {
    expect(scanInChunks(sheet('<!-- a <c> in a comment --><row r="1"><c r="A1"><v>5</v></c></row>'), [8]).rows).toEqual([{ rowNumber: 1, cells: [5] }]);
    expect(() => scanInChunks('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><worksheet/>', [])).toThrow(/DTD/);
  });

  it('reports XML that stops inside the sheet data', () => {
    expect(() => scanInChunks('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A', [])).toThrow(/ends in the middle/);
  });
});

describe('parseMergedRange', () => {
  it('reads ranges, single cells and absolute references, and rejects junk', () => {
    expect(parseMergedRange('$B$2:$A$1')).toEqual({ firstRow: 0, firstColumn: 0, lastRow: 1, lastColumn: 1 });
    expect(parseMergedRange('AA10')).toEqual({ firstRow: 9, firstColumn: 26, lastRow: 9, lastColumn: 26 });
    expect(parseMergedRange('nonsense')).toBeUndefined();
  });
});
