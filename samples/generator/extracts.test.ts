import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidNhsNumber, isValidUpn } from '../../shared/identifiers';
import { expandRows, normaliseWardName, type FileMess } from './mess';
import { loadGeography, parseCsv } from './reference';

/**
 * Checks the committed files (which committed.test.ts proves are the generator's current output)
 * against their answer key: the mess the key lists is really there, row for row.
 */
const SAMPLES = fileURLToPath(new URL('../', import.meta.url));

interface Truth {
  city: { population: number; sex: Record<string, number>; ethnicity: Record<string, number> };
  localities: Record<string, { population: number; sex: Record<string, number> }>;
  mess: Record<string, FileMess>;
  features: Record<string, FileMess>;
}

function messRows(truth: Truth, file: string, type: string, column?: string): number[] {
  const entries = truth.mess[file]?.entries.filter((entry) => entry.type === type && (column === undefined || entry.column === column)) ?? [];
  return entries.flatMap((entry) => expandRows(entry.rows)).sort((left, right) => left - right);
}

function sheetRows(file: string, sheet: string): XLSX.CellObject[][] {
  const workbook = XLSX.read(fs.readFileSync(`${SAMPLES}${file}`), { cellNF: true });
  const worksheet = workbook.Sheets[sheet] as XLSX.WorkSheet;
  const range = XLSX.utils.decode_range(worksheet['!ref'] as string);
  const rows: XLSX.CellObject[][] = [];
  for (let row = 0; row <= range.e.r; row += 1) {
    const cells: XLSX.CellObject[] = [];
    for (let column = 0; column <= range.e.c; column += 1) cells.push(worksheet[XLSX.utils.encode_cell({ r: row, c: column })] ?? { t: 'z' });
    rows.push(cells);
  }
  return rows;
}

/** 1-based row numbers (as Excel shows them) of data rows whose column fails the check. */
function failingRows(rows: XLSX.CellObject[][], headerRow: number, column: string, fails: (cell: XLSX.CellObject) => boolean, lastDataRow = rows.length): number[] {
  const columnIndex = (rows[headerRow - 1] as XLSX.CellObject[]).findIndex((cell) => cell.v === column);
  expect(columnIndex).toBeGreaterThanOrEqual(0);
  const failing: number[] = [];
  for (let rowNumber = headerRow + 1; rowNumber <= lastDataRow; rowNumber += 1) if (fails((rows[rowNumber - 1] as XLSX.CellObject[])[columnIndex] as XLSX.CellObject)) failing.push(rowNumber);
  return failing;
}

function csvRecords(file: string, encoding: BufferEncoding = 'utf8'): Record<string, string>[] {
  return parseCsv(fs.readFileSync(`${SAMPLES}${file}`, encoding).replace(/^\uFEFF/, ''));
}

