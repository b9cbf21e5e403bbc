import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { per } from './indicators';
import { largestRemainder } from './partition';

describe('largestRemainder', () => {
  it('rounds to whole numbers that sum exactly to the total', () => {
    expect(largestRemainder([1, 1, 1]).shares).toEqual([34, 33, 33]);
    expect(largestRemainder({ boys: 4900, girls: 4900, nonBinary: 200 })).toEqual({ shares: { boys: 49, girls: 49, nonBinary: 2 }, sumIsZero: false });
    expect(largestRemainder([2, 1], 10).shares).toEqual([7, 3]);
  });

  it('breaks equal remainders by the larger count, then by category order', () => {
    // 15 and 5 of 40: quotas 37.5 and 12.5, equal remainders; the larger count gets the unit.
    expect(largestRemainder([5, 15, 20]).shares).toEqual([12, 38, 50]);
    expect(largestRemainder([1, 1]).shares).toEqual([50, 50]);
    expect(largestRemainder([1, 1], 1).shares).toEqual([1, 0]);
  });

  it('flags an all-zero partition instead of inventing shares', () => {
    expect(largestRemainder([0, 0, 0])).toEqual({ shares: [0, 0, 0], sumIsZero: true });
    expect(largestRemainder([])).toEqual({ shares: [], sumIsZero: true });
  });

  it('rejects negative or non-finite counts', () => {
    expect(() => largestRemainder([1, -1])).toThrow(/non-negative/);
    expect(() => largestRemainder([Number.NaN])).toThrow(/non-negative/);
  });

  it('property: sums to the total, and each share is within one of its exact quota', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 100_000 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), (counts, total) => {
        const sum = counts.reduce((a, b) => a + b, 0);
        fc.pre(sum > 0);
        const { shares } = largestRemainder(counts, total);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        shares.forEach((share, index) => {
          const quota = ((counts[index] as number) * total) / sum;
          expect(Math.abs(share - quota)).toBeLessThan(1);
        });
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('per', () => {
  it('computes rates per 100, per 1,000 and as a percentage', () => {
    expect(per(42, 100, 100)).toMatchObject({ value: 42, display: '42.0', suppressed: false, smallArea: false });
    expect(per(7, 2000, 1000).value).toBeCloseTo(3.5);
    expect(per(0, 400, 'percent')).toMatchObject({ value: 0, display: '0.0' });
  });

  it('withholds rates built from suppressed or small counts and denominators', () => {
    expect(per(null, 400, 100)).toMatchObject({ value: null, suppressed: true, reason: 'count-suppressed', display: 'c' });
    expect(per(3, 400, 100)).toMatchObject({ value: null, reason: 'small-count' });
    expect(per(0, 3, 100)).toMatchObject({ value: null, reason: 'small-denominator' });
    expect(per(12, null, 100, { symbol: '*' })).toMatchObject({ reason: 'denominator-suppressed', display: '*' });
    expect(per(0, 0, 100)).toMatchObject({ value: null, suppressed: false, reason: 'no-denominator', display: '' });
    expect(per(7, 400, 100, { threshold: 10 }).reason).toBe('small-count');
  });

  it('flags a small area but still publishes its rate', () => {
    expect(per(20, 80, 100, { smallAreaMinimum: 100 })).toMatchObject({ value: 25, smallArea: true });
  });
});
