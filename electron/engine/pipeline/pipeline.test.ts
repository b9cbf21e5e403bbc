/**
 * The pipeline on small hand-made tables that follow the import's conventions (source_row, typed fields,
 * match_keys as a list of {key, value}, ward_code and area_unresolved_reason), through a test importer that
 * writes them straight into DuckDB. Exact expectations are worked out by hand from the rows below.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRecipe, type RecipeInput } from '../../../shared/recipe';
import { serialiseVillageJson, type VillageJson } from '../../../shared/village';
import { loadDefaultBoundaries, loadDefaultGeography } from '../geography';
import { renderReport } from '../outputs/report-html';
import { writeOutputs } from '../outputs/write-outputs';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { RecipeFieldError, SourceCatalog, describeTable } from './catalog';
import { compileStandalone, PERSON_LINKS_TABLE } from './conditions';
import { publishedCounts } from './publish';
import { runRecipe } from './run-recipe';
import { tableImporter, type TableFixtures } from './test-support/table-importer';

const geography = loadDefaultGeography();
const wardIn = (locality: string): string => geography.wards.find((ward) => geography.localityMap.localityOf.get(ward.code) === locality)?.code as string;
const W1 = wardIn('Ladywood');
const W2 = wardIn('Hodge Hill');

const keys = (...pairs: [string, string][]): string => `[${pairs.map(([key, value]) => `{'key': '${key}', 'value': '${value}'}`).join(', ')}]::STRUCT("key" VARCHAR, "value" VARCHAR)[]`;

/** CREATE statements per specification id; the test importer runs the one the request names. */
const TABLES: TableFixtures = {
  register: (table) => `CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM (VALUES
      (2::BIGINT, ${keys(['nhs', 'n1'])}, DATE '2020-01-15', 'M', '${W1}', NULL),
      (3::BIGINT, ${keys(['nhs', 'n2'])}, DATE '2021-03-01', 'F', '${W2}', NULL),
      (4::BIGINT, ${keys(['nhs', 'n3'])}, DATE '2022-07-07', 'F', NULL, 'unknown-lsoa'),
      (5::BIGINT, ${keys(['nhs', 'n1'])}, DATE '2020-01-15', 'M', '${W1}', NULL),
      (6::BIGINT, ${keys(['nhs', 'n4'])}, DATE '2019-09-09', 'M', '${W2}', NULL)
    ) AS t(source_row, match_keys, date_of_birth, sex, ward_code, area_unresolved_reason)`,
  school: (table) => `CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM (VALUES
      (7::BIGINT, ${keys(['upn', 'u1'], ['names-dob', 'k1'])}, DATE '2020-01-15', 'M', '${W1}', TRUE, '3b; 4A'),
      (8::BIGINT, ${keys(['upn', 'u2'], ['names-dob', 'k2'])}, DATE '2021-03-01', 'F', '${W2}', FALSE, NULL),
      (9::BIGINT, ${keys(['upn', 'u5'], ['names-dob', 'k5'])}, DATE '2019-02-02', 'F', '${W2}', TRUE, '1A')
    ) AS t(source_row, match_keys, date_of_birth, sex, ward_code, fsm_eligible, factors)`,
  social: (table) => `CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM (VALUES
      (5::BIGINT, ${keys(['nhs', 'n4'], ['upn', 'u5'])}, DATE '2019-09-09', 'M', '${W2}', '1B')
    ) AS t(source_row, match_keys, date_of_birth, sex, ward_code, factors)`,
  population: (table) => `CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM (VALUES
      (2::BIGINT, 'M', '${W1}', 40::BIGINT, 41::BIGINT, 42::BIGINT, 43::BIGINT, 44::BIGINT, 45::BIGINT),
      (3::BIGINT, 'F', '${W1}', 39::BIGINT, 40::BIGINT, 41::BIGINT, 42::BIGINT, 43::BIGINT, 44::BIGINT),
      (4::BIGINT, 'X', '${W1}', 1::BIGINT, 0::BIGINT, 1::BIGINT, 0::BIGINT, 1::BIGINT, 0::BIGINT),
      (5::BIGINT, 'M', '${W2}', 30::BIGINT, 30::BIGINT, 30::BIGINT, 30::BIGINT, 30::BIGINT, 30::BIGINT),
      (6::BIGINT, 'F', '${W2}', 31::BIGINT, 31::BIGINT, 31::BIGINT, 31::BIGINT, 31::BIGINT, 31::BIGINT),
      (7::BIGINT, 'X', '${W2}', 0::BIGINT, 0::BIGINT, 2::BIGINT, 0::BIGINT, 0::BIGINT, 0::BIGINT),
      (8::BIGINT, 'M', NULL, 999::BIGINT, 0::BIGINT, 0::BIGINT, 0::BIGINT, 0::BIGINT, 0::BIGINT)
    ) AS t(source_row, sex, ward_code, age_0, age_1, age_2, age_3, age_4, age_5)`,
  survey: (table) => `CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM (VALUES
      (2::BIGINT, 'Ladywood', TRUE), (3::BIGINT, 'LADYWOOD ', TRUE), (4::BIGINT, 'Birmingham, Ladywood', FALSE),
      (5::BIGINT, 'Hodge Hill', TRUE), (6::BIGINT, 'Solihull', TRUE), (7::BIGINT, NULL, FALSE)
    ) AS t(source_row, locality, happy)`,
};

