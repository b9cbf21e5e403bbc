/**
 * Recognises columns that hold personal data from their label and a sample of their values, so that an
 * extract carrying more than its data-sharing agreement allows is flagged before anyone uses it.
 * Names are recognised by label only: values such as "Acocks Green" look too much like names to sniff.
 */
import { isValidNhsNumber, isValidUpn } from '../../../shared/identifiers';
import { normaliseLabel } from '../../../shared/spec';
import type { RawCell } from '../tabular';

export const PERSONAL_DATA_KINDS = ['name', 'address', 'postcode', 'phone', 'email', 'date-of-birth', 'nhs-number', 'upn'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export const PERSONAL_DATA_DESCRIPTIONS: Readonly<Record<PersonalDataKind, string>> = {
  name: 'names',
  address: 'addresses',
  postcode: 'postcodes',
  phone: 'phone numbers',
  email: 'email addresses',
  'date-of-birth': 'dates of birth',
  'nhs-number': 'NHS numbers',
  upn: 'unique pupil numbers',
};

/** Words that make "… name" a place or an organisation rather than a person. */
const NOT_A_PERSON = new Set([
  'ward', 'school', 'lsoa', 'msoa', 'practice', 'gp', 'setting', 'provider', 'team', 'locality', 'area', 'organisation',
  'establishment', 'constituency', 'file', 'sheet', 'local', 'authority', 'la', 'trust', 'service', 'agency', 'district',
  'street', 'road', 'town', 'hospital', 'unit', 'clinic', 'ccg', 'icb', 'academy', 'college', 'nursery', 'group', 'category',
]);

const LABEL_PATTERNS: readonly [PersonalDataKind, RegExp][] = [
  ['date-of-birth', /\b(?:dob|date of birth|birth ?date|d o b)\b/],
  ['nhs-number', /\bnhs (?:number|no|num)\b|^nhs$|^nhsno$/],
  ['upn', /\b(?:upn|unique pupil number)\b/],
  ['email', /\be ?mail\b/],
  ['phone', /\b(?:phone|telephone|tel|mobile|contact number|landline)\b/],
  ['postcode', /\b(?:post ?code|postal code)\b/],
  ['address', /\b(?:address|street|house (?:number|name)|flat|town|road)\b/],
  ['name', /\b(?:forenames?|first ?name|given names?|surname|last ?name|family name|full ?name|middle names?|known as|alias|maiden name)\b/],
];

export function personalDataKindFromLabel(label: string): PersonalDataKind | null {
  const normalised = normaliseLabel(label);
  for (const [kind, pattern] of LABEL_PATTERNS) if (pattern.test(normalised)) return kind;
  const words = normalised.split(' ');
  if (words.includes('name') && !words.some((word) => NOT_A_PERSON.has(word))) return 'name';
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** UK numbers: 0 then 9–10 digits, or +44 then 9–10 digits, spaces, hyphens and brackets allowed. */
const PHONE = /^(?:\+44|0)\d{9,10}$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;
const STREET =
  /^(?:flat \d+\w?,?\s+)?\d+[a-z]?,?\s+[\w' -]+\b(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|grove|crescent|court|place|terrace|gardens|walk|hill|park|rise|view|row|square|mews)\b/i;

/** The kind of personal data one value looks like, or null. */
export function personalDataKindFromValue(cell: RawCell): PersonalDataKind | null {
  let text: string;
  if (typeof cell === 'string') text = cell.trim();
  else if (typeof cell === 'number' && Number.isInteger(cell)) text = String(cell);
  else return null;
  if (text === '') return null;
  if (EMAIL.test(text)) return 'email';
  const digits = text.replace(/[\s()-]/g, '');
  if (PHONE.test(digits)) return 'phone';
  if (/^\d{10}$/.test(digits) && isValidNhsNumber(digits)) return 'nhs-number';
  if (POSTCODE.test(text)) return 'postcode';
  if (text.length === 13 && isValidUpn(text)) return 'upn';
  if (STREET.test(text)) return 'address';
  return null;
}

/** Tallies value kinds for the first `limit` non-empty values of one column; keeps no values. */
export class PersonalDataSampler {
  private sampled = 0;
  private readonly counts = new Map<PersonalDataKind, number>();

  constructor(private readonly limit = 500) {}

  add(cell: RawCell): void {
    if (this.sampled >= this.limit || cell === null || (typeof cell === 'string' && cell.trim() === '')) return;
    this.sampled += 1;
    const kind = personalDataKindFromValue(cell);
    if (kind !== null) this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  /** The kind most values share, if at least 60% of the sampled values have it. */
  dominantKind(): PersonalDataKind | null {
    let best: PersonalDataKind | null = null;
    let bestCount = 0;
    for (const [kind, count] of this.counts) {
      if (count > bestCount) {
        best = kind;
        bestCount = count;
      }
    }
    return best !== null && bestCount >= 0.6 * this.sampled ? best : null;
  }
}

const SINGULAR_DESCRIPTIONS: Readonly<Record<PersonalDataKind, string>> = {
  name: 'a name',
  address: 'an address',
  postcode: 'a postcode',
  phone: 'a phone number',
  email: 'an email address',
  'date-of-birth': 'a date of birth',
  'nhs-number': 'an NHS number',
  upn: 'a unique pupil number',
};

/** A label that reads as a value of personal data, by column. */
export interface DataLikeLabel {
  readonly columnNumber: number;
  readonly kind: PersonalDataKind;
}

/**
 * Labels as reports may carry them. A file sent without its header row has its first record read as the
 * header, so its labels are a child's NHS number, postcode and name. Labels are screened like values: one
 * that reads as personal data marks the whole header as a record, and then no label of it is reported (a
 * surname cannot be told from a heading, but it sits in the same row): each becomes `column_N`.
 */
export function screenLabels(labels: readonly string[]): { readonly labels: string[]; readonly dataLike: DataLikeLabel[] } {
  const dataLike = labels.flatMap((label, index): DataLikeLabel[] => {
    const kind = personalDataKindFromValue(label);
    return kind === null ? [] : [{ columnNumber: index + 1, kind }];
  });
  return { labels: dataLike.length === 0 ? [...labels] : labels.map((_, index) => `column_${index + 1}`), dataLike };
}

/**
 * The sentence for a header row that reads as a record, with what was done about it (`consequence`); names
 * columns and kinds, never the values.
 */
export function headerLooksLikeDataMessage(rowNumber: number, dataLike: readonly DataLikeLabel[], columnLetterOf: (columnNumber: number) => string, consequence: string): string {
  const columns = dataLike.map((label) => `column ${columnLetterOf(label.columnNumber)} reads as ${SINGULAR_DESCRIPTIONS[label.kind]}`).join(', ');
  return `Row ${rowNumber}, read as the header, looks like a record (${columns}): the file may have been sent without its header row. ${consequence} Ask for the file with its header row, or choose the header row.`;
}
