/**
 * The checker the export property tests rely on (test/support/disclosure-checker.ts): it must find every
 * hidden figure that subtraction recovers — in one table, across tables, across exports — and nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawArea, RawFigures } from '../../electron/engine/pipeline/figures';
import { publishAreas } from '../../electron/engine/pipeline/publish';
import { suppressTable } from '../../electron/engine/privacy';
import { parseRecipe, type Condition, type Recipe, type RecipeInput } from '../../shared/recipe';
import type { AreaView, PublishedCount } from '../../shared/village';
import { DisclosureLedger } from '../support/disclosure-checker';
import { feasibleIntervals, type LinearConstraint } from '../../electron/engine/privacy/feasible-intervals';

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
        expect(fromProduct.boundDisclosures(5)).toEqual([]);
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('bounds from whole, non-negative counts and rounded rates (boundDisclosures)', () => {
  it('pins what subtraction alone cannot: a total of zero makes its hidden parts zero, and so the other line\'s part (a hidden zero shown to be zero gives no one away)', () => {
    const ledger = new DisclosureLedger();
    for (const [key, value] of [['a', null], ['b', null], ['c', null], ['first', 4], ['second', 0]] as const) ledger.record(key, value, 'x');
    ledger.line('first', ['a', 'b'], 'x');
    ledger.line('second', ['b', 'c'], 'x');
    expect(ledger.disclosures(5)).toEqual([]);
    expect(ledger.boundDisclosures(5)).toEqual([{ key: 'a', hiddenIn: ['x'], low: 4, high: 4 }]);
  });

  it('finds a hidden count narrowed inside 1 to threshold − 1 though not to one value, and nothing in a protected table', () => {
    const ledger = new DisclosureLedger();
    for (const [key, value] of [['a', null], ['b', null], ['c', null], ['first', 5], ['second', 1]] as const) ledger.record(key, value, 'x');
    ledger.line('first', ['a', 'b'], 'x');
    ledger.line('second', ['b', 'c'], 'x');
    // b and c are 0 or 1, so a is 4 or 5: a small count at threshold 6, not at 5.
    expect(ledger.disclosures(6)).toEqual([]);
    expect(ledger.boundDisclosures(6)).toEqual([{ key: 'a', hiddenIn: ['x'], low: 4, high: 5 }]);
    expect(ledger.boundDisclosures(5)).toEqual([]);
    const table = new DisclosureLedger();
    recordGrid(table, [[3, null, null, 20], [7, null, null, 24], [10, 17, 17, 44]], 'x');
    expect(table.boundDisclosures(5)).toEqual([]);
  });

  it('bounds a count by its rate over a large shown denominator, and a never-published remainder by its line', () => {
    const ledger = new DisclosureLedger();
    ledger.record('count', null, 'village');
    ledger.record('denominator', 1_500, 'village');
    // 0.2 per 100 of 1,500 is 2.25 to 3.75 people: 3.
    ledger.rateOf('count', 'denominator', 0.2, 100, 'dashboard');
    expect(ledger.inconsistencies()).toEqual([]);
    expect(ledger.disclosures(5)).toEqual([]);
    expect(ledger.boundDisclosures(5)).toEqual([{ key: 'count', hiddenIn: ['village'], low: 3, high: 3 }]);
    const remainder = new DisclosureLedger();
    for (const [key, value] of [['a', null], ['b', null], ['total', 13], ['other', 10]] as const) remainder.record(key, value, 'x');
    remainder.line('total', ['a', 'b', 'rest'], 'x');
    remainder.line('other', ['a', 'b'], 'x');
    expect(remainder.boundDisclosures(5)).toEqual([{ key: 'rest', hiddenIn: [], low: 3, high: 3 }]);
  });

  it('lets a rounding difference be negative where the ledger says so', () => {
    const ledger = new DisclosureLedger();
    for (const [key, value] of [['a', null], ['b', null], ['locality', 12], ['other', 13]] as const) ledger.record(key, value, 'x');
    ledger.line('locality', ['a', 'b', 'rest'], 'x');
    ledger.line('other', ['a', 'b'], 'x');
    expect(() => ledger.boundDisclosures(5)).toThrow(/admit no/);
    ledger.free('rest');
    expect(ledger.boundDisclosures(5)).toEqual([]);
  });

  it('takes a perturbed figure as the range of counts it can stand for', () => {
    const ledger = new DisclosureLedger();
    ledger.within('a', 3, 7);
    ledger.within('b', 0, 4);
    ledger.record('total', 5, 'x');
    ledger.line('total', ['a', 'b'], 'x');
    expect(ledger.boundDisclosures(5)).toEqual([]);
    ledger.within('b', 2, 6);
    // a + b = 5 with b at least 2 leaves a from 3 to 3… and b from 2 to 2: both pinned, neither hidden, both small.
    expect(ledger.boundDisclosures(5)).toEqual([
      { key: 'a', hiddenIn: [], low: 3, high: 3 },
      { key: 'b', hiddenIn: [], low: 2, high: 2 },
    ]);
  });

  it('agrees with enumerating every whole-number table on random hiding patterns', () => {
    const LIMIT = 15;
    const world = fc
      .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }))
      .chain(([rows, columns]) =>
        fc.tuple(
          fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
          fc.array(fc.array(fc.boolean(), { minLength: columns + 1, maxLength: columns + 1 }), { minLength: rows + 1, maxLength: rows + 1 }),
        ),
      );
    fc.assert(
      fc.property(world, ([counts, mask]) => {
        const full = withTotals(counts);
        const height = counts.length;
        const width = counts[0]?.length ?? 0;
        const cells = full.flatMap((row, r) => row.map((value, c) => ({ r, c, value, hidden: (mask[r] as boolean[])[c] as boolean })));
        const unknowns = cells.filter((cell) => cell.hidden);
        const indexOf = (r: number, c: number): number => unknowns.findIndex((cell) => cell.r === r && cell.c === c);
        const valueOf = (r: number, c: number): number => full[r]?.[c] as number;
        // The table's lines as constraints on its hidden cells.
        const constraints: LinearConstraint[] = [];
        const line = (members: readonly [number, number][], total: [number, number]): void => {
          const terms = new Map<number, number>();
          let constant = 0;
          for (const [[r, c], sign] of [...members.map((member) => [member, 1] as const), [total, -1] as const]) {
            const index = indexOf(r, c);
            if (index === -1) constant -= sign * valueOf(r, c);
            else terms.set(index, (terms.get(index) ?? 0) + sign);
          }
          if (terms.size > 0) constraints.push({ terms, relation: '=', constant });
        };
        for (let r = 0; r <= height; r += 1) line(Array.from({ length: width }, (_, c) => [r, c] as [number, number]), [r, width]);
        for (let c = 0; c <= width; c += 1) line(Array.from({ length: height }, (_, r) => [r, c] as [number, number]), [height, c]);
        const intervals = feasibleIntervals(unknowns.length, constraints);
        // Every inner table with cells 0 to LIMIT that shows the same figures.
        const low = unknowns.map(() => Infinity);
        const high = unknowns.map(() => -Infinity);
        const inner = height * width;
        for (let code = 0; code < (LIMIT + 1) ** inner; code += 1) {
          const trial = Array.from({ length: height }, (_, r) => Array.from({ length: width }, (__, c) => Math.floor(code / (LIMIT + 1) ** (r * width + c)) % (LIMIT + 1)));
          const table = withTotals(trial);
          if (cells.some((cell) => !cell.hidden && table[cell.r]?.[cell.c] !== cell.value)) continue;
          unknowns.forEach((cell, index) => {
            const value = table[cell.r]?.[cell.c] as number;
            low[index] = Math.min(low[index] as number, value);
            high[index] = Math.max(high[index] as number, value);
          });
        }
        unknowns.forEach((cell, index) => {
          const interval = intervals[index] as { low: number; high: number };
          expect(interval.low, `r${cell.r}c${cell.c}`).toBe(low[index]);
          // Enumeration stops at LIMIT per inner cell; the solver does not.
          const cap = cell.r < height && cell.c < width ? LIMIT : high[index] as number;
          expect(Math.min(interval.high, cap), `r${cell.r}c${cell.c}`).toBe(Math.min(high[index] as number, cap));
        });
      }),
      { numRuns: 150, seed: 17 },
    );
  });
});

/**
 * Red-team break 4 (issue 20): "child in need" published beside "child in need, not looked after" gave the
 * looked-after children away by subtraction (Edgbaston 73 − 70 = 3). The ledger relates nested indicators
 * (parent = child + difference, in every area and every remainder) and must find no small difference and no
 * hidden count, whether the recipe also has the difference as an indicator of its own (a partition) or not.
 */
