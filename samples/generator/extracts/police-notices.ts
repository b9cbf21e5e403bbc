/**
 * West Midlands Police public protection notices about children (a second police extract, shaped like the
 * one that broke exact-key linkage): one row per notice, with only the child's surname, forename, date of
 * birth and the ward of the home address — no NHS number, UPN or postcode. A child named on several notices
 * appears once per notice. Names are as an officer typed them: a quarter with one letter transposed, dropped
 * or doubled, transliteration and nickname variants, forename and surname sometimes swapped between the
 * fields, and some dates of birth with day and month swapped.
 */
import { ExtractRecorder, forenameVariant, typo } from '../mess';
import { csvText } from '../output';
import { dayOf, partsOf, ukDate } from '../dates';
import type { Person } from '../population-types';
import { dataRow, type DataRow, type ExtractContext, type ExtractFile, registerRows } from './common';

export const POLICE_NOTICES_FILE = 'police_protection_notices.csv';

const COLUMNS = ['Notice Ref', 'Notice Date', 'Child Surname', 'Child Forename', 'Child DOB', 'Ward'];

const MESS = {
  /** Share of the children named on a domestic abuse incident who also have a protection notice. */
  childrenWithNotice: 0.6,
  /** Share of those with a second notice, and of those with a third. */
  secondNotice: 0.35,
  thirdNotice: 0.3,
  nameTypo: 0.25,
  forenameVariant: 0.08,
  surnameTransliteration: 0.5,
  namesSwapped: 0.03,
  dobDayMonthSwapped: 0.03,
  surnameUpperCase: 0.1,
};

/** Surnames transliterated more than one way in Birmingham's records. */
const SURNAME_SPELLINGS: readonly (readonly string[])[] = [
  ['Hussain', 'Hussein', 'Hossain'],
  ['Begum', 'Begam'],
  ['Ahmed', 'Ahmad'],
  ['Rahman', 'Rehman'],
  ['Chaudhry', 'Chaudhary', 'Choudhury'],
  ['Mohammed', 'Muhammad', 'Mohammad'],
  ['Mahmood', 'Mahmud'],
  ['Akhtar', 'Akhter'],
];

function otherSpelling(surname: string, pick: (items: readonly string[]) => string): string | null {
  const group = SURNAME_SPELLINGS.find((spellings) => spellings.includes(surname));
  const others = group?.filter((spelling) => spelling !== surname) ?? [];
  return others.length === 0 ? null : pick(others);
}

function swappedDayMonth(day: number): string | null {
  const { year, month, dayOfMonth } = partsOf(day);
  if (dayOfMonth > 12 || dayOfMonth === month) return null;
  return ukDate(dayOf(year, dayOfMonth, month));
}

export function writePoliceNotices(context: ExtractContext): ExtractFile {
  const random = context.random.fork('police-notices');
  const recorder = new ExtractRecorder(POLICE_NOTICES_FILE, context.mess);
  const features = new ExtractRecorder(POLICE_NOTICES_FILE, context.features);
  // Each child once, with the ward of the first incident that names them.
  const wardOf = new Map<Person, string>();
  for (const incident of context.services.incidents) {
    for (const person of incident.members) if (person.age <= 17 && !wardOf.has(person)) wardOf.set(person, incident.household.lsoa.ward.name);
  }
  const notices: { person: Person; ward: string; day: number }[] = [];
  for (const [person, ward] of wardOf) {
    if (!random.chance(MESS.childrenWithNotice)) continue;
    const count = random.chance(MESS.secondNotice) ? (random.chance(MESS.thirdNotice) ? 3 : 2) : 1;
    for (let notice = 0; notice < count; notice += 1) notices.push({ person, ward, day: random.int(...context.activityWindow) });
  }
  notices.sort((a, b) => a.day - b.day);

  const rows: DataRow[] = notices.map((notice, index) => {
    const { person } = notice;
    const row = dataRow([], person.id);
    let forename = person.forename;
    let surname = person.surname;
    const variant = forenameVariant(forename, random);
    if (variant !== null && random.chance(MESS.forenameVariant)) {
      forename = variant;
      row.mess.push(['Child Forename', 'forename_variant']);
    }
    const spelling = otherSpelling(surname, (items) => random.pick(items));
    if (spelling !== null && random.chance(MESS.surnameTransliteration)) {
      surname = spelling;
      row.mess.push(['Child Surname', 'surname_transliteration']);
    }
    if (random.chance(MESS.nameTypo)) {
      if (random.chance(0.5)) {
        forename = typo(forename, random);
        row.mess.push(['Child Forename', 'forename_typo']);
      } else {
        surname = typo(surname, random);
        row.mess.push(['Child Surname', 'surname_typo']);
      }
    }
    if (random.chance(MESS.surnameUpperCase)) surname = surname.toUpperCase();
    if (random.chance(MESS.namesSwapped)) {
      [forename, surname] = [surname, forename];
      row.mess.push(['Child Forename', 'names_swapped']);
    }
    let dateOfBirth = ukDate(person.birthDay);
    const swapped = swappedDayMonth(person.birthDay);
    if (swapped !== null && random.chance(MESS.dobDayMonthSwapped)) {
      dateOfBirth = swapped;
      row.mess.push(['Child DOB', 'dob_day_month_swapped']);
    }
    row.cells = [`PPN/${partsOf(notice.day).year}/${String(50_000 + index).padStart(6, '0')}`, ukDate(notice.day), surname, forename, dateOfBirth, notice.ward];
    return row;
  });
  registerRows(recorder, features, null, 2, rows);
  const text = csvText([COLUMNS, ...rows.map((row) => row.cells.map((cell) => String(cell ?? '')))]);
  return { name: POLICE_NOTICES_FILE, bytes: Buffer.from(text, 'utf8'), links: recorder.links };
}