const testImporter = tableImporter(TABLES);

const sexMap = { M: 'Male', F: 'Female', X: 'Non-binary' };
function recipeInput(): RecipeInput {
  return {
    version: 1,
    title: '=HYPERLINK("x") test village',
    referenceDate: '2024-06-30',
    sources: [
      { id: 'register', file: 'register.xlsx', spec: 'register', attributes: { dateOfBirth: 'date_of_birth', sex: { field: 'sex', map: sexMap } } },
      { id: 'school', file: 'school.xlsx', spec: 'school', attributes: { dateOfBirth: 'date_of_birth', sex: { field: 'sex', map: sexMap } } },
      { id: 'social', file: 'social.xlsx', spec: 'social', attributes: { dateOfBirth: 'date_of_birth', sex: { field: 'sex', map: sexMap } } },
      { id: 'population', file: 'population.xlsx', spec: 'population', attributes: { sex: { field: 'sex', map: sexMap } } },
      { id: 'survey', file: 'survey.csv', spec: 'survey' },
    ],
    population: { source: 'population', sexField: 'sex', ageFields: { age_0: 0, age_1: 1, age_2: 2, age_3: 3, age_4: 4, age_5: 5 } },
    village: { sexCategories: ['Male', 'Female', 'Non-binary'], ageBands: [{ label: '0-2', min: 0, max: 2 }, { label: '3-5', min: 3, max: 5 }], partitions: ['sex', 'ageBand'] },
    linkage: { sources: ['register', 'school', 'social'] },
    personAttributes: { priority: ['register', 'school', 'social'] },
    indicators: [
      { id: 'at_school', name: 'At school', description: 'On the school roll', ageRange: [0, 5], numerator: { source: 'school', exists: true }, denominator: 'population' },
      { id: 'fsm', name: 'FSM', description: 'FSM among pupils', ageRange: [0, 5], numerator: { source: 'school', field: 'fsm_eligible', equals: true }, denominator: { persons: { source: 'school', exists: true } } },
      {
        id: 'acute',
        name: 'Acute',
        description: 'Factor 3B or 1B anywhere',
        ageRange: [0, 5],
        numerator: { anyOf: [{ source: 'school', field: 'factors', containsAny: ['3B'] }, { source: 'social', field: 'factors', containsAny: ['1B'] }] },
        denominator: 'population',
      },
      { id: 'out_of_sight', name: 'Out of sight', description: 'On the register, not at school', ageRange: [3, 5], numerator: { not: { source: 'school', exists: true } }, denominator: { persons: { source: 'register', exists: true } } },
      { kind: 'share', id: 'happy', name: 'Happy', description: 'Says yes', source: 'survey', areaField: 'locality', field: 'happy', equals: true },
    ],
    disclosure: { threshold: 5, symbol: 'c' },
  };
}

