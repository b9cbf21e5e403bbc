/**
 * Largest-remainder rounding. The generator allocates people with it (so a partition matches the village
 * exactly rather than by chance) and the answer key uses it to turn counts into "of 100" figures that add
 * up to exactly 100.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new Error('total must be a non-negative integer');
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  if (weights.length === 0 || !(weightSum > 0)) throw new Error('weights must add up to more than zero');
  const exact = weights.map((weight) => (weight / weightSum) * total);
  const counts = exact.map((value) => Math.floor(value));
  let remaining = total - counts.reduce((sum, count) => sum + count, 0);
  // Ties go to the earlier weight, so the result never depends on sort stability.
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((left, right) => right.remainder - left.remainder || left.index - right.index);
  for (const { index } of order) {
    if (remaining === 0) break;
    counts[index] = (counts[index] as number) + 1;
    remaining -= 1;
  }
  return counts;
}

/** Counts expressed as a village of 100 whose parts add up to exactly 100 (all zeros when total is zero). */
export function perHundred(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return counts.map(() => 0);
  return largestRemainder(100, counts);
}
