/**
 * The checker the export property tests rely on (test/support/disclosure-checker.ts): it must find every
 * hidden figure that subtraction recovers — in one table, across tables, across exports — and nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressTable } from '../../electron/engine/privacy';
import { DisclosureLedger } from '../support/disclosure-checker';

/** A grid with its totals column and row, as keys r<row>c<column> (the last row and column are the totals). */
function recordGrid(ledger: DisclosureLedger, grid: readonly (readonly (number | null)[])[], where: string): void {
  const height = grid.length;
  const width = grid[0]?.length ?? 0;
  const key = (row: number, column: number): string => `r${row}c${column}`;
  grid.forEach((row, r) => row.forEach((value, c) => ledger.record(key(r, c), value, where)));
  for (let r = 0; r < height; r += 1) ledger.line(key(r, width - 1), Array.from({ length: width - 1 }, (_, c) => key(r, c)), where);
  for (let c = 0; c < width; c += 1) ledger.line(key(height - 1, c), Array.from({ length: height - 1 }, (_, r) => key(r, c)), where);
}

function withTotals(counts: readonly (readonly number[])[]): number[][] {
  const rows = counts.map((row) => [...row, row.reduce((sum, value) => sum + value, 0)]);
  rows.push(Array.from({ length: rows[0]?.length ?? 0 }, (_, column) => rows.reduce((sum, row) => sum + (row[column] as number), 0)));
  return rows;
}

/** Reference answer by brute force: a hidden cell is determined when every other hidden cell's value is free to vary with it fixed — rank test. */
function determinedByRank(grid: readonly (readonly (number | null)[])[]): string[] {
  const height = grid.length;
  const width = grid[0]?.length ?? 0;
  const hidden: [number, number][] = [];
  grid.forEach((row, r) => row.forEach((value, c) => value === null && hidden.push([r, c])));
  const equations: number[][] = [];
  for (let r = 0; r < height; r += 1) equations.push(hidden.map(([row, column]) => (row !== r ? 0 : column === width - 1 ? -1 : 1)));
  for (let c = 0; c < width; c += 1) equations.push(hidden.map(([row, column]) => (column !== c ? 0 : row === height - 1 ? -1 : 1)));
  const rank = (matrix: number[][]): number => {
    const rows = matrix.map((row) => [...row]);
    let found = 0;
    for (let column = 0; column < hidden.length && found < rows.length; column += 1) {
      const pivot = rows.findIndex((row, index) => index >= found && Math.abs(row[column] as number) > 1e-9);
      if (pivot === -1) continue;
      [rows[found], rows[pivot]] = [rows[pivot] as number[], rows[found] as number[]];
      const pivotRow = rows[found] as number[];
      rows.forEach((row, index) => {
        if (index === found) return;
        const factor = (row[column] as number) / (pivotRow[column] as number);
        if (factor !== 0) for (let k = 0; k < row.length; k += 1) row[k] = (row[k] as number) - factor * (pivotRow[k] as number);
      });
      found += 1;
    }
    return found;
  };
  const base = rank(equations);
  return hidden.filter((_, index) => rank([...equations, hidden.map((__, k) => (k === index ? 1 : 0))]) === base).map(([r, c]) => `r${r}c${c}`);
}

