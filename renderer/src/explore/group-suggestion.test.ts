import { describe, expect, it } from 'vitest';
import { suggestedGroupColumn } from './group-suggestion';

describe('the column Group by offers first', () => {
  it('is an area or category, not the sheet row or a person-level column', () => {
    const columns = [
      { name: 'source_row', type: 'BIGINT' },
      { name: 'child_pseudonym', type: 'VARCHAR' },
      { name: 'date_of_birth', type: 'DATE' },
      { name: 'referral_ref', type: 'VARCHAR' },
      { name: 'home_ward', type: 'VARCHAR' },
    ];
    expect(suggestedGroupColumn(columns)).toBe('home_ward');
  });

  it('falls back to a text column, then to any column that is not the row number', () => {
    expect(suggestedGroupColumn([{ name: 'source_row', type: 'BIGINT' }, { name: 'score', type: 'DOUBLE' }, { name: 'team', type: 'VARCHAR' }])).toBe('team');
    expect(suggestedGroupColumn([{ name: 'source_row', type: 'BIGINT' }, { name: 'score', type: 'DOUBLE' }])).toBe('score');
    expect(suggestedGroupColumn([])).toBeNull();
  });
});
