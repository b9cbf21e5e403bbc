/**
 * Education extracts: the spring school census (.xlsx with a notes block above the header), EHC plans
 * (SEN2-style .csv) and suspensions and permanent exclusions for 2023/24 (.csv).
 */
import { excelSerial, ukDate } from '../dates';
import { booleanText, breakUpn, dateCell, ExtractRecorder, pickDateStyle } from '../mess';
import { type Cell, csvText, encodeUtf8, writeWorkbook } from '../output';
import type { Person } from '../population-types';
import { dataRow, type DataRow, dfeGender, type ExtractContext, type ExtractFile, insertDuplicates, registerRows, unresolvableLsoa } from './common';

export const SCHOOL_CENSUS_FILE = 'education_school_census.xlsx';
export const SCHOOL_CENSUS_SHEET = 'Spring Census 2024';
export const EHC_PLANS_FILE = 'education_ehc_plans.csv';
export const SUSPENSIONS_FILE = 'education_suspensions_exclusions.csv';

const CENSUS_NOTES = [
  'Birmingham City Council - School Census Spring 2024 (census day 18/01/2024) - pupil-level extract',
  'SYNTHETIC DATA generated for the Village Workbench samples: no real pupil, school or address.',
  'FSM Eligible: eligible for free school meals on census day. SEN Provision: E = EHC plan, K = SEN support, N = no special educational need.',
  'Home LSOA: 2011 Lower Layer Super Output Area of the home address. NC Year: R = reception.',
];
const CENSUS_COLUMNS = ['UPN', 'Legal Surname', 'Legal Forename', 'Date of Birth', 'Gender', 'Ethnicity', 'FSM Eligible', 'SEN Provision', 'School URN', 'School Name', 'NC Year', 'Home Postcode', 'Home LSOA'];

const CENSUS_MESS = {
  invalidUpn: 0.004,
  dobExcelSerial: 0.1,
  dobText: 0.1,
  fsmBooleanVariant: 0.07,
  senTrailingSpace: 0.03,
  surnameTrailingSpace: 0.02,
  unresolvableLsoa: 0.005,
  /** Dual registration: the pupil appears again, on another school's roll. */
  dualRegistration: 0.005,
};

function postcodeOf(context: ExtractContext, person: Person): string {
  return (context.city.households[person.householdIndex] as { postcode: string }).postcode;
}

