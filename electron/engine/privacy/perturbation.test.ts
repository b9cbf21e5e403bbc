import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PerturbedTables, type PublishedFigure } from '../../../test/support/perturbation-attack';
import { suppressList, suppressTable } from './disclosure';
import {
  adjustmentsListText,
  CELL_KEY_RANGE,
  cellKey,
  MAX_LARGE_ADJUSTMENT,
  maxAdjustment,
  perturbationTable,
  perturbedCount,
  possiblePublished,
  smallestCountWithMeasures,
} from './perturbation';

const THRESHOLDS = Array.from({ length: 99 }, (_, index) => index + 2);

describe('the perturbation table', () => {
  it('is unbiased: over the 256 cell keys every count’s adjustments sum to exactly zero', () => {
    for (const threshold of THRESHOLDS) {
      const table = perturbationTable(threshold);
      for (let count = 0; count <= table.lastRow + 40; count += 1) {
        let sum = 0;
        for (let key = 0; key < CELL_KEY_RANGE; key += 1) sum += perturbedCount(count, key, table) - count;
        expect(sum, `threshold ${threshold}, count ${count}`).toBe(0);
      }
    }
  });

  it('is bounded: ±2 from threshold + 2 up; threshold + 1 at most anywhere up to a threshold of 25, twice the threshold beyond', () => {
    for (const threshold of THRESHOLDS) {
      const table = perturbationTable(threshold);
      expect(maxAdjustment(table)).toBeLessThanOrEqual(threshold <= 25 ? threshold + 1 : 2 * threshold);
      for (let count = threshold + MAX_LARGE_ADJUSTMENT; count < threshold + 200; count += 7) {
        for (const value of possiblePublished(count, table)) expect(Math.abs(value - count)).toBeLessThanOrEqual(MAX_LARGE_ADJUSTMENT);
      }
    }
  });

  it('keeps zero at zero and never publishes a count from 1 to threshold − 1', () => {
    for (const threshold of THRESHOLDS) {
      const table = perturbationTable(threshold);
      expect([...possiblePublished(0, table)]).toEqual([0]);
      for (let count = 1; count <= table.lastRow + 3; count += 1) {
        for (const value of possiblePublished(count, table)) expect(value === 0 || value >= threshold, `threshold ${threshold}: ${count} → ${value}`).toBe(true);
      }
      // Every small count can be published as 0 and as something else, so neither gives it away.
      for (let count = 1; count < threshold; count += 1) expect(possiblePublished(count, table).size).toBeGreaterThan(1);
    }
  });

  it('shows measures only where the published count proves at least the threshold', () => {
    for (const threshold of THRESHOLDS) {
      const table = perturbationTable(threshold);
      const floor = smallestCountWithMeasures(table);
      for (let count = 0; count < threshold; count += 1) for (const value of possiblePublished(count, table)) expect(value).toBeLessThan(floor);
      if (threshold <= 25) expect(floor).toBe(threshold + 3);
    }
  });

  it('lists its adjustments row by row for SQL, one per (count, key)', () => {
    const table = perturbationTable(5);
    const list = JSON.parse(adjustmentsListText(table)) as number[];
    expect(list).toHaveLength((table.lastRow + 1) * CELL_KEY_RANGE);
    expect(list[3 * CELL_KEY_RANGE + 200]).toBe(perturbedCount(3, 200, table) - 3);
    expect(() => perturbationTable(1)).toThrow(/threshold/);
    expect(() => perturbedCount(3, 256, table)).toThrow(/cell key/);
  });
});

describe('consistency', () => {
  it('gives the same people the same published count, whatever order or table they come in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 2, max: 20 }), (keys, threshold) => {
        const table = perturbationTable(threshold);
        const shuffled = [...keys].reverse();
        expect(perturbedCount(keys.length, cellKey(keys), table)).toBe(perturbedCount(shuffled.length, cellKey(shuffled), table));
        expect(cellKey(keys)).toBe(keys.reduce((sum, key) => sum + key, 0) % CELL_KEY_RANGE);
      }),
    );
  });
});

interface Person {
  readonly id: number;
  readonly attributes: readonly number[];
  readonly key: number;
}

