import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvRows } from './csv-reader';
import type { RawCell, RawRow } from './raw';
import { createTrailerFilter, splitTrailer, trailerReason } from './trailer';

const grid = (...rows: RawCell[][]): RawRow[] => rows.map((cells, index) => ({ rowNumber: index + 2, cells }));

describe('splitTrailer', () => {
  it('drops the totals, blank and source rows of the fixture and says why', async () => {
    const rows: RawRow[] = [];
    for await (const batch of readCsvRows(path.resolve(import.meta.dirname, '../../../test/fixtures/tabular/totals-row.csv'))) rows.push(...batch);
    const { dataRows, dropped } = splitTrailer(rows.slice(1), { columnCount: 3 });
    expect(dataRows.map((row) => row.cells[0])).toEqual(['Acocks Green', 'Aston']);
    expect(dropped).toEqual([
      { rowNumber: 4, reason: 'totals' },
      { rowNumber: 5, reason: 'blank' },
      { rowNumber: 6, reason: 'notes' },
    ]);
  });

  it('keeps a totals-looking row that has data after it', () => {
    const rows = grid(['Aston', '3'], ['Total', '3'], ['Billesley', '4']);
    expect(splitTrailer(rows, { columnCount: 2 }).dropped).toEqual([]);
  });

  it('does not drop a last data row that merely has one value', () => {
    expect(splitTrailer(grid(['C1', 'F', '3'], ['C2', null, null]), { columnCount: 3 }).dropped).toEqual([]);
  });
});

describe('trailerReason', () => {
  it.each([
    [['Grand total', '12'], 'totals'],
    [['Sub-total', 5], 'totals'],
    [['Source: synthetic'], 'notes'],
    [['Notes'], 'notes'],
    [['* figures below 5 are suppressed'], 'notes'],
    [['[1] Counts rounded'], 'notes'],
    [['Data extracted on the first working day'], 'notes'],
    [[null, 'Figures exclude children placed out of area'], 'notes'],
    [[null, null], 'blank'],
    [['Totten', '4'], null],
    [['Keyes', '4'], null],
    [['*', '4'], null],
  ] as [RawCell[], string | null][])('%j → %s', (cells, reason) => {
    expect(trailerReason({ rowNumber: 9, cells }, 3)).toBe(reason);
  });
});

describe('createTrailerFilter', () => {
  it('gives the same answer as splitTrailer however the rows are batched', () => {
    const rows = grid(['a', '1'], [null, null], ['b', '2'], ['Total', '3'], [], ['Source: x y z']);
    const filter = createTrailerFilter({ columnCount: 3 });
    const released = [filter.push(rows.slice(0, 2)), filter.push(rows.slice(2, 5)), filter.push(rows.slice(5))].flat();
    const expected = splitTrailer(rows, { columnCount: 3 });
    expect(released).toEqual(expected.dataRows);
    expect(filter.finish()).toEqual(expected.dropped);
  });

  it('releases held rows as data once it holds more than its limit', () => {
    const filter = createTrailerFilter({ columnCount: 2, maxHeldRows: 2 });
    const released = filter.push(grid(['a', '1'], [null], [null], [null], ['Total', '1']));
    expect(released.map((row) => row.rowNumber)).toEqual([2, 3, 4]);
    expect(filter.finish().map((row) => row.rowNumber)).toEqual([5, 6]);
  });
});
