/**
 * Shared pieces of the extract writers: agency ethnicity codes, identifiers and locations as each agency
 * holds them, and the step that numbers rows and records links and mess once a file's rows are final.
 */
import type { EthnicGroup, Person } from '../population-types';
import { type Cell } from '../output';
import type { ExtractRecorder, LinkRow, MessLedger } from '../mess';
import type { Random } from '../random';
import type { Geography } from '../reference';
import type { City } from '../population';
import type { Services } from '../services';
import type { Day } from '../dates';

export interface ExtractContext {
  city: City;
  services: Services;
  geography: Geography;
  random: Random;
  mess: MessLedger;
  features: MessLedger;
  ethnicity: RecordedEthnicity;
  /** First and last day the extracts' activity covers: three years to the quarter's end. */
  activityWindow: readonly [Day, Day];
}

export interface ExtractFile {
  name: string;
  bytes: Buffer;
  links: LinkRow[];
}

/** A data row before numbering: its cells, whose row it is, and what was done to it. */
export interface DataRow {
  cells: Cell[];
  personId: string | null;
  mess: [column: string, type: string][];
  features: [column: string, type: string][];
}

export function dataRow(cells: Cell[], personId: string | null): DataRow {
  return { cells, personId, mess: [], features: [] };
}

/**
 * Numbers the rows (the first data row is `firstRowNumber`, as Excel shows it) and records each row's
 * person link, mess and features.
 */
export function registerRows(recorder: ExtractRecorder, features: ExtractRecorder, sheet: string | null, firstRowNumber: number, rows: readonly DataRow[]): void {
  rows.forEach((row, index) => {
    const rowNumber = firstRowNumber + index;
    if (row.personId !== null) recorder.link(sheet, rowNumber, row.personId);
    for (const [column, type] of row.mess) recorder.mess(sheet, column, type, rowNumber);
    for (const [column, type] of row.features) features.mess(sheet, column, type, rowNumber);
  });
}

/** Inserts a copy of about `rate` of the rows a little further down; a copy repeats its original's mess too. */
export function insertDuplicates(rows: DataRow[], rate: number, column: string, random: Random): void {
  const originals = rows.filter(() => random.chance(rate));
  for (const original of originals) {
    const copy: DataRow = { cells: [...original.cells], personId: original.personId, mess: [...original.mess, [column, 'duplicate_row']], features: [...original.features] };
    const position = rows.indexOf(original) + 1 + random.int(0, Math.min(40, rows.length - rows.indexOf(original) - 1));
    rows.splice(position, 0, copy);
  }
}

const NOT_STATED_RATE = 0.025;

/** NHS ethnic category letters (Data Dictionary "Ethnic Category") for each village group. */
const NHS_CODES: Record<EthnicGroup, readonly [string, number][]> = {
  'White British': [['A', 1]],
  'White other': [['B', 15], ['C', 85]],
  'Mixed ethnicity': [['D', 35], ['E', 15], ['F', 25], ['G', 25]],
  Indian: [['H', 1]],
  Pakistani: [['J', 1]],
  Bangladeshi: [['K', 1]],
  'Other ethnicity': [['L', 35], ['P', 15], ['S', 50]],
  'Black Caribbean': [['M', 1]],
  'Black African': [['N', 1]],
  Chinese: [['R', 1]],
};

/** DfE ethnicity codes (school census, CIN census) for each village group. */
const DFE_CODES: Record<EthnicGroup, readonly [string, number][]> = {
  'White British': [['WBRI', 1]],
  'White other': [['WOTH', 78], ['WIRI', 12], ['WROM', 6], ['WIRT', 4]],
  'Mixed ethnicity': [['MWBC', 35], ['MWBA', 15], ['MWAS', 25], ['MOTH', 25]],
  Indian: [['AIND', 1]],
  Pakistani: [['APKN', 1]],
  Bangladeshi: [['ABAN', 1]],
  'Other ethnicity': [['AOTH', 35], ['BOTH', 15], ['OOTH', 50]],
  'Black Caribbean': [['BCRB', 1]],
  'Black African': [['BAFR', 1]],
  Chinese: [['CHNE', 1]],
};

