/**
 * Turns raw cells into typed values for one specification field, or says why it cannot, without ever
 * quoting the cell (messages end up in reports sent back to partners).
 *
 * Dates come out as ISO `yyyy-mm-dd` strings: they survive JSON and IPC unchanged, sort correctly as text,
 * and DuckDB casts them to DATE exactly (`CAST(value AS DATE)`); `isoDateToEpochDays` gives DuckDB's
 * days-since-1970 form when a caller needs it.
 */
import { normaliseCode, type SpecField } from '../../../shared/spec';
import type { RawCell } from './raw';

/** A small-number suppression marker kept as such, never as zero or text. */
export interface Suppressed {
  readonly suppressed: true;
  readonly marker: string;
}

/** A typed value: null for an empty cell; dates are `yyyy-mm-dd` strings. */
export type CoercedValue = string | number | boolean | null | Suppressed;

export type CoerceResult =
  | { readonly ok: true; readonly value: CoercedValue }
  | { readonly ok: false; readonly rule: 'type-error' | 'constraint-error'; readonly message: string };

export type FieldCoercer = (cell: RawCell) => CoerceResult;

export function isSuppressed(value: CoercedValue): value is Suppressed {
  return typeof value === 'object' && value !== null && value.suppressed;
}

/** Markers statistical publications use for suppressed small numbers (ONS, DfE, NHS Digital). */
const SUPPRESSION_MARKERS = new Set(['*', 'c', 'x', '-', '..', ':', '~', '[c]', '[x]', '[z]', 'supp', 'suppressed']);
const LESS_THAN_MARKER = /^<\s*\d+$/;

const DEFAULT_TRUE = ['Y', 'YES', '1', 'TRUE', 'T'];
const DEFAULT_FALSE = ['N', 'NO', '0', 'FALSE', 'F'];

/** Excel's largest date, 31 December 9999. */
const MAX_EXCEL_SERIAL = 2958465;
const MS_PER_DAY = 86_400_000;

const ok = (value: CoercedValue): CoerceResult => ({ ok: true, value });
const typeError = (message: string): CoerceResult => ({ ok: false, rule: 'type-error', message });
const constraintError = (message: string): CoerceResult => ({ ok: false, rule: 'constraint-error', message });

/** Builds the parser for one field once, so code lists and synonym sets are not rebuilt per cell. */
export function createFieldCoercer(field: SpecField): FieldCoercer {
  switch (field.type) {
    case 'string':
      return (cell) => coerceString(cell, field);
    case 'integer':
      return (cell) => coerceNumber(cell, field, true);
    case 'number':
      return (cell) => coerceNumber(cell, field, false);
    case 'boolean':
      return booleanCoercer(field);
    case 'date':
      return (cell) => coerceDate(cell, field.twoDigitYearPivot);
    case 'code':
      return codeCoercer(field);
  }
}