export function writeSchoolCensus(context: ExtractContext): ExtractFile {
  const random = context.random.fork('school-census');
  const recorder = new ExtractRecorder(SCHOOL_CENSUS_FILE, context.mess);
  const features = new ExtractRecorder(SCHOOL_CENSUS_FILE, context.features);
  const pupils = [...context.services.pupils].sort((left, right) => left.school.urn.localeCompare(right.school.urn) || left.ncYear - right.ncYear || left.person.surname.localeCompare(right.person.surname) || left.person.index - right.person.index);
  const rows: DataRow[] = [];
  for (const pupil of pupils) {
    const { person } = pupil;
    const row = dataRow([], person.id);
    let upn = person.upn as string;
    if (random.chance(CENSUS_MESS.invalidUpn)) {
      upn = breakUpn(upn, random);
      row.mess.push(['UPN', 'invalid_upn']);
    }
    let surname = person.surname;
    if (random.chance(CENSUS_MESS.surnameTrailingSpace)) {
      surname = `${surname} `;
      row.mess.push(['Legal Surname', 'trailing_space']);
    }
    const dateStyle = pickDateStyle(random, CENSUS_MESS.dobExcelSerial, CENSUS_MESS.dobText);
    if (dateStyle === 'serial') row.mess.push(['Date of Birth', 'date_as_excel_serial']);
    if (dateStyle === 'text') row.mess.push(['Date of Birth', 'date_as_text']);
    const fsmVariant = random.chance(CENSUS_MESS.fsmBooleanVariant);
    if (fsmVariant) row.mess.push(['FSM Eligible', 'boolean_variant']);
    let sen: string = pupil.senProvision;
    if (random.chance(CENSUS_MESS.senTrailingSpace)) {
      sen = `${sen} `;
      row.mess.push(['SEN Provision', 'trailing_space']);
    }
    let lsoa = person.lsoa.code11;
    if (random.chance(CENSUS_MESS.unresolvableLsoa)) {
      lsoa = unresolvableLsoa(context.geography, random);
      row.mess.push(['Home LSOA', 'unresolvable_lsoa']);
    }
    const ethnicity = context.ethnicity.dfeCode(person);
    if (ethnicity === 'REFU' || ethnicity === 'NOBT') row.features.push(['Ethnicity', 'ethnicity_not_stated']);
    row.cells = [
      upn,
      surname,
      person.forename,
      dateCell(person.birthDay, dateStyle),
      dfeGender(person),
      ethnicity,
      booleanText(pupil.fsmEligible, fsmVariant, random),
      sen,
      Number(pupil.school.urn),
      pupil.school.name,
      pupil.ncYear === 0 ? 'R' : pupil.ncYear,
      postcodeOf(context, person),
      lsoa,
    ];
    rows.push(row);
  }
  const nameOfSchool = new Map(context.services.schools.map((school) => [school.urn, school.name]));
  const schoolsByPhase = {
    Primary: context.services.schools.filter((school) => school.phase === 'Primary').map((school) => school.urn),
    Secondary: context.services.schools.filter((school) => school.phase === 'Secondary').map((school) => school.urn),
  };
  const originals = rows.filter(() => random.chance(CENSUS_MESS.dualRegistration));
  for (const original of originals) {
    const urn = Number(original.cells[8]);
    const pupilPhase = schoolsByPhase.Primary.includes(String(urn)) ? 'Primary' : 'Secondary';
    const otherSchools = schoolsByPhase[pupilPhase].filter((candidate) => candidate !== String(urn));
    if (otherSchools.length === 0) continue;
    const cells = [...original.cells];
    const otherSchool = random.pick(otherSchools);
    cells[8] = Number(otherSchool);
    cells[9] = nameOfSchool.get(otherSchool) as string;
    const position = rows.indexOf(original) + 1 + random.int(0, Math.min(200, rows.length - rows.indexOf(original) - 1));
    rows.splice(position, 0, { cells, personId: original.personId, mess: [...original.mess, ['UPN', 'duplicate_pupil_dual_registration']], features: [...original.features] });
  }

  const headerRowNumber = CENSUS_NOTES.length + 2;
  registerRows(recorder, features, SCHOOL_CENSUS_SHEET, headerRowNumber + 1, rows);
  const sheetRows: Cell[][] = [...CENSUS_NOTES.map((note) => [note]), [], CENSUS_COLUMNS, ...rows.map((row) => row.cells)];
  return { name: SCHOOL_CENSUS_FILE, bytes: writeWorkbook('School census spring 2024 (synthetic)', [{ name: SCHOOL_CENSUS_SHEET, rows: sheetRows }]), links: recorder.links };
}

const EHC_COLUMNS = ['UPN', 'Surname', 'Forename', 'Date of Birth', 'Gender', 'EHC Plan Start Date', 'Primary Need', 'Home Postcode', 'Home LSOA'];
const EHC_MESS = {
  missingUpn: 0.05,
  invalidUpn: 0.005,
  startDateExcelSerial: 0.04,
  unresolvableLsoa: 0.01,
  duplicateRow: 0.01,
};

