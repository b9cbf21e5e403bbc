/**
 * The range an attacker can narrow each unknown count to, from linear equalities and inequalities over
 * non-negative counts: for every unknown, the least and greatest value it takes over all non-negative
 * solutions, found by linear programming (a dense two-phase simplex with Bland's rule, which cannot cycle on
 * these highly degenerate systems), then rounded inwards to whole numbers because counts are integers.
 *
 * For the systems the exports make (a table with its margins, lines of parts with their total) the constraint
 * matrix is totally unimodular, so the rounded LP bounds are the exact integer bounds. Elsewhere they can be
 * only wider than the integer ones: a check built on them can miss a leak, never invent one.
 *
 * Used twice, each time on its own systems: by suppressTable (disclosure.ts) to check that every hidden cell of
 * a table keeps a protection interval, and by the export property tests' attacker (test/support/
 * disclosure-checker.ts) on everything the exports publish together.
 *
 * Unknowns are split into independent groups (those sharing a constraint) and each group is solved once for
 * feasibility, then from that basis for every objective, so a few hundred unknowns take well under a second.
 */

export interface LinearConstraint {
  /** Unknown index → coefficient. */
  readonly terms: ReadonlyMap<number, number>;
  readonly relation: '=' | '<=' | '>=';
  readonly constant: number;
}

export interface FeasibleInterval {
  readonly low: number;
  /** Infinity when nothing bounds the unknown above. */
  readonly high: number;
}

const EPSILON = 1e-9;
/** How far a bound may sit from a whole number and still be rounded to it (floating-point noise). */
const ROUNDING_SLACK = 1e-6;

/**
 * Each unknown's feasible interval; throws when the constraints admit no solution (the model is wrong). Unknowns
 * are non-negative except those in `free` (a difference of rounded figures, which can go either way).
 */
export function feasibleIntervals(unknownCount: number, constraints: readonly LinearConstraint[], free: ReadonlySet<number> = new Set()): FeasibleInterval[] {
  const intervals: FeasibleInterval[] = Array.from({ length: unknownCount }, (_, index) => ({ low: free.has(index) ? -Infinity : 0, high: Infinity }));
  for (const group of constraintGroups(unknownCount, constraints)) {
    const solved = solveGroup(group.unknowns, group.constraints, free);
    group.unknowns.forEach((unknown, index) => {
      intervals[unknown] = solved[index] as FeasibleInterval;
    });
  }
  return intervals;
}

interface ConstraintGroup {
  readonly unknowns: number[];
  readonly constraints: LinearConstraint[];
}

