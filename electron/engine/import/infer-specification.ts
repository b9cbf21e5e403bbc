/**
 * Drafts a specification from a sample extract, so a data-sharing lead starts from the partner's real
 * columns instead of a blank page. The draft is read with the importer's own readers and header detection,
 * and every guess is one the validator can then check: types from what the values parse as, identifier
 * kinds and personal-data classes from the labels (the personal-data detector) and from the values (check
 * digits, postcode shape, the shipped ward and LSOA lookups), code lists from small sets of repeated values.
 * The draft is meant to be edited: each field carries the evidence it was drawn from.
 */
import path from 'node:path';
import { isValidNhsNumber, isValidUpn } from '../../../shared/identifiers';
import {
  normaliseCode,
  normaliseLabel,
  parseSpecification,
  specFieldSchema,
  type FieldType,
  type ForeignKey,
  type IdentifierKind,
  type PersonalDataClass,
  type SpecField,
  type Specification,
  type SpecificationInput,
} from '../../../shared/spec';
import { readFirstRows } from './preview';
import { defaultReferenceData, type ReferenceData, normaliseWardName, personalDataKindFromLabel, PersonalDataSampler, type PersonalDataKind } from '../validate';
import { openRowSource, inspectSourceFile, cleanText, coerceDate, createFieldCoercer, excelSerialToIsoDate, isBlankCell, isSuppressed, parseNumberText, checkHeaderRow, detectHeader, type DetectedHeader, type MergedRange, type RawCell, type RawRow, splitTrailer } from '../tabular';
import { loadSpecifications } from '../specs';

/** Rows read from the top of the sample: enough for types and code lists, quick even for a large workbook. */
export const INFERENCE_SAMPLE_ROWS = 2000;
/** A column of at most this many distinct values, each seen more than once on average, becomes a code list. */
const MAX_CODES = 12;
/** The share of values that must fit an identifier or a lookup for the values alone to decide it. */
const VALUE_FIT = 0.8;

export interface FieldEvidence {
  readonly field: string;
  readonly columnNumber: number;
  readonly label: string;
  /** Why each property was chosen, in plain words; never a cell's value. */
  readonly reasons: string[];
}

export interface InferredSpecification {
  readonly specification: Specification;
  readonly sheet: string;
  readonly header: Pick<DetectedHeader, 'headerRowNumbers' | 'labels' | 'dataStartRowNumber'>;
  /** Data rows the draft was drawn from (the top of the sheet, totals and notes rows left out). */
  readonly rowsSampled: number;
  readonly evidence: FieldEvidence[];
}

export interface InferFromRowsOptions {
  readonly fileName: string;
  readonly sheet: string;
  /** Workbooks get a sheet hint in the draft; a delimited text file has one sheet. */
  readonly isWorkbook: boolean;
  readonly mergedRanges?: readonly MergedRange[];
  /** The user's choice of header row, used instead of the detected one. */
  readonly headerRow?: number;
  readonly referenceData?: ReferenceData;
  /** yyyy-mm-dd; dates after it make a field one that may hold future dates. */
  readonly today?: string;
}

/** Reads the top of a sample file with the importer's readers and drafts a specification from it. */
export async function inferSpecificationFromFile(options: { path: string; sheet?: string; headerRow?: number; referenceData?: ReferenceData; today?: string }): Promise<InferredSpecification> {
  const facts = inspectSourceFile(options.path);
  const source = await openRowSource(facts, options.sheet === undefined ? {} : { sheet: options.sheet });
  const rows = await readFirstRows(source, INFERENCE_SAMPLE_ROWS);
  if (options.headerRow !== undefined) checkHeaderRow(rows, options.headerRow, { fileName: facts.fileName, sheet: source.sheet });
  return inferSpecificationFromRows(rows, {
    fileName: facts.fileName,
    sheet: source.sheet,
    isWorkbook: facts.format !== 'text',
    ...(source.mergedRanges === undefined ? {} : { mergedRanges: source.mergedRanges }),
    ...(options.headerRow === undefined ? {} : { headerRow: options.headerRow }),
    ...(options.referenceData === undefined ? {} : { referenceData: options.referenceData }),
    ...(options.today === undefined ? {} : { today: options.today }),
  });
}

