import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { largestRemainder, perHundred } from './quotas';

describe('largestRemainder', () => {
  it('gives the village sex split for 1,000 people', () => {
    expect(largestRemainder(1000, [49, 49, 2])).toEqual([490, 490, 20]);
  });

  it('hands leftover units to the largest remainders, earlier weight first on ties', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(7, [0.5, 0.3, 0.2])).toEqual([4, 2, 1]);
  });

  it('always sums to the total and stays within one of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const counts = largestRemainder(total, weights);
          const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
          expect(counts.reduce((sum, count) => sum + count, 0)).toBe(total);
          counts.forEach((count, index) => {
            expect(Math.abs(count - ((weights[index] as number) / weightSum) * total)).toBeLessThan(1);
          });
        },
      ),
    );
  });
});

describe('perHundred', () => {
  it('adds up to exactly 100', () => {
    expect(perHundred([333, 333, 334])).toEqual([33, 33, 34]);
    expect(perHundred([0, 0])).toEqual([0, 0]);
  });
});
