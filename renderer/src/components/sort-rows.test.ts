import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from './sort-rows';

const rows = [
  { column: 'B10', count: 3 },
  { column: 'B2', count: 12 },
  { column: null, count: 3 },
  { column: 'A1', count: 7 },
];

describe('sortRows', () => {
  it('sorts numbers and keeps ties in their original order', () => {
    expect(sortRows(rows, (row) => row.count, 'descending').map((row) => row.count)).toEqual([12, 7, 3, 3]);
    expect(sortRows(rows, (row) => row.count, 'ascending').map((row) => row.column)).toEqual(['B10', null, 'A1', 'B2']);
  });

  it('compares text as people read it and puts blanks last either way', () => {
    expect(sortRows(rows, (row) => row.column, 'ascending').map((row) => row.column)).toEqual(['A1', 'B2', 'B10', null]);
    expect(sortRows(rows, (row) => row.column, 'descending').map((row) => row.column)).toEqual(['B10', 'B2', 'A1', null]);
  });
});

describe('nextSort', () => {
  it('starts a new column in its natural direction and flips the same column', () => {
    expect(nextSort(null, 'count', 'descending')).toEqual({ column: 'count', direction: 'descending' });
    expect(nextSort({ column: 'count', direction: 'descending' }, 'count', 'descending')).toEqual({ column: 'count', direction: 'ascending' });
    expect(nextSort({ column: 'count', direction: 'descending' }, 'rule', 'ascending')).toEqual({ column: 'rule', direction: 'ascending' });
  });
});
