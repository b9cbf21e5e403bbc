import { describe, expect, it } from 'vitest';
import { expectationMaximisation, type PatternCount } from './em';

/** Pattern counts drawn exactly from a two-comparison model with known m, u and share of matches. */
function exactCounts(m: number[][], u: number[][], share: number, pairs: number): PatternCount[] {
  const patterns: PatternCount[] = [];
  for (let first = 0; first < 2; first += 1) {
    for (let second = 0; second < 3; second += 1) {
      const probability = share * (m[0]?.[first] as number) * (m[1]?.[second] as number) + (1 - share) * (u[0]?.[first] as number) * (u[1]?.[second] as number);
      patterns.push({ levels: [first, second], count: probability * pairs });
    }
  }
  return patterns;
}

describe('expectation maximisation of m with u fixed', () => {
  const trueM = [[0.95, 0.05], [0.85, 0.1, 0.05]];
  const u = [[0.02, 0.98], [0.01, 0.05, 0.94]];

  it('recovers the m probabilities and the share of matches it generated the counts from', () => {
    const result = expectationMaximisation(exactCounts(trueM, u, 0.2, 100_000), { u, initialM: [[0.7, 0.3], [0.6, 0.3, 0.1]], inactive: new Set(), maxIterations: 500, tolerance: 1e-9 });
    expect(result.matchShare).toBeCloseTo(0.2, 2);
    result.m.forEach((levels, comparison) => levels.forEach((value, level) => expect(value).toBeCloseTo(trueM[comparison]?.[level] as number, 2)));
  });

  it('leaves a switched-off comparison at its starting m and ignores missing levels', () => {
    const patterns = exactCounts(trueM, u, 0.2, 10_000).map((pattern) => ({ levels: [pattern.levels[0] as number, null], count: pattern.count }));
    const result = expectationMaximisation(patterns, { u, initialM: [[0.7, 0.3], [0.6, 0.3, 0.1]], inactive: new Set([1]) });
    expect(result.m[1]).toEqual([0.6, 0.3, 0.1]);
    expect(result.pairs).toBeCloseTo(10_000, 6);
  });

  it('returns the starting values when there are no pairs', () => {
    const result = expectationMaximisation([], { u, initialM: trueM, inactive: new Set() });
    expect(result).toMatchObject({ pairs: 0, iterations: 0, matchShare: 0, m: trueM });
  });
});
