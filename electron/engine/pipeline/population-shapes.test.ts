/**
 * Population estimates in the shapes partners send them: one column per single year, one column per age
 * band, or long (a row per age or band with a count), by ward or by LSOA. The same people in every shape give
 * the same denominators; an age range that cuts through a band is refused, naming the band and the range.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRecipe, type RecipeInput } from '../../../shared/recipe';
import { parseSpecification } from '../../../shared/spec';
import { loadDefaultGeography } from '../geography';
import { importWithSpecification } from '../import/spec-import';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { describeTable, SourceCatalog } from './catalog';
import { populationInAgeRange, PopulationShapeError } from './population';
import { readVillagePopulation } from './recompute';

const geography = loadDefaultGeography();
const [W1, W2] = geography.wards.map((ward) => ward.code) as [string, string];

let folder: string;
let workspace: Workspace;
beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-population-'));
  workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 1 });
});
afterEach(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Ward, sex, then people aged 0..5. */
const PEOPLE: [string, string, number[]][] = [
  [W1, 'M', [10, 11, 12, 13, 14, 15]],
  [W1, 'F', [20, 21, 22, 23, 24, 25]],
  [W2, 'M', [1, 2, 3, 4, 5, 6]],
];

function recipe(population: RecipeInput['population'], indicatorAges: [number, number] = [0, 2]) {
  return parseRecipe({
    version: 1,
    title: 'Population shapes',
    referenceDate: '2025-06-30',
    sources: [
      { id: 'population', file: 'population.csv', spec: 'population', attributes: { sex: { field: 'sex', map: { M: 'Male', F: 'Female' } } } },
      { id: 'register', file: 'register.csv', spec: 'register' },
    ],
    population,
    village: { sexCategories: ['Male', 'Female'], ageBands: [{ label: '0-2', min: 0, max: 2 }, { label: '3-5', min: 3, max: 5 }], partitions: ['sex', 'ageBand'] },
    linkage: { sources: ['register'] },
    indicators: [{ id: 'under_three', name: 'Under three', description: 'Children under three', ageRange: indicatorAges, numerator: { source: 'register', exists: true }, denominator: 'population' }],
  } satisfies RecipeInput);
}

async function tableOf(sql: string): Promise<SourceCatalog> {
  await workspace.connection.run(`CREATE OR REPLACE TABLE population AS ${sql}`);
  const catalog = new SourceCatalog();
  catalog.add(await describeTable(workspace.connection, 'population', 'population'));
  return catalog;
}

const values = (rows: string[]): string => `SELECT * FROM (VALUES ${rows.join(', ')})`;

async function denominators(population: RecipeInput['population'], catalog: SourceCatalog) {
  const read = await readVillagePopulation(workspace.connection, recipe(population), catalog);
  return [W1, W2].map((ward) => [populationInAgeRange(read.wards.get(ward), 0, 2), populationInAgeRange(read.wards.get(ward), 3, 5)]);
}

const EXPECTED = [
  [10 + 11 + 12 + 20 + 21 + 22, 13 + 14 + 15 + 23 + 24 + 25],
  [1 + 2 + 3, 4 + 5 + 6],
];

