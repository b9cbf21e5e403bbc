import { describe, expect, it } from 'vitest';
import { published } from '../village/test-fixtures';
import { conflictText, pairMatrix, reasonText, resolutionText } from './linkage-text';

describe('pairMatrix', () => {
  it('places each engine pair both ways and leaves the diagonal and unlisted pairs empty', () => {
    const matrix = pairMatrix(['a', 'b', 'c'], [{ sourceA: 'a', sourceB: 'c', peopleInBoth: published(12) }]);
    expect(matrix[0]?.[2]?.display).toBe('12');
    expect(matrix[2]?.[0]?.display).toBe('12');
    expect(matrix[0]?.[0]).toBeNull();
    expect(matrix[0]?.[1]).toBeNull();
  });
});

describe('words for codes', () => {
  it('names reasons, conflicts and resolutions, keeping unknown codes as they are', () => {
    expect(reasonText('unknown-lsoa')).toBe('LSOA code not in the lookup');
    expect(reasonText('something-new')).toBe('something-new');
    expect(conflictText('dob')).toBe('Dates of birth differ');
    expect(resolutionText('kept-apart')).toBe('kept apart');
  });
});
