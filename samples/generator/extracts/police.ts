/**
 * West Midlands Police domestic abuse incidents with children in the household (Operation Encompass):
 * one row per household member aged 0–25 named on the incident. No NHS number or UPN: people are named as an officer heard and typed them, with
 * date of birth, postcode and ward name. Written in Windows-1252, as the force's export tool does.
 */
import { ExtractRecorder, forenameVariant, surnameVariant, typo, UNRESOLVABLE_WARD_NAMES, wardNameVariant } from '../mess';
import { csvText, encodeWindows1252 } from '../output';
import { ACADEMIC_AGE_DAY, ageOn, dayOf, partsOf, ukDate } from '../dates';
import { dataRow, type DataRow, type ExtractContext, type ExtractFile, registerRows, unresolvablePostcode } from './common';

export const POLICE_FILE = 'police_domestic_abuse.csv';

const POLICE_COLUMNS = ['Incident Ref', 'Incident Date', 'Surname', 'Forename', 'DOB', 'Home Postcode', 'Ward', 'Encompass Notification'];

const POLICE_MESS = {
  forenameVariant: 0.08,
  forenameTypo: 0.03,
  surnameTypo: 0.03,
  surnameUpperCase: 0.12,
  /** Applies only to double-barrelled surnames. */
  surnameHyphenVariant: 0.5,
  dobDayMonthSwapped: 0.01,
  wardNameVariant: 0.25,
  unresolvableWard: 0.02,
  unresolvablePostcode: 0.01,
  postcodeNoSpace: 0.04,
};

/** Incidents are logged at all hours; the time matters to nobody downstream but is part of the field. */
function incidentTimestamp(day: number, minuteOfDay: number): string {
  const hours = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const minutes = String(minuteOfDay % 60).padStart(2, '0');
  return `${ukDate(day)} ${hours}:${minutes}`;
}

/** 03/07/2015 keyed as 07/03/2015: only possible when both parts are 12 or under and differ. */
function swappedDayMonth(day: number): string | null {
  const { year, month, dayOfMonth } = partsOf(day);
  if (dayOfMonth > 12 || dayOfMonth === month) return null;
  return ukDate(dayOf(year, dayOfMonth, month));
}

export function writePoliceIncidents(context: ExtractContext): ExtractFile {
  const random = context.random.fork('police');
  const recorder = new ExtractRecorder(POLICE_FILE, context.mess);
  const features = new ExtractRecorder(POLICE_FILE, context.features);
  const rows: DataRow[] = [];
  for (const incident of context.services.incidents) {
    const timestamp = incidentTimestamp(incident.day, random.int(0, 24 * 60 - 1));
    const ward = incident.household.lsoa.ward.name;
    // The ward and postcode are typed once per incident, so every child on it shares the same spelling.
    const wardDraw = random.next();
    const wardText = wardDraw < POLICE_MESS.unresolvableWard ? random.pick(UNRESOLVABLE_WARD_NAMES) : wardDraw < POLICE_MESS.unresolvableWard + POLICE_MESS.wardNameVariant ? wardNameVariant(ward, random) : ward;
    const wardMess = wardDraw < POLICE_MESS.unresolvableWard ? 'unresolvable_ward' : wardText === ward ? null : 'ward_name_variant';
    const postcodeDraw = random.next();
    const postcode = incident.household.postcode;
    const postcodeText = postcodeDraw < POLICE_MESS.unresolvablePostcode ? unresolvablePostcode(postcode, random) : postcodeDraw < POLICE_MESS.unresolvablePostcode + POLICE_MESS.postcodeNoSpace ? postcode.replace(' ', '') : postcode;
    const postcodeMess = postcodeDraw < POLICE_MESS.unresolvablePostcode ? 'unresolvable_postcode' : postcodeText === postcode ? null : 'postcode_without_space';

    for (const person of incident.members) {
      const row = dataRow([], person.id);
      let forename = person.forename;
      const forenameDraw = random.next();
      const nickname = forenameVariant(forename, random);
      if (forenameDraw < POLICE_MESS.forenameVariant && nickname !== null) {
        forename = nickname;
        row.mess.push(['Forename', 'forename_variant']);
      } else if (forenameDraw > 1 - POLICE_MESS.forenameTypo) {
        forename = typo(forename, random);
        row.mess.push(['Forename', 'forename_typo']);
      }

      let surname = person.surname;
      const hyphenVariant = surnameVariant(surname, random);
      if (hyphenVariant !== null && random.chance(POLICE_MESS.surnameHyphenVariant)) {
        surname = hyphenVariant;
        row.mess.push(['Surname', 'surname_hyphen_variant']);
      } else if (random.chance(POLICE_MESS.surnameTypo)) {
        surname = typo(surname, random);
        row.mess.push(['Surname', 'surname_typo']);
      } else if (random.chance(POLICE_MESS.surnameUpperCase)) {
        surname = surname.toUpperCase();
        row.mess.push(['Surname', 'upper_case']);
      }

      let dateOfBirth = ukDate(person.birthDay);
      const swapped = swappedDayMonth(person.birthDay);
      if (swapped !== null && random.chance(POLICE_MESS.dobDayMonthSwapped)) {
        dateOfBirth = swapped;
        row.mess.push(['DOB', 'dob_day_month_swapped']);
      }
      if (wardMess) row.mess.push(['Ward', wardMess]);
      if (postcodeMess) row.mess.push(['Home Postcode', postcodeMess]);
      // Operation Encompass notifies the school of a child of school age the next morning.
      const academicAge = ageOn(person.birthDay, ACADEMIC_AGE_DAY);
      const notified = academicAge >= 4 && person.age <= 17 ? 'Y' : 'N';
      row.cells = [incident.reference, timestamp, surname, forename, dateOfBirth, postcodeText, wardText, notified];
      rows.push(row);
    }
  }
  registerRows(recorder, features, null, 2, rows);
  const text = csvText([POLICE_COLUMNS, ...rows.map((row) => row.cells.map((cell) => String(cell ?? '')))]);
  return { name: POLICE_FILE, bytes: encodeWindows1252(text), links: recorder.links };
}