describe('DisclosureLedger', () => {
  it('recovers the single hidden cell of a line, with its value', () => {
    const ledger = new DisclosureLedger();
    ['a', 'b', 'c'].forEach((key, index) => ledger.record(key, index === 1 ? null : 10 * (index + 1), 'x'));
    ledger.record('total', 63, 'x');
    ledger.line('total', ['a', 'b', 'c'], 'x');
    expect(ledger.disclosures(5)).toEqual([{ key: 'b', hiddenIn: ['x'], value: 23 }]);
  });

  it('finds nothing when every line hides two cells or none', () => {
    const ledger = new DisclosureLedger();
    recordGrid(ledger, [[3, null, null, 20], [7, null, null, 24], [10, 17, 17, 44]], 'x');
    expect(ledger.disclosures(5)).toEqual([]);
  });

  it('finds a bridge: two hidden rectangles joined by one hidden cell', () => {
    // Rows 0-1 × columns 0-1 and rows 2-3 × columns 2-3 are hidden rectangles; r1c2 joins them and is a bridge.
    const counts = [
      [6, 7, 20, 20],
      [8, 9, 3, 20],
      [20, 20, 6, 7],
      [20, 20, 8, 9],
    ];
    const grid: (number | null)[][] = withTotals(counts);
    for (const [r, c] of [[0, 0], [0, 1], [1, 0], [1, 1], [2, 2], [2, 3], [3, 2], [3, 3], [1, 2]] as const) (grid[r] as (number | null)[])[c] = null;
    const ledger = new DisclosureLedger();
    recordGrid(ledger, grid, 'x');
    expect(ledger.disclosures(5).map((found) => [found.key, found.value])).toEqual([['r1c2', 3]]);
  });

  it('finds a figure hidden in one export and shown in another, and what that gives away', () => {
    const ledger = new DisclosureLedger();
    // Export A hides b and c; export B hides c and d: together only c is hidden, alone in its line.
    for (const [where, hiddenKeys] of [['A', ['b', 'c']], ['B', ['c', 'd']]] as const) {
      for (const [key, value] of [['a', 10], ['b', 11], ['c', 3], ['d', 12]] as const) ledger.record(key, (hiddenKeys as readonly string[]).includes(key) ? null : value, where);
      ledger.record('total', 36, where);
      ledger.line('total', ['a', 'b', 'c', 'd'], where);
    }
    expect(ledger.inconsistencies().map((found) => found.key).sort()).toEqual(['b', 'd']);
    expect(ledger.disclosures(5)).toEqual([{ key: 'c', hiddenIn: ['A', 'B'], value: 3 }]);
  });

  it('reports a figure shown with two values', () => {
    const ledger = new DisclosureLedger();
    ledger.record('a', 10, 'A');
    ledger.record('a', 11, 'B');
    expect(ledger.inconsistencies()).toHaveLength(1);
  });

  it('reports a never-published remainder worked out to be a small count, not a large one', () => {
    const ledger = new DisclosureLedger();
    ledger.record('a', 10, 'x');
    ledger.record('total', 12, 'x');
    ledger.line('total', ['a', 'remainder'], 'x');
    ledger.record('b', 10, 'x');
    ledger.record('other total', 30, 'x');
    ledger.line('other total', ['b', 'other remainder'], 'x');
    expect(ledger.disclosures(5)).toEqual([{ key: 'remainder', hiddenIn: [], value: 2 }]);
  });

  it('takes a shown rate over a small known denominator as showing its count', () => {
    const ledger = new DisclosureLedger();
    ledger.record('count', null, 'village');
    ledger.record('denominator', 37, 'village');
    ledger.rateOf('count', 'denominator', 18.9, 100, 'dashboard');
    ledger.rateOf('large count', 'large denominator', 18.9, 100, 'dashboard');
    ledger.record('large denominator', 5_000, 'village');
    const found = ledger.inconsistencies();
    expect(found.map((entry) => entry.key)).toEqual(['count']);
    expect(found[0]?.problem).toBe('hidden in village but shown in dashboard (rate × denominator)');
    // 18.9 per 100 of 37 is 7 (18.92…): the rate's rounding leaves one possible count.
    expect(ledger.disclosures(5)).toEqual([]);
    const lineLedger = new DisclosureLedger();
    lineLedger.record('denominator', 37, 'village');
    lineLedger.rateOf('count', 'denominator', 18.9, 100, 'dashboard');
    for (const [key, value] of [['count', null], ['other', null], ['total', 10]] as const) lineLedger.record(key, value, 'village');
    lineLedger.line('total', ['count', 'other'], 'village');
    expect(lineLedger.disclosures(5)).toEqual([{ key: 'other', hiddenIn: ['village'], value: 3 }]);
  });

  it('agrees with a rank test on random hiding patterns, and finds nothing in suppressTable outputs', () => {
    const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 40 }));
    const world = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
      .chain(([rows, columns]) =>
        fc.tuple(
          fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
          fc.array(fc.array(fc.boolean(), { minLength: columns + 1, maxLength: columns + 1 }), { minLength: rows + 1, maxLength: rows + 1 }),
        ),
      );
    fc.assert(
      fc.property(world, ([counts, mask]) => {
        const grid = withTotals(counts).map((row, r) => row.map((value, c) => ((mask[r] as boolean[])[c] ? null : value)));
        const ledger = new DisclosureLedger();
        recordGrid(ledger, grid, 'x');
        expect(ledger.disclosures(5).map((found) => found.key).sort()).toEqual(determinedByRank(grid).sort());

        const suppressed = suppressTable({ rows: counts.map((_, index) => `r${index}`), columns: (counts[0] ?? []).map((_, index) => `c${index}`), counts, includeTotals: true });
        const published = [
          ...suppressed.cells.map((row, r) => [...row, (suppressed.rowTotals ?? [])[r]]),
          [...(suppressed.columnTotals ?? []), suppressed.grandTotal],
        ].map((row) => row.map((cell) => cell?.value ?? null));
        const fromProduct = new DisclosureLedger();
        recordGrid(fromProduct, published, 'x');
        expect(fromProduct.disclosures(5)).toEqual([]);
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
