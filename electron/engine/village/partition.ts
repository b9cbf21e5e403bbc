/**
 * "If Birmingham were a village of 100 children": partitions (sex, age band, ethnicity) scaled to a fixed
 * total and rounded by the largest-remainder method, so each partition adds up to exactly 100 after
 * rounding, as the partnership's vision requires.
 */
import { type SuppressionOptions, suppressList } from '../privacy/disclosure';

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

export interface VillageOptions extends SuppressionOptions {
  /** The size of the village. Default 100. */
  readonly villageSize?: number;
  /** An area whose partition population is below this is flagged as small. Default 1,000. */
  readonly smallAreaMinimum?: number;
}

export interface VillagePartition {
  readonly partition: string;
  /** The partition's population (sum of its counts); the village's real-world size. */
  readonly population: number;
  /** Villagers per category, null where the underlying count is suppressed. */
  readonly villagers: Readonly<Record<string, number | null>>;
  /** Categories whose villagers are hidden (primary or secondary suppression of the count). */
  readonly suppressedCategories: readonly string[];
  readonly sumIsZero: boolean;
  /** Fewer people than smallAreaMinimum: each villager stands for very few children, so figures are unstable. */
  readonly smallArea: boolean;
}

export const DEFAULT_SMALL_AREA_MINIMUM = 1000;

/**
 * The village view of one area: each partition (e.g. sex, age band, ethnicity: category → count) scaled to
 * the village size by largest remainder. Counts are suppressed as a one-way table with its total
 * (suppressList), and the villagers of every suppressed category are hidden with them, so no per-100 figure
 * is published from a count that is itself not publishable.
 */
export function villageOf(
  partitions: Readonly<Record<string, Readonly<Record<string, number>>>>,
  options: VillageOptions = {},
): VillagePartition[] {
  const villageSize = options.villageSize ?? 100;
  const smallAreaMinimum = options.smallAreaMinimum ?? DEFAULT_SMALL_AREA_MINIMUM;
  return Object.entries(partitions).map(([partition, counts]) => {
    const categories = Object.keys(counts);
    const values = categories.map((category) => counts[category] as number);
    const rounded = largestRemainder(values, villageSize);
    const suppression = suppressList({ labels: categories, counts: values, includeTotal: true }, options);
    const villagers: Record<string, number | null> = {};
    const suppressedCategories: string[] = [];
    categories.forEach((category, index) => {
      const hidden = suppression.cells[index]?.status !== 'published';
      if (hidden) suppressedCategories.push(category);
      villagers[category] = hidden ? null : (rounded.shares[index] as number);
    });
    const population = values.reduce((sum, value) => sum + value, 0);
    return {
      partition,
      population,
      villagers,
      suppressedCategories,
      sumIsZero: rounded.sumIsZero,
      smallArea: population < smallAreaMinimum,
    };
  });
}
