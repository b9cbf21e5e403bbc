/**
 * Statistical disclosure control for exported count tables.
 *
 * Primary suppression hides every count from 1 to threshold − 1 (default threshold 5, so 1–4 become "c").
 * Zero is published: it is not a small number of children.
 *
 * Secondary suppression stops a hidden cell being worked out from the published totals. A two-way table
 * with totals is a set of additive lines: each row (including the totals row) sums to its row total and each
 * column (including the totals column) to its column total. Read the lines as nodes of a bipartite graph and
 * every cell as an edge between its row line and its column line. The suppressed cells are then unknowns
 * constrained by one equation per node, and a suppressed cell is exactly derivable precisely when its edge is
 * a bridge of the graph of suppressed cells (it lies on no cycle). A line with a single suppressed cell is the
 * simplest bridge, but not the only one: two suppressed rectangles joined by one cell expose that cell too.
 *
 * So, while the graph has a bridge, the algorithm closes a cycle through it along the cheapest path of
 * published cells (cost = the count hidden; totals cost double so inner cells go first; zeros only when
 * nothing else connects, because hiding a zero next to a small cell can pin it through non-negativity). When
 * no bridge remains and every suppressed cell is positive, each one can move up or down along a cycle while
 * every published total stays the same, so none can be derived exactly.
 *
 * No bridge is not yet enough: counts are whole and never negative, and those bounds can narrow a hidden cell
 * to a range inside 1 to threshold − 1: a column hiding 2 and 1 (3 in all) whose 1 sits in a row hiding 1 and 1
 * (2 in all) can hold at most 2 there, so its 2 is 1 to 3, a small count though no line gives it exactly.
 * So each hidden cell's feasible range given everything published is worked out (feasible-intervals.ts), and
 * while one is pinned to a single value or lies inside 1 to threshold − 1, the cheapest positive published cell
 * of its row or column is hidden too and the bridges closed again. Hiding only grows, so this ends.
 *
 * One-way lists with a total form a single line: it needs none or at least two suppressed entries.
 * Without totals nothing links the cells, so only primary suppression applies. If the same totals are
 * published elsewhere, suppress with totals included and drop them from the output afterwards.
 */
import { feasibleIntervals, type LinearConstraint } from './feasible-intervals';

export interface SuppressionOptions {
  /** Counts from 1 to threshold − 1 are suppressed. Default 5. A threshold of 1 suppresses nothing. */
  readonly threshold?: number;
  /** What a suppressed cell shows. Default "c", the ONS convention. */
  readonly symbol?: string;
}

export type CellStatus = 'published' | 'primary' | 'secondary';

export interface PublishedCell {
  readonly status: CellStatus;
  /** The count, or null when suppressed. */
  readonly value: number | null;
  /** What to write in the exported file: the count or the suppression symbol. */
  readonly display: string;
}

export interface CountTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** counts[row][column], non-negative integers. */
  readonly counts: readonly (readonly number[])[];
  readonly includeTotals: boolean;
  /** Totals to hide whatever their size (because another table hides the same number), before secondary suppression. */
  readonly hiddenTotals?: { readonly rows: readonly boolean[]; readonly grand: boolean };
  /**
   * Cells of the extended grid (rows, then the totals row; columns, then the totals column) to hide whatever
   * their size, because another table hides the same number. Totals only count when totals are included.
   */
  readonly hiddenCells?: readonly (readonly boolean[])[];
}

export interface SuppressedTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly PublishedCell[])[];
  /** Present when totals are included. */
  readonly rowTotals: readonly PublishedCell[] | null;
  readonly columnTotals: readonly PublishedCell[] | null;
  readonly grandTotal: PublishedCell | null;
  readonly primaryCount: number;
  readonly secondaryCount: number;
  readonly threshold: number;
  readonly symbol: string;
}

export interface CountList {
  readonly labels: readonly string[];
  readonly counts: readonly number[];
  readonly includeTotal: boolean;
}

export interface SuppressedList {
  readonly labels: readonly string[];
  readonly cells: readonly PublishedCell[];
  readonly total: PublishedCell | null;
  readonly primaryCount: number;
  readonly secondaryCount: number;
  readonly threshold: number;
  readonly symbol: string;
}

