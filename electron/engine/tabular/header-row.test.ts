import { describe, expect, it } from 'vitest';
import { checkHeaderRow, HeaderRowError } from './header-row';
import type { RawRow } from './raw';

const where = { fileName: 'police.csv', sheet: 'police' };
const rows: RawRow[] = [
  { rowNumber: 1, cells: ['Extract of 30 June'] },
  { rowNumber: 2, cells: [null, ''] },
  { rowNumber: 3, cells: ['Ref', 'DOB', 'Ward'] },
  { rowNumber: 4, cells: ['R1', 'x', 'Aston'] },
];

describe('checkHeaderRow', () => {
  it('accepts a row with content, wherever detection would have looked', () => {
    expect(() => checkHeaderRow(rows, 3, where)).not.toThrow();
    expect(() => checkHeaderRow(rows, 1, where)).not.toThrow();
  });

  it('refuses an empty row and a row past the end, naming file, sheet and row', () => {
    expect(() => checkHeaderRow(rows, 2, where)).toThrow('police.csv, sheet "police": row 2 cannot be the header row: it is empty. Choose the row that holds the column titles.');
    expect(() => checkHeaderRow(rows, 9, where)).toThrow('police.csv, sheet "police": row 9 cannot be the header row: the sheet\'s last row with anything in it is row 4.');
    expect(() => checkHeaderRow([], 1, where)).toThrow(HeaderRowError);
    expect(() => checkHeaderRow([], 1, where)).toThrow(/the sheet is empty/);
  });

  it('treats a row the reader skipped (no cells at all) as empty', () => {
    expect(() => checkHeaderRow([rows[0] as RawRow, rows[2] as RawRow], 2, where)).toThrow(/row 2 cannot be the header row: it is empty/);
  });
});