let folder: string;
let workspace: Workspace;
beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'village-pipeline-'));
  workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 1 });
});
afterEach(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function run(input: RecipeInput = recipeInput()) {
  return runRecipe({ workspace, recipe: parseRecipe(input), recipePath: path.join(folder, 'recipe.json'), recipeSha256: 'b'.repeat(64), importer: testImporter, geography });
}

const areaOf = (village: VillageJson, name: string) => village.areas.find((area) => area.name === name);

describe('condition compiler', () => {
  async function setUp(): Promise<SourceCatalog> {
    await workspace.connection.run(TABLES.school?.('src_school') as string);
    await workspace.connection.run(`CREATE TABLE ${PERSON_LINKS_TABLE} AS SELECT * FROM (VALUES ('school', 7::BIGINT, 'P1'), ('school', 8::BIGINT, 'P2'), ('school', 9::BIGINT, 'P3')) AS t(source, source_row, person_id)`);
    const catalog = new SourceCatalog();
    catalog.add(await describeTable(workspace.connection, 'school', 'src_school'));
    return catalog;
  }
  async function people(catalog: SourceCatalog, condition: Parameters<typeof compileStandalone>[0]): Promise<string[]> {
    const compiled = compileStandalone(condition, catalog, 'p.person_id', 'test');
    const reader = await workspace.connection.runAndReadAll(`SELECT person_id FROM (VALUES ('P1'), ('P2'), ('P3')) AS p(person_id) WHERE ${compiled.sql} ORDER BY 1`, compiled.params);
    return reader.getRowObjectsJson().map((row) => String(row.person_id));
  }

  it('binds every value as a parameter and evaluates the closed language', async () => {
    const catalog = await setUp();
    const compiled = compileStandalone({ source: 'school', field: 'factors', containsAny: ['3B', 'zz9'] }, catalog, 'p.person_id', 'test');
    expect(compiled.sql).not.toMatch(/3B|ZZ9|'school'/i);
    expect(Object.values(compiled.params)).toEqual(expect.arrayContaining(['3B', 'ZZ9', 'school']));
    expect(await people(catalog, { source: 'school', field: 'factors', containsAny: ['3B'] })).toEqual(['P1']);
    expect(await people(catalog, { source: 'school', field: 'factors', containsAny: ['4a', '1a'] })).toEqual(['P1', 'P3']);
    expect(await people(catalog, { source: 'school', field: 'fsm_eligible', equals: true })).toEqual(['P1', 'P3']);
    expect(await people(catalog, { not: { source: 'school', field: 'factors', isNotNull: true } })).toEqual(['P2']);
    expect(await people(catalog, { allOf: [{ source: 'school', exists: true }, { source: 'school', field: 'sex', in: ['F'] }] })).toEqual(['P2', 'P3']);
    expect(await people(catalog, { anyOf: [{ source: 'school', field: 'date_of_birth', equals: '2020-01-15' }, { source: 'school', field: 'sex', equals: 'F' }] })).toEqual(['P1', 'P2', 'P3']);
  });

  it('refuses fields the table does not have, however they are spelt, and values of the wrong type', async () => {
    const catalog = await setUp();
    for (const field of ['fsm" OR 1=1 --', 'nhs_number', 'FSM_ELIGIBLE']) {
      expect(() => compileStandalone({ source: 'school', field, equals: 'Y' }, catalog, 'p.person_id', 'indicator "x"')).toThrow(RecipeFieldError);
    }
    expect(() => compileStandalone({ source: 'school', field: 'nothing', equals: 'Y' }, catalog, 'p.person_id', 'indicator "x"')).toThrow(/has no field "nothing" \(its fields: match_keys, date_of_birth/);
    expect(() => compileStandalone({ source: 'school', field: 'fsm_eligible', equals: 'Y' }, catalog, 'p.person_id', 'x')).toThrow(/true or false/);
    expect(() => compileStandalone({ source: 'school', field: 'date_of_birth', equals: '15/01/2020' }, catalog, 'p.person_id', 'x')).toThrow(/yyyy-mm-dd/);
    expect(() => compileStandalone({ source: 'police', exists: true }, catalog, 'p.person_id', 'x')).toThrow(/has not been imported/);
  });
});

describe('runRecipe on hand-made tables', () => {
  it('links, counts and builds villages as worked out by hand', async () => {
    const result = await run();
    const { raw } = result;
    // register r2+r5 are one person (NHS), joined to school s7 by date of birth + ward; r3 joins s8 the same way;
    // social care carries n4 and u5, so register r6 and school s9 are one person through it (the cascade).
    expect(result.linkage.quality.people).toBe(4);
    const ladywood = raw.localities.find((area) => area.name === 'Ladywood');
    const hodgeHill = raw.localities.find((area) => area.name === 'Hodge Hill');
    expect(raw.city.population).toBe(255 + 249 + 3 + 180 + 186 + 2);
    expect(ladywood?.partitions[0]?.categories).toEqual([{ label: 'Male', count: 255 }, { label: 'Female', count: 249 }, { label: 'Non-binary', count: 3 }]);
    expect(raw.city.indicators.at_school).toEqual({ count: 3, denominator: raw.city.population });
    expect(ladywood?.indicators.at_school?.count).toBe(1);
    expect(hodgeHill?.indicators.at_school?.count).toBe(2);
    expect(raw.city.indicators.fsm).toEqual({ count: 2, denominator: 3 });
    expect(raw.city.indicators.acute?.count).toBe(2);
    // Out of sight (3–5 on 30/06/2024): the unplaced register child is 1, so only children born 2019–2021 count.
    expect(raw.city.indicators.out_of_sight).toEqual({ count: 0, denominator: 3 });
    expect(raw.city.indicators.happy).toEqual({ count: 4, denominator: 6 });
    expect(ladywood?.indicators.happy).toEqual({ count: 2, denominator: 3 });
    expect(raw.unresolved.happy).toBe(1);
    expect(result.unresolved).toEqual(
      expect.arrayContaining([
        { source: 'register', reason: 'unknown-lsoa', records: 1, exampleRows: [4] },
        { source: 'survey', reason: 'unknown-locality', records: 2, exampleRows: [6, 7] },
        { source: 'population', reason: 'population-row-without-ward', records: 1, exampleRows: [] },
      ]),
    );
    const links = await workspace.connection.runAndReadAll(`SELECT source, source_row, person_id, linked_by FROM ${PERSON_LINKS_TABLE} ORDER BY source, source_row`);
    const linkedBy = Object.fromEntries(links.getRowObjectsJson().map((row) => [`${row.source}:${row.source_row}`, row.linked_by]));
    expect(linkedBy['register:2']).toBe('nhs');
    expect(linkedBy['school:7']).toBe('dob-ward');
    const audit = await workspace.connection.runAndReadAll("SELECT detail_json FROM vw.audit WHERE action = 'link-run'");
    expect(JSON.parse(String(audit.getRowObjectsJson()[0]?.detail_json))).toMatchObject({ records: 9, people: 4 });
  });

  it('publishes villages of exactly 100 and hides small counts with their complements', async () => {
    const { village } = await run();
    for (const area of village.areas) {
      for (const partition of area.partitions) {
        const villagers = partition.categories.map((category) => category.villagers);
        if (partition.total.value === 0 || villagers.some((value) => value === null)) continue;
        expect(villagers.reduce((sum, value) => (sum as number) + (value as number), 0)).toBe(100);
      }
    }
    const city = areaOf(village, 'Birmingham');
    const sex = city?.partitions.find((partition) => partition.partition === 'sex');
    expect(sex?.categories.map((category) => category.count.display)).toEqual(['435', '435', '5']);
    expect(sex?.categories.map((category) => category.villagers)).toEqual([50, 50, 0]);
    // Non-binary is 5 in the city (published), 3 and 2 in the localities: both hidden, and so is each
    // locality's smallest other category so the row totals do not give them away.
    const ladywood = areaOf(village, 'Ladywood')?.partitions.find((partition) => partition.partition === 'sex');
    expect(ladywood?.categories[2]?.count).toEqual({ value: null, display: 'c', status: 'primary' });
    const at = city?.indicators.find((figure) => figure.id === 'at_school');
    expect(at?.count).toEqual({ value: null, display: 'c', status: 'primary' });
    expect(at?.rate).toBeNull();
    expect(at?.rateDisplay).toBe('c');
    for (const count of publishedCounts(village)) expect(count.value === null || count.value === 0 || count.value >= 5).toBe(true);
  });

  it('moves a ward to another locality when the recipe overrides the map', async () => {
    const input = recipeInput();
    const moved = await run({ ...input, geography: { localityOverrides: { [W1]: 'Hodge Hill' } } });
    expect(moved.raw.localities.find((area) => area.name === 'Ladywood')?.population).toBe(0);
    expect(moved.raw.localities.find((area) => area.name === 'Hodge Hill')?.indicators.at_school?.count).toBe(3);
    expect(moved.village.geography.overrides).toEqual({ [W1]: 'Hodge Hill' });
    expect(moved.village.geography.localitySource).toMatch(/Overridden/);
  });

  it('publishes ward figures inside their locality when an indicator asks for wards', async () => {
    const input = recipeInput();
    const indicators = (input.indicators ?? []).map((indicator) => (indicator.id === 'at_school' ? { ...indicator, levels: ['city', 'locality', 'ward'] } : indicator));
    const { raw, village } = await run({ ...input, indicators } as RecipeInput);
    expect(raw.wards).toHaveLength(geography.wards.length);
    const w2 = raw.wards.find((ward) => ward.code === W2);
    expect(w2?.parent).toBe('Hodge Hill');
    expect(w2?.indicators.at_school?.count).toBe(2);
    expect(w2?.indicators.fsm).toBeUndefined();
    const published = village.areas.find((area) => area.code === W2);
    expect(published?.level).toBe('ward');
    // Hodge Hill's count (2) is hidden, so every one of its wards is hidden with it.
    expect(published?.indicators.find((figure) => figure.id === 'at_school')?.count.value).toBeNull();
    const otherWard = village.areas.find((area) => area.level === 'ward' && area.parent === 'Erdington');
    expect(otherWard?.indicators.find((figure) => figure.id === 'at_school')?.count).toEqual({ value: 0, display: '0', status: 'published' });
  });

  it('stops between stages when cancelled, before anything is counted', async () => {
    const controller = new AbortController();
    const stages: string[] = [];
    const running = runRecipe({
      workspace,
      recipe: parseRecipe(recipeInput()),
      recipePath: path.join(folder, 'recipe.json'),
      recipeSha256: 'b'.repeat(64),
      importer: testImporter,
      geography,
      signal: controller.signal,
      onProgress: (progress) => {
        stages.push(progress.stage);
        if (progress.stage === 'linkage') controller.abort();
      },
    });
    await expect(running).rejects.toThrow(/cancelled during linkage/);
    expect(stages).not.toContain('indicators');
  });

  it('writes outputs that are self-contained, neutralised and audited', async () => {
    const { village, imports } = await run();
    const out = path.join(folder, 'out');
    const written = await writeOutputs(village, serialiseVillageJson(village), imports, out, workspace);
    expect(written.map((file) => file.file).sort()).toEqual(['report.html', 'village.json', 'village.xlsx']);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link|<img|@import|url\(/i);
    expect(html).toMatch(/<svg role="img" aria-label="Birmingham: Sex as a village of 100/);
    expect(html).toContain('<h1>=HYPERLINK(&quot;x&quot;) test village</h1>');
    expect(renderReport(village)).toBe(html);
    // It prints: A4 pages, the navigation left off, a section per page, charts and tables kept whole.
    expect(html).toMatch(/@media print\{\s*@page\{size:A4/);
    expect(html).toContain('.picto,.chart,tr,.note{break-inside:avoid}');
    const workbook = XLSX.read(fs.readFileSync(path.join(out, 'village.xlsx')));
    expect(workbook.SheetNames).toEqual(['About this data', 'Village of 100', 'Indicators', 'Unresolved areas', 'Linkage by source', 'Linkage by source pair', 'Linkage by key', 'Linkage conflicts', 'Outcomes Framework', 'Outcomes Compared with the city', 'Outcomes Trends', 'Outcomes Village over time']);
    const about = XLSX.utils.sheet_to_json<string[]>(workbook.Sheets['About this data'] as XLSX.WorkSheet, { header: 1 });
    expect(about[1]?.[1]).toBe('\'=HYPERLINK("x") test village');
    const villageRows = XLSX.utils.sheet_to_json<(string | number)[]>(workbook.Sheets['Village of 100'] as XLSX.WorkSheet, { header: 1 });
    const cityMale = villageRows.find((row) => row[1] === 'Birmingham' && row[3] === 'Male');
    expect(cityMale?.[4]).toBe(435);
    expect(villageRows.some((row) => row[4] === 'c')).toBe(true);
    const audit = await workspace.connection.runAndReadAll("SELECT detail_json FROM vw.audit WHERE action = 'export'");
    const detail = JSON.parse(String(audit.getRowObjectsJson()[0]?.detail_json)) as { files: { file: string; sha256: string }[] };
    expect(detail.files.map((file) => file.file).sort()).toEqual(['report.html', 'village.json', 'village.xlsx']);
    expect(detail.files.every((file) => /^[0-9a-f]{64}$/.test(file.sha256))).toBe(true);
  });
});

describe('the boundaries a run maps its figures on', () => {
  const shipped = loadDefaultBoundaries(geography);

  /** Another authority's shape of file: one MultiPolygon per LSOA 2021 (each ward's shape under one of its LSOAs). */
  function lsoaBoundaryFile(transform: (features: object[]) => object[] = (features) => features): string {
    const lsoaOf = new Map<string, string>();
    for (const [lsoa, ward] of geography.lsoa21ToWard) if (!lsoaOf.has(ward)) lsoaOf.set(ward, lsoa);
    const features = shipped.wards.map((ward) => ({ type: 'Feature', properties: { LSOA21NM: 'x', LSOA21CD: lsoaOf.get(ward.code) }, geometry: { type: 'MultiPolygon', coordinates: ward.polygons } }));
    const file = path.join(folder, 'lsoa-boundaries.geojson');
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: transform(features) }));
    return 'lsoa-boundaries.geojson';
  }

  it('records the shipped ONS wards when the recipe names no file, and report.html maps them', async () => {
    const { village } = await run();
    expect(village.geography.boundaries?.file).toBe('birmingham_wards_2018.geojson');
    expect(village.geography.boundaries?.wards.map((ward) => ward.code)).toEqual(geography.wards.map((ward) => ward.code));
    expect(renderReport(village)).toContain('<section id="maps"');
  });

  it('maps on the recipe\'s own file by LSOA code, with its attribution', async () => {
    const input = recipeInput();
    const file = lsoaBoundaryFile();
    const { village } = await run({ ...input, geography: { localityOverrides: {}, boundaries: { file, attribution: 'Boundaries © Test Authority' } } });
    expect(village.geography.boundaries).toMatchObject({ file, level: 'lsoa21', codeProperty: 'LSOA21CD', attribution: 'Boundaries © Test Authority' });
    expect(village.geography.boundaries?.wards).toHaveLength(69);
    expect(renderReport(village)).toContain('Boundaries © Test Authority');
  });

  it('stops before any import when the file does not fit the ward list, naming the file and the feature', async () => {
    const input = recipeInput();
    const file = lsoaBoundaryFile((features) => [...features, features[3] as object]);
    await expect(run({ ...input, geography: { localityOverrides: {}, boundaries: { file } } })).rejects.toThrow(
      /The recipe's boundary file is not usable: .*lsoa-boundaries\.geojson: feature 70 \(E01\d+\): E01\d+ appears twice \(features 4 and 70\)/,
    );
    const tables = await workspace.connection.runAndReadAll("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'src_%'");
    expect(Number(tables.getRowObjectsJson()[0]?.n)).toBe(0);
  });
});
