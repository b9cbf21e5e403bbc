/**
 * Cell-key perturbation of counts, the method of the ONS's Census 2021 flexible table builder (after the ABS
 * TableBuilder): every record carries a fixed random record key from 0 to RANGE − 1; a cell's key is the sum
 * of its records' keys modulo RANGE; a perturbation table maps (true count, cell key) to the published count.
 * The same set of people always has the same cell key, so it gets the same published count in every table it
 * appears in, and subtracting one table from another gives a difference of noises, never the hidden count.
 *
 * The table (`perturbationTable(threshold)`), for a threshold t and RANGE = 256:
 * - 0 stays 0.
 * - From t + 2 up, the adjustment is −2, −1, 0, +1, +2 for 16, 56, 112, 56, 16 of the 256 cell keys: symmetric,
 *   so zero on average. The ends are kept rare (1 in 16 each): a count can be narrowed down only where
 *   several figures around it sit at opposite ends of their noise.
 * - 1 to t − 1 are never published as themselves: each becomes 0, or a value from t to t + 2, with the
 *   probabilities chosen so the mean is exactly the true count. (Above a threshold of 25 a row may reach
 *   further up, where whole 256ths cannot make its mean exact otherwise.)
 * - t and t + 1 move within [max(t, c − 2), c + 2], never below t, and to 0 now and then, which is what
 *   keeps their mean exact (a distribution cut off below t would otherwise lean upwards).
 * Every row's probabilities are whole 256ths and its mean is exactly c, so the perturbation is unbiased for
 * a uniformly random cell key, and every adjustment is bounded (`maxAdjustment`).
 *
 * References: ONS, "Protecting personal data in Census 2021 results" (2021) and "Safeguarding data for
 * Census 2021" (cell key perturbation, a record key per person, and the published-count rules for small
 * cells); Fraser & Wooton, "A proposed method for confidentialising tabular output to protect against
 * differencing" (ABS, 2005), the origin of the method.
 */

/** Record keys and cell keys run from 0 to RANGE − 1. */
export const CELL_KEY_RANGE = 256;
/** Largest adjustment of a count at or above threshold + 2. */
export const MAX_LARGE_ADJUSTMENT = 2;
/** Key counts (out of 256) for the adjustments −2, −1, 0, +1, +2 of a large count. */
const LARGE_ROW_WEIGHTS = [16, 56, 112, 56, 16] as const;

export interface PerturbationTable {
  readonly threshold: number;
  readonly range: number;
  /** published[c][key] for c from 0 to lastRow; counts above lastRow use lastRow's adjustments. */
  readonly published: readonly (readonly number[])[];
  readonly lastRow: number;
}

function checkThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > 100) throw new Error('The perturbation threshold must be a whole number from 2 to 100');
}

/**
 * Whole numbers of keys for each value of lo..hi (plus the rest on 0 when `zeroAllowed`) with
 * Σ keys × value = RANGE × mean exactly, shaped like `weightOf`. Null when no such split exists.
 */
function exactRow(mean: number, lo: number, hi: number, weightOf: (value: number) => number, zeroAllowed: boolean): Map<number, number> | null {
  const values: number[] = [];
  for (let value = lo; value <= hi; value += 1) values.push(value);
  const weights = values.map(weightOf);
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const shapeMean = values.reduce((sum, value, index) => sum + value * (weights[index] as number), 0) / weightSum;
  const target = CELL_KEY_RANGE * mean;
  // How many keys publish a non-zero value: ideally RANGE × mean / shapeMean, but it must reach the exact sum.
  const fewest = Math.ceil(target / hi);
  const most = Math.min(CELL_KEY_RANGE, Math.floor(target / lo));
  if (fewest > most || (!zeroAllowed && (fewest > CELL_KEY_RANGE || most < CELL_KEY_RANGE))) return null;
  const nonZero = zeroAllowed ? Math.min(most, Math.max(fewest, Math.round(target / shapeMean))) : CELL_KEY_RANGE;
  // Largest remainders: the shape scaled to `nonZero` keys.
  const ideal = weights.map((weight) => (weight * nonZero) / weightSum);
  const keys = ideal.map(Math.floor);
  const order = ideal.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder);
  for (let left = nonZero - keys.reduce((sum, count) => sum + count, 0), at = 0; left > 0; left -= 1, at += 1) keys[order[at % order.length]!.index]! += 1;
  // Move single keys one value up or down until the sum is exact; each move changes it by one.
  let gap = target - keys.reduce((sum, count, index) => sum + count * (values[index] as number), 0);
  while (gap !== 0) {
    const step = gap > 0 ? 1 : -1;
    let best = -1;
    for (let index = 0; index < values.length; index += 1) {
      const to = index + step;
      if (to < 0 || to >= values.length || (keys[index] as number) === 0) continue;
      if (best === -1 || (keys[index] as number) > (keys[best] as number)) best = index;
    }
    if (best === -1) return null;
    keys[best]! -= 1;
    keys[best + step]! += 1;
    gap -= step;
  }
  const row = new Map<number, number>();
  if (nonZero < CELL_KEY_RANGE) row.set(0, CELL_KEY_RANGE - nonZero);
  values.forEach((value, index) => {
    if ((keys[index] as number) > 0) row.set(value, keys[index] as number);
  });
  return row;
}