const DEFAULT_THRESHOLD = 5;
const DEFAULT_SYMBOL = 'c';

function resolvedOptions(options: SuppressionOptions): { threshold: number; symbol: string } {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error('The suppression threshold must be a whole number of at least 1');
  return { threshold, symbol: options.symbol ?? DEFAULT_SYMBOL };
}

/** True for a count that primary suppression hides: 1 to threshold − 1. */
export function isBelowThreshold(count: number, threshold: number = DEFAULT_THRESHOLD): boolean {
  return count >= 1 && count < threshold;
}

function checkCount(count: number | undefined): number {
  if (count === undefined || !Number.isInteger(count) || count < 0) {
    throw new Error('Counts to be suppressed must be non-negative whole numbers');
  }
  return count;
}

function publishedCell(count: number, status: CellStatus, symbol: string): PublishedCell {
  return status === 'published' ? { status, value: count, display: String(count) } : { status, value: null, display: symbol };
}

/** Bridges of an undirected simple graph given as edge endpoint lists (Tarjan's low-link, iterative). */
function findBridges(nodeCount: number, edgeFrom: readonly number[], edgeTo: readonly number[]): number[] {
  const adjacency: number[][] = Array.from({ length: nodeCount }, () => []);
  edgeFrom.forEach((from, edge) => {
    adjacency[from]?.push(edge);
    adjacency[edgeTo[edge] as number]?.push(edge);
  });
  const discovery = new Array<number>(nodeCount).fill(-1);
  const low = new Array<number>(nodeCount).fill(0);
  const bridges: number[] = [];
  let clock = 0;

  for (let root = 0; root < nodeCount; root += 1) {
    if (discovery[root] !== -1) continue;
    const stack: { node: number; parentEdge: number; next: number }[] = [{ node: root, parentEdge: -1, next: 0 }];
    discovery[root] = clock;
    low[root] = clock;
    clock += 1;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { node: number; parentEdge: number; next: number };
      const edges = adjacency[frame.node] as number[];
      if (frame.next < edges.length) {
        const edge = edges[frame.next] as number;
        frame.next += 1;
        if (edge === frame.parentEdge) continue;
        const neighbour = edgeFrom[edge] === frame.node ? (edgeTo[edge] as number) : (edgeFrom[edge] as number);
        if (discovery[neighbour] === -1) {
          discovery[neighbour] = clock;
          low[neighbour] = clock;
          clock += 1;
          stack.push({ node: neighbour, parentEdge: edge, next: 0 });
        } else {
          low[frame.node] = Math.min(low[frame.node] as number, discovery[neighbour] as number);
        }
      } else {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent !== undefined) {
          low[parent.node] = Math.min(low[parent.node] as number, low[frame.node] as number);
          if ((low[frame.node] as number) > (discovery[parent.node] as number)) bridges.push(frame.parentEdge);
        }
      }
    }
  }
  return bridges.sort((a, b) => a - b);
}

const ZERO_CELL_COST = 2 ** 50;

/**
 * Marks secondary suppressions on a grid whose every row and every column is an additive line (the last row
 * and column being the totals), until no suppressed cell is a bridge. Mutates `suppressed`; returns how many
 * cells it added.
 */
