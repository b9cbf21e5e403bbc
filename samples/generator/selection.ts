/**
 * Quota selection: pick the highest-scoring groups until exactly `target` members are chosen. Scores
 * carry logistic noise, so this behaves like a logistic model of who has a condition, while the total
 * matches the published figure exactly instead of by chance.
 */
export function selectToTarget<T>(items: readonly T[], score: (item: T) => number, size: (item: T) => number, target: number): Set<T> {
  const ranked = items.map((item) => ({ item, score: score(item), size: size(item) }));
  ranked.sort((left, right) => right.score - left.score);
  const chosen = new Set<T>();
  let count = 0;
  for (const entry of ranked) {
    if (count === target) break;
    // Skipping a group that would overshoot lets smaller groups further down fill the quota exactly.
    if (count + entry.size > target) continue;
    chosen.add(entry.item);
    count += entry.size;
  }
  return chosen;
}

/** Cumulative weights for repeated weighted draws by binary search. */
export class WeightedTable {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(weights: readonly number[]) {
    let running = 0;
    for (const weight of weights) {
      running += Math.max(0, weight);
      this.cumulative.push(running);
    }
    if (!(running > 0)) throw new Error('Weights must add up to more than zero');
    this.total = running;
  }

  /** The index whose cumulative range holds uniform * total, for uniform in [0, 1). */
  indexAt(uniform: number): number {
    const target = uniform * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
