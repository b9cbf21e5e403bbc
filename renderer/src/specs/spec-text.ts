import type { FieldType, ForeignKey, IdentifierKind, PersonalDataClass } from '../../../shared/spec';

/** What each choice means, in a few plain words, shown under the control. */
export const FIELD_TYPE_TEXT: Readonly<Record<FieldType, string>> = {
  string: 'Text, kept as written.',
  integer: 'Whole numbers.',
  number: 'Numbers, fractions allowed.',
  boolean: 'Yes or no.',
  date: 'Dates, read day first (dd/mm/yyyy) or as yyyy-mm-dd.',
  code: 'One of a list of codes.',
};

export const IDENTIFIER_TEXT: Readonly<Record<IdentifierKind, string>> = {
  'nhs-number': 'Checked by its modulus-11 check digit; pseudonymised on import.',
  upn: 'Checked by its DfE check letter; pseudonymised on import.',
  'local-id': 'The partner’s own record number for a person; pseudonymised on import.',
  forename: 'Used for matching only; never stored.',
  surname: 'Used for matching only; never stored.',
  'full-name': 'Used for matching only; never stored.',
  'date-of-birth': 'Used for matching and ages.',
  postcode: 'Checked as a UK postcode; stored only as its district.',
  lsoa11: 'A 2011 LSOA code (E01…).',
  lsoa21: 'A 2021 LSOA code (E01…).',
  lsoa: 'A 2011 or 2021 LSOA code (E01…).',
  'ward-code': 'A ward code (E05…).',
  'ward-name': 'A ward name, any usual spelling.',
  'school-urn': 'A school’s six-digit URN.',
};

export const PERSONAL_DATA_TEXT: Readonly<Record<PersonalDataClass, string>> = {
  'direct-identifier': 'Names a child on its own.',
  'quasi-identifier': 'Names a child in combination with other data.',
  'special-category': 'Health, ethnicity and the like (UK GDPR Article 9).',
  none: 'Not personal data.',
};

export const FOREIGN_KEY_TEXT: Readonly<Record<ForeignKey, string>> = {
  lsoa11: 'the city’s 2011 LSOAs',
  lsoa21: 'the city’s 2021 LSOAs',
  lsoa: 'the city’s 2011 or 2021 LSOAs',
  'ward-code': 'the city’s ward codes',
  'ward-name': 'the city’s ward names',
};
