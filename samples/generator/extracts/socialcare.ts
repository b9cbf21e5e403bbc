/**
 * Birmingham Children's Trust episodes (.xlsx): a title, a two-row header whose group titles are merged
 * across their columns, one row per referral episode (children can have several), and a totals row.
 * A second sheet summarises children by ward with small numbers suppressed, as published tables do.
 */
import * as XLSX from 'xlsx';
import { booleanText, breakNhsNumber, breakUpn, dateCell, ExtractRecorder, forenameVariant, pickDateStyle } from '../mess';
import { type Cell, writeWorkbook } from '../output';
import type { Person } from '../population-types';
import type { Random } from '../random';
import type { SocialCareEpisode } from '../services';
import { dataRow, type DataRow, type ExtractContext, type ExtractFile, insertDuplicates, registerRows } from './common';

export const SOCIAL_CARE_FILE = 'socialcare_episodes.xlsx';
export const EPISODES_SHEET = 'Episodes';
export const SUMMARY_SHEET = 'Summary by ward';

const TITLE = "Birmingham Children's Trust - children's social care episodes, 01/07/2021 to 30/06/2024 (SYNTHETIC DATA, no real child)";
/** Group titles and the columns (0-based, inclusive) each spans in the merged first header row. */
const GROUPS: [title: string, first: number, last: number][] = [
  ['Child', 0, 9],
  ['Referral', 10, 11],
  ['Assessment', 12, 14],
  ['Child protection', 15, 16],
  ['Looked after', 17, 18],
];
const COLUMNS = [
  'Child ID', 'NHS Number', 'UPN', 'Forename', 'Surname', 'Date of Birth', 'Gender', 'Ethnicity', 'Postcode', 'LSOA',
  'Referral Date', 'Referral Source',
  'Assessment Start', 'Assessment Authorised', 'Factors',
  'CP Plan Start', 'CP Category',
  'Looked After', 'LAC Start Date',
];

/** Shares of children whose identifiers the Trust holds (the rest are blank, a fact of the data, not mess). */
const NHS_NUMBER_KNOWN = 0.85;
const UPN_KNOWN = 0.8;
const SOCIAL_CARE_MESS = {
  invalidNhsNumber: 0.005,
  invalidUpn: 0.005,
  dobExcelSerial: 0.05,
  dobText: 0.05,
  referralDateText: 0.05,
  factorsFormatVariant: 0.15,
  lookedAfterBooleanVariant: 0.08,
  /** Share of children with a common nickname or plain spelling whose record holds that "known as" name. */
  forenameKnownAs: 0.25,
  duplicateRow: 0.005,
};

/** Factors as case workers type them when not using the pick-list: lower case, semicolons, spaces. */
function factorsVariant(factors: readonly string[], random: Random): string {
  const style = random.int(0, 3);
  if (style === 0) return factors.join(', ');
  if (style === 1) return factors.join(';').toLowerCase();
  if (style === 2) return factors.join(' ');
  return `${factors.join(',')} `;
}

function genderWord(person: Person): string {
  return person.sex === 'Non-binary' ? 'Other' : person.sex;
}

interface ChildIdentifiers {
  nhsNumber: string;
  upn: string;
  forename: string;
  mess: [string, string][];
  features: [string, string][];
}

/** What the Trust holds for a child, decided once per child so every episode row agrees. */
function identifiersFor(person: Person, random: Random): ChildIdentifiers {
  const result: ChildIdentifiers = { nhsNumber: '', upn: '', forename: person.forename, mess: [], features: [] };
  if (random.chance(NHS_NUMBER_KNOWN)) {
    result.nhsNumber = person.nhsNumber;
    if (random.chance(SOCIAL_CARE_MESS.invalidNhsNumber)) {
      result.nhsNumber = breakNhsNumber(person.nhsNumber, random);
      result.mess.push(['NHS Number', 'invalid_nhs_number']);
    }
  } else result.features.push(['NHS Number', 'nhs_number_not_held']);
  if (person.upn !== null && random.chance(UPN_KNOWN)) {
    result.upn = person.upn;
    if (random.chance(SOCIAL_CARE_MESS.invalidUpn)) {
      result.upn = breakUpn(person.upn, random);
      result.mess.push(['UPN', 'invalid_upn']);
    }
  } else result.features.push(['UPN', 'upn_not_held']);
  const knownAs = forenameVariant(person.forename, random);
  if (knownAs !== null && random.chance(SOCIAL_CARE_MESS.forenameKnownAs)) {
    result.forename = knownAs;
    result.mess.push(['Forename', 'forename_variant']);
  }
  return result;
}