function weightedCode(options: readonly [string, number][], random: Random): string {
  return (options[random.weightedIndex(options.map(([, weight]) => weight))] as [string, number])[0];
}

/** Every code each agency uses and the village group it belongs to (null: not known). */
export function ethnicCodeTable(): { scheme: 'NHS' | 'DfE'; code: string; group: EthnicGroup | null }[] {
  const rows: { scheme: 'NHS' | 'DfE'; code: string; group: EthnicGroup | null }[] = [];
  for (const [scheme, table] of [['NHS', NHS_CODES], ['DfE', DFE_CODES]] as const) {
    for (const [group, codes] of Object.entries(table) as [EthnicGroup, readonly [string, number][]][]) for (const [code] of codes) rows.push({ scheme, code, group });
  }
  rows.push({ scheme: 'NHS', code: 'Z', group: null }, { scheme: 'DfE', code: 'REFU', group: null }, { scheme: 'DfE', code: 'NOBT', group: null });
  return rows;
}

/**
 * The LSOA code an agency holds: 2021 codes for some systems, 2011 for others. A 2021 code is only used
 * where the 2021 lookup keeps it in the same locality, so every resolvable code resolves correctly.
 */
export function lsoaCodeFor(person: Person, prefer2021: boolean): { code: string; is2021Only: boolean } {
  if (prefer2021 && person.lsoa.code21SameLocality && person.lsoa.code21 !== person.lsoa.code11) return { code: person.lsoa.code21, is2021Only: true };
  return { code: person.lsoa.code11, is2021Only: false };
}

/** An LSOA-looking value that resolves to no Birmingham LSOA: blank, truncated, or a code from elsewhere. */
export function unresolvableLsoa(geography: Geography, random: Random): string {
  const kind = random.int(0, 2);
  if (kind === 0) return '';
  if (kind === 1) return `E0100${random.int(1000, 9999)}`.slice(0, 8);
  for (;;) {
    const code = `E010${random.int(10_000, 35_999)}`;
    if (!geography.lsoa11Codes.has(code) && !geography.lsoa21Codes.has(code)) return code;
  }
}

/** A postcode value no lookup can place: no fixed abode, blank, or an outward code only. */
export function unresolvablePostcode(postcode: string, random: Random): string {
  return random.pick(['ZZ99 3VZ', 'NFA', '', (postcode.split(' ')[0] as string)]);
}

export function nhsGenderCode(person: Person): string {
  // NHS "person stated gender": 1 male, 2 female, 9 indeterminate (used here for non-binary people).
  return person.sex === 'Male' ? '1' : person.sex === 'Female' ? '2' : '9';
}

/** DfE census gender is M or F only, so a non-binary pupil appears as one of them (the same in every file). */
export function dfeGender(person: Person): string {
  if (person.sex === 'Male') return 'M';
  if (person.sex === 'Female') return 'F';
  return person.index % 2 === 0 ? 'M' : 'F';
}

/** Each person's recorded ethnicity codes, drawn once so every file from the same scheme agrees. */
export class RecordedEthnicity {
  private readonly nhs = new Map<Person, string>();
  private readonly dfe = new Map<Person, string>();

  constructor(private readonly random: Random) {}

  nhsCode(person: Person): string {
    const known = this.nhs.get(person);
    if (known !== undefined) return known;
    const code = this.random.chance(NOT_STATED_RATE) ? 'Z' : weightedCode(NHS_CODES[person.ethnicity], this.random);
    this.nhs.set(person, code);
    return code;
  }

  dfeCode(person: Person): string {
    const known = this.dfe.get(person);
    if (known !== undefined) return known;
    const code = this.random.chance(NOT_STATED_RATE) ? (this.random.chance(0.6) ? 'REFU' : 'NOBT') : weightedCode(DFE_CODES[person.ethnicity], this.random);
    this.dfe.set(person, code);
    return code;
  }
}
