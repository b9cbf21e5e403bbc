/**
 * The probabilistic stage through the real import, on an extract shaped like the one that broke the exact
 * keys: a safeguarding log with only the child's surname, forename, date of birth and ward (no NHS number, UPN
 * or postcode), a quarter of the names with one letter transposed or dropped, and a child named on two or
 * more incidents appearing once per incident. 192 children in 262 rows; exact name + date of birth alone
 * leave far more than 192 people.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecipe, type Recipe } from '../../../shared/recipe';
import { parseSpecification } from '../../../shared/spec';
import { loadDefaultGeography } from '../geography';
import { importWithSpecification } from '../import/spec-import';
import { precisionRecall, withinSourcePrecisionRecall } from '../linkage';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { describeTable, SourceCatalog } from './catalog';
import { decidePair, readDecisions, readReviewPairs, writeReviewPairs } from './linkage-review';
import { type DecisionConflictRow, decisionConflictView, runLinkage } from './linkage-stage';

const spec = parseSpecification({
  id: 'school-safeguarding-log',
  title: 'Safeguarding log',
  version: '1',
  agency: 'Test',
  fields: [
    { name: 'log_entry', title: 'Log entry', type: 'integer', required: true, personalData: 'none', synonyms: ['Entry'] },
    { name: 'child_surname', title: 'Child surname', type: 'string', identifier: 'surname', personalData: 'direct-identifier', synonyms: ['Child Surname'] },
    { name: 'child_forename', title: 'Child forename', type: 'string', identifier: 'forename', personalData: 'direct-identifier', synonyms: ['Child Forename'] },
    { name: 'born', title: 'Born', type: 'date', identifier: 'date-of-birth', personalData: 'quasi-identifier', synonyms: ['Born'] },
    { name: 'ward', title: 'Ward', type: 'string', identifier: 'ward-name', personalData: 'none', synonyms: ['Ward'] },
  ],
});

/** A small seeded generator (mulberry32), so the fixture is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const FORENAMES = ['Muhammad', 'Aisha', 'Oliver', 'Amelia', 'Ibrahim', 'Fatima', 'Jack', 'Isla', 'Yusuf', 'Zainab', 'Harry', 'Ava', 'Adam', 'Maryam', 'Leo', 'Grace', 'Musa', 'Hafsa', 'Noah', 'Freya', 'Ali', 'Sofia', 'Zayn', 'Ruby', 'Ayaan', 'Poppy', 'Hamza', 'Evie', 'Kai', 'Layla'];
const SURNAMES = ['Khan', 'Begum', 'Hussain', 'Ahmed', 'Ali', 'Smith', 'Jones', 'Patel', 'Williams', 'Brown', 'Akhtar', 'Mahmood', 'Taylor', 'Walker', 'Iqbal', 'Rahman', 'Okafor', 'Nowak', 'Kaur', 'Singh', 'Campbell', 'Murphy', 'Evans', 'Riaz', 'Bibi'];

function typo(name: string, draw: () => number): string {
  if (name.length < 4) return name;
  const at = 1 + Math.floor(draw() * (name.length - 2));
  return draw() < 0.5 ? name.slice(0, at) + name.slice(at + 1) : name.slice(0, at) + (name[at + 1] as string) + (name[at] as string) + name.slice(at + 2);
}

interface Child {
  readonly forename: string;
  readonly surname: string;
  readonly born: string;
  readonly ward: string;
}

function fixture(): { rows: string[]; truth: string[] } {
  const draw = random(14);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(draw() * items.length)] as T;
  const wards = loadDefaultGeography().wards.map((ward) => ward.name);
  const children: Child[] = [];
  // Households of one to three children: siblings share a surname and a ward, never a birthday.
  while (children.length < 192) {
    const surname = pick(SURNAMES);
    const ward = pick(wards);
    const siblings = Math.min(192 - children.length, 1 + Math.floor(draw() * 3));
    const used = new Set<string>();
    for (let sibling = 0; sibling < siblings; sibling += 1) {
      let forename = pick(FORENAMES);
      while (used.has(forename)) forename = pick(FORENAMES);
      used.add(forename);
      const born = new Date(Date.UTC(2006 + Math.floor(draw() * 18), Math.floor(draw() * 12), 1 + Math.floor(draw() * 28))).toISOString().slice(0, 10);
      children.push({ forename, surname, born, ward });
    }
  }
  const records: number[] = children.map((_, index) => index);
  while (records.length < 262) records.push(Math.floor(draw() * children.length));
  const rows: string[] = [];
  const truth: string[] = [];
  records.forEach((childIndex, entry) => {
    const child = children[childIndex] as Child;
    let { forename, surname } = child;
    if (draw() < 0.25) {
      if (draw() < 0.5) forename = typo(forename, draw);
      else surname = typo(surname, draw);
    }
    const [year, month, day] = child.born.split('-');
    rows.push(`${entry + 1},${surname.toUpperCase()},${forename},${day}/${month}/${year},${child.ward}`);
    truth.push(`child-${childIndex}`);
  });
  return { rows, truth };
}

let folder: string;
let workspace: Workspace;
let catalog: SourceCatalog;
const { rows, truth } = fixture();

function recipe(probabilistic: boolean): Recipe {
  return parseRecipe({
    version: 1,
    title: 'Safeguarding log',
    referenceDate: '2024-06-30',
    sources: [
      { id: 'log', file: 'log.csv', spec: 'school-safeguarding-log', attributes: { dateOfBirth: 'born' } },
      { id: 'population', file: 'population.csv', spec: 'population-estimates' },
    ],
    population: { source: 'population', sexField: 'sex', ageFields: { age_0: 0 } },
    village: { sexCategories: ['Male', 'Female'], ageBands: [{ label: '0-25', min: 0, max: 25 }], partitions: ['sex'] },
    linkage: { sources: ['log'], probabilistic: { enabled: probabilistic } },
  });
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'village-fs-'));
  workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 1 });
  const file = path.join(folder, 'log.csv');
  fs.writeFileSync(file, `Entry,Child Surname,Child Forename,Born,Ward\n${rows.join('\n')}\n`);
  const imported = await importWithSpecification(workspace, { path: file, spec, tableName: 'src_log' });
  catalog = new SourceCatalog();
  catalog.add(await describeTable(workspace.connection, 'log', imported.table));
}, 60_000);

afterAll(async () => {
  await workspace?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('probabilistic linkage on a names-only extract with typos and repeat incidents', () => {
  it('resolves 262 rows to close to the true 192 children, where the exact keys alone leave far more', async () => {
    const exact = await runLinkage(workspace.connection, recipe(false), catalog);
    const outcome = await runLinkage(workspace.connection, recipe(true), catalog);
    const exactPeople = exact.result.stats.people;
    const people = outcome.result.stats.people;
    const sources = outcome.input.source;
    const within = withinSourcePrecisionRecall(Array.from(outcome.result.personIds), truth, sources);
    process.stdout.write(`names-only extract: exact keys ${exactPeople} people, with the model ${people} (truth 192); duplicates precision ${within.precision?.toFixed(4)}, recall ${within.recall?.toFixed(4)}\n`);
    expect(rows).toHaveLength(262);
    expect(exactPeople).toBeGreaterThan(215);
    expect(Math.abs(people - 192)).toBeLessThanOrEqual(6);
    expect(within.precision).toBeGreaterThanOrEqual(0.97);
    expect(within.recall).toBeGreaterThanOrEqual(0.95);
    // Cross-source pairs do not exist here; the within-source measure is the one that counts.
    expect(precisionRecall(Array.from(outcome.result.personIds), truth, sources).truePairs).toBe(0);
  }, 60_000);

  it('estimates its own precision and recall and reports the weight of each comparison level', async () => {
    const outcome = await runLinkage(workspace.connection, recipe(true), catalog);
    const model = outcome.model;
    expect(model).not.toBeNull();
    expect(model?.estimatedPrecision).toBeGreaterThan(0.9);
    expect(model?.estimatedRecall).toBeGreaterThan(0.8);
    expect(model?.thresholdChart.length).toBeGreaterThan(50);
    const forename = model?.parameters.comparisons.find((comparison) => comparison.id === 'forename');
    const exactWeight = forename?.levels[0]?.weight as number;
    const differentWeight = forename?.levels.at(-1)?.weight as number;
    expect(exactWeight).toBeGreaterThan(3);
    expect(differentWeight).toBeLessThan(0);
  }, 60_000);

  it('keeps clerical decisions in the workspace, audited, and honours them on the next run', async () => {
    const settings = recipe(true);
    const first = await runLinkage(workspace.connection, settings, catalog);
    const model = first.model;
    if (model === null) throw new Error('expected the model to run');
    await writeReviewPairs(workspace.connection, first.input, first.reviewPairs);
    const grey = (await readReviewPairs(workspace.connection)).pairs;
    expect(grey.length).toBeGreaterThan(0);
    expect(grey.every((pair) => pair.probability < settings.linkage.probabilistic.threshold && pair.comparisons.length === 5)).toBe(true);
    const linked = model.pairs.find((pair) => pair.probability >= settings.linkage.probabilistic.threshold);
    if (linked === undefined) throw new Error('expected a pair above the threshold');
    const where = (index: number) => ({ source: first.input.source[index] as string, row: first.input.sourceRow[index] as number });
    const rowIndex = (source: string, row: number): number => first.input.source.findIndex((name, index) => name === source && first.input.sourceRow[index] === row);
    const [matchPair, unsurePair] = grey;
    if (matchPair === undefined) throw new Error('expected a grey pair');
    await decidePair(workspace.connection, { sourceA: where(linked.a).source, rowA: where(linked.a).row, sourceB: where(linked.b).source, rowB: where(linked.b).row }, 'not-a-match');
    await decidePair(workspace.connection, { sourceA: matchPair.sourceA, rowA: matchPair.rowA, sourceB: matchPair.sourceB, rowB: matchPair.rowB }, 'match');
    if (unsurePair !== undefined) await decidePair(workspace.connection, { sourceA: unsurePair.sourceB, rowA: unsurePair.rowB, sourceB: unsurePair.sourceA, rowB: unsurePair.rowA }, 'unsure');
    const decisions = await readDecisions(workspace.connection);
    expect(decisions.map((decision) => decision.decision).sort()).toEqual(unsurePair === undefined ? ['match', 'not-a-match'] : ['match', 'not-a-match', 'unsure']);
    const audited = await workspace.connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM vw.audit WHERE action = 'linkage-decision'`);
    expect(audited.getRowObjectsJson()[0]?.n).toBe(decisions.length);

    const second = await runLinkage(workspace.connection, settings, catalog, decisions);
    const person = (index: number): string => second.result.personIds[index] as string;
    expect(person(linked.a)).not.toBe(person(linked.b));
    expect(person(rowIndex(matchPair.sourceA, matchPair.rowA))).toBe(person(rowIndex(matchPair.sourceB, matchPair.rowB)));
    expect(second.result.linkedBy.filter((key) => key === 'clerical-review').length).toBeGreaterThan(0);
    await expect(decidePair(workspace.connection, { sourceA: 'log', rowA: 2, sourceB: 'log', rowB: 2 }, 'match')).rejects.toThrow(/itself/);
  }, 60_000);

  it('pages through every grey-zone pair in one total order, with the decisions on every page', async () => {
    const outcome = await runLinkage(workspace.connection, recipe(true), catalog);
    // More grey pairs than this small extract gives: 40 made-up pairs, some sharing a probability, so the order
    // must fall back to source and rows to stay total.
    const pairs = Array.from({ length: 40 }, (_, index) => {
      const base = outcome.reviewPairs[0] ?? outcome.model?.pairs[0];
      if (base === undefined) throw new Error('expected a scored pair');
      return { ...base, a: index, b: index + 100, probability: 0.3 + (index % 7) * 0.05 };
    });
    await writeReviewPairs(workspace.connection, outcome.input, pairs);
    const total = pairs.length;
    const all = await readReviewPairs(workspace.connection, { limit: 200 });
    expect(all.total).toBe(total);
    const key = (pair: { sourceA: string; rowA: number; sourceB: string; rowB: number }): string => `${pair.sourceA}/${pair.rowA}/${pair.sourceB}/${pair.rowB}`;
    const seen: string[] = [];
    for (let offset = 0; offset < total; offset += 3) {
      const page = await readReviewPairs(workspace.connection, { offset, limit: 3 });
      expect(page).toMatchObject({ offset, total });
      expect(page.pairs.length).toBe(Math.min(3, total - offset));
      seen.push(...page.pairs.map(key));
    }
    // Every pair once, in the order of the whole list: no page overlaps or skips one.
    expect(seen).toEqual(all.pairs.map(key));
    expect(new Set(seen).size).toBe(total);
    const probabilities = all.pairs.map((pair) => pair.probability);
    expect(probabilities).toEqual([...probabilities].sort((x, y) => y - x));
    // A decision on a pair deep in the list is read back on its page.
    const deep = all.pairs[total - 1];
    if (deep === undefined) throw new Error('expected a last pair');
    await decidePair(workspace.connection, deep, 'unsure');
    const last = await readReviewPairs(workspace.connection, { offset: total - 1, limit: 1 });
    expect(last.pairs[0]).toMatchObject({ ...deep, decision: 'unsure' });
    // An offset past the end gives the last page, not an empty one.
    const beyond = await readReviewPairs(workspace.connection, { offset: total + 40, limit: 3 });
    expect(beyond.offset).toBe(Math.floor((total - 1) / 3) * 3);
    expect(beyond.pairs.map(key)).toEqual(all.pairs.slice(beyond.offset).map(key));
  }, 60_000);

  it('says which decisions it could not honour and why, naming the records by file and row', async () => {
    const exact = await runLinkage(workspace.connection, recipe(false), catalog);
    const { personIndex } = exact.result;
    const first = personIndex.findIndex((person, index) => person !== index);
    if (first < 0) throw new Error('expected two records the exact keys joined');
    const joined = personIndex[first] as number;
    const where = (index: number) => ({ source: exact.input.source[index] as string, row: exact.input.sourceRow[index] as number });
    await decidePair(workspace.connection, { sourceA: where(joined).source, rowA: where(joined).row, sourceB: where(first).source, rowB: where(first).row }, 'not-a-match');
    const outcome = await runLinkage(workspace.connection, recipe(true), catalog, await readDecisions(workspace.connection));
    expect(outcome.result.personIds[first]).toBe(outcome.result.personIds[joined]);
    const conflict = outcome.decisionConflicts.find((entry) => entry.pair.rowA === where(joined).row && entry.pair.rowB === where(first).row);
    expect(conflict).toMatchObject({ kind: 'not-a-match-already-linked', decision: 'not-a-match', blockedBy: null });
    expect(conflict?.linkedBy).toMatch(/names-dob|name-dob/);
    const view = decisionConflictView(conflict as DecisionConflictRow, new Map([['log', 'log.csv']]));
    expect(view.records).toEqual([{ source: 'log', file: 'log.csv', row: where(joined).row }, { source: 'log', file: 'log.csv', row: where(first).row }]);
    expect(view.explanation).toContain(`"Not a match" on log.csv row ${where(joined).row} and log.csv row ${where(first).row} was not applied`);
    // Deterministic: the same decisions give the same explanations on every run.
    const again = await runLinkage(workspace.connection, recipe(true), catalog, [...(await readDecisions(workspace.connection))].reverse());
    expect(again.decisionConflicts).toEqual(outcome.decisionConflicts);
  }, 60_000);
});