export function writeSocialCare(context: ExtractContext): ExtractFile {
  const random = context.random.fork('social-care');
  const recorder = new ExtractRecorder(SOCIAL_CARE_FILE, context.mess);
  const features = new ExtractRecorder(SOCIAL_CARE_FILE, context.features);
  const episodes = [...context.services.episodes].sort((left, right) => left.childId.localeCompare(right.childId) || left.referralDay - right.referralDay);
  const identifiers = new Map<Person, ChildIdentifiers>();
  const rows: DataRow[] = episodes.map((episode: SocialCareEpisode) => {
    const { person } = episode;
    if (!identifiers.has(person)) identifiers.set(person, identifiersFor(person, random));
    const held = identifiers.get(person) as ChildIdentifiers;
    const row = dataRow([], person.id);
    row.mess.push(...held.mess);
    row.features.push(...held.features);
    const dobStyle = pickDateStyle(random, SOCIAL_CARE_MESS.dobExcelSerial, SOCIAL_CARE_MESS.dobText);
    if (dobStyle === 'serial') row.mess.push(['Date of Birth', 'date_as_excel_serial']);
    if (dobStyle === 'text') row.mess.push(['Date of Birth', 'date_as_text']);
    const referralStyle = random.chance(SOCIAL_CARE_MESS.referralDateText) ? 'text' : 'date';
    if (referralStyle === 'text') row.mess.push(['Referral Date', 'date_as_text']);
    let factors = episode.factors.join(',');
    if (episode.factors.length > 1 && random.chance(SOCIAL_CARE_MESS.factorsFormatVariant)) {
      factors = factorsVariant(episode.factors, random);
      row.mess.push(['Factors', 'factor_list_format_variant']);
    }
    const lookedAfter = episode.lookedAfterStartDay !== null;
    const lookedAfterVariant = random.chance(SOCIAL_CARE_MESS.lookedAfterBooleanVariant);
    if (lookedAfterVariant) row.mess.push(['Looked After', 'boolean_variant']);
    const household = context.city.households[person.householdIndex] as { postcode: string };
    row.cells = [
      episode.childId,
      held.nhsNumber === '' ? null : held.nhsNumber,
      held.upn === '' ? null : held.upn,
      held.forename,
      person.surname,
      dateCell(person.birthDay, dobStyle),
      genderWord(person),
      context.ethnicity.dfeCode(person),
      household.postcode,
      person.lsoa.code11,
      dateCell(episode.referralDay, referralStyle),
      episode.referralSource,
      { date: episode.assessmentStartDay },
      { date: episode.assessmentEndDay },
      factors === '' ? null : factors,
      episode.childProtection ? { date: episode.childProtection.startDay } : null,
      episode.childProtection ? episode.childProtection.category : null,
      booleanText(lookedAfter, lookedAfterVariant, random),
      episode.lookedAfterStartDay === null ? null : { date: episode.lookedAfterStartDay },
    ];
    return row;
  });
  insertDuplicates(rows, SOCIAL_CARE_MESS.duplicateRow, 'Child ID', random);

  const firstDataRow = 5;
  registerRows(recorder, features, EPISODES_SHEET, firstDataRow, rows);
  const totalsRowNumber = firstDataRow + rows.length;
  features.mess(EPISODES_SHEET, 'Child ID', 'totals_row', totalsRowNumber);
  const totals: Cell[] = COLUMNS.map(() => null);
  totals[0] = 'Total';
  totals[10] = rows.length;
  totals[15] = rows.filter((row) => row.cells[15] !== null).length;
  totals[17] = rows.filter((row) => /^(y|yes|1|true)$/i.test(String(row.cells[17]))).length;
  const groupRow: Cell[] = COLUMNS.map(() => null);
  for (const [title, first] of GROUPS) groupRow[first] = title;
  const merges: XLSX.Range[] = GROUPS.map(([, first, last]) => ({ s: { r: 2, c: first }, e: { r: 2, c: last } }));
  const episodesSheet = { name: EPISODES_SHEET, rows: [[TITLE], [], groupRow, COLUMNS, ...rows.map((row) => row.cells), totals], merges };
  const summarySheet = writeSummary(context, recorder);
  return { name: SOCIAL_CARE_FILE, bytes: writeWorkbook("Children's social care episodes (synthetic)", [episodesSheet, summarySheet]), links: recorder.links };
}

/** Counts of 1–4 are hidden, each column with the symbol its team uses. */
const SUPPRESSION_SYMBOLS = ['c', '<5', '*'] as const;
const SUMMARY_COLUMNS = ['Ward Code', 'Ward Name', 'Children in need', 'Children on a CP plan', 'Children looked after'];

function writeSummary(context: ExtractContext, recorder: ExtractRecorder): { name: string; rows: Cell[][] } {
  const children = new Map<string, [Set<Person>, Set<Person>, Set<Person>]>();
  for (const ward of context.geography.wards) children.set(ward.code, [new Set(), new Set(), new Set()]);
  for (const episode of context.services.episodes) {
    const sets = children.get(episode.person.lsoa.ward.code) as [Set<Person>, Set<Person>, Set<Person>];
    sets[0].add(episode.person);
    if (episode.childProtection) sets[1].add(episode.person);
    if (episode.lookedAfterStartDay !== null) sets[2].add(episode.person);
  }
  const notes: Cell[][] = [['Distinct children with an episode in the period, by ward of home address. Counts of 1 to 4 are suppressed (c, <5 or *).'], []];
  const headerRowNumber = notes.length + 1;
  const wards = [...context.geography.wards].sort((left, right) => left.code.localeCompare(right.code));
  const body: Cell[][] = wards.map((ward, index) => {
    const counts = (children.get(ward.code) as Set<Person>[]).map((set) => set.size);
    const cells: Cell[] = [ward.code, ward.name];
    counts.forEach((count, column) => {
      if (count >= 1 && count <= 4) {
        cells.push(SUPPRESSION_SYMBOLS[column] as string);
        recorder.mess(SUMMARY_SHEET, SUMMARY_COLUMNS[column + 2] as string, `suppressed_count_${column === 0 ? 'cin' : column === 1 ? 'cp' : 'lac'}`, headerRowNumber + 1 + index);
      } else cells.push(count);
    });
    return cells;
  });
  return { name: SUMMARY_SHEET, rows: [...notes, SUMMARY_COLUMNS, ...body] };
}