/** True for null and for strings of nothing but whitespace. */
export function isBlankCell(cell: RawCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** Trims and collapses runs of spaces, tabs and non-breaking spaces (line breaks inside a cell are kept). */
export function cleanText(text: string): string {
  return text.replace(/[ \t\u00a0]+/g, ' ').trim();
}

function coerceString(cell: RawCell, field: SpecField): CoerceResult {
  if (isBlankCell(cell)) return ok(null);
  let text: string;
  if (typeof cell === 'string') text = cleanText(cell);
  else if (typeof cell === 'number') text = String(cell);
  else if (typeof cell === 'boolean') text = cell ? 'TRUE' : 'FALSE';
  else if (cell !== null && cell.kind === 'date') {
    const iso = excelSerialToIsoDate(cell.serial);
    if (iso === null) return typeError('Expected text; the cell holds a date Excel cannot show');
    text = iso;
  } else return typeError('Expected text; the cell holds an Excel error value');
  return ok(normaliseIdentifier(text, field));
}

/** Puts identifiers into one spelling so that checks, uniqueness and linking compare like with like. */
function normaliseIdentifier(text: string, field: SpecField): string {
  switch (field.identifier) {
    case 'nhs-number':
      return text.replace(/[\s-]/g, '');
    case 'upn':
    case 'lsoa11':
    case 'lsoa21':
    case 'lsoa':
    case 'ward-code':
      return text.replace(/\s+/g, '').toUpperCase();
    case 'postcode':
      return normalisePostcode(text);
    default:
      return text;
  }
}

/** "b11aa" and "B1  1AA" → "B1 1AA": the inward code is always the last three characters. */
export function normalisePostcode(text: string): string {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (compact.length < 5) return compact;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

function suppressionMarker(text: string): string | null {
  const lower = text.toLowerCase();
  if (SUPPRESSION_MARKERS.has(lower) || LESS_THAN_MARKER.test(lower)) return text;
  return null;
}

function coerceNumber(cell: RawCell, field: SpecField, wholeOnly: boolean): CoerceResult {
  const expected = wholeOnly ? 'a whole number' : 'a number';
  if (isBlankCell(cell)) return ok(null);
  let value: number;
  if (typeof cell === 'number') value = cell;
  else if (typeof cell === 'string') {
    const text = cell.trim();
    const marker = suppressionMarker(text);
    if (marker !== null) {
      if (field.suppressible) return ok({ suppressed: true, marker });
      return typeError(`Expected ${expected}; the cell holds a suppression marker but this column may not be suppressed`);
    }
    const parsed = parseNumberText(text);
    if (parsed === null) return typeError(`Expected ${expected}`);
    value = parsed;
  } else if (typeof cell === 'boolean') return typeError(`Expected ${expected}; the cell holds TRUE/FALSE`);
  else if (cell !== null && cell.kind === 'date') return typeError(`Expected ${expected}; the cell is formatted as a date`);
  else return typeError(`Expected ${expected}; the cell holds an Excel error value`);
  if (!Number.isFinite(value)) return typeError(`Expected ${expected}`);
  if (wholeOnly && !Number.isInteger(value)) return typeError('Expected a whole number; the value has a fraction');
  return ok(value);
}

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** Accepts "1234", "1,234.5", "-0.5", "1e3"; rejects "1,23" (a misplaced separator is not a thousands separator). */
export function parseNumberText(text: string): number | null {
  const trimmed = text.trim();
  if (PLAIN_NUMBER.test(trimmed)) return Number(trimmed);
  if (GROUPED_NUMBER.test(trimmed)) return Number(trimmed.replace(/,/g, ''));
  return null;
}

function booleanCoercer(field: SpecField): FieldCoercer {
  const trueSpellings = new Set([...DEFAULT_TRUE, ...field.trueValues].map(normaliseCode));
  const falseSpellings = new Set([...DEFAULT_FALSE, ...field.falseValues].map(normaliseCode));
  return (cell) => {
    if (isBlankCell(cell)) return ok(null);
    if (typeof cell === 'boolean') return ok(cell);
    if (typeof cell === 'number') {
      if (cell === 1) return ok(true);
      if (cell === 0) return ok(false);
      return typeError('Expected yes or no; the cell holds a number other than 1 or 0');
    }
    if (typeof cell === 'string') {
      const spelling = normaliseCode(cell);
      if (trueSpellings.has(spelling)) return ok(true);
      if (falseSpellings.has(spelling)) return ok(false);
      return typeError('Expected yes or no (Y/Yes/1/TRUE or N/No/0/FALSE)');
    }
    return typeError('Expected yes or no');
  };
}

function codeCoercer(field: SpecField): FieldCoercer {
  const canonical = new Map<string, string>();
  for (const entry of field.codes ?? []) {
    for (const spelling of [entry.code, entry.label, ...entry.synonyms]) {
      if (spelling.trim() !== '') canonical.set(normaliseCode(spelling), entry.code);
    }
  }
  return (cell) => {
    if (isBlankCell(cell)) return ok(null);
    let text: string;
    if (typeof cell === 'string') text = cell;
    else if (typeof cell === 'number') text = String(cell);
    else if (typeof cell === 'boolean') text = cell ? 'TRUE' : 'FALSE';
    else return typeError('Expected a code from the list; the cell holds a date or an Excel error value');
    const code = canonical.get(normaliseCode(text));
    if (code === undefined) return constraintError('Value is not in the code list for this field');
    return ok(code);
  };
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

const TIME_SUFFIX = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})${TIME_SUFFIX}$`);
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})${TIME_SUFFIX}$`);
const MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]+)\.?[\s,-]+(\d{4}|\d{2})$/;
/** A five-digit serial typed as text (10000 = 1927-05-18, 99999 = 2173-10-14); shorter numbers are too ambiguous. */
const TEXT_SERIAL = /^\d{5}(?:\.\d+)?$/;