describe('population shapes', () => {
  it('gives the same denominators from single years, wide bands and long rows', async () => {
    const wide = await tableOf(
      `${values(PEOPLE.map(([ward, sex, ages]) => `('${ward}', '${sex}', ${ages.map((count) => `${count}::BIGINT`).join(', ')})`))} AS t(ward_code, sex, age_0, age_1, age_2, age_3, age_4, age_5)`,
    );
    expect(await denominators({ source: 'population', sexField: 'sex', ageFields: { age_0: 0, age_1: 1, age_2: 2, age_3: 3, age_4: 4, age_5: 5 } }, wide)).toEqual(EXPECTED);

    const sum = (ages: number[], from: number, to: number): number => ages.slice(from, to + 1).reduce((total, count) => total + count, 0);
    const banded = await tableOf(`${values(PEOPLE.map(([ward, sex, ages]) => `('${ward}', '${sex}', ${sum(ages, 0, 2)}::BIGINT, ${sum(ages, 3, 5)}::BIGINT)`))} AS t(ward_code, sex, age_0_2, age_3_5)`);
    expect(await denominators({ source: 'population', sexField: 'sex', ageBandFields: { age_0_2: [0, 2], age_3_5: [3, 5] } }, banded)).toEqual(EXPECTED);

    const longYears = await tableOf(
      `${values(PEOPLE.flatMap(([ward, sex, ages]) => ages.map((count, age) => `('${ward}', '${sex}', ${age}::BIGINT, ${count}::BIGINT)`)))} AS t(ward_code, sex, age, people)`,
    );
    expect(await denominators({ source: 'population', sexField: 'sex', long: { ageField: 'age', countField: 'people' } }, longYears)).toEqual(EXPECTED);

    const longBands = await tableOf(
      `${values(PEOPLE.flatMap(([ward, sex, ages]) => [`('${ward}', '${sex}', '0 to 2', ${sum(ages, 0, 2)}::BIGINT)`, `('${ward}', '${sex}', '3 to 5', ${sum(ages, 3, 5)}::BIGINT)`]))} AS t(ward_code, sex, age_band, people)`,
    );
    const longBanded = { source: 'population', sexField: 'sex', long: { ageField: 'age_band', countField: 'people', ageBands: { '0 to 2': [0, 2], '3 to 5': [3, 5] } } } satisfies RecipeInput['population'];
    expect(await denominators(longBanded, longBands)).toEqual(EXPECTED);

    await expect(readVillagePopulation(workspace.connection, recipe(longBanded, [0, 1]), longBands)).rejects.toThrow(
      'Indicator "under_three" counts ages 0–1, but the population gives ages 0–2 as one band ("0 to 2"), so its denominator cannot be worked out; use age bands that start at 0 and end at 1, or a population by single year of age',
    );
    const undeclared = { ...longBanded, long: { ...longBanded.long, ageBands: { '0 to 2': [0, 2] as [number, number] } } };
    await expect(readVillagePopulation(workspace.connection, recipe(undeclared), longBands)).rejects.toThrow(PopulationShapeError);
    await expect(readVillagePopulation(workspace.connection, recipe(undeclared), longBands)).rejects.toThrow(/the age value "3 to 5" in field age_band, which is not one of the declared bands \("0 to 2"\)/);
  });

  it('refuses a population section that gives its ages two ways, or bands that overlap', () => {
    expect(() => recipe({ source: 'population', sexField: 'sex', ageFields: { age_0: 0 }, long: { ageField: 'age', countField: 'people' } })).toThrow(/give the ages one way, not as ageFields and long/);
    expect(() => recipe({ source: 'population', sexField: 'sex' })).toThrow(/give the ages as ageFields, ageBandFields or long/);
    expect(() => recipe({ source: 'population', sexField: 'sex', ageBandFields: { a: [0, 4], b: [4, 9] } })).toThrow(/age bands "a" and "b" overlap/);
  });

  it('imports a long ward × sex × age band × count extract with a user’s specification and reads it by LSOA or ward', async () => {
    const spec = parseSpecification({
      id: 'ons-population-long',
      title: 'Mid-year estimates, long format',
      version: '2024',
      agency: 'ONS',
      allowExtraFields: false,
      fields: [
        { name: 'ward', title: 'Ward', type: 'string', identifier: 'ward-name', foreignKey: 'ward-name', personalData: 'none', synonyms: ['Electoral ward'] },
        { name: 'lsoa', title: 'LSOA', type: 'string', identifier: 'lsoa11', foreignKey: 'lsoa11', personalData: 'none', synonyms: ['LSOA code'] },
        { name: 'sex', title: 'Sex', type: 'code', personalData: 'none', codes: [{ code: 'M', synonyms: ['Male'] }, { code: 'F', synonyms: ['Female'] }] },
        { name: 'age_band', title: 'Age band', type: 'string', required: true, personalData: 'none' },
        { name: 'count', title: 'Count', type: 'integer', minimum: 0, required: true, personalData: 'none', synonyms: ['Persons'] },
      ],
    });
    const [wardOne, wardTwo] = geography.wards;
    const lsoa = [...geography.lsoa11ToWard.entries()].find(([, ward]) => ward === wardTwo!.code)![0];
    const csv = [
      'Electoral ward,LSOA code,Sex,Age band,Persons',
      `${wardOne!.name},,Male,0-4,120`,
      `${wardOne!.name},,Female,0-4,110`,
      `${wardOne!.name},,Male,5-9,100`,
      `,${lsoa},Female,0-4,30`,
      `,${lsoa},Female,5-9,35`,
    ].join('\r\n');
    const file = path.join(folder, 'population long.csv');
    fs.writeFileSync(file, `${csv}\r\n`);
    const imported = await importWithSpecification(workspace, { path: file, spec, tableName: 'population', today: '2025-06-30' });
    expect(imported.report.valid).toBe(true);
    const catalog = new SourceCatalog();
    catalog.add(await describeTable(workspace.connection, 'population', 'population'));
    const read = await readVillagePopulation(
      workspace.connection,
      parseRecipe({
        ...recipe({ source: 'population', sexField: 'sex', long: { ageField: 'age_band', countField: 'count', ageBands: { '0-4': [0, 4], '5-9': [5, 9] } } }),
        village: { sexCategories: ['Male', 'Female'], ageBands: [{ label: 'Under 5', min: 0, max: 4 }, { label: '5 to 9', min: 5, max: 9 }], partitions: ['sex', 'ageBand'] },
        indicators: [],
      }),
      catalog,
    );
    expect(populationInAgeRange(read.wards.get(wardOne!.code), 0, 4)).toBe(230);
    expect(populationInAgeRange(read.wards.get(wardOne!.code), 0, 9)).toBe(330);
    expect(populationInAgeRange(read.wards.get(wardTwo!.code), 0, 9)).toBe(65);
    expect(read.bands.map((band) => band.label)).toEqual(['0-4', '5-9']);
  });
});