/** Every grouping of a population over some attributes: each group's people, the attacker's figures, the finest cells. */
function publish(people: readonly Person[], sizes: readonly number[], groupings: readonly (readonly number[])[], threshold: number, where: string, offsets?: ReadonlyMap<number, number>) {
  const table = perturbationTable(threshold);
  const finestIndex = (attributes: readonly number[]): number => attributes.reduce((index, value, position) => index * (sizes[position] as number) + value, 0);
  const finestCount = sizes.reduce((product, size) => product * size, 1);
  const figures: PublishedFigure[] = [];
  const groups: { members: number[]; cells: number[]; value: number; where: string }[] = [];
  for (const grouping of groupings) {
    const combos: number[][] = [[]];
    for (const attribute of grouping) {
      const next: number[][] = [];
      for (const combo of combos) for (let value = 0; value < (sizes[attribute] as number); value += 1) next.push([...combo, value]);
      combos.splice(0, combos.length, ...next);
    }
    for (const combo of combos) {
      const inGroup = (person: Person): boolean => grouping.every((attribute, position) => person.attributes[attribute] === combo[position]);
      const members = people.filter(inGroup);
      const cells: number[] = [];
      for (let cell = 0; cell < finestCount; cell += 1) {
        const attributes: number[] = [];
        let rest = cell;
        for (let position = sizes.length - 1; position >= 0; position -= 1) {
          attributes.unshift(rest % (sizes[position] as number));
          rest = Math.floor(rest / (sizes[position] as number));
        }
        if (grouping.every((attribute, position) => attributes[attribute] === combo[position])) cells.push(cell);
      }
      const value = perturbedCount(members.length, cellKey(members.map((person) => person.key)), table);
      const label = `${where} ${grouping.length === 0 ? 'total' : grouping.map((attribute, position) => `a${attribute}=${combo[position]}`).join(',')}`;
      const offset = offsets === undefined ? 0 : cells.reduce((sum, cell) => sum + (offsets.get(cell) ?? 0), 0);
      figures.push({ cells, value, where: label, ...(offset === 0 ? {} : { offset }) });
      groups.push({ members: members.map((person) => person.id), cells, value, where: label });
    }
  }
  const truth = new Array<number>(finestCount).fill(0);
  for (const person of people) truth[finestIndex(person.attributes)]! += 1;
  return { figures, groups, truth };
}