describe('committed extracts against the answer key', () => {
  let truth: Truth;
  beforeAll(() => {
    truth = JSON.parse(fs.readFileSync(`${SAMPLES}truth.json`, 'utf8')) as Truth;
  });

  it('health register: exactly the listed rows fail the NHS number check, and dates come in three styles as counted', () => {
    const rows = sheetRows('health_child_register.xlsx', 'Child Health Register');
    const invalid = failingRows(rows, 1, 'NHS_NUMBER', (cell) => !isValidNhsNumber(String(cell.v)));
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid).toEqual(messRows(truth, 'health_child_register.xlsx', 'invalid_nhs_number'));
    expect(failingRows(rows, 1, 'DATE_OF_BIRTH', (cell) => cell.t === 's')).toEqual(messRows(truth, 'health_child_register.xlsx', 'date_as_text'));
    expect(failingRows(rows, 1, 'DATE_OF_BIRTH', (cell) => cell.t === 'n' && !String(cell.z ?? '').includes('yy'))).toEqual(messRows(truth, 'health_child_register.xlsx', 'date_as_excel_serial'));
  });

  it('school census: notes above the header, and exactly the listed rows fail the UPN check', () => {
    const rows = sheetRows('education_school_census.xlsx', 'Spring Census 2024');
    expect(rows[5]?.[0]?.v).toBe('UPN');
    const invalid = failingRows(rows, 6, 'UPN', (cell) => !isValidUpn(String(cell.v)));
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid).toEqual(messRows(truth, 'education_school_census.xlsx', 'invalid_upn'));
  });

  it('mental health referrals: blank and invalid NHS numbers are exactly those listed', () => {
    const records = csvRecords('health_mental_health_referrals.csv');
    const rowsWhere = (test: (value: string) => boolean): number[] => records.flatMap((record, index) => (test(record['NHS Number'] ?? '') ? [index + 2] : []));
    expect(rowsWhere((value) => value === '')).toEqual(messRows(truth, 'health_mental_health_referrals.csv', 'missing_nhs_number'));
    expect(rowsWhere((value) => value !== '' && !isValidNhsNumber(value))).toEqual(messRows(truth, 'health_mental_health_referrals.csv', 'invalid_nhs_number'));
  });

  it('social care: merged group headers, a totals row, and the listed invalid identifiers', () => {
    const workbook = XLSX.read(fs.readFileSync(`${SAMPLES}socialcare_episodes.xlsx`));
    const merges = (workbook.Sheets.Episodes as XLSX.WorkSheet)['!merges'] ?? [];
    expect(merges.length).toBe(5);
    expect(merges.every((merge) => merge.s.r === 2 && merge.e.r === 2)).toBe(true);
    const rows = sheetRows('socialcare_episodes.xlsx', 'Episodes');
    expect(rows.at(-1)?.[0]?.v).toBe('Total');
    const lastDataRow = rows.length - 1;
    const nhs = failingRows(rows, 4, 'NHS Number', (cell) => cell.t !== 'z' && !isValidNhsNumber(String(cell.v)), lastDataRow);
    const upn = failingRows(rows, 4, 'UPN', (cell) => cell.t !== 'z' && !isValidUpn(String(cell.v)), lastDataRow);
    expect(nhs).toEqual(messRows(truth, 'socialcare_episodes.xlsx', 'invalid_nhs_number'));
    expect(upn).toEqual(messRows(truth, 'socialcare_episodes.xlsx', 'invalid_upn'));
  });

  it('police file is Windows-1252, not UTF-8', () => {
    const bytes = fs.readFileSync(`${SAMPLES}police_domestic_abuse.csv`);
    expect(bytes.some((byte) => byte >= 0x80)).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(new TextDecoder('windows-1252').decode(bytes)).toMatch(/[ëéâï]/);
  });

  it('police ward names: variants resolve after normalising, unresolvable ones do not', () => {
    const wards = new Set(loadGeography().wards.map((ward) => normaliseWardName(ward.name)));
    const canonical = new Set(loadGeography().wards.map((ward) => ward.name));
    const records = csvRecords('police_domestic_abuse.csv', 'latin1');
    const variantRows = new Set(messRows(truth, 'police_domestic_abuse.csv', 'ward_name_variant'));
    const unresolvableRows = new Set(messRows(truth, 'police_domestic_abuse.csv', 'unresolvable_ward'));
    records.forEach((record, index) => {
      const rowNumber = index + 2;
      const ward = record.Ward ?? '';
      if (unresolvableRows.has(rowNumber)) expect(wards.has(normaliseWardName(ward))).toBe(false);
      else if (variantRows.has(rowNumber)) {
        expect(canonical.has(ward)).toBe(false);
        expect(wards.has(normaliseWardName(ward))).toBe(true);
      } else expect(canonical.has(ward)).toBe(true);
    });
  });

  it('population estimates give the village partitions exactly, for the city and each locality', () => {
    const geography = loadGeography();
    const localityOf = new Map(geography.lsoas.map((lsoa) => [lsoa.code11, lsoa.ward.locality as string]));
    const workbook = XLSX.read(fs.readFileSync(`${SAMPLES}population_estimates.xlsx`));
    const ageSex = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets['Age and sex'] as XLSX.WorkSheet, { header: 1 });
    const bySex: Record<string, number> = {};
    const byLocalitySex: Record<string, Record<string, number>> = {};
    for (const row of ageSex.slice(5, -1)) {
      const [code, , sex, total] = row as [string, string, string, number];
      bySex[sex] = (bySex[sex] ?? 0) + total;
      const locality = localityOf.get(code) as string;
      byLocalitySex[locality] ??= {};
      (byLocalitySex[locality] as Record<string, number>)[sex] = ((byLocalitySex[locality] as Record<string, number>)[sex] ?? 0) + total;
    }
    expect(bySex).toEqual(truth.city.sex);
    for (const [locality, area] of Object.entries(truth.localities)) expect(byLocalitySex[locality]).toEqual(area.sex);
    const ethnicity = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets['Ethnic group'] as XLSX.WorkSheet, { header: 1 });
    const header = ethnicity[3] as string[];
    const totals = ethnicity.at(-1) as number[];
    for (const [group, count] of Object.entries(truth.city.ethnicity)) expect(totals[header.indexOf(group)]).toBe(count);
  });

  it('links every data row of the police file to a person', () => {
    const links = parseCsv(fs.readFileSync(`${SAMPLES}truth_links.csv`, 'utf8')).filter((link) => link.file === 'police_domestic_abuse.csv');
    const dataRows = csvRecords('police_domestic_abuse.csv', 'latin1').length;
    expect(links.map((link) => Number(link.row))).toEqual(Array.from({ length: dataRows }, (_, index) => index + 2));
  });
});