export function writeEhcPlans(context: ExtractContext): ExtractFile {
  const random = context.random.fork('ehc-plans');
  const recorder = new ExtractRecorder(EHC_PLANS_FILE, context.mess);
  const features = new ExtractRecorder(EHC_PLANS_FILE, context.features);
  const plans = [...context.services.ehcPlans].sort((left, right) => left.startDay - right.startDay || left.person.index - right.person.index);
  const rows: DataRow[] = plans.map((plan) => {
    const { person } = plan;
    const row = dataRow([], person.id);
    let upn = person.upn ?? '';
    if (person.upn === null) row.features.push(['UPN', 'no_upn_yet_under_school_age']);
    else if (random.chance(EHC_MESS.missingUpn)) {
      upn = '';
      row.mess.push(['UPN', 'missing_upn']);
    } else if (random.chance(EHC_MESS.invalidUpn)) {
      upn = breakUpn(upn, random);
      row.mess.push(['UPN', 'invalid_upn']);
    }
    let startDate = ukDate(plan.startDay);
    if (random.chance(EHC_MESS.startDateExcelSerial)) {
      startDate = String(excelSerial(plan.startDay));
      row.mess.push(['EHC Plan Start Date', 'date_as_excel_serial']);
    }
    let lsoa = person.lsoa.code11;
    if (random.chance(EHC_MESS.unresolvableLsoa)) {
      lsoa = unresolvableLsoa(context.geography, random);
      row.mess.push(['Home LSOA', 'unresolvable_lsoa']);
    }
    row.cells = [upn, person.surname, person.forename, ukDate(person.birthDay), dfeGender(person), startDate, plan.primaryNeed, postcodeOf(context, person), lsoa];
    return row;
  });
  insertDuplicates(rows, EHC_MESS.duplicateRow, 'UPN', random);
  registerRows(recorder, features, null, 2, rows);
  const text = csvText([EHC_COLUMNS, ...rows.map((row) => row.cells.map((cell) => String(cell ?? '')))]);
  return { name: EHC_PLANS_FILE, bytes: encodeUtf8(text), links: recorder.links };
}

const SUSPENSION_COLUMNS = ['UPN', 'Surname', 'Forename', 'Date of Birth', 'School URN', 'Category', 'Start Date', 'Sessions', 'Reason'];
const SUSPENSION_MESS = {
  invalidUpn: 0.005,
  startDateExcelSerial: 0.04,
  forenameTrailingSpace: 0.02,
};

export function writeSuspensions(context: ExtractContext): ExtractFile {
  const random = context.random.fork('suspensions');
  const recorder = new ExtractRecorder(SUSPENSIONS_FILE, context.mess);
  const features = new ExtractRecorder(SUSPENSIONS_FILE, context.features);
  const suspensions = [...context.services.suspensions].sort((left, right) => left.startDay - right.startDay || left.pupil.person.index - right.pupil.person.index);
  const rows: DataRow[] = suspensions.map((suspension) => {
    const { person } = suspension.pupil;
    const row = dataRow([], person.id);
    let upn = person.upn as string;
    if (random.chance(SUSPENSION_MESS.invalidUpn)) {
      upn = breakUpn(upn, random);
      row.mess.push(['UPN', 'invalid_upn']);
    }
    let forename = person.forename;
    if (random.chance(SUSPENSION_MESS.forenameTrailingSpace)) {
      forename = `${forename} `;
      row.mess.push(['Forename', 'trailing_space']);
    }
    let startDate = ukDate(suspension.startDay);
    if (random.chance(SUSPENSION_MESS.startDateExcelSerial)) {
      startDate = String(excelSerial(suspension.startDay));
      row.mess.push(['Start Date', 'date_as_excel_serial']);
    }
    const permanent = suspension.category === 'Permanent exclusion';
    row.cells = [upn, person.surname, forename, ukDate(person.birthDay), suspension.pupil.school.urn, permanent ? 'PERM' : 'SUSP', startDate, permanent ? '' : String(suspension.sessions), suspension.reason];
    return row;
  });
  registerRows(recorder, features, null, 2, rows);
  const text = csvText([SUSPENSION_COLUMNS, ...rows.map((row) => row.cells.map((cell) => String(cell ?? '')))]);
  return { name: SUSPENSIONS_FILE, bytes: encodeUtf8(text), links: recorder.links };
}
