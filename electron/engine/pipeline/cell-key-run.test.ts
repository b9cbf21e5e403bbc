/**
 * A recipe run that chose `disclosure.method: "cell-key"`: its village is published perturbed with the
 * record keys and table of Explore's grouped views, so the same people give the same figure in both, no count
 * is published as 1 to threshold − 1, and zero stays zero. The fixture is made here: a register and a school
 * roll of a few hundred children over the wards of two localities (Harborne rare), written straight into
 * DuckDB by a test importer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRecipe, type RecipeInput } from '../../../shared/recipe';
import { serialiseVillageJson, villageJsonSchema, type VillageJson } from '../../../shared/village';
import { choroplethFigures } from '../../../shared/maps';
import { renderReport } from '../outputs/report-html';
import { aboutTable } from '../outputs/tables';
import { loadDefaultGeography } from '../geography';
import { TablePager } from '../explore/paging';
import { maxAdjustment, perturbationTable, possiblePublished } from '../privacy/perturbation';
import { DisclosureLedger } from '../../../test/support/disclosure-checker';
import { recordVillageJson } from '../../../test/support/export-ledger';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { PERSON_FACT_LEAVES_TABLE } from './person-facts';
import { publishedCounts } from './publish';
import { runRecipe, type RecipeRun } from './run-recipe';
import { tableImporter, type TableFixtures } from './test-support/table-importer';

const geography = loadDefaultGeography();
const wardsOf = (locality: string): string[] => geography.wards.filter((ward) => geography.localityMap.localityOf.get(ward.code) === locality).map((ward) => ward.code).slice(0, 3);
const WARDS = [...wardsOf('Ladywood'), ...wardsOf('Hodge Hill')];
const PEOPLE = 420;

/** The ward of child i: most in the first wards, a few in the last, some in none. */
const wardSql = (index: string): string => `CASE WHEN ${index} % 53 = 0 THEN NULL WHEN ${index} % 37 = 0 THEN '${WARDS[5]}' ELSE (${`[${WARDS.slice(0, 5).map((ward) => `'${ward}'`).join(', ')}]`})[1 + CAST(${index} % 5 AS INTEGER)] END`;

const TABLES: TableFixtures = {
  register: (table) => `CREATE OR REPLACE TABLE "${table}" AS
    SELECT range + 1 AS source_row, [{'key': 'nhs', 'value': 'n' || CAST(range AS VARCHAR)}]::STRUCT("key" VARCHAR, "value" VARCHAR)[] AS match_keys,
           DATE '2015-01-01' + CAST(range * 13 % 3000 AS INTEGER) AS date_of_birth, CASE WHEN range % 2 = 0 THEN 'M' ELSE 'F' END AS sex,
           ${wardSql('range')} AS ward_code, CAST(NULL AS VARCHAR) AS area_unresolved_reason
      FROM range(${PEOPLE})`,
  school: (table) => `CREATE OR REPLACE TABLE "${table}" AS
    SELECT range + 1000 AS source_row, [{'key': 'nhs', 'value': 'n' || CAST(range AS VARCHAR)}]::STRUCT("key" VARCHAR, "value" VARCHAR)[] AS match_keys,
           DATE '2015-01-01' + CAST(range * 13 % 3000 AS INTEGER) AS date_of_birth, CASE WHEN range % 2 = 0 THEN 'M' ELSE 'F' END AS sex,
           ${wardSql('range')} AS ward_code, (range % 7 = 0) AS fsm_eligible
      FROM range(${PEOPLE}) WHERE range % 3 <> 0`,
  population: (table) => `CREATE OR REPLACE TABLE "${table}" AS
    SELECT row_number() OVER () AS source_row, sex, ward_code, * EXCLUDE (sex, ward_code) FROM (
      SELECT s.sex, w.ward_code, ${Array.from({ length: 12 }, (_, age) => `CAST((w.n * (${age} + 3) + ${age}) % 61 + ${age % 4 === 0 ? 0 : 3} AS BIGINT) AS age_${age}`).join(', ')}
        FROM (VALUES ('M'), ('F'), ('X')) s(sex), (SELECT unnest([${WARDS.map((ward) => `'${ward}'`).join(', ')}]) AS ward_code, generate_subscripts([${WARDS.map(() => '0').join(', ')}], 1) AS n) w)`,
  survey: (table) => `CREATE OR REPLACE TABLE "${table}" AS
    SELECT range + 1 AS source_row, CASE WHEN range % 11 = 0 THEN 'Elsewhere' WHEN range % 2 = 0 THEN 'Ladywood' ELSE 'Hodge Hill' END AS locality, (range % 3 = 0) AS happy FROM range(90)`,
};

