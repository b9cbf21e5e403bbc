/**
 * An attacker's ledger of everything a set of exports publishes, for proving that no suppressed figure can be
 * recovered, within one export or by putting several together.
 *
 * Every figure is a variable named by a key that means the same quantity in every export (the population of
 * Ladywood is `population|Ladywood` whether village.json, village.xlsx or a dashboard shows it). Exports
 * record what they show (a number) or hide (the suppression symbol) under each key; additive lines record
 * that a total is the sum of its parts (a locality's wards plus a remainder, a table's row, the city's
 * localities). The shown numbers are then constants, and the hidden and never-published variables unknowns
 * of a linear system with one equation per line. An unknown is worked out exactly precisely when its unit
 * vector lies in the row space of that system: in reduced row-echelon form, a row with a single non-zero.
 *
 * Linear differencing is not all an attacker has: counts are whole and never negative, and a rate rounded to 0.1
 * still bounds its count. `boundDisclosures` works out each unknown's feasible interval from every published
 * figure, line and rate (electron/engine/privacy/feasible-intervals.ts, tested against enumeration) and names the hidden figures pinned to one value
 * (other than zero) and the hidden or never-published ones pinned inside 1 to threshold − 1 (a small count, though not which).
 *
 * The checker is independent of how the product chooses what to suppress (electron/engine/privacy).
 */
import { feasibleIntervals, type LinearConstraint } from '../../electron/engine/privacy/feasible-intervals';

export interface Disclosure {
  readonly key: string;
  /** The exports that hide this figure. */
  readonly hiddenIn: readonly string[];
  /** The value it was worked out to be. */
  readonly value: number;
}

/** A figure an attacker can narrow, by bounds as well as subtraction, to one value or to a small count. */
export interface BoundDisclosure {
  readonly key: string;
  /** The exports that hide this figure (none: a figure never published, such as a line's remainder). */
  readonly hiddenIn: readonly string[];
  readonly low: number;
  readonly high: number;
}

export interface Inconsistency {
  readonly key: string;
  readonly problem: string;
}

const EPSILON = 1e-7;

export class DisclosureLedger {
  private readonly shown = new Map<string, Map<string, number>>();
  private readonly hidden = new Map<string, Set<string>>();
  private readonly lines: { total: string; parts: readonly string[]; where: string }[] = [];
  private readonly rates: { count: string; denominator: string; rate: number; unit: number; where: string }[] = [];
  /** Every shown rate, kept for the bounds it sets (rates above are consumed when they give a count exactly). */
  private readonly rateBounds: { count: string; denominator: string; rate: number; unit: number }[] = [];
  /** low ≤ Σ coefficient × figure ≤ high. */
  private readonly ranges: { terms: readonly (readonly [string, number])[]; low: number; high: number }[] = [];
  private readonly freeKeys = new Set<string>();

  /** An export shows `value` for `key`, or hides it (null). */
  record(key: string, value: number | null, where: string): void {
    if (value === null) {
      const places = this.hidden.get(key) ?? new Set<string>();
      places.add(where);
      this.hidden.set(key, places);
      return;
    }
    const places = this.shown.get(key) ?? new Map<string, number>();
    places.set(where, value);
    this.shown.set(key, places);
  }

  /** `total` equals the sum of `parts`, as `where` makes evident. */
  line(total: string, parts: readonly string[], where: string): void {
    this.lines.push({ total, parts, where });
  }

  /**
   * An export shows a rate (count ÷ denominator × unit, rounded to one decimal) or withholds it (null). Where
   * the denominator is shown anywhere and is below 10 × unit, the rounding cannot hide the count: it is shown.
   */
  rateOf(count: string, denominator: string, rate: number | null, unit: number, where: string): void {
    if (rate === null) return;
    this.rates.push({ count, denominator, rate, unit, where });
    this.rateBounds.push({ count, denominator, rate, unit });
  }

  /** A never-published figure that may be negative (the rounding difference between an estimate and its parts'). */
  free(key: string): void {
    this.freeKeys.add(key);
  }

  /**
   * An export shows a figure with a stated uncertainty rather than exactly (a perturbed count): its true value
   * lies in [low, high]. The key stays unknown; only `boundDisclosures` uses the range.
   */
  within(key: string, low: number, high: number): void {
    this.linear([[key, 1]], low, high);
  }

  /** A published figure that is a weighted sum of others, to a stated precision (a change between two rates). */
  linear(terms: readonly (readonly [string, number])[], low: number, high: number): void {
    this.ranges.push({ terms, low, high });
  }

  /**
   * The same lines, with every shown figure taken as perturbed: known only to lie in `rangeOf(value)` (the true
   * counts the published one can stand for). Hidden figures stay hidden.
   */
  perturbed(rangeOf: (published: number) => readonly [number, number]): DisclosureLedger {
    const result = new DisclosureLedger();
    for (const [key, places] of this.shown) {
      const [low, high] = rangeOf(places.values().next().value as number);
      result.within(key, low, high);
    }
    for (const [key, places] of this.hidden) for (const where of places) result.record(key, null, where);
    for (const line of this.lines) result.line(line.total, line.parts, line.where);
    for (const key of this.freeKeys) result.free(key);
    return result;
  }

