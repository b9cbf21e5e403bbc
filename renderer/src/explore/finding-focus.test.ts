import { describe, expect, it } from 'vitest';
import { columnForField, sourceRowFilter } from './finding-focus';
import { toFilterModel } from './grid-models';

const columns = [
  { name: 'source_row', type: 'BIGINT' },
  { name: 'nhs_number_pseudonym', type: 'VARCHAR' },
  { name: 'postcode_district', type: 'VARCHAR' },
  { name: 'date_of_birth', type: 'DATE' },
  { name: 'count', type: 'BIGINT' },
  { name: 'count_suppressed', type: 'VARCHAR' },
];

describe('columnForField', () => {
  it('finds the stored column of a field, pseudonymised or reduced to a district', () => {
    expect(columnForField('date_of_birth', columns)).toBe('date_of_birth');
    expect(columnForField('nhs_number', columns)).toBe('nhs_number_pseudonym');
    expect(columnForField('postcode', columns)).toBe('postcode_district');
    expect(columnForField('count', columns)).toBe('count');
  });

  it('has no column for fields that are not stored, or no field at all', () => {
    expect(columnForField('forename', columns)).toBeNull();
    expect(columnForField(null, columns)).toBeNull();
  });
});

describe('sourceRowFilter', () => {
  it('is the grid model that the engine receives as source_row equals the row', () => {
    const translated = toFilterModel(sourceRowFilter(17), () => 'number');
    expect(translated).toEqual({ ok: true, value: { source_row: { kind: 'number', operator: 'equals', value: 17 } } });
  });
});
