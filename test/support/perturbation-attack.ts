/**
 * An attacker's view of perturbed tables, for tests. The true table is a vector of the finest cells (e.g.
 * locality × sex × ethnicity); every published figure is the perturbed count of a set of those cells (a
 * group of one export, a margin, a total), possibly shifted by a known change (a re-export after people
 * were added or removed). The attacker knows every published figure, how they add up and the perturbation
 * table, but not the record keys, so any count whose possible published values include the figure fits.
 *
 * A quantity (a set of finest cells) is recoverable exactly only if every non-negative table that fits every
 * figure gives it the same value. `alternativeFor` looks for a witness against that: another fitting table
 * with a different value, reached from the truth by moving people between cells (one cell, two cells, or
 * four around a rectangle, by 1 or 2). A witness proves the quantity is not determined by any attack on
 * these figures (differencing, margins, repeated exports): the figures cannot tell the two tables apart.
 */
import { possiblePublished, type PerturbationTable } from '../../electron/engine/privacy/perturbation';

export interface PublishedFigure {
  /** Indices of the finest cells whose people this figure counts. */
  readonly cells: readonly number[];
  /** Known difference between the counted people and those cells' people (a later export after a change). */
  readonly offset?: number;
  readonly value: number;
  readonly where: string;
}

export interface Witness {
  readonly moves: readonly { readonly cell: number; readonly delta: number }[];
  readonly value: number;
}

export class PerturbedTables {
  private readonly figuresOfCell: number[][];
  private readonly preimage = new Map<number, Map<number, boolean>>();

  constructor(
    readonly truth: readonly number[],
    readonly figures: readonly PublishedFigure[],
    readonly table: PerturbationTable,
  ) {
    this.figuresOfCell = truth.map(() => []);
    figures.forEach((figure, index) => {
      for (const cell of new Set(figure.cells)) this.figuresOfCell[cell]?.push(index);
    });
  }

  private fits(count: number, published: number): boolean {
    if (count < 0) return false;
    let byCount = this.preimage.get(published);
    if (!byCount) {
      byCount = new Map();
      this.preimage.set(published, byCount);
    }
    let fits = byCount.get(count);
    if (fits === undefined) {
      fits = possiblePublished(count, this.table).has(published);
      byCount.set(count, fits);
    }
    return fits;
  }

  private fitsFigure(figure: PublishedFigure, count: number): boolean {
    return this.fits(count, figure.value);
  }

  private figureCount(figure: PublishedFigure, change: ReadonlyMap<number, number>): number {
    let sum = figure.offset ?? 0;
    for (const cell of figure.cells) sum += (this.truth[cell] as number) + (change.get(cell) ?? 0);
    return sum;
  }

  /** Figures the truth does not fit: a bug in the test or in the perturbation, never an attack. */
  misfits(): PublishedFigure[] {
    return this.figures.filter((figure) => !this.fitsFigure(figure, this.figureCount(figure, new Map())));
  }

  private fitsAfter(moves: readonly { cell: number; delta: number }[]): boolean {
    const change = new Map<number, number>();
    for (const { cell, delta } of moves) change.set(cell, (change.get(cell) ?? 0) + delta);
    const touched = new Set<number>();
    for (const [cell, delta] of change) {
      if (delta === 0) continue;
      if ((this.truth[cell] as number) + delta < 0) return false;
      for (const figure of this.figuresOfCell[cell] ?? []) touched.add(figure);
    }
    for (const index of touched) {
      const figure = this.figures[index] as PublishedFigure;
      if (!this.fitsFigure(figure, this.figureCount(figure, change))) return false;
    }
    return true;
  }

  /**
   * Another table that fits every figure and gives `target` (a set of finest cells) another value, or null
   * when none is found among the moves tried. `rectangles` lists cells by (row, column) of a two-way layout
   * for four-cell moves that keep both margins.
   */
  alternativeFor(target: readonly number[], rectangles?: readonly (readonly number[])[]): Witness | null {
    const inTarget = new Set(target);
    const value = (moves: readonly { cell: number; delta: number }[]): number =>
      target.reduce((sum, cell) => sum + (this.truth[cell] as number), 0) + moves.filter((move) => inTarget.has(move.cell)).reduce((sum, move) => sum + move.delta, 0);
    const truthValue = value([]);
    const cells = this.truth.map((_, index) => index);
    for (const delta of [1, -1, 2, -2]) {
      for (const cell of target) {
        const moves = [{ cell, delta }];
        if (this.fitsAfter(moves)) return { moves, value: value(moves) };
      }
    }
    for (const delta of [1, -1, 2, -2]) {
      for (const cell of target) {
        for (const other of cells) {
          if (inTarget.has(other)) continue;
          const moves = [{ cell, delta }, { cell: other, delta: -delta }];
          if (this.fitsAfter(moves)) return { moves, value: value(moves) };
        }
      }
    }
    if (rectangles) {
      for (const delta of [1, -1, 2, -2]) {
        for (let r1 = 0; r1 < rectangles.length; r1 += 1) {
          for (let r2 = 0; r2 < rectangles.length; r2 += 1) {
            if (r1 === r2) continue;
            const first = rectangles[r1] as readonly number[];
            const second = rectangles[r2] as readonly number[];
            for (let c1 = 0; c1 < first.length; c1 += 1) {
              for (let c2 = 0; c2 < first.length; c2 += 1) {
                if (c1 === c2) continue;
                const moves = [
                  { cell: first[c1] as number, delta },
                  { cell: first[c2] as number, delta: -delta },
                  { cell: second[c2] as number, delta },
                  { cell: second[c1] as number, delta: -delta },
                ];
                if (value(moves) !== truthValue && this.fitsAfter(moves)) return { moves, value: value(moves) };
              }
            }
          }
        }
      }
    }
    return this.repair(target, truthValue) ?? this.searchAll(target, truthValue);
  }