const testImporter = tableImporter(TABLES);

const sexMap = { M: 'Male', F: 'Female', X: 'Non-binary' };
function recipeInput(method?: 'cell-key' | 'suppression'): RecipeInput {
  return {
    version: 1,
    title: 'cell-key village',
    referenceDate: '2024-06-30',
    sources: [
      { id: 'register', file: 'register.xlsx', spec: 'register', attributes: { dateOfBirth: 'date_of_birth', sex: { field: 'sex', map: sexMap } } },
      { id: 'school', file: 'school.xlsx', spec: 'school', attributes: { dateOfBirth: 'date_of_birth', sex: { field: 'sex', map: sexMap } } },
      { id: 'population', file: 'population.xlsx', spec: 'population', attributes: { sex: { field: 'sex', map: sexMap } } },
      { id: 'survey', file: 'survey.csv', spec: 'survey' },
    ],
    population: { source: 'population', sexField: 'sex', ageFields: Object.fromEntries(Array.from({ length: 12 }, (_, age) => [`age_${age}`, age])) },
    village: { sexCategories: ['Male', 'Female', 'Non-binary'], ageBands: [{ label: '0-5', min: 0, max: 5 }, { label: '6-11', min: 6, max: 11 }], partitions: ['sex', 'ageBand'] },
    linkage: { sources: ['register', 'school'] },
    personAttributes: { priority: ['register', 'school'] },
    indicators: [
      { id: 'at_school', name: 'At school', description: 'On the school roll', ageRange: [0, 11], numerator: { source: 'school', exists: true }, denominator: 'population', levels: ['city', 'locality', 'ward'] },
      { id: 'fsm', name: 'FSM', description: 'FSM among pupils', ageRange: [0, 11], numerator: { source: 'school', field: 'fsm_eligible', equals: true }, denominator: { persons: { source: 'school', exists: true } }, levels: ['city', 'locality', 'ward'] },
      { id: 'young_fsm', name: 'Young FSM', description: 'FSM among pupils 4 to 5', ageRange: [4, 5], numerator: { source: 'school', field: 'fsm_eligible', equals: true }, denominator: 'population', levels: ['city', 'locality', 'ward'] },
      { kind: 'share', id: 'happy', name: 'Happy', description: 'Says yes', source: 'survey', areaField: 'locality', field: 'happy', equals: true },
    ],
    disclosure: { threshold: 5, symbol: 'c', ...(method === undefined ? {} : { method }) },
  };
}

