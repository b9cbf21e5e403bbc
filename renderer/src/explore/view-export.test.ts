import { describe, expect, it } from 'vitest';
import { sortFromColumnState, tableViewExport } from './view-export';

describe('the visible view sent for export', () => {
  it('takes the sorted columns in the order they were sorted, ignoring unsorted ones', () => {
    const sort = sortFromColumnState([
      { colId: 'locality', sort: 'asc', sortIndex: 1 },
      { colId: 'row_count', sort: 'desc', sortIndex: 0 },
      { colId: 'sex', sort: null },
    ]);
    expect(sort).toEqual([
      { column: 'row_count', direction: 'desc' },
      { column: 'locality', direction: 'asc' },
    ]);
  });

  it('sends grouping, sort, filters and the displayed columns in their order', () => {
    const rowFilter = { sex: { kind: 'text', operator: 'equals', value: 'F' } } as const;
    const request = tableViewExport('referrals', ['locality'], [], { row_count: { kind: 'number', operator: 'greaterThan', value: 9 } }, ['row_count', 'locality'], 'csv', rowFilter);
    expect(request).toEqual({
      view: { kind: 'table', table: 'referrals', groupBy: ['locality'], sort: [], filter: { row_count: { kind: 'number', operator: 'greaterThan', value: 9 } }, rowFilter, columns: ['row_count', 'locality'] },
      format: 'csv',
    });
  });
});
