/**
 * A totals row that does not say "Total": official tables often end with a row labelled with the area
 * ("Birmingham", "England") whose numbers are the sums of the columns above. The tabular trailer filter
 * recognises totals by their label; this recognises them by their arithmetic, so the denominators of every
 * rate are not silently doubled. Only the last non-blank row is considered, and only when at least two of
 * its columns are numbers and every number in it equals its column's sum over at least three rows above.
 */
import { parseNumberText, isBlankCell } from './coerce';
import type { RawCell, RawRow } from './raw';

const MIN_ROWS_SUMMED = 3;
const MIN_SUMMED_COLUMNS = 2;

function numberOf(cell: RawCell | undefined): number | null {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'string') return parseNumberText(cell.trim());
  return null;
}

export interface SumTotalsFilter {
  /** The rows it passes on, in order; the rows it dropped are in `dropped` once iteration ends. */
  readonly batches: AsyncIterable<RawRow[]>;
  readonly dropped: number[];
}

export function dropArithmeticTotalsRow(source: AsyncIterable<RawRow[]> | Iterable<RawRow[]>): SumTotalsFilter {
  const dropped: number[] = [];
  async function* filtered(): AsyncGenerator<RawRow[]> {
    const sums: number[] = [];
    const counts: number[] = [];
    let held: RawRow | undefined;
    const add = (row: RawRow): void => {
      row.cells.forEach((cell, index) => {
        const value = numberOf(cell);
        if (value === null) return;
        sums[index] = (sums[index] ?? 0) + value;
        counts[index] = (counts[index] ?? 0) + 1;
      });
    };
    for await (const batch of source) {
      const out: RawRow[] = [];
      for (const row of batch) {
        if (row.cells.every((cell) => isBlankCell(cell))) {
          out.push(row);
          continue;
        }
        if (held !== undefined) {
          add(held);
          out.push(held);
        }
        held = row;
      }
      // Keep the held row back: it may be the last one.
      if (out.length > 0) yield out;
    }
    if (held === undefined) return;
    if (isSumRow(held, sums, counts)) dropped.push(held.rowNumber);
    else yield [held];
  }
  return { batches: filtered(), dropped };
}

function isSumRow(row: RawRow, sums: readonly number[], counts: readonly number[]): boolean {
  let summed = 0;
  for (let index = 0; index < row.cells.length; index += 1) {
    const value = numberOf(row.cells[index]);
    if (value === null) continue;
    const count = counts[index] ?? 0;
    const sum = sums[index] ?? 0;
    if (count < MIN_ROWS_SUMMED || Math.abs(sum - value) > 1e-9 * Math.max(1, Math.abs(sum))) return false;
    if (value !== 0) summed += 1;
  }
  return summed >= MIN_SUMMED_COLUMNS;
}
