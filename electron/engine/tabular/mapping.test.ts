import { describe, expect, it } from 'vitest';
import { suggestMapping } from './mapping';
import type { RawCell, RawRow } from './raw';
import { childRegisterSpec } from './test-spec';

const spec = childRegisterSpec();
const rows = (...data: RawCell[][]): RawRow[] => data.map((cells, index) => ({ rowNumber: index + 2, cells }));

function fieldsOf(labels: string[], sample: RawRow[] = []): Record<string, string | null> {
  const mapping = suggestMapping(labels, sample, spec);
  return Object.fromEntries(mapping.columns.map((column) => [column.sourceLabel, column.field]));
}

describe('suggestMapping', () => {
  it('matches names, titles and synonyms ignoring case and punctuation', () => {
    expect(fieldsOf(['NHS No.', 'D.O.B', 'sex', 'LSOA code', 'Ward Name', 'FSM eligible'])).toEqual({
      'NHS No.': 'nhs_number',
      'D.O.B': 'date_of_birth',
      sex: 'sex',
      'LSOA code': 'lsoa11',
      'Ward Name': 'ward',
      'FSM eligible': 'fsm',
    });
  });

  it('matches similar wording', () => {
    const mapping = suggestMapping(['Child date of birth', 'Number of referrals'], [], spec);
    expect(mapping.columns.map((column) => [column.field, column.reason])).toEqual([
      ['date_of_birth', 'similar-name'],
      ['referrals', 'similar-name'],
    ]);
  });

  it('recognises columns by their values when the labels say nothing', () => {
    const sample = rows(
      ['9990000018', 'A330200100001', 'E01008881', '03/04/2015', 'Girl'],
      ['999 000 0026', 'P330200100002', 'E01008882', '14/11/2016', 'Boy'],
    );
    expect(fieldsOf(['Col1', 'Col2', 'Col3', 'Col4', 'Col5'], sample)).toEqual({
      Col1: 'nhs_number',
      Col2: 'upn',
      Col3: 'lsoa11',
      Col4: 'date_of_birth',
      Col5: 'sex',
    });
  });

  it('leaves unknown columns unmapped and never uses a field twice', () => {
    const mapping = suggestMapping(['NHS number', 'NHS No', 'Favourite colour'], [], spec);
    expect(mapping.columns.map((column) => column.field)).toEqual(['nhs_number', null, null]);
    expect(mapping.columns[2]).toMatchObject({ confidence: 0, reason: 'none' });
  });

  it('reuses last quarter’s saved mapping, including columns left out on purpose', () => {
    const saved = {
      specId: spec.id,
      columns: [
        { sourceLabel: 'Identifier', field: 'nhs_number' },
        { sourceLabel: 'Ward', field: null },
      ],
    };
    const mapping = suggestMapping(['identifier ', 'Ward', 'DOB'], [], spec, saved);
    expect(mapping.columns).toEqual([
      { sourceLabel: 'identifier ', field: 'nhs_number', confidence: 1, reason: 'saved' },
      { sourceLabel: 'Ward', field: null, confidence: 1, reason: 'saved' },
      { sourceLabel: 'DOB', field: 'date_of_birth', confidence: 0.95, reason: 'synonym' },
    ]);
  });

  it('ignores a saved mapping for another specification', () => {
    const saved = { specId: 'other', columns: [{ sourceLabel: 'Identifier', field: 'nhs_number' }] };
    expect(suggestMapping(['Identifier'], [], spec, saved).columns[0]?.field).toBeNull();
  });
});
