/**
 * Loads the real geography the synthetic city is built on: LSOAs (2011 and 2021), wards, localities,
 * IoD2019 income ranks and population denominators. The files are the project's copies in
 * electron/engine/geography/reference (sources in that folder's README); nothing here is invented.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REFERENCE_DIRECTORY = fileURLToPath(new URL('../../electron/engine/geography/reference/', import.meta.url));

export const LOCALITIES = [
  'Sutton Coldfield',
  'Perry Barr',
  'Ladywood',
  'Edgbaston',
  'Northfield',
  'Erdington',
  'Hodge Hill',
  'Yardley',
  'Hall Green',
  'Selly Oak',
] as const;
export type Locality = (typeof LOCALITIES)[number];

export interface Ward {
  code: string;
  name: string;
  locality: Locality;
}

export interface Lsoa {
  index: number;
  code11: string;
  name11: string;
  ward: Ward;
  /** IoD2019 domain ranks: 1 = the most deprived of England's 32,844 LSOAs. */
  incomeRank: number;
  employmentRank: number;
  educationRank: number;
  children0to15: number;
  people16to59: number;
  /** The LSOA 2021 code covering this area (the same code when the LSOA did not change in 2021). */
  code21: string;
  /** False when the 2021 best-fit lookup puts code21 in another locality, so writers keep the 2011 code. */
  code21SameLocality: boolean;
}

export interface Geography {
  wards: Ward[];
  lsoas: Lsoa[];
  lsoa11Codes: Set<string>;
  lsoa21Codes: Set<string>;
}

export const ENGLAND_LSOA11_COUNT = 32_844;

/** Parses the reference CSVs: comma-separated, double quotes around fields that contain commas. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] as string;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += character;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((cells) => cells.length > 1 || cells[0] !== '');
  if (!header) return [];
  return body.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])));
}

function readReference(fileName: string): Record<string, string>[] {
  return parseCsv(fs.readFileSync(`${REFERENCE_DIRECTORY}${fileName}`, 'utf8'));
}

function required(row: Record<string, string>, column: string): string {
  const value = row[column];
  if (value === undefined || value === '') throw new Error(`Reference row is missing ${column}`);
  return value;
}

function isLocality(name: string): name is Locality {
  return (LOCALITIES as readonly string[]).includes(name);
}

/** "Birmingham 050C" -> "Birmingham 050": the MSOA an LSOA belongs to, used to follow 2021 splits. */
function msoaOf(lsoaName: string): string {
  return lsoaName.slice(0, -1);
}

export function loadGeography(): Geography {
  const wards = readReference('wards.csv').map((row): Ward => {
    const locality = required(row, 'locality');
    if (!isLocality(locality)) throw new Error(`Unknown locality ${locality}`);
    return { code: required(row, 'ward_code'), name: required(row, 'ward_name'), locality };
  });
  const wardByCode = new Map(wards.map((ward) => [ward.code, ward]));
  const domains = new Map(readReference('lsoa11_imd2019_domains.csv').map((row) => [required(row, 'lsoa11_code'), row]));
  const denominators = new Map(readReference('lsoa11_iod2019_population_mid2015.csv').map((row) => [required(row, 'lsoa11_code'), row]));
  const lsoa21Rows = readReference('lsoa21_ward.csv');
  const lsoa21Codes = new Set(lsoa21Rows.map((row) => required(row, 'lsoa21_code')));
  const lsoa11Rows = readReference('lsoa11_ward.csv');
  const lsoa11Codes = new Set(lsoa11Rows.map((row) => required(row, 'lsoa11_code')));
  const ward21ByCode = new Map(lsoa21Rows.map((row) => [required(row, 'lsoa21_code'), wardByCode.get(required(row, 'ward_code'))]));
  const newIn2021 = lsoa21Rows.filter((row) => !lsoa11Codes.has(required(row, 'lsoa21_code')));

  const lsoas = lsoa11Rows.map((row, index): Lsoa => {
    const code11 = required(row, 'lsoa11_code');
    const name11 = required(row, 'lsoa11_name');
    const ward = wardByCode.get(required(row, 'ward_code'));
    const denominator = denominators.get(code11);
    const domainRanks = domains.get(code11);
    if (!ward || !denominator || !domainRanks) throw new Error(`Reference data incomplete for ${code11}`);
    let code21 = code11;
    if (!lsoa21Codes.has(code11)) {
      // A 2011 LSOA that was split or merged in 2021: use the first new 2021 LSOA in the same MSOA, else the same ward.
      const successor =
        newIn2021.find((candidate) => msoaOf(required(candidate, 'lsoa21_name')) === msoaOf(name11)) ??
        newIn2021.find((candidate) => required(candidate, 'ward_code') === ward.code);
      code21 = successor ? required(successor, 'lsoa21_code') : code11;
    }
    const ward21 = ward21ByCode.get(code21);
    return {
      index,
      code11,
      name11,
      ward,
      incomeRank: Number(required(domainRanks, 'income_rank')),
      employmentRank: Number(required(domainRanks, 'employment_rank')),
      educationRank: Number(required(domainRanks, 'education_rank')),
      children0to15: Number(required(denominator, 'children_0_15_mid2015')),
      people16to59: Number(required(denominator, 'population_16_59_mid2015')),
      code21,
      code21SameLocality: ward21 !== undefined && ward21.locality === ward.locality,
    };
  });
  return { wards, lsoas, lsoa11Codes, lsoa21Codes };
}
