/**
 * Means of Explore's grouped views against differencing (issue 18). With true means, one person's value
 * follows from two figures: a group's mean before and after they leave (n·m − (n − 1)·m′), or a group and its
 * parts in another grouping; and a true mean's digits give the true count away (a sum of whole numbers over n).
 * Means are therefore perturbed as magnitudes (view-sql.ts `perturbedMeanSql`). Over random workspaces, this
 * file attacks every target person with every grouping that holds them (zone, band, sex, zone × band,
 * zone × sex) and re-exports after they leave, and checks that another value of theirs fits every published
 * figure. The attacker is granted everyone else's values and the true counts, more than any differencing of
 * two exports gives; given true means, the same attacker pins every value, so the check can fail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/random';
import { possiblePublished, perturbationTable } from '../privacy/perturbation';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { TablePager } from './paging';
import { MEAN_DECIMALS } from './view-sql';

const SEEDS = [3, 11, 58, 71, 104, 230];
const GROUPINGS = [['zone'], ['band'], ['sex'], ['zone', 'band'], ['zone', 'sex']] as const;
const MAX_VALUE = 60;
const ROUNDING = 0.5 * 10 ** -MEAN_DECIMALS;

interface Person {
  readonly id: number;
  readonly zone: string;
  readonly band: number;
  readonly sex: string;
  readonly value: number | null;
}

/** A published group: its labels, count and mean (null when withheld). */
interface Figure {
  readonly grouping: string;
  readonly labels: readonly string[];
  readonly count: number;
  readonly mean: number | null;
}

function people(seed: number): Person[] {
  const random = seededRandom(seed);
  const size = random.integer(150, 320);
  return Array.from({ length: size }, (_, id) => ({
    id,
    zone: random.chance(0.06) ? 'Harbour' : random.pick(['North', 'South', 'East', 'West']),
    band: random.integer(0, 4),
    sex: random.chance(0.5) ? 'F' : 'M',
    value: random.chance(0.05) ? null : Math.min(MAX_VALUE, Math.floor(random.next() ** 2 * MAX_VALUE * 1.1)),
  }));
}