/**
 * Reads a date the UK way. Accepts Excel date cells, bare serial numbers, dd/mm/yyyy with `/`, `-` or `.`,
 * yyyy-mm-dd, and "3 Mar 2024"; a time part is ignored. Never month-first: 12/31/2020 is an error, and
 * 03/04/2020 is 3 April.
 */
export function coerceDate(cell: RawCell, twoDigitYearPivot?: number): CoerceResult {
  if (isBlankCell(cell)) return ok(null);
  if (typeof cell === 'number') return fromSerial(cell);
  if (typeof cell === 'boolean') return typeError('Expected a date; the cell holds TRUE/FALSE');
  if (cell !== null && typeof cell === 'object') {
    return cell.kind === 'date' ? fromSerial(cell.serial) : typeError('Expected a date; the cell holds an Excel error value');
  }
  const text = (cell ?? '').trim();
  if (TEXT_SERIAL.test(text)) return fromSerial(Number(text));

  const dayFirst = DAY_FIRST.exec(text);
  if (dayFirst !== null) {
    const day = Number(dayFirst[1]);
    const month = Number(dayFirst[3]);
    if (month > 12 && month <= 31 && day <= 12) {
      return typeError('Expected a day-first date (dd/mm/yyyy); this one looks month-first (US order)');
    }
    return fromParts(expandYear(dayFirst[4] ?? '', twoDigitYearPivot), month, day);
  }
  const yearFirst = YEAR_FIRST.exec(text);
  if (yearFirst !== null) return fromParts(Number(yearFirst[1]), Number(yearFirst[3]), Number(yearFirst[4]));
  const named = MONTH_NAME.exec(text);
  if (named !== null) {
    const month = MONTHS[(named[2] ?? '').toLowerCase()];
    if (month === undefined) return typeError('Expected a date; the month name is not recognised');
    return fromParts(expandYear(named[3] ?? '', twoDigitYearPivot), month, Number(named[1]));
  }
  return typeError('Expected a date such as dd/mm/yyyy or yyyy-mm-dd');
}

/** NaN stands for "two-digit year not allowed", which fromParts reports. */
function expandYear(yearText: string, pivot: number | undefined): number {
  if (yearText.length === 4) return Number(yearText);
  if (pivot === undefined) return Number.NaN;
  const year = Number(yearText);
  return year < pivot ? 2000 + year : 1900 + year;
}

function fromParts(year: number, month: number, day: number): CoerceResult {
  if (Number.isNaN(year)) return typeError('Expected a four-digit year; two-digit years are not accepted for this field');
  const iso = isoFromParts(year, month, day);
  return iso === null ? typeError('Expected a date; this day does not exist in the calendar') : ok(iso);
}

function fromSerial(serial: number): CoerceResult {
  const iso = excelSerialToIsoDate(serial);
  return iso === null ? typeError('Expected a date; the number is not a valid Excel date') : ok(iso);
}

/** The calendar date as yyyy-mm-dd, or null when the day does not exist (31/02, 29/02 outside leap years). */
export function isoFromParts(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Converts an Excel 1900-system serial to yyyy-mm-dd, dropping any time of day. Serial 60 is the
 * 29 February 1900 Excel invented for Lotus 1-2-3 compatibility, so it has no real date.
 */
export function excelSerialToIsoDate(serial: number): string | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial);
  if (day < 1 || day > MAX_EXCEL_SERIAL || day === 60) return null;
  const epoch = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Days since 1970-01-01, DuckDB's DATE representation. */
export function isoDateToEpochDays(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number);
  return Math.round(Date.UTC(year ?? Number.NaN, (month ?? Number.NaN) - 1, day) / MS_PER_DAY);
}
