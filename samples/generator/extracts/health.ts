/**
 * Health extracts: the child health register (.xlsx) and Forward Thinking Birmingham mental health
 * referrals (.csv, UTF-8 with a byte-order mark as Excel's "CSV UTF-8" export writes it).
 */
import { type Cell, csvText, encodeUtf8, writeWorkbook } from '../output';
import { ageOn, excelSerial, ukDate } from '../dates';
import { breakNhsNumber, dateCell, ExtractRecorder, pickDateStyle, spacedNhsNumber } from '../mess';
import type { Person } from '../population-types';
import { dataRow, type DataRow, type ExtractContext, type ExtractFile, insertDuplicates, lsoaCodeFor, nhsGenderCode, registerRows, unresolvableLsoa, unresolvablePostcode } from './common';

export const HEALTH_REGISTER_FILE = 'health_child_register.xlsx';
export const HEALTH_REGISTER_SHEET = 'Child Health Register';
export const MENTAL_HEALTH_FILE = 'health_mental_health_referrals.csv';

/** Rates of each problem in the register, as fractions of rows. */
const REGISTER_MESS = {
  invalidNhsNumber: 0.004,
  spacedNhsNumber: 0.08,
  dobExcelSerial: 0.06,
  dobText: 0.06,
  postcodeTrailingSpace: 0.03,
  postcodeNoSpace: 0.03,
  unresolvablePostcode: 0.004,
  unresolvableLsoa: 0.006,
  duplicateRow: 0.005,
};
/** Share of records held by practices whose system reports LSOA 2021 codes. */
const LSOA_2021_SHARE = 0.4;

const REGISTER_COLUMNS = ['NHS_NUMBER', 'DATE_OF_BIRTH', 'GENDER', 'ETHNIC_CATEGORY', 'GP_PRACTICE_CODE', 'POSTCODE', 'LSOA_CODE'];

function householdPostcode(context: ExtractContext, person: Person): string {
  return (context.city.households[person.householdIndex] as { postcode: string }).postcode;
}

export function writeHealthRegister(context: ExtractContext): ExtractFile {
  const random = context.random.fork('health-register');
  const recorder = new ExtractRecorder(HEALTH_REGISTER_FILE, context.mess);
  const features = new ExtractRecorder(HEALTH_REGISTER_FILE, context.features);
  const practiceOf = context.services.gpPracticeOf;
  const people = [...context.services.healthRegister].sort(
    (left, right) => (practiceOf.get(left) as string).localeCompare(practiceOf.get(right) as string) || left.birthDay - right.birthDay || left.index - right.index,
  );
  const practiceUses2021 = new Map<string, boolean>();
  const rows: DataRow[] = people.map((person) => {
    const practice = practiceOf.get(person) as string;
    if (!practiceUses2021.has(practice)) practiceUses2021.set(practice, random.chance(LSOA_2021_SHARE));
    const row = dataRow([], person.id);

    let nhsNumber = person.nhsNumber;
    if (random.chance(REGISTER_MESS.invalidNhsNumber)) {
      nhsNumber = breakNhsNumber(nhsNumber, random);
      row.mess.push(['NHS_NUMBER', 'invalid_nhs_number']);
    } else if (random.chance(REGISTER_MESS.spacedNhsNumber)) {
      nhsNumber = spacedNhsNumber(nhsNumber);
      row.mess.push(['NHS_NUMBER', 'nhs_number_with_spaces']);
    }

    const dateStyle = pickDateStyle(random, REGISTER_MESS.dobExcelSerial, REGISTER_MESS.dobText);
    if (dateStyle === 'serial') row.mess.push(['DATE_OF_BIRTH', 'date_as_excel_serial']);
    if (dateStyle === 'text') row.mess.push(['DATE_OF_BIRTH', 'date_as_text']);

    let postcode = householdPostcode(context, person);
    const postcodeDraw = random.next();
    if (postcodeDraw < REGISTER_MESS.unresolvablePostcode) {
      postcode = unresolvablePostcode(postcode, random);
      row.mess.push(['POSTCODE', 'unresolvable_postcode']);
    } else if (postcodeDraw < REGISTER_MESS.unresolvablePostcode + REGISTER_MESS.postcodeTrailingSpace) {
      postcode = `${postcode} `;
      row.mess.push(['POSTCODE', 'trailing_space']);
    } else if (postcodeDraw < REGISTER_MESS.unresolvablePostcode + REGISTER_MESS.postcodeTrailingSpace + REGISTER_MESS.postcodeNoSpace) {
      postcode = postcode.replace(' ', '');
      row.mess.push(['POSTCODE', 'postcode_without_space']);
    }

    let lsoa = lsoaCodeFor(person, practiceUses2021.get(practice) as boolean);
    if (random.chance(REGISTER_MESS.unresolvableLsoa)) {
      lsoa = { code: unresolvableLsoa(context.geography, random), is2021Only: false };
      row.mess.push(['LSOA_CODE', 'unresolvable_lsoa']);
    } else if (lsoa.is2021Only) row.features.push(['LSOA_CODE', 'lsoa_2021_code']);

    const ethnicCode = context.ethnicity.nhsCode(person);
    if (ethnicCode === 'Z') row.features.push(['ETHNIC_CATEGORY', 'ethnicity_not_stated']);
    row.cells = [nhsNumber, dateCell(person.birthDay, dateStyle), nhsGenderCode(person), ethnicCode, practice, postcode, lsoa.code];
    return row;
  });
  insertDuplicates(rows, REGISTER_MESS.duplicateRow, 'NHS_NUMBER', random);
  registerRows(recorder, features, HEALTH_REGISTER_SHEET, 2, rows);
  const sheetRows: Cell[][] = [REGISTER_COLUMNS, ...rows.map((row) => row.cells)];
  return { name: HEALTH_REGISTER_FILE, bytes: writeWorkbook('Child health register (synthetic)', [{ name: HEALTH_REGISTER_SHEET, rows: sheetRows }]), links: recorder.links };
}