  /** Everything another ledger recorded, its keys prefixed (one period's figures beside another's). */
  absorb(other: DisclosureLedger, prefix: string): void {
    for (const [key, places] of other.shown) for (const [where, value] of places) this.record(`${prefix}${key}`, value, where);
    for (const [key, places] of other.hidden) for (const where of places) this.record(`${prefix}${key}`, null, where);
    for (const line of other.lines) this.line(`${prefix}${line.total}`, line.parts.map((part) => `${prefix}${part}`), line.where);
    for (const rate of other.rates) this.rateOf(`${prefix}${rate.count}`, `${prefix}${rate.denominator}`, rate.rate, rate.unit, rate.where);
    for (const range of other.ranges) this.linear(range.terms.map(([key, coefficient]) => [`${prefix}${key}`, coefficient] as const), range.low, range.high);
    for (const key of other.freeKeys) this.free(`${prefix}${key}`);
  }

  private resolveRates(): void {
    for (const entry of this.rates.splice(0)) {
      const denominator = this.shown.get(entry.denominator)?.values().next().value;
      if (denominator === undefined || denominator >= 10 * entry.unit) continue;
      this.record(entry.count, Math.round((entry.rate * denominator) / entry.unit), `${entry.where} (rate × denominator)`);
    }
  }

  get shownKeys(): number {
    return this.shown.size;
  }

