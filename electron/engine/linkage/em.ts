/**
 * Expectation maximisation for the m probabilities of a Fellegi–Sunter model, over agreement patterns already
 * counted (the DuckDB side counts how many candidate pairs show each pattern). The u probabilities are fixed
 * (estimated beforehand from random pairs, as Splink does), so EM estimates only m and the share of matches
 * among the pairs. Comparisons a training blocking rule fixes (all its pairs agree on them) are switched off
 * for that rule: their agreement says nothing about match status there, and estimating them would be biased.
 */

/** One agreement pattern: per comparison its level (null: a side is missing, or the comparison is switched off). */
export interface PatternCount {
  readonly levels: readonly (number | null)[];
  readonly count: number;
}

export interface EmOptions {
  /** Per comparison, per level: u, fixed. */
  readonly u: readonly (readonly number[])[];
  /** Per comparison, per level: the starting m. */
  readonly initialM: readonly (readonly number[])[];
  /** Comparisons switched off for this training run. */
  readonly inactive: ReadonlySet<number>;
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

export interface EmResult {
  /** Per comparison, per level: estimated m (the initial values for inactive comparisons). */
  readonly m: number[][];
  /** Estimated share of matches among the training pairs. */
  readonly matchShare: number;
  readonly iterations: number;
  readonly pairs: number;
}

/** No probability is allowed to reach 0 or 1, which would make a weight infinite. */
export const PROBABILITY_FLOOR = 1e-6;
/**
 * No m below this: a level EM never sees among the training matches (on one extract, every match in the same
 * ward) would otherwise become a near-veto (−20) on the next extract, where children move.
 */
export const M_FLOOR = 1e-3;

export function expectationMaximisation(patterns: readonly PatternCount[], options: EmOptions): EmResult {
  const comparisons = options.u.length;
  let m = options.initialM.map((levels) => [...levels]);
  let matchShare = 0.3;
  const pairs = patterns.reduce((sum, pattern) => sum + pattern.count, 0);
  if (pairs === 0) return { m, matchShare: 0, iterations: 0, pairs };
  const maxIterations = options.maxIterations ?? 60;
  const tolerance = options.tolerance ?? 1e-5;
  let iteration = 0;
  for (; iteration < maxIterations; iteration += 1) {
    const matchMass = options.u.map((levels) => levels.map(() => 0));
    const matchTotal = new Array<number>(comparisons).fill(0);
    let matchedPairs = 0;
    for (const pattern of patterns) {
      let likelihoodMatch = matchShare;
      let likelihoodNonMatch = 1 - matchShare;
      pattern.levels.forEach((level, comparison) => {
        if (level === null || options.inactive.has(comparison)) return;
        likelihoodMatch *= m[comparison]?.[level] ?? PROBABILITY_FLOOR;
        likelihoodNonMatch *= options.u[comparison]?.[level] ?? PROBABILITY_FLOOR;
      });
      const posterior = likelihoodMatch / (likelihoodMatch + likelihoodNonMatch);
      const mass = posterior * pattern.count;
      matchedPairs += mass;
      pattern.levels.forEach((level, comparison) => {
        if (level === null || options.inactive.has(comparison)) return;
        (matchMass[comparison] as number[])[level] = ((matchMass[comparison] as number[])[level] as number) + mass;
        matchTotal[comparison] = (matchTotal[comparison] as number) + mass;
      });
    }
    const next = m.map((levels, comparison) => {
      const total = matchTotal[comparison] as number;
      if (options.inactive.has(comparison) || total <= 0) return levels;
      return levels.map((_, level) => Math.min(1 - M_FLOOR, Math.max(M_FLOOR, ((matchMass[comparison] as number[])[level] as number) / total)));
    });
    const nextShare = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, matchedPairs / pairs));
    const change = Math.max(Math.abs(nextShare - matchShare), ...next.flatMap((levels, comparison) => levels.map((value, level) => Math.abs(value - ((m[comparison] as number[])[level] as number)))));
    m = next;
    matchShare = nextShare;
    if (change < tolerance) {
      iteration += 1;
      break;
    }
  }
  return { m, matchShare, iterations: iteration, pairs };
}