let folder: string;
let workspace: Workspace;
let pager: TablePager;
beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'perturbed-means-'));
  workspace = await openWorkspace({ location: folder, threads: 1 });
  pager = new TablePager(workspace.connection, workspace.secretsFolder);
});
afterEach(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function writePeople(rows: readonly Person[]): Promise<void> {
  const connection = workspace.connection;
  await connection.run('CREATE OR REPLACE TABLE persons (person_id VARCHAR, zone VARCHAR, band BIGINT, sex VARCHAR, wait_days BIGINT)');
  const appender = await connection.createAppender('persons');
  for (const row of rows) {
    appender.appendVarchar(`P${row.id}`);
    appender.appendVarchar(row.zone);
    appender.appendBigInt(BigInt(row.band));
    appender.appendVarchar(row.sex);
    if (row.value === null) appender.appendNull();
    else appender.appendBigInt(BigInt(row.value));
    appender.endRow();
  }
  appender.closeSync();
  await pager.invalidate();
}

async function publishedFigures(grouping: readonly string[]): Promise<Figure[]> {
  const { result, columns } = await pager.readView({ table: 'persons', groupBy: grouping, sort: [], filter: {} }, 1_000);
  const at = (name: string): number => columns.findIndex((column) => column.name === name);
  return result.getRows().map((row) => ({
    grouping: grouping.join(' × '),
    labels: grouping.map((column) => String(row[at(column)])),
    count: Number(row[at('row_count')]),
    mean: row[at('mean_wait_days')] === null ? null : Number(row[at('mean_wait_days')]),
  }));
}

const labelsOf = (person: Person, grouping: readonly string[]): string[] => grouping.map((column) => String(person[column === 'zone' ? 'zone' : column === 'band' ? 'band' : 'sex']));
const sameLabels = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((label, index) => label === b[index]);

/** The people of a published group, in a given population. */
function membersOf(figure: Figure, population: readonly Person[], grouping: readonly string[]): Person[] {
  return population.filter((person) => sameLabels(labelsOf(person, grouping), figure.labels));
}

/**
 * Does giving `target` the value `alternative` (everyone else as they are) fit a published mean? The attacker
 * knows the method: the sum moved by at most the largest absolute value, then rounded; `exact` models true
 * means (no noise). Counts of people with a value are taken as known, which only helps the attacker.
 */
function fits(figure: Figure, members: readonly Person[], target: Person, alternative: number, exact: boolean): boolean {
  if (figure.mean === null) return true;
  const values = members.map((person) => (person.id === target.id ? alternative : person.value)).filter((value): value is number => value !== null);
  if (values.length === 0) return true;
  const sum = values.reduce((total, value) => total + value, 0);
  const largest = exact ? 0 : Math.max(...values.map(Math.abs));
  const slack = exact ? 1e-9 : ROUNDING * values.length + 1e-9;
  return Math.abs(figure.mean * values.length - sum) <= largest + slack;
}

/** Another value of the target's that fits every figure holding them, or null when the figures pin it. */
function otherValue(target: Person, figures: readonly { figure: Figure; members: readonly Person[] }[], exact: boolean): number | null {
  const value = target.value as number;
  for (let distance = 1; distance <= MAX_VALUE; distance += 1) {
    for (const candidate of [value - distance, value + distance]) {
      if (candidate < 0 || candidate > MAX_VALUE) continue;
      if (figures.every(({ figure, members }) => fits(figure, members, target, candidate, exact))) return candidate;
    }
  }
  return null;
}

describe("Explore's grouped means against differencing", () => {
  for (const seed of SEEDS) {
    it(`hide every target's value from every grouping that holds them and a re-export after they leave (seed ${seed})`, async () => {
      const population = people(seed);
      await writePeople(population);
      const before = new Map<string, Figure[]>();
      for (const grouping of GROUPINGS) before.set(grouping.join(' × '), await publishedFigures(grouping));

      const random = seededRandom(seed * 7 + 1);
      const targets = random.subset(population.filter((person) => person.value !== null), 1).slice(0, 6);
      let attacked = 0;
      for (const target of targets) {
        const remaining = population.filter((person) => person.id !== target.id);
        await writePeople(remaining);
        const evidence: { figure: Figure; members: readonly Person[] }[] = [];
        for (const grouping of GROUPINGS) {
          const key = grouping.join(' × ');
          const after = await publishedFigures(grouping);
          for (const figure of before.get(key) ?? []) {
            if (sameLabels(figure.labels, labelsOf(target, grouping))) evidence.push({ figure, members: membersOf(figure, population, grouping) });
          }
          // The groups the target was never in keep their count and mean: the same people, the same figures.
          for (const figure of after) {
            const earlier = (before.get(key) ?? []).find((entry) => sameLabels(entry.labels, figure.labels));
            if (!sameLabels(figure.labels, labelsOf(target, grouping))) expect(figure, `${key} ${figure.labels.join('/')}`).toEqual(earlier);
          }
        }
        // Differencing with true means (n·m − (n − 1)·m′ over the same groups) pins the value: the attacker works.
        expect(otherValue(target, evidence, true), `P${target.id} with true means`).toBeNull();
        if (evidence.every(({ figure }) => figure.mean === null)) continue;
        expect(otherValue(target, evidence, false), `P${target.id} (value ${target.value}) from ${evidence.length} figures`).not.toBeNull();
        attacked += 1;
      }
      expect(attacked).toBeGreaterThan(0);
      await writePeople(population);
    });
  }

  it('move each mean by at most its largest value over its count, zero on average, never showing a mean for fewer than the threshold', async () => {
    const table = perturbationTable(5);
    const scaled: number[] = [];
    for (const seed of SEEDS) {
      const population = people(seed);
      await writePeople(population);
      for (const grouping of GROUPINGS) {
        for (const figure of await publishedFigures(grouping)) {
          const values = membersOf(figure, population, grouping).map((person) => person.value).filter((value): value is number => value !== null);
          if (figure.mean === null) continue;
          expect(membersOf(figure, population, grouping).length).toBeGreaterThanOrEqual(table.threshold);
          const mean = values.reduce((total, value) => total + value, 0) / values.length;
          const largest = Math.max(...values);
          expect(Math.abs(figure.mean - mean), `${figure.grouping} ${figure.labels.join('/')}`).toBeLessThanOrEqual(largest / values.length + ROUNDING + 1e-9);
          expect(Math.round(figure.mean * 10 ** MEAN_DECIMALS) / 10 ** MEAN_DECIMALS).toBe(figure.mean);
          if (largest > 0) scaled.push(((figure.mean - mean) * values.length) / largest);
          expect(possiblePublished(membersOf(figure, population, grouping).length, table).has(figure.count)).toBe(true);
        }
      }
    }
    expect(scaled.length).toBeGreaterThan(150);
    const average = scaled.reduce((total, value) => total + value, 0) / scaled.length;
    // Triangular noise on −1..1 has a standard deviation of 1/√6 ≈ 0.41; the average of this many is within ±0.1.
    expect(Math.abs(average)).toBeLessThan(0.1);
    expect(scaled.some((value) => Math.abs(value) > 0.3)).toBe(true);
  });
});