const REFERRAL_MESS = {
  invalidNhsNumber: 0.005,
  missingNhsNumber: 0.01,
  dateExcelSerial: 0.04,
  reasonTrailingSpace: 0.02,
  unresolvableLsoa: 0.01,
  duplicateRow: 0.01,
};
const REFERRAL_COLUMNS = ['Referral ID', 'NHS Number', 'Date of Birth', 'Gender', 'Referral Date', 'Referral Reason', 'Service', 'Patient Postcode', 'Patient LSOA'];

function serviceFor(person: Person, referralDay: number): string {
  const ageAtReferral = ageOn(person.birthDay, referralDay);
  if (ageAtReferral <= 2) return 'FTB Parent-Infant Service';
  if (ageAtReferral <= 15) return 'FTB 0-25 Community (Children)';
  return 'FTB 0-25 Community (Young Adults)';
}

export function writeMentalHealthReferrals(context: ExtractContext): ExtractFile {
  const random = context.random.fork('mental-health-referrals');
  const recorder = new ExtractRecorder(MENTAL_HEALTH_FILE, context.mess);
  const features = new ExtractRecorder(MENTAL_HEALTH_FILE, context.features);
  const rows: DataRow[] = context.services.referrals.map((referral) => {
    const { person } = referral;
    const row = dataRow([], person.id);
    let nhsNumber = person.nhsNumber;
    const identifierDraw = random.next();
    if (identifierDraw < REFERRAL_MESS.missingNhsNumber) {
      nhsNumber = '';
      row.mess.push(['NHS Number', 'missing_nhs_number']);
    } else if (identifierDraw < REFERRAL_MESS.missingNhsNumber + REFERRAL_MESS.invalidNhsNumber) {
      nhsNumber = breakNhsNumber(nhsNumber, random);
      row.mess.push(['NHS Number', 'invalid_nhs_number']);
    }
    let date = ukDate(referral.day);
    if (random.chance(REFERRAL_MESS.dateExcelSerial)) {
      date = String(excelSerial(referral.day));
      row.mess.push(['Referral Date', 'date_as_excel_serial']);
    }
    let reason = referral.reason;
    if (random.chance(REFERRAL_MESS.reasonTrailingSpace)) {
      reason = `${reason} `;
      row.mess.push(['Referral Reason', 'trailing_space']);
    }
    let lsoa = lsoaCodeFor(person, true);
    if (random.chance(REFERRAL_MESS.unresolvableLsoa)) {
      lsoa = { code: unresolvableLsoa(context.geography, random), is2021Only: false };
      row.mess.push(['Patient LSOA', 'unresolvable_lsoa']);
    } else if (lsoa.is2021Only) row.features.push(['Patient LSOA', 'lsoa_2021_code']);
    // Date of birth, gender and postcode come straight from the person, drawing nothing from the random
    // stream, so adding them left every other value and every injected problem of this extract where it was.
    const birthDate = ukDate(person.birthDay);
    const postcode = householdPostcode(context, person);
    row.cells = [referral.referralId, nhsNumber, birthDate, nhsGenderCode(person), date, reason, serviceFor(person, referral.day), postcode, lsoa.code];
    return row;
  });
  insertDuplicates(rows, REFERRAL_MESS.duplicateRow, 'Referral ID', random);
  registerRows(recorder, features, null, 2, rows);
  const text = csvText([REFERRAL_COLUMNS, ...rows.map((row) => row.cells.map((cell) => String(cell ?? '')))]);
  return { name: MENTAL_HEALTH_FILE, bytes: encodeUtf8(text, true), links: recorder.links };
}