describe('differencing between nested indicators (publishAreas)', () => {
  const inNeed: Condition = { source: 'social_care', exists: true };
  const lookedAfter: Condition = { source: 'social_care', field: 'looked_after', equals: true };
  const notLookedAfter: Condition = { allOf: [inNeed, { not: lookedAfter }] };

  function nestedRecipe(threshold: number, withPartition: boolean): Recipe {
    const indicator = (id: string, numerator: Condition): NonNullable<RecipeInput['indicators']>[number] => ({
      id, name: id, description: id, ageRange: [0, 17], numerator, denominator: 'population', levels: ['city', 'locality', 'ward'],
    });
    return parseRecipe({
      version: 1,
      title: 't',
      referenceDate: '2024-06-30',
      sources: [{ id: 'social_care', file: 'a.csv', spec: 'a' }],
      population: { source: 'social_care', sexField: 'sex', ageFields: { age_0: 0 } },
      village: { sexCategories: ['F', 'M'], ageBands: [{ label: 'all', min: 0, max: 17 }], partitions: ['sex'] },
      linkage: { sources: ['social_care'] },
      indicators: [indicator('in_need', inNeed), indicator('in_need_not_looked_after', notLookedAfter), ...(withPartition ? [indicator('looked_after', lookedAfter)] : [])],
      disclosure: { threshold, symbol: 'c' },
    } satisfies RecipeInput);
  }

  /** Wards as [looked after, in need but not looked after] counts, grouped by locality; the rest are placed in no ward. */
  function nestedFigures(localities: readonly (readonly (readonly [number, number])[])[], notPlaced: readonly [number, number]): RawFigures {
    const areaOf = (level: RawArea['level'], code: string, parent: string | null, [looked, notLooked]: readonly [number, number], halves = 500): RawArea => ({
      level,
      code,
      name: code,
      parent,
      population: 2 * halves,
      partitions: [{ partition: 'sex', categories: [{ label: 'F', count: halves }, { label: 'M', count: halves }] }],
      indicators: {
        in_need: { count: looked + notLooked, denominator: 2 * halves },
        in_need_not_looked_after: { count: notLooked, denominator: 2 * halves },
        looked_after: { count: looked, denominator: 2 * halves },
      },
    });
    const add = (pairs: readonly (readonly [number, number])[]): [number, number] => pairs.reduce<[number, number]>((sum, pair) => [sum[0] + pair[0], sum[1] + pair[1]], [0, 0]);
    const wards = localities.flatMap((wardCounts, index) => wardCounts.map((counts, ward) => areaOf('ward', `L${index}W${ward}`, `L${index}`, counts)));
    const wardsOf = (index: number): number => (localities[index] ?? []).length;
    const localityAreas = localities.map((wardCounts, index) => areaOf('locality', `L${index}`, null, add(wardCounts), 500 * wardsOf(index)));
    const city = areaOf('city', 'E08000025', null, add([...localities.map(add), notPlaced]), 500 * wards.length);
    return {
      city,
      localities: localityAreas,
      wards,
      unresolved: { in_need: notPlaced[0] + notPlaced[1], in_need_not_looked_after: notPlaced[1], looked_after: notPlaced[0] },
    };
  }

  /** What an attacker reads off village.json's areas, with every line they know, the nesting included. */
  function ledgerOf(areas: readonly AreaView[], unresolved: Record<string, PublishedCount>, ids: readonly string[], differenceOf: string): DisclosureLedger {
    const ledger = new DisclosureLedger();
    const key = (id: string, area: string): string => `indicator|${id}|count|${area}`;
    const city = areas.find((area) => area.level === 'city') as AreaView;
    const localities = areas.filter((area) => area.level === 'locality');
    const wards = areas.filter((area) => area.level === 'ward');
    for (const area of areas) for (const figure of area.indicators) ledger.record(key(figure.id, area.code), figure.count.value, 'village.json');
    for (const [id, count] of Object.entries(unresolved)) if (ids.includes(id)) ledger.record(key(id, 'not placed'), count.value, 'village.json');
    const places = [city.code, 'not placed', ...localities.map((area) => area.code), ...localities.map((area) => `${area.code} outside its wards`), ...wards.map((area) => area.code)];
    for (const id of ids) {
      ledger.line(key(id, city.code), [...localities.map((area) => key(id, area.code)), key(id, 'not placed')], 'village.json');
      for (const locality of localities) ledger.line(key(id, locality.code), [...wards.filter((ward) => ward.parent === locality.code).map((ward) => key(id, ward.code)), key(id, `${locality.code} outside its wards`)], 'village.json');
    }
    // The nesting: in need = not looked after + looked after, wherever both are counted.
    for (const place of places) ledger.line(key('in_need', place), [key('in_need_not_looked_after', place), key(differenceOf, place)], 'the recipe');
    return ledger;
  }

  it('hides the worked case: Edgbaston 73 in need, 70 of them not looked after', () => {
    const raw = nestedFigures([[[3, 40], [0, 30]], [[20, 60], [12, 50]]], [0, 9]);
    const { areas, unresolvedByIndicator } = publishAreas(raw, nestedRecipe(5, false), { threshold: 5, symbol: 'c' });
    const edgbaston = areas.find((area) => area.code === 'L0') as AreaView;
    const shown = (id: string): number | null => edgbaston.indicators.find((figure) => figure.id === id)?.count.value ?? null;
    expect(shown('in_need') === null || shown('in_need_not_looked_after') === null).toBe(true);
    const ledger = ledgerOf(areas, unresolvedByIndicator, ['in_need', 'in_need_not_looked_after'], 'in_need minus in_need_not_looked_after');
    expect(ledger.disclosures(5)).toEqual([]);
    expect(ledger.boundDisclosures(5)).toEqual([]);
  });

  it('leaves no small difference and no hidden count to be worked out (property, with and without the partition)', () => {
    const counts = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 60 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.boolean(),
        fc.array(fc.array(counts, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 }),
        counts,
        (threshold, withPartition, localities, notPlaced) => {
          const raw = nestedFigures(localities, notPlaced);
          const { areas, unresolvedByIndicator } = publishAreas(raw, nestedRecipe(threshold, withPartition), { threshold, symbol: 'c' });
          const ids = withPartition ? ['in_need', 'in_need_not_looked_after', 'looked_after'] : ['in_need', 'in_need_not_looked_after'];
          const ledger = ledgerOf(areas, unresolvedByIndicator, ids, withPartition ? 'looked_after' : 'in_need minus in_need_not_looked_after');
          expect(ledger.inconsistencies()).toEqual([]);
          expect(ledger.disclosures(threshold)).toEqual([]);
          expect(ledger.boundDisclosures(threshold)).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 20 },
    );
  });
});