/** The draft for rows already read (row 1 first); pure apart from the shipped reference data. */
export function inferSpecificationFromRows(rows: readonly RawRow[], options: InferFromRowsOptions): InferredSpecification {
  const header = detectHeader(rows, {
    ...(options.mergedRanges === undefined ? {} : { mergedRanges: options.mergedRanges }),
    ...(options.headerRow === undefined ? {} : { headerRowNumber: options.headerRow }),
  });
  const below = rows.filter((row) => row.rowNumber >= header.dataStartRowNumber && row.cells.some((cell) => !isBlankCell(cell)));
  const { dataRows } = splitTrailer(below, { columnCount: header.labels.length });
  const context: ColumnContext = {
    referenceData: options.referenceData ?? defaultReferenceData(),
    today: options.today ?? new Date().toISOString().slice(0, 10),
    knownSynonyms: synonymsByIdentifier(),
  };
  const takenNames = new Set<string>();
  const fields: SpecField[] = [];
  const evidence: FieldEvidence[] = [];
  header.labels.forEach((label, index) => {
    const cells = dataRows.map((row) => row.cells[index] ?? null);
    const inferred = inferField(label, cells, freeFieldName(fieldNameFor(label, index + 1), takenNames), context);
    fields.push(inferred.field);
    evidence.push({ field: inferred.field.name, columnNumber: index + 1, label, reasons: inferred.reasons });
  });
  const stem = path.basename(options.fileName, path.extname(options.fileName));
  const draft: SpecificationInput = {
    id: specIdFor(stem),
    title: `Draft specification for ${stem}`.slice(0, 200),
    version: '0.1',
    description: `Drafted by the workbench from ${options.fileName} (${options.sheet}), ${dataRows.length.toLocaleString('en-GB')} rows sampled. Check every field before using it.`,
    agency: 'Not yet named',
    fields,
    allowExtraFields: false,
    ...(options.isWorkbook ? { header: { sheet: options.sheet } } : {}),
  };
  return {
    specification: parseSpecification(draft),
    sheet: options.sheet,
    header: { headerRowNumbers: header.headerRowNumbers, labels: header.labels, dataStartRowNumber: header.dataStartRowNumber },
    rowsSampled: dataRows.length,
    evidence,
  };
}

interface ColumnContext {
  readonly referenceData: ReferenceData;
  readonly today: string;
  /** Header spellings the bundled specifications know for each identifier kind, so next quarter's renamed column still maps. */
  readonly knownSynonyms: ReadonlyMap<IdentifierKind, readonly string[]>;
}

interface InferredField {
  readonly field: SpecField;
  readonly reasons: string[];
}

/** What one column's label and values say it holds, before the type is settled. */
interface IdentifierGuess {
  readonly identifier?: IdentifierKind;
  readonly foreignKey?: ForeignKey;
  /** Personal data the detector sees that has no identifier kind of its own (email, phone, address). */
  readonly personalKind?: PersonalDataKind;
  readonly reason: string;
}