function constraintGroups(unknownCount: number, constraints: readonly LinearConstraint[]): ConstraintGroup[] {
  const parent = Array.from({ length: unknownCount }, (_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root] as number;
    let node = index;
    while (parent[node] !== root) {
      const next = parent[node] as number;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  for (const constraint of constraints) {
    const [first, ...rest] = [...constraint.terms.keys()];
    if (first === undefined) continue;
    for (const other of rest) parent[find(other)] = find(first);
  }
  const groups = new Map<number, ConstraintGroup>();
  for (const constraint of constraints) {
    const first = constraint.terms.keys().next().value;
    if (first === undefined) continue;
    const root = find(first);
    const group = groups.get(root) ?? { unknowns: [], constraints: [] };
    group.constraints.push(constraint);
    groups.set(root, group);
  }
  for (let unknown = 0; unknown < unknownCount; unknown += 1) groups.get(find(unknown))?.unknowns.push(unknown);
  return [...groups.values()];
}

/**
 * A simplex tableau over columns [unknowns, slacks, artificials | right-hand side] with one row per
 * constraint kept, in standard form (every right-hand side non-negative, every variable non-negative).
 */
class Tableau {
  readonly rows: Float64Array[];
  readonly basis: number[];
  readonly width: number;
  /** Columns that may enter the basis (artificials are barred after phase one). */
  readonly allowed: boolean[];

  constructor(rows: Float64Array[], basis: number[], width: number, allowed: boolean[]) {
    this.rows = rows;
    this.basis = basis;
    this.width = width;
    this.allowed = allowed;
  }

  pivot(row: number, column: number, objective: Float64Array): void {
    const pivotRow = this.rows[row] as Float64Array;
    const scale = pivotRow[column] as number;
    for (let k = 0; k <= this.width; k += 1) pivotRow[k] = (pivotRow[k] as number) / scale;
    const eliminate = (target: Float64Array): void => {
      const factor = target[column] as number;
      if (Math.abs(factor) < EPSILON) return;
      for (let k = 0; k <= this.width; k += 1) target[k] = (target[k] as number) - factor * (pivotRow[k] as number);
    };
    this.rows.forEach((other, index) => {
      if (index !== row) eliminate(other);
    });
    eliminate(objective);
    this.basis[row] = column;
  }

  /**
   * Maximises cost · x from the current feasible basis; returns the optimum, or Infinity when unbounded. The
   * objective row holds reduced costs (cost minus the basis's prices) and, in its last cell, minus the value.
   */
  maximise(cost: Float64Array): number {
    const objective = new Float64Array(this.width + 1);
    objective.set(cost);
    this.rows.forEach((row, index) => {
      const price = cost[this.basis[index] as number] as number;
      if (price === 0) return;
      for (let k = 0; k <= this.width; k += 1) objective[k] = (objective[k] as number) - price * (row[k] as number);
    });
    for (;;) {
      let entering = -1;
      for (let column = 0; column < this.width; column += 1) {
        if (this.allowed[column] && (objective[column] as number) > EPSILON) {
          entering = column;
          break;
        }
      }
      if (entering === -1) return -(objective[this.width] as number);
      let leaving = -1;
      let bestRatio = Infinity;
      this.rows.forEach((row, index) => {
        const coefficient = row[entering] as number;
        if (coefficient <= EPSILON) return;
        const ratio = (row[this.width] as number) / coefficient;
        const better = ratio < bestRatio - EPSILON;
        const tie = Math.abs(ratio - bestRatio) <= EPSILON && (this.basis[index] as number) < (this.basis[leaving] as number);
        if (better || tie) {
          bestRatio = ratio;
          leaving = index;
        }
      });
      if (leaving === -1) return Infinity;
      this.pivot(leaving, entering, objective);
    }
  }
}

function solveGroup(unknowns: readonly number[], constraints: readonly LinearConstraint[], free: ReadonlySet<number>): FeasibleInterval[] {
  const columnOf = new Map(unknowns.map((unknown, index) => [unknown, index]));
  // A free unknown is the difference of two non-negative columns: its own and a negative part after the rest.
  const negativeColumnOf = new Map<number, number>();
  for (const unknown of unknowns) if (free.has(unknown)) negativeColumnOf.set(unknown, unknowns.length + negativeColumnOf.size);
  const variableCount = unknowns.length + negativeColumnOf.size;
  const slackCount = constraints.filter((constraint) => constraint.relation !== '=').length;
  const artificialStart = variableCount + slackCount;
  const width = artificialStart + constraints.length;
  const rows: Float64Array[] = [];
  let slack = variableCount;
  constraints.forEach((constraint, index) => {
    const row = new Float64Array(width + 1);
    for (const [unknown, coefficient] of constraint.terms) {
      row[columnOf.get(unknown) as number] = coefficient;
      const negative = negativeColumnOf.get(unknown);
      if (negative !== undefined) row[negative] = -coefficient;
    }
    if (constraint.relation === '<=') row[slack++] = 1;
    else if (constraint.relation === '>=') row[slack++] = -1;
    row[width] = constraint.constant;
    if (constraint.constant < 0) for (let k = 0; k <= width; k += 1) row[k] = -(row[k] as number);
    row[artificialStart + index] = 1;
    rows.push(row);
  });
  const allowed = Array.from({ length: width }, () => true);
  const tableau = new Tableau(rows, constraints.map((_, index) => artificialStart + index), width, allowed);

  // Phase one: drive the artificials to zero (maximise minus their sum).
  const phaseOne = new Float64Array(width + 1);
  for (let column = artificialStart; column < width; column += 1) phaseOne[column] = -1;
  const infeasibility = -tableau.maximise(phaseOne);
  if (infeasibility > 1e-6) throw new Error(`The published figures admit no non-negative counts (off by ${infeasibility})`);
  for (let column = artificialStart; column < width; column += 1) allowed[column] = false;
  // An artificial left in the basis at zero is pivoted out, or its row is redundant and dropped.
  for (let row = tableau.rows.length - 1; row >= 0; row -= 1) {
    if ((tableau.basis[row] as number) < artificialStart) continue;
    const values = tableau.rows[row] as Float64Array;
    const column = allowed.findIndex((isAllowed, index) => isAllowed && Math.abs(values[index] as number) > EPSILON);
    if (column === -1) {
      tableau.rows.splice(row, 1);
      tableau.basis.splice(row, 1);
    } else tableau.pivot(row, column, new Float64Array(width + 1));
  }

  return unknowns.map((unknown, index) => {
    const negative = negativeColumnOf.get(unknown);
    const cost = new Float64Array(width + 1);
    const aim = (sign: number): number => {
      cost[index] = sign;
      if (negative !== undefined) cost[negative] = -sign;
      return tableau.maximise(cost);
    };
    const high = aim(1);
    const low = -aim(-1);
    return {
      low: low === -Infinity ? -Infinity : negative === undefined ? Math.max(0, Math.ceil(low - ROUNDING_SLACK)) : Math.ceil(low - ROUNDING_SLACK),
      high: high === Infinity ? Infinity : Math.floor(high + ROUNDING_SLACK),
    };
  });
}