function closeBridges(grid: readonly (readonly number[])[], suppressed: boolean[][]): number {
  const rowCount = grid.length;
  const columnCount = grid[0]?.length ?? 0;
  const nodeCount = rowCount + columnCount;
  const cost = (row: number, column: number): number => {
    const count = (grid[row] as number[])[column] as number;
    if (count === 0) return ZERO_CELL_COST;
    const isTotal = row === rowCount - 1 || column === columnCount - 1;
    return (count * 2 + 1) * (isTotal ? 2 : 1);
  };
  let added = 0;

  for (;;) {
    const edgeFrom: number[] = [];
    const edgeTo: number[] = [];
    for (let row = 0; row < rowCount; row += 1) {
      for (let column = 0; column < columnCount; column += 1) {
        if ((suppressed[row] as boolean[])[column]) {
          edgeFrom.push(row);
          edgeTo.push(rowCount + column);
        }
      }
    }
    const bridge = findBridges(nodeCount, edgeFrom, edgeTo)[0];
    if (bridge === undefined) return added;

    // Cheapest path between the bridge's two lines that does not use the bridge; suppressed cells are free.
    const start = edgeFrom[bridge] as number;
    const goal = edgeTo[bridge] as number;
    const distance = new Array<number>(nodeCount).fill(Number.POSITIVE_INFINITY);
    const previous = new Array<number>(nodeCount).fill(-1);
    const settled = new Array<boolean>(nodeCount).fill(false);
    distance[start] = 0;
    for (;;) {
      let node = -1;
      for (let candidate = 0; candidate < nodeCount; candidate += 1) {
        if (!settled[candidate] && (node === -1 || (distance[candidate] as number) < (distance[node] as number))) node = candidate;
      }
      if (node === -1 || distance[node] === Number.POSITIVE_INFINITY || node === goal) break;
      settled[node] = true;
      const isRowNode = node < rowCount;
      const neighbourStart = isRowNode ? rowCount : 0;
      const neighbourEnd = isRowNode ? nodeCount : rowCount;
      for (let neighbour = neighbourStart; neighbour < neighbourEnd; neighbour += 1) {
        if (settled[neighbour]) continue;
        const row = isRowNode ? node : neighbour;
        const column = (isRowNode ? neighbour : node) - rowCount;
        if (row === start && column + rowCount === goal) continue;
        const step = (suppressed[row] as boolean[])[column] ? 0 : cost(row, column);
        const through = (distance[node] as number) + step;
        if (through < (distance[neighbour] as number)) {
          distance[neighbour] = through;
          previous[neighbour] = node;
        }
      }
    }
    if (previous[goal] === -1) throw new Error('No complementary suppression closes a cycle; the table has a single line');
    for (let node = goal; node !== start; node = previous[node] as number) {
      const other = previous[node] as number;
      const row = Math.min(node, other);
      const column = Math.max(node, other) - rowCount;
      const rowFlags = suppressed[row] as boolean[];
      if (!rowFlags[column]) {
        rowFlags[column] = true;
        added += 1;
      }
    }
  }
}

/** A hidden cell an attacker can narrow to one value or to a small count: its row and column, or null when none is. */
function exposedCell(grid: readonly (readonly number[])[], suppressed: readonly (readonly boolean[])[], threshold: number): [number, number] | null {
  const rowCount = grid.length;
  const columnCount = grid[0]?.length ?? 0;
  const hidden: [number, number][] = [];
  const indexOf = new Map<number, number>();
  for (let row = 0; row < rowCount; row += 1) {
    for (let column = 0; column < columnCount; column += 1) {
      if (!(suppressed[row] as boolean[])[column]) continue;
      indexOf.set(row * columnCount + column, hidden.length);
      hidden.push([row, column]);
    }
  }
  if (hidden.length === 0) return null;
  const constraints: LinearConstraint[] = [];
  // Each row and column is its cells less its total; a published cell moves to the right-hand side.
  const addLine = (cells: readonly [number, number][]): void => {
    const terms = new Map<number, number>();
    let constant = 0;
    cells.forEach(([row, column], position) => {
      const sign = position === cells.length - 1 ? -1 : 1;
      const index = indexOf.get(row * columnCount + column);
      if (index === undefined) constant -= sign * ((grid[row] as number[])[column] as number);
      else terms.set(index, sign);
    });
    if (terms.size > 0) constraints.push({ terms, relation: '=', constant });
  };
  for (let row = 0; row < rowCount; row += 1) addLine(Array.from({ length: columnCount }, (_, column) => [row, column]));
  for (let column = 0; column < columnCount; column += 1) addLine(Array.from({ length: rowCount }, (_, row) => [row, column]));
  const intervals = feasibleIntervals(hidden.length, constraints);
  const exposed = intervals.findIndex(({ low, high }) => (low === high && low !== 0) || (low >= 1 && high <= threshold - 1));
  return exposed === -1 ? null : (hidden[exposed] as [number, number]);
}

