/**
 * Calendar dates as whole days since 1970-01-01 (UTC). Whole-day integers keep the generator free of
 * time zones and daylight saving, which would otherwise make output depend on the machine.
 */
const MILLISECONDS_PER_DAY = 86_400_000;
/** Excel's serial for 1970-01-01 in the 1900 date system. */
const EXCEL_SERIAL_OF_EPOCH = 25_569;

export type Day = number;

export function dayOf(year: number, month: number, dayOfMonth: number): Day {
  return Date.UTC(year, month - 1, dayOfMonth) / MILLISECONDS_PER_DAY;
}

export function partsOf(day: Day): { year: number; month: number; dayOfMonth: number } {
  const date = new Date(day * MILLISECONDS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
}

export function addYears(day: Day, years: number): Day {
  const { year, month, dayOfMonth } = partsOf(day);
  // 29 February plus a non-leap number of years lands on 1 March, as Date.UTC rolls it over.
  return dayOf(year + years, month, dayOfMonth);
}

/** Whole years completed between birth and the given day. */
export function ageOn(birth: Day, on: Day): number {
  const born = partsOf(birth);
  const at = partsOf(on);
  let age = at.year - born.year;
  if (at.month < born.month || (at.month === born.month && at.dayOfMonth < born.dayOfMonth)) age -= 1;
  return age;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** UK text date, dd/mm/yyyy. */
export function ukDate(day: Day): string {
  const { year, month, dayOfMonth } = partsOf(day);
  return `${twoDigits(dayOfMonth)}/${twoDigits(month)}/${year}`;
}

export function isoDate(day: Day): string {
  const { year, month, dayOfMonth } = partsOf(day);
  return `${year}-${twoDigits(month)}-${twoDigits(dayOfMonth)}`;
}

export function excelSerial(day: Day): number {
  return day + EXCEL_SERIAL_OF_EPOCH;
}

/** The mid-year date every age in the synthetic city is measured at (as in ONS mid-year estimates). */
export const REFERENCE_DAY = dayOf(2024, 6, 30);
/** Activity extracts (referrals, incidents, episodes) cover the three years to the reference date. */
export const WINDOW_START = dayOf(2021, 7, 1);
export const WINDOW_END = REFERENCE_DAY;
/** Spring school census day; national curriculum year follows age on the previous 31 August. */
export const SCHOOL_CENSUS_DAY = dayOf(2024, 1, 18);
export const ACADEMIC_AGE_DAY = dayOf(2023, 8, 31);
