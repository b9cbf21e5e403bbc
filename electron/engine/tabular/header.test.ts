import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvRows } from './csv-reader';
import { detectHeader } from './header';
import { UnusableFileError, type RawCell, type RawRow } from './raw';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/tabular');

async function readFixture(name: string): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const batch of readCsvRows(path.join(fixtures, name))) rows.push(...batch);
  return rows;
}

const grid = (...rows: RawCell[][]): RawRow[] => rows.map((cells, index) => ({ rowNumber: index + 1, cells }));

describe('detectHeader', () => {
  it('finds the header below a block of notes', async () => {
    const header = detectHeader(await readFixture('notes-above-header.csv'));
    expect(header.headerRowNumbers).toEqual([5]);
    expect(header.labels).toEqual(['NHS Number', 'Date of Birth', 'Sex', 'LSOA', 'Ward']);
    expect(header.dataStartRowNumber).toBe(6);
    expect(header.notesAbove).toBe(3);
    expect(header.issues).toEqual([]);
  });

  it('uses the first row of a plain file', async () => {
    const header = detectHeader(await readFixture('header-only.csv'));
    expect(header.headerRowNumbers).toEqual([1]);
    expect(header.notesAbove).toBe(0);
  });

  it('names blank labels and suffixes duplicates, reporting both', async () => {
    const header = detectHeader(await readFixture('duplicate-headers.csv'));
    expect(header.labels).toEqual(['id', 'date', 'date_2', 'column_4', 'Date_3']);
    expect(header.issues).toEqual([
      { rule: 'duplicate-label', columnNumber: 3, duplicateOfColumn: 2 },
      { rule: 'blank-label', columnNumber: 4 },
      { rule: 'duplicate-label', columnNumber: 5, duplicateOfColumn: 2 },
    ]);
  });

  it('labels data columns the header leaves out', () => {
    const header = detectHeader(grid(['id', 'name'], ['1', 'a', 'stray']));
    expect(header.labels).toEqual(['id', 'name', 'column_3']);
    expect(header.issues).toEqual([{ rule: 'blank-label', columnNumber: 3 }]);
  });

  it('cleans whitespace and line breaks in labels', () => {
    expect(detectHeader(grid(['  NHS\nnumber ', 'Date  of birth'], ['1', '2'])).labels).toEqual(['NHS number', 'Date of birth']);
  });

  it('flattens group titles spread over blank cells (merged across, no merge list)', () => {
    const rows = grid(
      ['Children in need episodes (synthetic)'],
      [],
      [null, 'Child', null, null, 'Episode', null],
      ['ID', 'Date of birth', 'Sex', 'Ethnicity', 'Start', 'End'],
      ['C1', { kind: 'date', serial: 43000 }, 'F', 'WBRI', { kind: 'date', serial: 45000 }, null],
    );
    const header = detectHeader(rows);
    expect(header.headerRowNumbers).toEqual([3, 4]);
    expect(header.labels).toEqual(['ID', 'Child Date of birth', 'Child Sex', 'Child Ethnicity', 'Episode Start', 'Episode End']);
    expect(header.dataStartRowNumber).toBe(5);
    expect(header.notesAbove).toBe(1);
  });

  it('keeps a title merged down both rows as the label of its own column', () => {
    const rows = grid(
      ['Child ID', 'Referral', null, null, 'Outcome'],
      [null, 'Date', 'Source', 'Reason', null],
      ['C1', '01/02/2024', 'School', 'Neglect', 'NFA'],
    );
    expect(detectHeader(rows).labels).toEqual(['Child ID', 'Referral Date', 'Referral Source', 'Referral Reason', 'Outcome']);
  });

  it('uses merged ranges exactly when the reader supplies them', () => {
    const rows = grid(
      ['Child ID', 'Referral', null, 'Assessment', null],
      [null, 'Date', 'Source', 'Date', 'Factors'],
      ['C1', '01/02/2024', 'School', '03/02/2024', '3A'],
    );
    const mergedRanges = [
      { firstRow: 0, firstColumn: 0, lastRow: 1, lastColumn: 0 },
      { firstRow: 0, firstColumn: 1, lastRow: 0, lastColumn: 2 },
      { firstRow: 0, firstColumn: 3, lastRow: 0, lastColumn: 4 },
    ];
    const header = detectHeader(rows, { mergedRanges });
    expect(header.labels).toEqual(['Child ID', 'Referral Date', 'Referral Source', 'Assessment Date', 'Assessment Factors']);
    expect(header.issues).toEqual([]);
  });

  it('does not mistake a one-cell note above the header for a group row', () => {
    const rows = grid(['Extract date: 01/04/2024'], ['NHS number', 'Sex', 'LSOA'], ['9990000018', 'F', 'E01008881']);
    const header = detectHeader(rows);
    expect(header.headerRowNumbers).toEqual([2]);
    expect(header.labels).toEqual(['NHS number', 'Sex', 'LSOA']);
  });

  it('accepts dates as column titles, as monthly tables have', () => {
    const rows = grid(['Ward', { kind: 'date', serial: 45292 }, { kind: 'date', serial: 45323 }], ['Aston', 3, 4]);
    expect(detectHeader(rows).labels).toEqual(['Ward', '2024-01-01', '2024-02-01']);
  });

  it('follows the specification hint', () => {
    const rows = grid(['a', 'b'], ['c', 'd'], ['1', '2']);
    expect(detectHeader(rows, { headerRowNumber: 2 }).headerRowNumbers).toEqual([2]);
  });

  it('refuses a sheet with no content', () => {
    expect(() => detectHeader([])).toThrow(UnusableFileError);
    expect(() => detectHeader(grid([null, '  ']))).toThrow(/no rows with any content/);
  });
});