/** Hides the cheapest positive published cell in the row or column of an exposed cell; false when there is none. */
function widenAround(grid: readonly (readonly number[])[], suppressed: boolean[][], [row, column]: [number, number]): boolean {
  const rowCount = grid.length;
  const columnCount = grid[0]?.length ?? 0;
  const candidates: [number, number][] = [
    ...Array.from({ length: columnCount }, (_, other): [number, number] => [row, other]),
    ...Array.from({ length: rowCount }, (_, other): [number, number] => [other, column]),
  ];
  const costOf = ([candidateRow, candidateColumn]: [number, number]): number => {
    const count = (grid[candidateRow] as number[])[candidateColumn] as number;
    if ((suppressed[candidateRow] as boolean[])[candidateColumn] || count === 0) return Infinity;
    return count * (candidateRow === rowCount - 1 || candidateColumn === columnCount - 1 ? 2 : 1);
  };
  const best = candidates.reduce<[number, number] | null>((chosen, candidate) => (costOf(candidate) < (chosen === null ? Infinity : costOf(chosen)) ? candidate : chosen), null);
  if (best === null) return false;
  (suppressed[best[0]] as boolean[])[best[1]] = true;
  return true;
}

/**
 * Secondary suppression on the extended grid: bridges closed, then cells added until every hidden cell keeps a
 * protection interval. Mutates `suppressed`; returns how many cells it added.
 */
function secondarySuppression(grid: readonly (readonly number[])[], suppressed: boolean[][], threshold: number): number {
  let added = closeBridges(grid, suppressed);
  for (;;) {
    const exposed = exposedCell(grid, suppressed, threshold);
    if (exposed === null || !widenAround(grid, suppressed, exposed)) return added;
    added += 1 + closeBridges(grid, suppressed);
  }
}

/** Suppresses a two-way table of counts, with primary and secondary suppression as described above. */
export function suppressTable(table: CountTable, options: SuppressionOptions = {}): SuppressedTable {
  const { threshold, symbol } = resolvedOptions(options);
  const rowCount = table.rows.length;
  const columnCount = table.columns.length;
  if (table.counts.length !== rowCount || table.counts.some((row) => row.length !== columnCount)) {
    throw new Error(`The counts must form a ${rowCount} × ${columnCount} grid matching the row and column labels`);
  }

  // The extended grid: interior counts, a totals column, a totals row, and the grand total at the corner.
  const grid: number[][] = table.counts.map((row) => {
    const values = row.map(checkCount);
    return [...values, values.reduce((sum, value) => sum + value, 0)];
  });
  const totalsRow = Array.from({ length: columnCount + 1 }, (_, column) =>
    grid.reduce((sum, row) => sum + (row[column] as number), 0),
  );
  grid.push(totalsRow);

  const suppressed = grid.map((row, rowIndex) =>
    row.map((count, columnIndex) => {
      const isTotal = rowIndex === rowCount || columnIndex === columnCount;
      return (table.includeTotals || !isTotal) && isBelowThreshold(count, threshold);
    }),
  );
  const primary = suppressed.map((row) => [...row]);
  if (table.includeTotals && table.hiddenTotals !== undefined) {
    table.hiddenTotals.rows.forEach((hide, row) => {
      if (hide && row < rowCount) (suppressed[row] as boolean[])[columnCount] = true;
    });
    if (table.hiddenTotals.grand) (suppressed[rowCount] as boolean[])[columnCount] = true;
  }
  table.hiddenCells?.forEach((flags, row) =>
    flags.forEach((hide, column) => {
      const isTotal = row === rowCount || column === columnCount;
      if (hide && row <= rowCount && column <= columnCount && (table.includeTotals || !isTotal)) (suppressed[row] as boolean[])[column] = true;
    }),
  );
  const forcedCount = suppressed.flat().filter(Boolean).length - primary.flat().filter(Boolean).length;
  const secondaryCount = forcedCount + (table.includeTotals && rowCount > 0 && columnCount > 0 ? secondarySuppression(grid, suppressed, threshold) : 0);

  const cellAt = (row: number, column: number): PublishedCell => {
    const status: CellStatus = (primary[row] as boolean[])[column]
      ? 'primary'
      : (suppressed[row] as boolean[])[column]
        ? 'secondary'
        : 'published';
    return publishedCell((grid[row] as number[])[column] as number, status, symbol);
  };
  const cells = table.counts.map((row, rowIndex) => row.map((_, columnIndex) => cellAt(rowIndex, columnIndex)));
  const primaryCount = primary.flat().filter(Boolean).length;
  return {
    rows: table.rows,
    columns: table.columns,
    cells,
    rowTotals: table.includeTotals ? table.rows.map((_, rowIndex) => cellAt(rowIndex, columnCount)) : null,
    columnTotals: table.includeTotals ? table.columns.map((_, columnIndex) => cellAt(rowCount, columnIndex)) : null,
    grandTotal: table.includeTotals ? cellAt(rowCount, columnCount) : null,
    primaryCount,
    secondaryCount,
    threshold,
    symbol,
  };
}

