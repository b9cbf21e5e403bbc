import { describe, expect, it } from 'vitest';
import { groupBySchema, groupedViewColumns, looksPersonLevel } from './grid';

describe('grouped view columns', () => {
  it('lists the grouping columns, the row count, then a mean per measure, skipping identifier-like numbers', () => {
    const columns = [
      { name: 'child_id', type: 'BIGINT' },
      { name: 'locality', type: 'VARCHAR' },
      { name: 'sessions_missed', type: 'INTEGER' },
      { name: 'score', type: 'DECIMAL(9,2)' },
      { name: 'school_urn', type: 'INTEGER' },
      { name: 'in_care', type: 'BOOLEAN' },
    ];
    expect(groupedViewColumns(columns, ['locality'])).toEqual([
      { name: 'locality', type: 'VARCHAR', role: 'group', source: 'locality' },
      { name: 'row_count', type: 'BIGINT', role: 'count', source: null },
      { name: 'mean_sessions_missed', type: 'DOUBLE', role: 'mean', source: 'sessions_missed' },
      { name: 'mean_score', type: 'DOUBLE', role: 'mean', source: 'score' },
    ]);
  });

  it('renames the count and means rather than clash with a grouping column of the same name', () => {
    const columns = [
      { name: 'row_count', type: 'VARCHAR' },
      { name: 'mean_age', type: 'VARCHAR' },
      { name: 'age', type: 'DOUBLE' },
    ];
    expect(groupedViewColumns(columns, ['row_count', 'mean_age']).map((column) => column.name)).toEqual(['row_count', 'mean_age', 'row_count_2', 'mean_age_2']);
  });

  it('accepts up to four distinct grouping columns', () => {
    expect(groupBySchema.safeParse(['a', 'b', 'c', 'd']).success).toBe(true);
    expect(groupBySchema.safeParse(['a', 'b', 'c', 'd', 'e']).success).toBe(false);
    expect(groupBySchema.safeParse(['a', 'a']).success).toBe(false);
  });
});

describe('person-level column names', () => {
  it('recognises pseudonyms, match keys, identifiers, dates of birth and postcodes, not areas', () => {
    for (const name of ['nhs_number_pseudonym', 'match_keys', 'date_of_birth', 'home_postcode', 'UPN', 'surname']) expect(looksPersonLevel(name)).toBe(true);
    for (const name of ['locality', 'lsoa_code', 'ward', 'sex', 'postcode_district_count']) expect(looksPersonLevel(name)).toBe(false);
  });
});
