import { describe, expect, it } from 'vitest';
import type { LinkPairRow } from '../../../shared/village';
import { fixtureVillage, published } from '../village/test-fixtures';
import { conflictText, pairMatrix, rateMatrix, reasonText, resolutionText, reviewPageText, shareText } from './linkage-text';

describe('pairMatrix', () => {
  it('places each engine pair both ways and leaves the diagonal and unlisted pairs empty', () => {
    const matrix = pairMatrix(['a', 'b', 'c'], [{ ...(fixtureVillage().linkage.pairs[0] as LinkPairRow), sourceA: 'a', sourceB: 'c', peopleInBoth: published(12) }]);
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

describe('rateMatrix and shareText', () => {
  const pair = fixtureVillage().linkage.pairs[0] as LinkPairRow;

  it('reads each row as its own side of the pair: shareOfA across A’s row, shareOfB across B’s', () => {
    const matrix = rateMatrix(['police_da', 'school_census', 'health'], [pair]);
    expect(matrix[0]?.[1]?.display).toBe('66.7%');
    expect(matrix[1]?.[0]?.display).toBe('2.5%');
    expect(matrix[0]?.[0]).toBeNull();
    expect(matrix[2]?.[0]).toBeNull();
  });

  it('names the denominator with the share, and shows only the symbol when the share is withheld', () => {
    expect(shareText(pair.shareOfB)).toBe('2.5% of 1,200 people in school_census');
    expect(shareText({ value: null, display: 'c', denominator: published(45), denominatorLabel: 'people in police_da' })).toBe('c');
    expect(shareText({ value: null, display: '', denominator: published(0), denominatorLabel: 'people in health' })).toBe('no people in health');
  });
});

describe('reviewPageText', () => {
  it('names the range of the page among all the pairs', () => {
    expect(reviewPageText(50, 50, 312)).toBe('pairs 51–100 of 312');
    expect(reviewPageText(300, 12, 312)).toBe('pairs 301–312 of 312');
    expect(reviewPageText(1000, 1, 1001)).toBe('pair 1,001 of 1,001');
    expect(reviewPageText(0, 0, 0)).toBe('no pairs');
  });
});
