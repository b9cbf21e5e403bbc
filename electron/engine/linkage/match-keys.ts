/**
 * Match keys: the identifying fields of one record turned into an ordered list of keyed pseudonyms, so
 * records can be linked by equality without any raw identifier being stored. In the spirit of ONS
 * match-key linkage, each key is an exact combination of cleaned fields; a cascade from the most to the
 * least discriminating key keeps precision first, and each weaker key exists to recover one known kind of
 * disagreement between agencies (see linkage/README.md for the table and the reasoning).
 */
import { postcodeDistrict } from '../geography';
import { canonicalForename, normaliseSurname, type IdentifierKind, normaliseIdSystem, normaliseLocalId, normaliseNhsNumber, normalisePostcode, normaliseUpn, type Pseudonymiser } from '../privacy';

export type MatchKeyStrength = 'identifier' | 'demographic';

export interface MatchKeyDefinition {
  /** Key name; local IDs appear as "local-id:<system>", one key per system. */
  readonly name: string;
  readonly strength: MatchKeyStrength;
  /** Fields combined, in words. */
  readonly fields: string;
  /** The disagreement between agencies this key exists to recover. */
  readonly why: string;
  /** True only for the key that links despite a different date of birth (it keeps the birth year). */
  readonly allowsDobDifference: boolean;
  /**
   * True for the keys with neither a name nor an identifier (date of birth + address). Twins share all of
   * it, so records sharing such a value are merged only when no source appears in two of their clusters.
   */
  readonly distinctSources: boolean;
  /** True for keys built from a forename or surname: a record holding one was named by its agency. */
  readonly named: boolean;
}

export const LOCAL_ID_KEY_PREFIX = 'local-id:';

/** The cascade, strongest first. Linkage applies keys in exactly this order. */
export const MATCH_KEY_CASCADE: readonly MatchKeyDefinition[] = [
  { name: 'nhs', strength: 'identifier', fields: 'NHS number (modulus-11 valid)', why: 'The national health identifier: health and social care records.', allowsDobDifference: false, distinctSources: false, named: false },
  { name: 'upn', strength: 'identifier', fields: 'UPN (check letter valid)', why: 'The national pupil identifier: education and social care records.', allowsDobDifference: false, distinctSources: false, named: false },
  { name: `${LOCAL_ID_KEY_PREFIX}*`, strength: 'identifier', fields: 'local ID within its named system', why: "Repeat records from one system (e.g. the Children's Trust case system) with no national identifier.", allowsDobDifference: false, distinctSources: false, named: false },
  { name: 'name-dob-postcode', strength: 'demographic', fields: 'canonical forename + surname + date of birth + full postcode', why: 'Agreement on everything: the safest demographic key, for records without a shared identifier (police).', allowsDobDifference: false, distinctSources: false, named: true },
  { name: 'name-dob-district', strength: 'demographic', fields: 'canonical forename + surname + date of birth + postcode district', why: 'A move within the district, or a mistyped inward postcode.', allowsDobDifference: false, distinctSources: false, named: true },
  { name: 'surname-initial-dob-district', strength: 'demographic', fields: 'surname + forename initial + date of birth + postcode district', why: 'Forename spelt differently beyond the variant table (typos after the first letter, unlisted short forms).', allowsDobDifference: false, distinctSources: false, named: true },
  { name: 'forename-dob-postcode', strength: 'demographic', fields: 'canonical forename + date of birth + full postcode', why: 'Surname changed, double-barrelled or misspelt, same address.', allowsDobDifference: false, distinctSources: false, named: true },
  { name: 'names-dob', strength: 'demographic', fields: 'canonical forename and surname in either order + date of birth', why: 'A move out of the district, or forename and surname swapped between fields.', allowsDobDifference: false, distinctSources: false, named: true },
  { name: 'name-postcode-birth-year', strength: 'demographic', fields: 'canonical forename + surname + full postcode + year of birth', why: 'Day or month of birth mistyped or swapped (dd/mm read as mm/dd); linked and reported as a date-of-birth conflict.', allowsDobDifference: true, distinctSources: false, named: true },
  { name: 'dob-sex-postcode', strength: 'demographic', fields: 'date of birth + sex + full postcode', why: 'Records without a name (the child health register holds NHS number, date of birth, sex and address only) against named records; sex separates twins of opposite sex. Merged only when no source appears twice among the records sharing the value.', allowsDobDifference: false, distinctSources: true, named: false },
  { name: 'dob-postcode', strength: 'demographic', fields: 'date of birth + full postcode', why: 'The same for records that state no sex (the police). Merged only when no source appears twice among the records sharing the value, and never across different sexes.', allowsDobDifference: false, distinctSources: true, named: false },
];