/**
 * Suppresses several tables that publish the same row totals and grand total (the same people split different
 * ways: a village's sex and age-band partitions by locality). Suppressed one by one, a total hidden as a
 * complement in one table could be shown by another, and then the first table's hidden cells follow from it.
 * So each table is suppressed, every total hidden in any table of the same totals is hidden in all of them,
 * and those are suppressed again (closing the new bridges) until they agree; hiding only grows, so this ends.
 */
export function suppressTablesSharingTotals(tables: readonly CountTable[], options: SuppressionOptions = {}): SuppressedTable[] {
  const totalsKey = (table: CountTable): string | null => {
    if (!table.includeTotals) return null;
    const rowTotals = table.counts.map((row) => row.reduce((sum, count) => sum + count, 0));
    return JSON.stringify([rowTotals, rowTotals.reduce((sum, count) => sum + count, 0)]);
  };
  const results = tables.map((table) => suppressTable(table, options));
  const groups = new Map<string, number[]>();
  tables.forEach((table, index) => {
    const key = totalsKey(table);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    for (;;) {
      const rowsHidden = (tables[members[0] as number] as CountTable).rows.map((_, row) => members.some((index) => results[index]?.rowTotals?.[row]?.value === null));
      const grandHidden = members.some((index) => results[index]?.grandTotal?.value === null);
      const agree = members.every((index) => {
        const result = results[index] as SuppressedTable;
        return (result.grandTotal?.value === null) === grandHidden && rowsHidden.every((hide, row) => (result.rowTotals?.[row]?.value === null) === hide);
      });
      if (agree) break;
      for (const index of members) results[index] = suppressTable({ ...(tables[index] as CountTable), hiddenTotals: { rows: rowsHidden, grand: grandHidden } }, options);
    }
  }
  return results;
}

/**
 * Suppresses a one-way list of counts. With a total, the list is one additive line, so a single hidden entry
 * gets a complement: the smallest positive published entry (the first on ties). One always exists: if every
 * other entry were zero, the total would equal the hidden entry and be hidden too.
 */
export function suppressList(list: CountList, options: SuppressionOptions = {}): SuppressedList {
  const { threshold, symbol } = resolvedOptions(options);
  if (list.counts.length !== list.labels.length) throw new Error('Each count needs exactly one label');
  const counts = list.counts.map(checkCount);
  const total = counts.reduce((sum, count) => sum + count, 0);
  const primary = counts.map((count) => isBelowThreshold(count, threshold));
  const totalPrimary = list.includeTotal && isBelowThreshold(total, threshold);
  const secondary = counts.map(() => false);

  const primaryCount = primary.filter(Boolean).length + (totalPrimary ? 1 : 0);
  if (list.includeTotal && primaryCount === 1) {
    let complement = -1;
    counts.forEach((count, index) => {
      if (primary[index] || count === 0) return;
      if (complement === -1 || count < (counts[complement] as number)) complement = index;
    });
    secondary[complement] = true;
  }

  const status = (index: number): CellStatus => (primary[index] ? 'primary' : secondary[index] ? 'secondary' : 'published');
  return {
    labels: list.labels,
    cells: counts.map((count, index) => publishedCell(count, status(index), symbol)),
    total: list.includeTotal ? publishedCell(total, totalPrimary ? 'primary' : 'published', symbol) : null,
    primaryCount,
    secondaryCount: secondary.filter(Boolean).length,
    threshold,
    symbol,
  };
}