const populations = fc
  .record({
    sizes: fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 2, maxLength: 3 }),
    people: fc.integer({ min: 20, max: 160 }),
    threshold: fc.integer({ min: 3, max: 11 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map(({ sizes, people, threshold, seed }) => {
    // Skewed attributes: value 0 is common, the last value rare, so small groups are everywhere.
    let state = seed;
    const random = (): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const draw = (size: number): number => Math.min(size - 1, Math.floor(-Math.log(1 - random()) * 0.8));
    const population: Person[] = Array.from({ length: people }, (_, id) => ({ id, attributes: sizes.map(draw), key: Math.floor(random() * CELL_KEY_RANGE) }));
    return { sizes, people: population, threshold, random };
  });

/** All groupings over the attributes (every subset, including the total), or a random pair of them. */
function groupingsOf(sizes: readonly number[]): number[][] {
  const all: number[][] = [];
  for (let mask = 0; mask < 2 ** sizes.length; mask += 1) all.push(sizes.map((_, index) => index).filter((index) => (mask >> index) & 1));
  return all;
}

describe('differencing attacks on perturbed tables (fuzzed)', () => {
  it('recover no small count exactly from every grouping of the same people, margins and totals included', () => {
    fc.assert(
      fc.property(populations, ({ sizes, people, threshold }) => {
        const published = publish(people, sizes, groupingsOf(sizes), threshold, 'export');
        const tables = new PerturbedTables(published.truth, published.figures, perturbationTable(threshold));
        expect(tables.misfits()).toEqual([]);
        for (const group of published.groups) {
          if (group.members.length === 0 || group.members.length >= threshold) continue;
          expect(tables.alternativeFor(group.cells), `${group.where} holds ${group.members.length}`).not.toBeNull();
        }
        // Consistency: groups of the same people (one person's group in every grouping, say) show the same count.
        const byPeople = new Map<string, number>();
        for (const group of published.groups) {
          const id = group.members.join(',');
          const seen = byPeople.get(id);
          if (seen !== undefined) expect(group.value, group.where).toBe(seen);
          byPeople.set(id, group.value);
        }
      }),
      // Fixed seeds, like the export property test: a failure is then a change in behaviour, not a draw.
      { numRuns: 60, seed: 18 },
    );
  });

  it('recover no small count exactly from repeated exports after small changes to the data', () => {
    fc.assert(
      fc.property(populations, fc.integer({ min: 1, max: 4 }), ({ sizes, people, threshold, random }, changes) => {
        const groupings = groupingsOf(sizes);
        const before = publish(people, sizes, groupings, threshold, 'before');
        // Some people leave and some arrive; the attacker is told exactly who and in which cells.
        const leaving = new Set(people.filter(() => random() < changes / people.length).map((person) => person.id));
        const arriving: Person[] = Array.from({ length: changes }, (_, index) => ({ id: people.length + index, attributes: sizes.map((size) => Math.floor(random() * size)), key: Math.floor(random() * CELL_KEY_RANGE) }));
        const after = [...people.filter((person) => !leaving.has(person.id)), ...arriving];
        const afterTruth = publish(after, sizes, groupings, threshold, 'after').truth;
        const offsets = new Map(afterTruth.map((count, cell) => [cell, count - (before.truth[cell] as number)]));
        const republished = publish(after, sizes, groupings, threshold, 'after', offsets);
        const tables = new PerturbedTables(before.truth, [...before.figures, ...republished.figures], perturbationTable(threshold));
        expect(tables.misfits()).toEqual([]);
        for (const group of before.groups) {
          if (group.members.length === 0 || group.members.length >= threshold) continue;
          expect(tables.alternativeFor(group.cells), `${group.where} holds ${group.members.length}`).not.toBeNull();
        }
        // A group whose people did not change shows the same count in both exports.
        before.groups.forEach((group, index) => {
          const again = republished.groups[index]!;
          if (group.members.join(',') === again.members.join(',')) expect(again.value, group.where).toBe(group.value);
        });
      }),
      { numRuns: 40, seed: 20 },
    );
  });
});

describe("seed 58's attack", () => {
  // The shape of seed 58 of the export property test: the people placed in no locality (2) hidden in the
  // export by locality with Edgbaston as the complement, every cell of Edgbaston shown in the export by locality and sex.
  const localities = ['none', 'Edgbaston', 'Hodge Hill'];
  const sexes = ['F', 'M', 'not known'];
  const bySex = [
    [1, 1, 0],
    [20, 20, 0],
    [5, 5, 40],
  ];
  const byLocality = bySex.map((row) => row.reduce((sum, count) => sum + count, 0));
  const total = byLocality.reduce((sum, count) => sum + count, 0);

  it('recovers the hidden count exactly from two groupings suppressed one at a time', () => {
    const oneWay = suppressList({ labels: localities, counts: byLocality, includeTotal: true });
    const twoWay = suppressTable({ rows: localities, columns: sexes, counts: bySex, includeTotals: true });
    expect(oneWay.cells[0]!.value).toBeNull();
    expect(twoWay.cells[0]!.slice(0, 2).every((cell) => cell.value === null)).toBe(true);
    expect(twoWay.cells[1]!.every((cell) => cell.value !== null)).toBe(true);
    // Edgbaston from its shown cells by sex, then the people in no locality by subtraction.
    const edgbaston = twoWay.cells[1]!.reduce((sum, cell) => sum + (cell.value as number), 0);
    const recovered = (oneWay.total!.value as number) - edgbaston - (oneWay.cells[2]!.value as number);
    expect(recovered).toBe(2);
  });

  it('recovers nothing exactly from the same groupings perturbed, whatever the record keys', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: total, maxLength: total }), fc.integer({ min: 5, max: 11 }), (keys, threshold) => {
        let next = 0;
        const people: Person[] = [];
        bySex.forEach((row, locality) => row.forEach((count, sex) => {
          for (let index = 0; index < count; index += 1, next += 1) people.push({ id: next, attributes: [locality, sex], key: keys[next] as number });
        }));
        const published = publish(people, [3, 3], [[], [0], [1], [0, 1]], threshold, 'export');
        const tables = new PerturbedTables(published.truth, published.figures, perturbationTable(threshold));
        expect(tables.misfits()).toEqual([]);
        // The attack's target, the people in no locality: the finest cells (none, ·), and each of them.
        expect(tables.alternativeFor([0, 1, 2])).not.toBeNull();
        for (const cell of [0, 1]) expect(tables.alternativeFor([cell])).not.toBeNull();
      }),
      { numRuns: 200, seed: 58 },
    );
  });
});