let folder: string;
let workspace: Workspace;
beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'village-cell-key-'));
  workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 1 });
});
afterEach(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function run(method?: 'cell-key' | 'suppression'): Promise<RecipeRun> {
  return runRecipe({ workspace, recipe: parseRecipe(recipeInput(method)), recipePath: path.join(folder, 'recipe.json'), recipeSha256: 'b'.repeat(64), importer: testImporter, geography });
}

/** The person_facts columns of the school leaf, the FSM leaf and the 0–11 age window. */
async function factColumns(): Promise<{ school: string; fsm: string; window: string }> {
  const reader = await workspace.connection.runAndReadAll(`SELECT column_name, leaf FROM ${PERSON_FACT_LEAVES_TABLE}`);
  const byLeaf = new Map(reader.getRowObjectsJson().map((row) => [String(row.leaf), String(row.column_name)]));
  const find = (test: (leaf: string) => boolean): string => [...byLeaf].find(([leaf]) => test(leaf))?.[1] as string;
  return {
    school: find((leaf) => leaf.includes('exists')),
    fsm: find((leaf) => leaf.includes('fsm_eligible')),
    window: find((leaf) => leaf.includes('ageWindow') && leaf.includes(',0,11]')),
  };
}

const isTrue = { kind: 'text', operator: 'equals', value: 'true' } as const;

describe('a recipe run with disclosure.method "cell-key"', () => {
  it('publishes every indicator count as Explore publishes the same people grouped by ward, and the same total for the city', async () => {
    const { village } = await run('cell-key');
    expect(village.suppression.method).toBe('cell-key');
    expect(villageJsonSchema.safeParse(JSON.parse(serialiseVillageJson(village))).success).toBe(true);
    // report.html and village.xlsx's "About this data" carry the note.
    expect(renderReport(village)).toContain('Counts are perturbed by the cell-key method');
    expect(aboutTable(village).rows).toContainEqual(['Perturbation', village.suppression.rule]);
    const columns = await factColumns();
    const pager = new TablePager(workspace.connection, workspace.secretsFolder);
    const compared: string[] = [];
    for (const [id, rowFilter] of [
      ['at_school', { [columns.school]: isTrue, [columns.window]: isTrue }],
      ['fsm', { [columns.fsm]: isTrue, [columns.school]: isTrue, [columns.window]: isTrue }],
    ] as const) {
      const request = { table: 'person_facts', groupBy: ['ward_code'], sort: [], filter: {}, rowFilter };
      const { result, columns: viewColumns } = await pager.readView(request, 1_000);
      const countAt = viewColumns.findIndex((column) => column.name === 'row_count');
      const explored = new Map(result.getRows().map((row) => [String(row[0]), Number(row[countAt])]));
      for (const ward of WARDS) {
        const figure = village.areas.find((area) => area.code === ward)?.indicators.find((indicator) => indicator.id === id);
        // Explore leaves out a group published as 0; the village shows it as 0.
        expect(figure?.count.value, `${id} in ${ward}`).toBe(explored.get(ward) ?? 0);
        compared.push(`${id}:${ward}`);
      }
      const city = village.areas.find((area) => area.level === 'city')?.indicators.find((indicator) => indicator.id === id);
      expect(city?.count.value, `${id} in the city`).toBe(await pager.groupedTotal(request));
    }
    expect(compared).toHaveLength(2 * WARDS.length);
  });

  it('never publishes 1 to 4, keeps zero at zero, moves larger counts by at most 2, and works rates out from the published counts', async () => {
    const { village, raw } = await run('cell-key');
    const table = perturbationTable(5);
    const published = publishedCounts(village.areas);
    expect(published.length).toBeGreaterThan(100);
    for (const cell of published) {
      expect(cell.value, cell.display).not.toBeNull();
      expect([1, 2, 3, 4]).not.toContain(cell.value);
    }
    let moved = 0;
    for (const area of [raw.city, ...raw.localities, ...raw.wards]) {
      const view = village.areas.find((candidate) => candidate.code === area.code);
      expect(possiblePublished(area.population, table).has(view?.population.value as number)).toBe(true);
      for (const [id, figure] of Object.entries(area.indicators)) {
        const shown = view?.indicators.find((indicator) => indicator.id === id);
        const value = shown?.count.value as number;
        if (figure.count === 0) expect(value, `${id} in ${area.name}`).toBe(0);
        expect(possiblePublished(figure.count, table).has(value), `${id} in ${area.name}: ${figure.count} published as ${value}`).toBe(true);
        if (value !== figure.count) moved += 1;
        const denominator = shown?.denominator.value as number;
        if (value > 0 && denominator > 0) expect(shown?.rate).toBeCloseTo((value / denominator) * 100, 9);
      }
      for (const partition of view?.partitions ?? []) {
        const villagers = partition.categories.reduce((sum, category) => sum + (category.villagers ?? 0), 0);
        const people = partition.categories.reduce((sum, category) => sum + (category.count.value as number), 0);
        expect(villagers).toBe(people === 0 ? 0 : village.village.size);
      }
    }
    // A denominator that is the whole population (at school: ages 0–11, every age of the estimates) is the
    // published population; one that is part of it (young FSM: ages 4–5) is a cell of its own, keyed by area and ages.
    for (const view of village.areas) {
      expect(view.indicators.find((indicator) => indicator.id === 'at_school')?.denominator).toEqual(view.population);
    }
    const ladywood = raw.localities.find((area) => area.name === 'Ladywood');
    const young = ladywood?.indicators.young_fsm?.denominator as number;
    expect(young).toBeLessThan(ladywood?.population as number);
    expect(possiblePublished(young, table).has(village.areas.find((area) => area.code === ladywood?.code)?.indicators.find((indicator) => indicator.id === 'young_fsm')?.denominator.value as number)).toBe(true);
    // Perturbation happened: not every count is its true value.
    expect(moved).toBeGreaterThan(0);
    // Small raw counts exist in the fixture, so the rule was exercised.
    expect([raw.city, ...raw.localities, ...raw.wards].some((area) => Object.values(area.indicators).some((figure) => figure.count > 0 && figure.count < 5))).toBe(true);
  });

  it('publishes every ward\'s village partitions perturbed, keyed by the ward\'s cell, so the ward maps of the village of 100 are drawn', async () => {
    const { village, raw } = await run('cell-key');
    const table = perturbationTable(5);
    expect(raw.wards.filter((ward) => ward.population > 0).map((ward) => ward.code).sort()).toEqual([...WARDS].sort());
    for (const ward of raw.wards) {
      const view = village.areas.find((area) => area.code === ward.code);
      expect(view?.partitions.map((partition) => partition.partition), ward.name).toEqual(['sex', 'ageBand']);
      ward.partitions.forEach((partition, index) => {
        const shown = view?.partitions[index];
        // The partition's total is the ward's published population: one number, one figure.
        expect(shown?.total).toEqual(view?.population);
        partition.categories.forEach((category, categoryIndex) => {
          const cell = shown?.categories[categoryIndex]?.count;
          expect(cell?.status).toBe('published');
          expect(possiblePublished(category.count, table).has(cell?.value as number), `${ward.name} ${category.label}: ${category.count} as ${cell?.value}`).toBe(true);
        });
      });
    }
    // The same ward's cell is the same number in another run; a locality's cell is keyed apart from its wards'.
    const again = (await run('cell-key')).village;
    expect(again.areas.filter((area) => area.level === 'ward').map((area) => area.partitions)).toEqual(village.areas.filter((area) => area.level === 'ward').map((area) => area.partitions));
    const wardMap = choroplethFigures(village, 'ward', { kind: 'share', partition: 'sex', category: 'Female' });
    expect(wardMap.areas.filter((area) => WARDS.includes(area.code)).map((area) => area.status)).toEqual(WARDS.map(() => 'published'));
    expect(renderReport(village)).toMatch(/<figure class="map" data-level="ward" data-partition="sex" data-category="Female">/);
  });

  it('leaves no count narrowed inside 1 to 4 by the perturbation\'s published uncertainty, whole non-negative counts and every line of areas and partitions', async () => {
    const { village } = await run('cell-key');
    const table = perturbationTable(5);
    const reach = maxAdjustment(table) + 1;
    // The true counts a published count can stand for: those the table can publish as it.
    const rangeOf = (shown: number): readonly [number, number] => {
      const candidates = Array.from({ length: shown + reach + 1 }, (_, count) => count).filter((count) => possiblePublished(count, table).has(shown));
      return [Math.min(...candidates), Math.max(...candidates)];
    };
    expect(rangeOf(0)[0]).toBe(0);
    expect(rangeOf(0)[1]).toBeGreaterThanOrEqual(4);
    const exact = new DisclosureLedger();
    recordVillageJson(exact, { village, populationAges: Array.from({ length: 12 }, (_, age) => age), ethnicityIsPopulation: false }, 'village.json');
    const ledger = exact.perturbed(rangeOf);
    expect(ledger.lineCount).toBeGreaterThan(20);
    expect(ledger.boundDisclosures(5)).toEqual([]);
  });

  it('gives the same figures on a second run of the same data, and a suppressed run states its method and hides small counts as before', async () => {
    const first = (await run('cell-key')).village;
    const second = (await run('cell-key')).village;
    const figures = (village: VillageJson) => JSON.stringify(village.areas);
    expect(figures(second)).toBe(figures(first));
    const suppressed = await run();
    expect(suppressed.village.suppression.method).toBe('suppression');
    expect(suppressed.village.suppression.rule).toMatch(/Secondary suppression/);
    const small = publishedCounts(suppressed.village.areas).filter((cell) => cell.value !== null && cell.value > 0 && cell.value < 5);
    expect(small).toEqual([]);
    expect(publishedCounts(suppressed.village.areas).some((cell) => cell.status !== 'published')).toBe(true);
  });

  it('refuses cell-key with a threshold below Explore\'s floor of 5', () => {
    const input = recipeInput('cell-key');
    expect(() => parseRecipe({ ...input, disclosure: { threshold: 3, symbol: 'c', method: 'cell-key' } })).toThrow(/at least 5/);
  });
});
