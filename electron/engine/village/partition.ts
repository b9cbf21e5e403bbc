/**
 * "If Birmingham were a village of 100 children": partitions (sex, age band, ethnicity) scaled to a fixed
 * total and rounded by the largest-remainder method, so each partition adds up to exactly 100 after
 * rounding, as the partnership's vision requires.
 */
export interface LargestRemainderResult<Shares> {
  readonly shares: Shares;
  /** True when every count was zero: all shares are then zero and the partition cannot sum to the total. */
  readonly sumIsZero: boolean;
}

function checkCounts(counts: readonly number[]): void {
  for (const count of counts) {
    if (!Number.isFinite(count) || count < 0) throw new Error('Partition counts must be finite and non-negative');
  }
}

function largestRemainderOfList(counts: readonly number[], total: number): LargestRemainderResult<number[]> {
  if (!Number.isInteger(total) || total < 0) throw new Error('The total to share out must be a non-negative whole number');
  checkCounts(counts);
  const sum = counts.reduce((accumulated, count) => accumulated + count, 0);
  if (sum === 0) return { shares: counts.map(() => 0), sumIsZero: true };

  // Each share is floor(count × total / sum) with remainder (count × total) mod sum, exact for whole counts.
  const scaled = counts.map((count) => count * total);
  const shares = scaled.map((value) => Math.floor(value / sum));
  const remainders = scaled.map((value, index) => value - (shares[index] as number) * sum);
  const leftOver = total - shares.reduce((accumulated, share) => accumulated + share, 0);
  const order = counts
    .map((_, index) => index)
    .sort(
      (a, b) =>
        (remainders[b] as number) - (remainders[a] as number) || (counts[b] as number) - (counts[a] as number) || a - b,
    );
  for (let position = 0; position < leftOver; position += 1) {
    const index = order[position] as number;
    shares[index] = (shares[index] as number) + 1;
  }
  return { shares, sumIsZero: false };
}

/**
 * Shares `total` (default 100) among the categories in proportion to their counts, as whole numbers that sum
 * exactly to `total`. Ties for the last units go to the larger remainder, then the larger count, then the
 * category listed first, so the result never depends on anything but the input.
 */
export function largestRemainder(counts: readonly number[], total?: number): LargestRemainderResult<number[]>;
export function largestRemainder(counts: Readonly<Record<string, number>>, total?: number): LargestRemainderResult<Record<string, number>>;
export function largestRemainder(
  counts: readonly number[] | Readonly<Record<string, number>>,
  total = 100,
): LargestRemainderResult<number[]> | LargestRemainderResult<Record<string, number>> {
  if (Array.isArray(counts)) return largestRemainderOfList(counts as readonly number[], total);
  const entries = Object.entries(counts as Readonly<Record<string, number>>);
  const result = largestRemainderOfList(entries.map(([, count]) => count), total);
  return {
    shares: Object.fromEntries(entries.map(([category], index) => [category, result.shares[index] as number])),
    sumIsZero: result.sumIsZero,
  };
}
