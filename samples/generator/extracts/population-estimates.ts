/**
 * Mid-year-estimate-style population counts, the denominators of every rate: people aged 0–25 by LSOA
 * (2011), single year of age and sex, and by LSOA and ethnic group. Exact counts with no suppression, so
 * the village partitions can be computed from this file alone. Unlike ONS estimates, sex has a third
 * category, "Non-binary", because the published village has one.
 */
import { type Cell, writeWorkbook } from '../output';
import { ExtractRecorder } from '../mess';
import { ETHNIC_GROUPS, MAX_AGE, SEXES } from '../population-types';
import type { ExtractContext, ExtractFile } from './common';

export const POPULATION_FILE = 'population_estimates.xlsx';
export const AGE_SEX_SHEET = 'Age and sex';
export const ETHNICITY_SHEET = 'Ethnic group';

const AGES = Array.from({ length: MAX_AGE + 1 }, (_, age) => age);

export function writePopulationEstimates(context: ExtractContext): ExtractFile {
  const features = new ExtractRecorder(POPULATION_FILE, context.features);
  const { lsoas } = context.geography;
  const byAgeSex = new Map<string, number[]>();
  const byEthnicity = new Map<string, number[]>();
  for (const lsoa of lsoas) {
    for (const sex of SEXES) byAgeSex.set(`${lsoa.code11}|${sex}`, AGES.map(() => 0));
    byEthnicity.set(lsoa.code11, ETHNIC_GROUPS.map(() => 0));
  }
  for (const person of context.city.people) {
    const ages = byAgeSex.get(`${person.lsoa.code11}|${person.sex}`) as number[];
    ages[person.age] = (ages[person.age] as number) + 1;
    const groups = byEthnicity.get(person.lsoa.code11) as number[];
    const groupIndex = ETHNIC_GROUPS.indexOf(person.ethnicity);
    groups[groupIndex] = (groups[groupIndex] as number) + 1;
  }
  const sortedLsoas = [...lsoas].sort((left, right) => left.code11.localeCompare(right.code11));
  const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

  const ageNotes: Cell[][] = [
    ['Synthetic mid-2024 population estimates: people aged 0-25 by Lower Layer Super Output Area (2011), single year of age and sex'],
    ['SYNTHETIC DATA generated for the Village Workbench samples. Not ONS figures. Sex includes a third category, Non-binary, which ONS estimates do not have.'],
    ['Age is age in completed years on 30/06/2024. The last row is the Birmingham total.'],
    [],
  ];
  const ageHeader: Cell[] = ['LSOA 2011 Code', 'LSOA 2011 Name', 'Sex', 'All ages 0-25', ...AGES.map((age) => `Age ${age}`)];
  const ageRows: Cell[][] = [];
  const ageTotals = AGES.map(() => 0);
  for (const lsoa of sortedLsoas) {
    for (const sex of SEXES) {
      const counts = byAgeSex.get(`${lsoa.code11}|${sex}`) as number[];
      counts.forEach((count, age) => (ageTotals[age] = (ageTotals[age] as number) + count));
      ageRows.push([lsoa.code11, lsoa.name11, sex, sum(counts), ...counts]);
    }
  }
  const ageTotalRow = ageNotes.length + 1 + ageRows.length + 1;
  features.mess(AGE_SEX_SHEET, 'LSOA 2011 Code', 'totals_row', ageTotalRow);

  const ethnicityNotes: Cell[][] = [
    ['Synthetic mid-2024 population estimates: people aged 0-25 by Lower Layer Super Output Area (2011) and ethnic group (the ten groups of the Birmingham village)'],
    ['SYNTHETIC DATA generated for the Village Workbench samples. The last row is the Birmingham total.'],
    [],
  ];
  const ethnicityHeader: Cell[] = ['LSOA 2011 Code', 'LSOA 2011 Name', 'All people 0-25', ...ETHNIC_GROUPS];
  const ethnicityTotals = ETHNIC_GROUPS.map(() => 0);
  const ethnicityRows: Cell[][] = sortedLsoas.map((lsoa) => {
    const counts = byEthnicity.get(lsoa.code11) as number[];
    counts.forEach((count, index) => (ethnicityTotals[index] = (ethnicityTotals[index] as number) + count));
    return [lsoa.code11, lsoa.name11, sum(counts), ...counts];
  });
  const ethnicityTotalRow = ethnicityNotes.length + 1 + ethnicityRows.length + 1;
  features.mess(ETHNICITY_SHEET, 'LSOA 2011 Code', 'totals_row', ethnicityTotalRow);

  const bytes = writeWorkbook('Synthetic population estimates, mid-2024', [
    { name: AGE_SEX_SHEET, rows: [...ageNotes, ageHeader, ...ageRows, ['Birmingham', null, 'All', sum(ageTotals), ...ageTotals]] },
    { name: ETHNICITY_SHEET, rows: [...ethnicityNotes, ethnicityHeader, ...ethnicityRows, ['Birmingham', null, sum(ethnicityTotals), ...ethnicityTotals]] },
  ]);
  return { name: POPULATION_FILE, bytes, links: [] };
}