function inferField(label: string, cells: readonly RawCell[], name: string, context: ColumnContext): InferredField {
  const values = cells.filter((cell) => !isBlankCell(cell));
  const blanks = cells.length - values.length;
  const reasons: string[] = [];
  const guess = guessIdentifier(label, values, context);
  if (guess !== null) reasons.push(guess.reason);
  const guessed = guessType(values, guess?.identifier);
  const { suppressible } = guessed;
  let { type, codes } = guessed;
  if (guess?.identifier === 'date-of-birth' && type !== 'date') {
    // A date of birth column whose values are not dates is reported by the check rather than left untyped.
    type = 'date';
    codes = undefined;
    reasons.push('Date: a date of birth, though not every value reads as a date (the check reports those)');
  } else reasons.push(typeReason(type, values.length, codes?.length, suppressible));
  const personalData = personalDataClass(label, guess);
  if (personalData !== 'none') reasons.push(`Personal data: ${personalData.replace('-', ' ')}`);
  const required = cells.length > 0 && blanks === 0;
  reasons.push(required ? 'Required: no blank cells in the sample' : `Optional: ${blanks.toLocaleString('en-GB')} blank cells in the sample`);
  const unique = (type === 'string' || type === 'integer') && values.length >= 2 && canBeUnique(guess) && distinctCount(values) === values.length;
  const pattern = type === 'string' && (guess === null || guess.identifier === 'local-id') ? shapePattern(values) : null;
  if (pattern !== null) reasons.push(`Pattern: every value has the shape ${pattern}`);
  if (unique) reasons.push('Unique: no value repeats in the sample');
  const numbers = type === 'integer' || type === 'number' ? numericValues(values) : [];
  const nonNegative = numbers.length > 0 && numbers.every((value) => value >= 0);
  const dates = type === 'date' ? values.map((cell) => coerceDate(cell)).flatMap((result) => (result.ok && typeof result.value === 'string' ? [result.value] : [])) : [];
  const notInFuture = dates.length > 0 && dates.every((date) => date <= context.today);
  if (nonNegative) reasons.push('Minimum 0: no negative values in the sample');
  if (notInFuture) reasons.push('Not in the future: every date in the sample is on or before today');
  const identifier = guess?.identifier;
  const synonyms = uniqueSpellings([label, ...(identifier === undefined ? [] : (context.knownSynonyms.get(identifier) ?? []))]);
  const field = specFieldSchema.parse({
    name,
    title: label.trim() === '' ? name : label.slice(0, 200),
    type,
    required,
    unique,
    synonyms,
    personalData,
    suppressible,
    notInFuture,
    ...(codes === undefined ? {} : { codes: codes.map((code) => ({ code, label: '', synonyms: [] })) }),
    ...(nonNegative ? { minimum: 0 } : {}),
    ...(pattern === null ? {} : { pattern }),
    ...(identifier === undefined ? {} : { identifier }),
    ...(guess?.foreignKey === undefined ? {} : { foreignKey: guess.foreignKey }),
  });
  return { field, reasons };
}

function cellText(cell: RawCell): string | null {
  if (typeof cell === 'string') return cleanText(cell);
  if (typeof cell === 'number') return String(cell);
  if (cell !== null && typeof cell === 'object' && cell.kind === 'date') return excelSerialToIsoDate(cell.serial);
  return null;
}