  /** How far a figure's count is from one that can be published as its value (0 when it fits). */
  private distance(figure: PublishedFigure, count: number): number {
    const published = figure.value;
    if (this.fits(count, published)) return 0;
    for (let step = 1; step < 4 * this.table.threshold + 20; step += 1) {
      if (this.fits(count - step, published) || this.fits(count + step, published)) return step;
    }
    return 4 * this.table.threshold + 20;
  }

  /**
   * Min-conflicts local search: change one target cell by ±1 or ±2 and keep it there, then repair the
   * figures that no longer fit by moving single people in and out of other cells, choosing the move that
   * leaves the figures closest to fitting (a seeded random choice among ties, and now and then at random).
   */
  private repair(target: readonly number[], truthValue: number, steps = 400, restarts = 12): Witness | null {
    let state = 1;
    const random = (): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const count = (figure: PublishedFigure, values: readonly number[]): number => figure.cells.reduce((sum, cell) => sum + (values[cell] as number), figure.offset ?? 0);
    for (let attempt = 0; attempt < restarts; attempt += 1) {
      const values = [...this.truth];
      const fixed = target[attempt % target.length] as number;
      const delta = [1, -1, 2, -2][Math.floor(attempt / target.length) % 4] as number;
      if ((values[fixed] as number) + delta < 0) continue;
      values[fixed]! += delta;
      const misfit = (): number[] => this.figures.map((figure, index) => (this.fitsFigure(figure, count(figure, values)) ? -1 : index)).filter((index) => index >= 0);
      for (let step = 0; step < steps; step += 1) {
        const bad = misfit();
        if (bad.length === 0) {
          const value = target.reduce((sum, cell) => sum + (values[cell] as number), 0);
          if (value !== truthValue) return { moves: values.map((v, cell) => ({ cell, delta: v - (this.truth[cell] as number) })).filter((move) => move.delta !== 0), value };
          break;
        }
        const figure = this.figures[bad[Math.floor(random() * bad.length)] as number] as PublishedFigure;
        const candidates: { cell: number; delta: number; cost: number }[] = [];
        for (const cell of figure.cells) {
          if (cell === fixed) continue;
          for (const change of [1, -1]) {
            if ((values[cell] as number) + change < 0) continue;
            values[cell]! += change;
            let cost = 0;
            for (const index of this.figuresOfCell[cell] ?? []) {
              const other = this.figures[index] as PublishedFigure;
              cost += this.distance(other, count(other, values));
            }
            values[cell]! -= change;
            candidates.push({ cell, delta: change, cost });
          }
        }
        if (candidates.length === 0) break;
        const lowest = Math.min(...candidates.map((candidate) => candidate.cost));
        const best = random() < 0.15 ? candidates : candidates.filter((candidate) => candidate.cost === lowest);
        const chosen = best[Math.floor(random() * best.length)] as { cell: number; delta: number };
        values[chosen.cell]! += chosen.delta;
      }
    }
    return null;
  }

  /**
   * Exhaustive search of every table within reach (each cell its own figure's possible true counts, or up
   * to threshold + 4 either side of the truth), for small tables only: depth-first, each figure checked as
   * soon as its last cell has a value.
   */
  private searchAll(target: readonly number[], truthValue: number): Witness | null {
    const cellCount = this.truth.length;
    if (cellCount > 16) return null;
    const reach = this.table.threshold + 4;
    const lastCellOf = this.figures.map((figure) => Math.max(...figure.cells));
    const checkedAt: number[][] = this.truth.map(() => []);
    lastCellOf.forEach((cell, figure) => checkedAt[cell]?.push(figure));
    const values = new Array<number>(cellCount).fill(0);
    const visit = (cell: number): Witness | null => {
      if (cell === cellCount) {
        const value = target.reduce((sum, index) => sum + (values[index] as number), 0);
        if (value === truthValue) return null;
        return { moves: values.map((count, index) => ({ cell: index, delta: count - (this.truth[index] as number) })).filter((move) => move.delta !== 0), value };
      }
      const truth = this.truth[cell] as number;
      for (let count = Math.max(0, truth - reach); count <= truth + reach; count += 1) {
        values[cell] = count;
        const fits = (checkedAt[cell] ?? []).every((index) => {
          const figure = this.figures[index] as PublishedFigure;
          return this.fitsFigure(figure, figure.cells.reduce((sum, member) => sum + (values[member] as number), figure.offset ?? 0));
        });
        if (!fits) continue;
        const found = visit(cell + 1);
        if (found) return found;
      }
      return null;
    };
    return visit(0);
  }
}