/** Position of a key in the cascade (lower = stronger). Local IDs of every system share one position. */
export function cascadeRank(keyName: string): number {
  const name = keyName.startsWith(LOCAL_ID_KEY_PREFIX) ? `${LOCAL_ID_KEY_PREFIX}*` : keyName;
  const rank = MATCH_KEY_CASCADE.findIndex((definition) => definition.name === name);
  if (rank < 0) throw new Error(`"${keyName}" is not a match key of the cascade`);
  return rank;
}

export function matchKeyDefinition(keyName: string): MatchKeyDefinition {
  return MATCH_KEY_CASCADE[cascadeRank(keyName)] as MatchKeyDefinition;
}

export interface IdentifyingFields {
  readonly nhsNumber?: string | null;
  readonly upn?: string | null;
  readonly localId?: string | null;
  /** The system the local ID belongs to (e.g. "mosaic"); a local ID without one is not keyed. */
  readonly localIdSystem?: string | null;
  readonly forename?: string | null;
  readonly surname?: string | null;
  /** ISO date, yyyy-mm-dd. */
  readonly dateOfBirth?: string | null;
  readonly sex?: string | null;
  readonly postcode?: string | null;
}

export interface MatchKey {
  readonly key: string;
  /** The keyed pseudonym of the combined fields. */
  readonly value: string;
}

/** Data-quality findings about a record's identifiers, without the values themselves. */
export type IdentifierFinding =
  | 'invalid-nhs-number'
  | 'invalid-upn'
  | 'local-id-without-system'
  | 'invalid-date-of-birth'
  | 'invalid-postcode'
  | 'no-usable-name';

export interface RecordMatchKeys {
  readonly keys: MatchKey[];
  /** The validated date of birth (ISO), for conflict checks; null when absent or invalid. */
  readonly dateOfBirth: string | null;
  readonly sex: 'M' | 'F' | null;
  readonly findings: IdentifierFinding[];
}

/** A real calendar date written yyyy-mm-dd, or null. */
export function normaliseIsoDate(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? text.trim() : null;
}

/** "M", "Male", "1" (the NHS Data Dictionary code) → "M"; "F", "Female", "2" → "F"; anything else → null. */
export function normaliseSex(text: string): 'M' | 'F' | null {
  const value = text.trim().toLowerCase();
  if (value === 'm' || value === 'male' || value === '1' || value === 'boy') return 'M';
  if (value === 'f' || value === 'female' || value === '2' || value === 'girl') return 'F';
  return null;
}

/** NHS pseudo-postcodes (ZZ99 3VZ no fixed abode, ZZ99 3WZ address not known, ZZ99 3CZ England…): many people share them. */
export function isPseudoPostcode(postcode: string): boolean {
  return postcode.toUpperCase().replace(/[^A-Z0-9]/g, '').startsWith('ZZ99');
}

/**
 * A text normaliser that remembers its answers: names, postcodes and ID systems repeat across an extract's
 * rows, and the regular expressions behind them cost more than a map lookup. Cleared when full, so bounded.
 */
function remembering<Result>(normalise: (text: string) => Result, limit = 50_000): (text: string) => Result {
  const answers = new Map<string, Result>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined && !answers.has(text)) {
      answer = normalise(text);
      if (answers.size >= limit) answers.clear();
      answers.set(text, answer);
    }
    return answer as Result;
  };
}

interface TextNormalisers {
  readonly idSystem: (text: string) => string;
  readonly forename: (text: string) => string;
  readonly surname: (text: string) => string;
  readonly postcode: (text: string) => string | null;
  readonly district: (text: string) => string | null;
}

const PLAIN_NORMALISERS: TextNormalisers = {
  idSystem: normaliseIdSystem,
  forename: canonicalForename,
  surname: normaliseSurname,
  postcode: normalisePostcode,
  district: postcodeDistrict,
};

