import { describe, expect, it } from 'vitest';
import type { ColumnKind } from './column-kinds';
import { describeFilter, toFilterModel, toSortSpecs } from './grid-models';

const kinds = new Map<string, ColumnKind>([
  ['name', 'text'],
  ['age', 'number'],
  ['dob', 'date'],
  ['__proto__', 'text'],
]);
const kindOf = (column: string): ColumnKind | undefined => kinds.get(column);

describe('toSortSpecs', () => {
  it('maps AG Grid sort items in order', () => {
    expect(
      toSortSpecs([
        { colId: 'age', sort: 'desc' },
        { colId: 'name', sort: 'asc' },
      ]),
    ).toEqual([
      { column: 'age', direction: 'desc' },
      { column: 'name', direction: 'asc' },
    ]);
  });
});

describe('toFilterModel', () => {
  it('treats a missing model as no filters', () => {
    expect(toFilterModel(undefined, kindOf)).toEqual({ ok: true, value: {} });
    expect(toFilterModel({}, kindOf)).toEqual({ ok: true, value: {} });
  });

  it('maps text, number and date filters', () => {
    const result = toFilterModel(
      {
        name: { filterType: 'text', type: 'contains', filter: 'Ali' },
        age: { filterType: 'number', type: 'inRange', filter: 5, filterTo: 9 },
        dob: { filterType: 'date', type: 'lessThan', dateFrom: '2015-09-01 00:00:00', dateTo: null },
      },
      kindOf,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        name: { kind: 'text', operator: 'contains', value: 'Ali' },
        age: { kind: 'number', operator: 'inRange', value: 5, valueTo: 9 },
        dob: { kind: 'date', operator: 'lessThan', value: '2015-09-01' },
      },
    });
  });

  it('sends blank and notBlank without a value', () => {
    const result = toFilterModel({ age: { filterType: 'number', type: 'blank' }, dob: { filterType: 'date', type: 'notBlank' } }, kindOf);
    expect(result).toEqual({
      ok: true,
      value: { age: { kind: 'number', operator: 'blank' }, dob: { kind: 'date', operator: 'notBlank' } },
    });
  });

  it('chooses the filter kind from the column, not from the model', () => {
    const result = toFilterModel({ age: { filterType: 'text', type: 'contains', filter: '5' } }, kindOf);
    expect(result.ok).toBe(false);
  });

  it('refuses combined conditions, which the engine cannot run', () => {
    const result = toFilterModel(
      {
        name: {
          filterType: 'text',
          operator: 'OR',
          conditions: [
            { filterType: 'text', type: 'contains', filter: 'a' },
            { filterType: 'text', type: 'contains', filter: 'b' },
          ],
        },
      },
      kindOf,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('one condition');
  });

  it('refuses operators the engine does not support', () => {
    expect(toFilterModel({ dob: { filterType: 'date', type: 'lessThanOrEqual', dateFrom: '2020-01-01' } }, kindOf).ok).toBe(false);
    expect(toFilterModel({ dob: { filterType: 'date', type: 'today' } }, kindOf).ok).toBe(false);
    expect(toFilterModel({ name: { filterType: 'text', type: 'empty' } }, kindOf).ok).toBe(false);
  });

  it('refuses incomplete ranges and unknown columns', () => {
    expect(toFilterModel({ age: { filterType: 'number', type: 'inRange', filter: 5 } }, kindOf).ok).toBe(false);
    expect(toFilterModel({ missing: { filterType: 'text', type: 'contains', filter: 'x' } }, kindOf).ok).toBe(false);
  });

  it('keeps a column called __proto__ as data', () => {
    const model = JSON.parse('{"__proto__": {"filterType": "text", "type": "equals", "filter": "x"}}') as unknown;
    const result = toFilterModel(model, kindOf);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(result.value, '__proto__')).toBe(true);
    }
  });
});

describe('describeFilter', () => {
  it('puts the filter in plain words', () => {
    expect(describeFilter({ sex: { kind: 'text', operator: 'equals', value: 'F' }, age: { kind: 'number', operator: 'inRange', value: 5, valueTo: 11 }, ward: { kind: 'text', operator: 'blank' } })).toBe(
      'sex is F and age is between 5 and 11 and ward is empty',
    );
  });
});