/** Keys in ascending order, each given the next value: the lowest keys publish the lowest values. */
function rowByKey(counts: ReadonlyMap<number, number>): number[] {
  const row: number[] = [];
  for (const value of [...counts.keys()].sort((a, b) => a - b)) for (let index = 0; index < (counts.get(value) as number); index += 1) row.push(value);
  return row;
}

const tables = new Map<number, PerturbationTable>();

/** The published perturbation table for a threshold (counts from 1 to threshold − 1 are never published). */
export function perturbationTable(threshold: number): PerturbationTable {
  checkThreshold(threshold);
  const cached = tables.get(threshold);
  if (cached) return cached;
  const lastRow = threshold + MAX_LARGE_ADJUSTMENT;
  const largeWeight = (centre: number) => (value: number): number => LARGE_ROW_WEIGHTS[value - centre + MAX_LARGE_ADJUSTMENT] ?? 0;
  const published: number[][] = [new Array<number>(CELL_KEY_RANGE).fill(0)];
  for (let count = 1; count < lastRow; count += 1) {
    const centre = Math.max(count, threshold);
    const lo = Math.max(threshold, count - MAX_LARGE_ADJUSTMENT);
    let row: Map<number, number> | null = null;
    // A row reaches further up only when whole 256ths cannot make its mean exact otherwise.
    for (let hi = centre + MAX_LARGE_ADJUSTMENT; row === null; hi += 1) {
      row = exactRow(count, lo, hi, (value) => largeWeight(centre)(Math.min(value, centre + MAX_LARGE_ADJUSTMENT)), true);
    }
    published.push(rowByKey(row));
  }
  published.push(rowByKey(new Map(LARGE_ROW_WEIGHTS.map((weight, index) => [lastRow + index - MAX_LARGE_ADJUSTMENT, weight]))));
  const table: PerturbationTable = { threshold, range: CELL_KEY_RANGE, published, lastRow };
  tables.set(threshold, table);
  return table;
}

/** A cell's key: the sum of its records' keys, modulo the range. */
export function cellKey(recordKeys: Iterable<number>): number {
  let sum = 0;
  for (const key of recordKeys) sum = (sum + key) % CELL_KEY_RANGE;
  return sum;
}

/** The published value of a true count with the given cell key. */
export function perturbedCount(count: number, key: number, table: PerturbationTable): number {
  if (!Number.isInteger(count) || count < 0) throw new Error('Counts to be perturbed must be non-negative whole numbers');
  if (!Number.isInteger(key) || key < 0 || key >= table.range) throw new Error(`A cell key must be a whole number from 0 to ${table.range - 1}`);
  const row = Math.min(count, table.lastRow);
  return count - row + (table.published[row]?.[key] as number);
}

/** Every value a true count can be published as (over all cell keys). */
export function possiblePublished(count: number, table: PerturbationTable): Set<number> {
  const row = Math.min(count, table.lastRow);
  return new Set((table.published[row] as number[]).map((value) => value + count - row));
}

/** The largest |published − true| anywhere in the table. */
export function maxAdjustment(table: PerturbationTable): number {
  return Math.max(...table.published.flatMap((row, count) => row.map((value) => Math.abs(value - count))));
}

/**
 * The smallest published count whose true count is certainly at least the threshold: every count below the
 * threshold is published below it. Means and other measures of a group are shown only from here up.
 */
export function smallestCountWithMeasures(table: PerturbationTable): number {
  return Math.max(...table.published.slice(1, table.threshold).flat()) + 1;
}

/** The adjustments (published − true) row after row, as a list literal to bind as one SQL parameter. */
export function adjustmentsListText(table: PerturbationTable): string {
  return `[${table.published.flatMap((row, count) => row.map((value) => value - count)).join(',')}]`;
}

/** Plain-words note for every perturbed output. */
export function perturbationNote(table: PerturbationTable): string {
  const t = table.threshold;
  return `Counts are perturbed by the cell-key method (as in the ONS's Census 2021 flexible tables): each count carries a small adjustment fixed by the people it counts, so the same people give the same figure in every table. Counts from 1 to ${t - 1} are never shown as such (they become 0, and a group of 0 is left out like an empty one, or ${t} to ${Math.max(...table.published.slice(1, t).flat())}); from ${t + MAX_LARGE_ADJUSTMENT} up a count is off by at most ${MAX_LARGE_ADJUSTMENT}. Totals are perturbed on their own, so the groups need not add up to them. Means are perturbed too (each group's sum moves by up to its largest value, then the mean is rounded to 2 places) and are shown only where the count is at least ${smallestCountWithMeasures(table)}.`;
}