function present(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * The match keys of one record, in cascade order, already pseudonymised. Invalid NHS numbers and UPNs are
 * reported as findings and never keyed (a mistyped number could otherwise join two children); demographic
 * keys need a valid date of birth and the fields each key names.
 */
export function buildMatchKeys(fields: IdentifyingFields, pseudonymiser: Pseudonymiser): RecordMatchKeys {
  return matchKeysWith(PLAIN_NORMALISERS, fields, pseudonymiser);
}

/**
 * buildMatchKeys for the many rows of one import: the same keys, with the normalised names, postcodes and
 * ID systems remembered for the life of the returned function only (they are raw identifiers).
 */
export function createMatchKeyBuilder(): (fields: IdentifyingFields, pseudonymiser: Pseudonymiser) => RecordMatchKeys {
  const normalisers: TextNormalisers = {
    idSystem: remembering(normaliseIdSystem, 1_000),
    forename: remembering(canonicalForename),
    surname: remembering(normaliseSurname),
    postcode: remembering(normalisePostcode),
    district: remembering(postcodeDistrict),
  };
  return (fields, pseudonymiser) => matchKeysWith(normalisers, fields, pseudonymiser);
}

function matchKeysWith(normalise: TextNormalisers, fields: IdentifyingFields, pseudonymiser: Pseudonymiser): RecordMatchKeys {
  const keys: MatchKey[] = [];
  const findings: IdentifierFinding[] = [];
  const add = (key: string, kind: IdentifierKind, value: string): void => {
    keys.push({ key, value: pseudonymiser.pseudonym(kind, value) });
  };

  const nhsText = present(fields.nhsNumber);
  if (nhsText !== undefined) {
    const nhs = normaliseNhsNumber(nhsText);
    if (nhs === null) findings.push('invalid-nhs-number');
    else add('nhs', 'nhs', nhs);
  }
  const upnText = present(fields.upn);
  if (upnText !== undefined) {
    const upn = normaliseUpn(upnText);
    if (upn === null) findings.push('invalid-upn');
    else add('upn', 'upn', upn);
  }
  const localId = normaliseLocalId(fields.localId ?? '');
  if (localId !== null) {
    const system = normalise.idSystem(fields.localIdSystem ?? '');
    if (system === '') findings.push('local-id-without-system');
    else add(`${LOCAL_ID_KEY_PREFIX}${system}`, `local-id:${system}`, localId);
  }

  const dobText = present(fields.dateOfBirth);
  const dateOfBirth = dobText === undefined ? null : normaliseIsoDate(dobText);
  if (dobText !== undefined && dateOfBirth === null) findings.push('invalid-date-of-birth');
  const postcodeText = present(fields.postcode);
  const postcode = postcodeText === undefined ? null : normalise.postcode(postcodeText);
  const district = postcodeText === undefined ? null : normalise.district(postcodeText);
  if (postcodeText !== undefined && district === null) findings.push('invalid-postcode');
  const forename = normalise.forename(fields.forename ?? '');
  const surname = normalise.surname(fields.surname ?? '');
  if (forename === '' && surname === '') findings.push('no-usable-name');

  const demographic = (name: string, parts: readonly (string | null)[]): void => {
    if (parts.every((part) => part !== null && part !== '')) add(name, `match-key:${name}`, parts.join('|'));
  };
  const name = forename === '' ? null : forename;
  const family = surname === '' ? null : surname;
  const initial = name === null ? null : name.slice(0, 1);
  const namesAnyOrder = name === null || family === null ? null : [name, normalise.forename(family)].sort().join('|');
  demographic('name-dob-postcode', [name, family, dateOfBirth, postcode]);
  demographic('name-dob-district', [name, family, dateOfBirth, district]);
  demographic('surname-initial-dob-district', [family, initial, dateOfBirth, district]);
  demographic('forename-dob-postcode', [name, dateOfBirth, postcode]);
  demographic('names-dob', [namesAnyOrder, dateOfBirth]);
  demographic('name-postcode-birth-year', [name, family, postcode, dateOfBirth?.slice(0, 4) ?? null]);
  const sex = normaliseSex(fields.sex ?? '');
  // Without a name, the address must be a real one: ZZ99 codes stand for no fixed abode or an unknown address.
  const address = postcode === null || isPseudoPostcode(postcode) ? null : postcode;
  demographic('dob-sex-postcode', [dateOfBirth, sex, address]);
  demographic('dob-postcode', [dateOfBirth, address]);

  return { keys, dateOfBirth, sex, findings };
}