function fractionOf(values: readonly RawCell[], test: (text: string) => boolean): number {
  if (values.length === 0) return 0;
  return values.filter((cell) => {
    const text = cellText(cell);
    return text !== null && test(text);
  }).length / values.length;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

const LSOA_SHAPE = /^E01\d{6}$/;
const WARD_CODE_SHAPE = /^E05\d{6}$/;
const URN_SHAPE = /^\d{6}$/;
const FORENAME_LABEL = /\b(?:forenames?|first ?names?|given names?|known as|middle names?)\b/;
const SURNAME_LABEL = /\b(?:surname|last ?name|family name|maiden name)\b/;
/** "Child ID", "Client ref", "Person identifier": a partner's own record number for a person. */
const LOCAL_ID_LABEL = /\b(?:id|identifier|ref|reference|case (?:number|no))\b/;
const NOT_A_PERSON_ID = /\b(?:school|ward|lsoa|msoa|practice|gp|setting|provider|team|locality|area|establishment|la|file|batch|row|record|line|incident|crime|offence|event)\b/;
const SCHOOL_URN_LABEL = /\b(?:urn|school (?:id|number|no))\b/;
/** Article 9 special categories as partners label them: health, ethnicity, religion, sex life, SEND. */
const SPECIAL_CATEGORY_LABEL =
  /\b(?:ethnic\w*|race|religion|religious|faith|belief|health|medical|diagnos\w*|disabilit\w*|disabled|condition|mental|sen|send|ehc|ehcp|special educational|sexual\w*|sexuality|gender identity|pregnan\w*|abuse|cp category|factors?|substance|alcohol|drugs?|self harm|trade union|biometric|genetic)\b/;

/** Labels that say nothing about the column ("F4", "Col 7", "Date"), where only the values can tell. */
const UNINFORMATIVE_LABEL = /^(?:[a-z]{1,3} ?\d*|col(?:umn)? ?\d+|field ?\d+|date|dt)$/;
/** The ages the partnership's extracts cover: children and young people up to 25 (SEND). */
const CHILDHOOD_YEARS = 25;

/** Dates all in the past CHILDHOOD_YEARS and spread over at least three years, as a cohort's birthdays are. */
function looksLikeChildrensBirthDates(values: readonly RawCell[], today: string): boolean {
  if (values.length === 0 || !values.every(isDateValue)) return false;
  const earliest = `${String(Number(today.slice(0, 4)) - CHILDHOOD_YEARS).padStart(4, '0')}${today.slice(4)}`;
  const dates = values.map((cell) => coerceDate(cell)).flatMap((result) => (result.ok && typeof result.value === 'string' ? [result.value] : []));
  return dates.length === values.length && dates.every((date) => date >= earliest && date <= today) && new Set(dates.map((date) => date.slice(0, 4))).size >= 3;
}

function compactUpper(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/** The identifier a column holds, from its label and its values; values decide when the label says nothing. */
function guessIdentifier(label: string, values: readonly RawCell[], context: ColumnContext): IdentifierGuess | null {
  const normalised = normaliseLabel(label);
  const byLabel = personalDataKindFromLabel(label);
  const sampler = new PersonalDataSampler(INFERENCE_SAMPLE_ROWS);
  for (const cell of values) sampler.add(cell);
  const byValues = sampler.dominantKind();
  const { lookups } = context.referenceData;

  const nhsShare = fractionOf(values, isValidNhsNumber);
  if (byValues === 'nhs-number' || byLabel === 'nhs-number') {
    return { identifier: 'nhs-number', reason: byValues === 'nhs-number' ? `NHS number: ${percent(nhsShare)} of values pass the modulus-11 check digit` : 'NHS number: the label says so' };
  }
  const upnShare = fractionOf(values, isValidUpn);
  if (byValues === 'upn' || byLabel === 'upn' || upnShare >= VALUE_FIT) {
    return { identifier: 'upn', reason: upnShare >= VALUE_FIT ? `UPN: ${percent(upnShare)} of values carry a valid DfE check letter` : 'UPN: the label says so' };
  }
  if (byLabel === 'date-of-birth') return { identifier: 'date-of-birth', reason: 'Date of birth: the label says so' };
  if (UNINFORMATIVE_LABEL.test(normalised) && looksLikeChildrensBirthDates(values, context.today)) {
    return { identifier: 'date-of-birth', reason: `Date of birth: a column the label does not name, of dates spread over the ${CHILDHOOD_YEARS} years before today` };
  }
  if (byValues === 'postcode' || byLabel === 'postcode') {
    return { identifier: 'postcode', reason: byValues === 'postcode' ? 'Postcode: most values have the shape of a UK postcode' : 'Postcode: the label says so' };
  }

  const lsoaShare = fractionOf(values, (text) => LSOA_SHAPE.test(compactUpper(text)));
  if (lsoaShare >= VALUE_FIT || (/\blsoa\b/.test(normalised) && !/\bname\b/.test(normalised))) {
    const in11 = fractionOf(values, (text) => lookups.lsoa11.has(compactUpper(text)));
    const in21 = fractionOf(values, (text) => lookups.lsoa21.has(compactUpper(text)));
    const year = /\b2011\b|\b11\b/.test(normalised) ? 'lsoa11' : /\b2021\b|\b21\b/.test(normalised) ? 'lsoa21' : null;
    let kind: 'lsoa11' | 'lsoa21' | 'lsoa' = year ?? 'lsoa';
    if (year === null && in21 >= VALUE_FIT && in11 < VALUE_FIT) kind = 'lsoa21';
    if (year === null && in11 >= VALUE_FIT && in21 < VALUE_FIT) kind = 'lsoa11';
    const found = kind === 'lsoa11' ? in11 : kind === 'lsoa21' ? in21 : Math.max(in11, in21);
    return {
      identifier: kind,
      ...(found >= VALUE_FIT ? { foreignKey: kind } : {}),
      reason: `LSOA (${kind === 'lsoa' ? '2011 or 2021' : kind === 'lsoa11' ? '2011' : '2021'}): ${percent(lsoaShare)} of values are E01 codes, ${percent(found)} found in the city's LSOA list`,
    };
  }
  const wardCodeShare = fractionOf(values, (text) => lookups.wardCodes.has(compactUpper(text)));
  if (wardCodeShare >= VALUE_FIT || (fractionOf(values, (text) => WARD_CODE_SHAPE.test(compactUpper(text))) >= VALUE_FIT && /\bward\b/.test(normalised))) {
    return { identifier: 'ward-code', ...(wardCodeShare >= VALUE_FIT ? { foreignKey: 'ward-code' } : {}), reason: `Ward code: ${percent(wardCodeShare)} of values are the city's E05 ward codes` };
  }
  const wardNameShare = fractionOf(values, (text) => lookups.wardNames.has(normaliseWardName(text)));
  if (wardNameShare >= VALUE_FIT) {
    return { identifier: 'ward-name', foreignKey: 'ward-name', reason: `Ward name: ${percent(wardNameShare)} of values are the city's ward names` };
  }
  if (byLabel === 'name') {
    const identifier: IdentifierKind = FORENAME_LABEL.test(normalised) ? 'forename' : SURNAME_LABEL.test(normalised) ? 'surname' : 'full-name';
    return { identifier, reason: `${identifier === 'full-name' ? 'Full name' : identifier === 'forename' ? 'Forename' : 'Surname'}: the label names a person's name` };
  }
  if (byValues === 'email' || byValues === 'phone' || byValues === 'address' || byLabel === 'email' || byLabel === 'phone' || byLabel === 'address') {
    const kind = (byValues ?? byLabel) as PersonalDataKind;
    return { personalKind: kind, reason: `Personal data (${kind}): ${byValues === kind ? 'most values look like one' : 'the label says so'}` };
  }
  if (SCHOOL_URN_LABEL.test(normalised) && fractionOf(values, (text) => URN_SHAPE.test(text)) >= VALUE_FIT) {
    return { identifier: 'school-urn', reason: 'School URN: the label says so and the values are six-digit numbers' };
  }
  if (LOCAL_ID_LABEL.test(normalised) && !NOT_A_PERSON_ID.test(normalised)) {
    return { identifier: 'local-id', reason: "Local ID: the label names the partner's own record number for a person" };
  }
  return null;
}

/** Identifier kinds that are text whatever their values look like (NHS numbers are digits, but never sums). */
const TEXT_IDENTIFIERS: ReadonlySet<IdentifierKind> = new Set([
  'nhs-number', 'upn', 'local-id', 'forename', 'surname', 'full-name', 'postcode', 'lsoa11', 'lsoa21', 'lsoa', 'ward-code', 'ward-name', 'school-urn',
]);

function probeField(type: FieldType, extra: Record<string, unknown> = {}): SpecField {
  return specFieldSchema.parse({ name: 'probe', title: 'probe', type, personalData: 'none', ...(type === 'code' ? { codes: [{ code: 'probe' }] } : {}), ...extra });
}

const asBoolean = createFieldCoercer(probeField('boolean'));
const asInteger = createFieldCoercer(probeField('integer', { suppressible: true }));
const asNumber = createFieldCoercer(probeField('number', { suppressible: true }));

/** "007" is a code, not seven: a leading zero means the column is text. */
function hasLeadingZero(cell: RawCell): boolean {
  return typeof cell === 'string' && /^[+-]?0\d/.test(cell.trim());
}

function isDateValue(cell: RawCell): boolean {
  if (cell !== null && typeof cell === 'object') return cell.kind === 'date';
  // Plain numbers parse as Excel serials; only text that reads as a date (or a date cell) makes a date column.
  return typeof cell === 'string' && parseNumberText(cell) === null && coerceDate(cell).ok;
}

function isBooleanValue(cell: RawCell): boolean {
  return asBoolean(cell).ok;
}

function guessType(values: readonly RawCell[], identifier: IdentifierKind | undefined): { type: FieldType; suppressible: boolean; codes?: string[] } {
  if (identifier !== undefined && TEXT_IDENTIFIERS.has(identifier)) return { type: 'string', suppressible: false };
  if (values.length === 0) return { type: 'string', suppressible: false };
  if (values.every(isDateValue)) return { type: 'date', suppressible: false };
  // 1/0 alone is a number; a yes/no column has at least one word or a TRUE/FALSE cell.
  if (values.every(isBooleanValue) && values.some((cell) => typeof cell === 'boolean' || (typeof cell === 'string' && parseNumberText(cell) === null))) {
    return { type: 'boolean', suppressible: false };
  }
  if (!values.some(hasLeadingZero)) {
    for (const [type, coerce] of [['integer', asInteger], ['number', asNumber]] as const) {
      const results = values.map(coerce);
      const suppressed = results.filter((result) => result.ok && isSuppressed(result.value)).length;
      if (results.every((result) => result.ok) && suppressed < values.length) return { type, suppressible: suppressed > 0 };
    }
  }
  const codes = codeList(values);
  return codes === null ? { type: 'string', suppressible: false } : { type: 'code', suppressible: false, codes };
}

interface ShapeToken {
  readonly kind: 'upper' | 'lower' | 'letters' | 'digits' | 'literal';
  readonly text: string;
}

const MAX_SHAPE_TOKENS = 7;
/** Characters with a meaning in a regular expression (u flag), escaped when they stand for themselves. */
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

function shapeTokens(text: string): ShapeToken[] | null {
  const tokens: ShapeToken[] = [];
  for (const run of text.match(/[A-Z]+|[a-z]+|\d+|[^A-Za-z\d]/g) ?? []) {
    if (/\s/.test(run)) return null;
    const kind: ShapeToken['kind'] = /^\d/.test(run) ? 'digits' : /^[A-Z]/.test(run) ? 'upper' : /^[a-z]/.test(run) ? 'lower' : 'literal';
    const previous = tokens[tokens.length - 1];
    // "Ab" is one run of letters, not an upper then a lower.
    if (previous !== undefined && (kind === 'upper' || kind === 'lower') && (previous.kind === 'upper' || previous.kind === 'lower' || previous.kind === 'letters')) {
      tokens[tokens.length - 1] = { kind: previous.kind === kind ? kind : 'letters', text: previous.text + run };
    } else tokens.push({ kind, text: run });
  }
  return tokens;
}

/**
 * A pattern every value fits, when all share one shape of letters, digits and punctuation and carry digits
 * ("WMP/2025/40001" → WMP/\d{4}/\d{5}): reference numbers, not free text. Letters that are the same in every
 * value stay literal; runs that vary in length take at least the shortest seen.
 */
function shapePattern(values: readonly RawCell[]): string | null {
  if (values.length < 2) return null;
  let shape: ShapeToken[][] | null = null;
  for (const cell of values) {
    const text = cellText(cell);
    const tokens = text === null || typeof cell !== 'string' ? null : shapeTokens(text);
    if (tokens === null || tokens.length === 0 || tokens.length > MAX_SHAPE_TOKENS) return null;
    if (shape === null) shape = tokens.map((token) => [token]);
    else if (tokens.length !== shape.length) return null;
    else tokens.forEach((token, index) => shape?.[index]?.push(token));
  }
  if (shape === null) return null;
  const parts: string[] = [];
  for (const seen of shape) {
    const kinds = new Set(seen.map((token) => (token.kind === 'upper' || token.kind === 'lower' ? 'letters' : token.kind)));
    if (kinds.size !== 1) return null;
    const texts = new Set(seen.map((token) => token.text));
    const first = seen[0] as ShapeToken;
    if (first.kind === 'literal' || (first.kind !== 'digits' && texts.size === 1)) {
      if (texts.size !== 1) return null;
      parts.push(first.text.replace(REGEX_SYNTAX, '\\$&'));
      continue;
    }
    const lengths = seen.map((token) => token.text.length);
    const shortest = Math.min(...lengths);
    const longest = Math.max(...lengths);
    const kind = seen.every((token) => token.kind === 'upper') ? '[A-Z]' : seen.every((token) => token.kind === 'lower') ? '[a-z]' : first.kind === 'digits' ? '\\d' : '[A-Za-z]';
    // A length that varies in the sample may grow beyond it (V999 then V1000): only the shortest is kept.
    parts.push(`${kind}${shortest === longest ? `{${shortest}}` : shortest === 1 ? '+' : `{${shortest},}`}`);
  }
  if (!shape.some((seen) => seen[0]?.kind === 'digits')) return null;
  return parts.join('').replace(/\{1\}/g, '');
}

/** The values of a small, repeating set, one spelling per code (the most frequent), in alphabetical order. */
function codeList(values: readonly RawCell[]): string[] | null {
  const spellings = new Map<string, Map<string, number>>();
  for (const cell of values) {
    const text = cellText(cell);
    if (text === null || text === '') return null;
    const key = normaliseCode(text);
    const counts = spellings.get(key) ?? new Map<string, number>();
    counts.set(text, (counts.get(text) ?? 0) + 1);
    spellings.set(key, counts);
    if (spellings.size > MAX_CODES) return null;
  }
  if (spellings.size === 0 || values.length < 2 * spellings.size) return null;
  const codes = [...spellings.values()].map((counts) => [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] as string);
  return codes.sort((a, b) => a.localeCompare(b));
}

function typeReason(type: FieldType, values: number, codes: number | undefined, suppressible: boolean): string {
  const count = values.toLocaleString('en-GB');
  if (values === 0) return 'Text: the sample has no values in this column';
  switch (type) {
    case 'date':
      return `Date: all ${count} values read as dates`;
    case 'boolean':
      return `Yes/no: all ${count} values are yes/no spellings`;
    case 'integer':
      return `Whole number: all ${count} values are whole numbers${suppressible ? ' or small-number suppression markers' : ''}`;
    case 'number':
      return `Number: all ${count} values are numbers${suppressible ? ' or small-number suppression markers' : ''}`;
    case 'code':
      return `Code list: ${codes ?? 0} distinct values repeat across ${count} values`;
    case 'string':
      return `Text: ${count} values`;
  }
}

function personalDataClass(label: string, guess: IdentifierGuess | null): PersonalDataClass {
  switch (guess?.identifier) {
    case 'nhs-number':
    case 'upn':
    case 'local-id':
    case 'forename':
    case 'surname':
    case 'full-name':
      return 'direct-identifier';
    case 'date-of-birth':
    case 'postcode':
    case 'lsoa11':
    case 'lsoa21':
    case 'lsoa':
      return 'quasi-identifier';
    default:
      break;
  }
  if (guess?.personalKind !== undefined) return guess.personalKind === 'address' ? 'quasi-identifier' : 'direct-identifier';
  return SPECIAL_CATEGORY_LABEL.test(normaliseLabel(label)) ? 'special-category' : 'none';
}

/** Names and places repeat between people by nature, so a sample where they happen not to is no evidence of a rule. */
function canBeUnique(guess: IdentifierGuess | null): boolean {
  if (guess === null) return true;
  if (guess.personalKind !== undefined) return false;
  return guess.identifier === 'nhs-number' || guess.identifier === 'upn' || guess.identifier === 'local-id';
}

function distinctCount(values: readonly RawCell[]): number {
  return new Set(values.map((cell) => normaliseCode(cellText(cell) ?? String(cell)))).size;
}

function numericValues(values: readonly RawCell[]): number[] {
  return values.flatMap((cell) => {
    const result = asNumber(cell);
    return result.ok && typeof result.value === 'number' ? [result.value] : [];
  });
}

function uniqueSpellings(spellings: readonly string[]): string[] {
  const seen = new Set<string>();
  return spellings.filter((spelling) => {
    const key = normaliseLabel(spelling);
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function synonymsByIdentifier(): Map<IdentifierKind, string[]> {
  const byKind = new Map<IdentifierKind, string[]>();
  for (const spec of loadSpecifications()) {
    for (const field of spec.fields) {
      if (field.identifier === undefined) continue;
      byKind.set(field.identifier, [...(byKind.get(field.identifier) ?? []), field.title, ...field.synonyms]);
    }
  }
  return byKind;
}

/** A snake_case field name from a label: "NHS No." → nhs_no, "1st contact" → field_1st_contact. */
export function fieldNameFor(label: string, columnNumber: number): string {
  const words = normaliseLabel(label)
    .normalize('NFKD')
    .replace(/[^a-z0-9 ]/g, '')
    .trim()
    .replace(/ +/g, '_')
    .slice(0, 60)
    .replace(/_+$/, '');
  if (words === '') return `column_${columnNumber}`;
  return /^[a-z]/.test(words) ? words : `field_${words}`;
}

function freeFieldName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let suffix = 2; taken.has(name); suffix += 1) name = `${wanted}_${suffix}`;
  taken.add(name);
  return name;
}

/** A kebab-case specification id from a file name: "CIN extract Q3.txt" → cin-extract-q3. */
export function specIdFor(stem: string): string {
  const id = stem
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return id === '' ? 'draft-specification' : id;
}
