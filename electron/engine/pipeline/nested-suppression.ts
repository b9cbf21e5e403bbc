/**
 * Joint suppression of indicators whose people nest (nesting.ts). For a parent P and a child N ⊆ P, the
 * difference D = P − N is a count of people too, published by subtraction wherever P and N both are. So
 * the pair is one two-way table: a row per part of the line (localities and the people placed in none, or
 * a locality's wards and those outside them), columns N and D, row totals P, column totals the line's totals
 * of N and D, and P's total at the corner. Suppressed as a table (privacy/disclosure.ts), no hidden count of
 * P, N or D follows from the others, and a small D is hidden like any small count, through P or N.
 * An indicator can be in several pairs (a parent of two children, a child of one and parent of another) and
 * a difference can be an indicator of its own (a partition): every table sees the same quantities under the
 * same keys, and a quantity hidden in one table is hidden in all, suppressed again until they agree (hiding
 * only grows, so this ends).
 */
import { isBelowThreshold, suppressTable } from '../privacy';
import type { NestedPair } from './nesting';
import type { DisclosureRule } from './publish';

/** One indicator's figures along one line: the parts and the remainder (never published) add up to the total. */
export interface LineFigures {
  /** What each part is (area codes): only lines over the same parts are related. */
  readonly labels: readonly string[];
  readonly parts: readonly number[];
  readonly remainder: number;
  readonly total: number;
}

export interface LineHiding {
  /** Per part, then the remainder: hidden or not. */
  readonly parts: readonly boolean[];
  readonly remainder: boolean;
  readonly total: boolean;
}

interface PairTable {
  readonly counts: number[][];
  /** The quantity key of each cell of the extended grid (rows then totals; N, D, then totals). */
  readonly keys: string[][];
}

const cellKey = (quantity: string, row: number | 'total'): string => `${quantity}|${row}`;

/**
 * Which cells to hide, per indicator in a pair, when every pair is suppressed jointly; `forced` hides
 * quantities whatever their size (a line's total hidden one level up). Indicators in no pair are left out.
 */
export function suppressNestedLines(lines: ReadonlyMap<string, LineFigures>, pairs: readonly NestedPair[], rule: DisclosureRule, forced: ReadonlySet<string> = new Set()): Map<string, LineHiding> {
  const tables: PairTable[] = [];
  for (const pair of pairs) {
    const parent = lines.get(pair.parent);
    const child = lines.get(pair.child);
    if (parent === undefined || child === undefined || JSON.stringify(parent.labels) !== JSON.stringify(child.labels)) continue;
    const parentRows = [...parent.parts, parent.remainder];
    const childRows = [...child.parts, child.remainder];
    const difference = pair.difference ?? `${pair.parent} minus ${pair.child}`;
    const counts = parentRows.map((count, row) => [childRows[row] as number, count - (childRows[row] as number)]);
    // Counts that do not nest (a remainder made up by rounding, say) cannot be a table of people: leave the pair.
    if (counts.some((row) => row.some((count) => count < 0))) continue;
    const rowKeys = parentRows.map((_, row) => [cellKey(pair.child, row), cellKey(difference, row), cellKey(pair.parent, row)]);
    tables.push({ counts, keys: [...rowKeys, [cellKey(pair.child, 'total'), cellKey(difference, 'total'), cellKey(pair.parent, 'total')]] });
  }
  const hidden = new Set(forced);
  for (;;) {
    const before = hidden.size;
    for (const table of tables) {
      const suppressed = suppressTable(
        {
          rows: table.counts.map((_, row) => String(row)),
          columns: ['child', 'difference'],
          counts: table.counts,
          includeTotals: true,
          hiddenCells: table.keys.map((row) => row.map((key) => hidden.has(key))),
        },
        rule,
      );
      const statusRows = [...suppressed.cells.map((row, index) => [...row, suppressed.rowTotals?.[index]]), [...(suppressed.columnTotals ?? []), suppressed.grandTotal]];
      statusRows.forEach((row, rowIndex) =>
        row.forEach((cell, columnIndex) => {
          if (cell !== undefined && cell !== null && cell.value === null) hidden.add((table.keys[rowIndex] as string[])[columnIndex] as string);
        }),
      );
    }
    if (hidden.size === before) break;
  }
  const result = new Map<string, LineHiding>();
  for (const id of new Set(pairs.flatMap((pair) => [pair.parent, pair.child]))) {
    const line = lines.get(id);
    if (line === undefined || !tables.some((table) => table.keys.some((row) => row.includes(cellKey(id, 'total'))))) continue;
    const isHidden = (row: number | 'total', count: number): boolean => hidden.has(cellKey(id, row)) || isBelowThreshold(count, rule.threshold);
    result.set(id, {
      parts: line.parts.map((count, row) => isHidden(row, count)),
      remainder: isHidden(line.parts.length, line.remainder),
      total: isHidden('total', line.total),
    });
  }
  return result;
}