  get hiddenKeys(): number {
    return this.hidden.size;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** A key shown with two different values, or hidden in one export and shown in another. */
  inconsistencies(): Inconsistency[] {
    this.resolveRates();
    const found: Inconsistency[] = [];
    for (const [key, places] of this.shown) {
      const values = new Set(places.values());
      if (values.size > 1) found.push({ key, problem: `shown as ${[...places].map(([where, value]) => `${value} in ${where}`).join(', ')}` });
      const hiddenIn = this.hidden.get(key);
      if (hiddenIn !== undefined) {
        found.push({ key, problem: `hidden in ${[...hiddenIn].join(', ')} but shown in ${[...places.keys()].join(', ')}` });
      }
    }
    return found;
  }

  /**
   * Hidden figures that the shown figures and the lines determine exactly, and never-published figures
   * (a line's remainder) that they determine to be a small count (1 to threshold − 1).
   */
  disclosures(threshold: number): Disclosure[] {
    this.resolveRates();
    const known = new Map<string, number>();
    for (const [key, places] of this.shown) known.set(key, places.values().next().value as number);
    const unknownIndex = new Map<string, number>();
    const unknowns: string[] = [];
    const indexOf = (key: string): number => {
      let index = unknownIndex.get(key);
      if (index === undefined) {
        index = unknowns.length;
        unknownIndex.set(key, index);
        unknowns.push(key);
      }
      return index;
    };
    // Sparse equations: Σ coefficient × unknown = constant.
    const equations: { terms: Map<number, number>; constant: number }[] = [];
    for (const line of this.lines) {
      const terms = new Map<number, number>();
      let constant = 0;
      const add = (key: string, sign: number): void => {
        const value = known.get(key);
        if (value !== undefined) {
          constant -= sign * value;
          return;
        }
        const index = indexOf(key);
        terms.set(index, (terms.get(index) ?? 0) + sign);
      };
      for (const part of line.parts) add(part, 1);
      add(line.total, -1);
      for (const [index, coefficient] of terms) if (Math.abs(coefficient) < EPSILON) terms.delete(index);
      if (terms.size > 0) equations.push({ terms, constant });
    }
    const determined = solveDetermined(equations);
    const found: Disclosure[] = [];
    for (const [index, value] of determined) {
      const key = unknowns[index] as string;
      const hiddenIn = this.hidden.get(key);
      const rounded = Math.round(value);
      if (hiddenIn !== undefined) found.push({ key, hiddenIn: [...hiddenIn], value: rounded });
      else if (rounded >= 1 && rounded < threshold) found.push({ key, hiddenIn: [], value: rounded });
    }
    return found.sort((a, b) => a.key.localeCompare(b.key));
  }

  /**
   * Hidden figures whose feasible interval is a single non-zero value, and hidden or never-published figures whose
   * interval lies inside 1 to threshold − 1, given every shown figure, line, rate and range as constraints on
   * non-negative whole counts.
   */
  boundDisclosures(threshold: number): BoundDisclosure[] {
    this.resolveRates();
    const known = new Map<string, number>();
    for (const [key, places] of this.shown) known.set(key, places.values().next().value as number);
    const unknowns: string[] = [];
    const unknownIndex = new Map<string, number>();
    const indexOf = (key: string): number => {
      let index = unknownIndex.get(key);
      if (index === undefined) {
        index = unknowns.length;
        unknownIndex.set(key, index);
        unknowns.push(key);
      }
      return index;
    };
    const constraints: LinearConstraint[] = [];
    /** Σ coefficient × figure (relation) constant, with the shown figures moved to the right-hand side. */
    const add = (terms: readonly (readonly [string, number])[], relation: LinearConstraint['relation'], constant: number): void => {
      const unknownTerms = new Map<number, number>();
      let right = constant;
      for (const [key, coefficient] of terms) {
        const value = known.get(key);
        if (value !== undefined) right -= coefficient * value;
        else unknownTerms.set(indexOf(key), (unknownTerms.get(indexOf(key)) ?? 0) + coefficient);
      }
      for (const [index, coefficient] of unknownTerms) if (Math.abs(coefficient) < EPSILON) unknownTerms.delete(index);
      if (unknownTerms.size > 0) constraints.push({ terms: unknownTerms, relation, constant: right });
    };
    for (const line of this.lines) add([...line.parts.map((part) => [part, 1] as const), [line.total, -1]], '=', 0);
    // A rate shown to 0.1: count × unit ÷ denominator lies within half a tenth of it (a hair wider for floating point).
    for (const { count, denominator, rate, unit } of this.rateBounds) {
      if (known.get(denominator) === 0) continue;
      const half = 0.05 + 1e-9;
      add([[count, unit], [denominator, -(rate + half)]], '<=', 0);
      add([[count, unit], [denominator, -(rate - half)]], '>=', 0);
    }
    for (const { terms, low, high } of this.ranges) {
      add(terms, '>=', low);
      add(terms, '<=', high);
    }
    const free = new Set(unknowns.flatMap((key, index) => (this.freeKeys.has(key) ? [index] : [])));
    const intervals = feasibleIntervals(unknowns.length, constraints, free);
    const found: BoundDisclosure[] = [];
    unknowns.forEach((key, index) => {
      const { low, high } = intervals[index] as { low: number; high: number };
      const hiddenIn = [...(this.hidden.get(key) ?? [])];
      const small = low >= 1 && high <= threshold - 1;
      // A hidden zero shown to be zero gives no one away (zero is published anyway); any other pinned figure does.
      const pinned = low === high && low !== 0 && hiddenIn.length > 0;
      if (small || pinned) found.push({ key, hiddenIn, low, high });
    });
    return found.sort((a, b) => a.key.localeCompare(b.key));
  }
}

/**
 * Gauss–Jordan elimination on sparse rows; returns the unknowns fixed by the system (index → value): those
 * whose reduced row has no other non-zero coefficient.
 */
function solveDetermined(equations: readonly { terms: Map<number, number>; constant: number }[]): Map<number, number> {
  const rows = equations.map((equation) => ({ terms: new Map(equation.terms), constant: equation.constant }));
  const pivotRowOf = new Map<number, number>();
  const reduced: typeof rows = [];
  for (const row of rows) {
    // Eliminate every existing pivot from the new row, then make it a pivot row and clear it from the others.
    for (const [column, coefficient] of [...row.terms]) {
      const pivotRow = pivotRowOf.get(column);
      if (pivotRow === undefined || Math.abs(coefficient) < EPSILON) continue;
      subtract(row, reduced[pivotRow] as (typeof rows)[number], coefficient);
    }
    // The largest coefficient as pivot keeps the floating-point elimination stable.
    let pivotColumn = -1;
    let best = 0;
    for (const [column, coefficient] of row.terms) {
      if (Math.abs(coefficient) > best + EPSILON) {
        best = Math.abs(coefficient);
        pivotColumn = column;
      }
    }
    if (pivotColumn === -1) continue;
    const scale = row.terms.get(pivotColumn) as number;
    for (const [column, coefficient] of row.terms) row.terms.set(column, coefficient / scale);
    row.constant /= scale;
    for (const other of reduced) {
      const coefficient = other.terms.get(pivotColumn);
      if (coefficient !== undefined && Math.abs(coefficient) > EPSILON) subtract(other, row, coefficient);
    }
    pivotRowOf.set(pivotColumn, reduced.length);
    reduced.push(row);
  }
  const determined = new Map<number, number>();
  for (const [column, rowIndex] of pivotRowOf) {
    const row = reduced[rowIndex] as (typeof rows)[number];
    if (row.terms.size === 1) determined.set(column, row.constant);
  }
  return determined;
}

/** row −= factor × pivot, dropping coefficients that cancel. */
function subtract(row: { terms: Map<number, number>; constant: number }, pivot: { terms: Map<number, number>; constant: number }, factor: number): void {
  for (const [column, coefficient] of pivot.terms) {
    const next = (row.terms.get(column) ?? 0) - factor * coefficient;
    if (Math.abs(next) < EPSILON) row.terms.delete(column);
    else row.terms.set(column, next);
  }
  row.constant -= factor * pivot.constant;
}
