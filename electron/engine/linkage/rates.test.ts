import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkRecords } from './link';
import { linkQualityReport } from './quality';
import { linkRates, linkShare } from './rates';

const records = [
  { source: 'health', recordId: 'h1', keys: [{ key: 'nhs', value: 'N1' }] },
  { source: 'social-care', recordId: 's1', keys: [{ key: 'nhs', value: 'N1' }, { key: 'upn', value: 'U1' }] },
  { source: 'education', recordId: 'e1', keys: [{ key: 'upn', value: 'U1' }] },
  { source: 'education', recordId: 'e2', keys: [{ key: 'upn', value: 'U1' }] },
  { source: 'education', recordId: 'e3', keys: [{ key: 'upn', value: 'U2' }] },
  { source: 'education', recordId: 'e4', keys: [{ key: 'upn', value: 'U3' }] },
  { source: 'health', recordId: 'h2', keys: [] },
];

describe('linkRates', () => {
  it('divides matched and unmatched people by the source’s people, and people in both by each side’s people', () => {
    const rates = linkRates(linkQualityReport(records, linkRecords(records)));
    // education: 3 people (U1 twice, U2, U3), one of them (U1) also elsewhere.
    expect(rates.sources).toEqual([
      { source: 'education', matched: { numerator: 1, denominator: 3, share: 1 / 3 }, unmatched: { numerator: 2, denominator: 3, share: 2 / 3 } },
      { source: 'health', matched: { numerator: 1, denominator: 2, share: 0.5 }, unmatched: { numerator: 1, denominator: 2, share: 0.5 } },
      { source: 'social-care', matched: { numerator: 1, denominator: 1, share: 1 }, unmatched: { numerator: 0, denominator: 1, share: 0 } },
    ]);
    expect(rates.pairs).toEqual([
      { sourceA: 'education', sourceB: 'health', shareOfA: { numerator: 1, denominator: 3, share: 1 / 3 }, shareOfB: { numerator: 1, denominator: 2, share: 0.5 } },
      { sourceA: 'education', sourceB: 'social-care', shareOfA: { numerator: 1, denominator: 3, share: 1 / 3 }, shareOfB: { numerator: 1, denominator: 1, share: 1 } },
      { sourceA: 'health', sourceB: 'social-care', shareOfA: { numerator: 1, denominator: 2, share: 0.5 }, shareOfB: { numerator: 1, denominator: 1, share: 1 } },
    ]);
  });

  it('has no share of nothing, and refuses a count larger than its denominator', () => {
    expect(linkShare(0, 0)).toEqual({ numerator: 0, denominator: 0, share: null });
    expect(() => linkShare(3, 2)).toThrow(/0 ≤ 3 ≤ 2/);
  });

  it('property: every share lies in [0, 1], matched and unmatched add to one, and a pair never exceeds either side', () => {
    const record = fc.record({ source: fc.constantFrom('a', 'b', 'c', 'd'), key: fc.integer({ min: 0, max: 8 }), keyed: fc.boolean() });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 40 }), (rows) => {
        const input = rows.map((row, index) => ({ source: row.source, recordId: `r${index}`, keys: row.keyed ? [{ key: 'nhs', value: String(row.key) }] : [] }));
        const rates = linkRates(linkQualityReport(input, linkRecords(input)));
        for (const source of rates.sources) {
          expect(source.matched.denominator).toBeGreaterThan(0);
          expect((source.matched.share as number) + (source.unmatched.share as number)).toBeCloseTo(1, 12);
        }
        for (const pair of rates.pairs) {
          for (const share of [pair.shareOfA, pair.shareOfB]) {
            expect(share.share).not.toBeNull();
            expect(share.share as number).toBeGreaterThanOrEqual(0);
            expect(share.share as number).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});
