import { describe, expect, it } from 'vitest';
import { normaliseCode, normaliseLabel, parseSpecification, type SpecificationInput } from './spec';

const minimal: SpecificationInput = {
  id: 'health-child-register',
  title: 'Child health register',
  version: '1.0',
  agency: 'NHS Birmingham and Solihull',
  fields: [
    { name: 'nhs_number', title: 'NHS number', type: 'string', identifier: 'nhs-number', personalData: 'direct-identifier', required: true },
    {
      name: 'ethnic_group',
      title: 'Ethnic group',
      type: 'code',
      personalData: 'special-category',
      codes: [
        { code: 'White British', synonyms: ['WBRI', 'A'] },
        { code: 'Pakistani', synonyms: ['APKN', 'J'] },
      ],
    },
  ],
};

describe('parseSpecification', () => {
  it('fills in defaults so the engine never meets an undefined list or flag', () => {
    const spec = parseSpecification(minimal);
    const field = spec.fields[0]!;
    expect(field.synonyms).toEqual([]);
    expect(field.unique).toBe(false);
    expect(field.notInFuture).toBe(false);
    expect(spec.allowExtraFields).toBe(false);
    expect(spec.uniqueKeys).toEqual([]);
    expect(spec.fields[1]!.codes![0]!.label).toBe('');
  });

  it('rejects a code spelling shared by two codes', () => {
    const ambiguous = structuredClone(minimal);
    ambiguous.fields[1]!.codes![1]!.synonyms = ['wbri'];
    expect(() => parseSpecification(ambiguous)).toThrow(/spells more than one code/);
  });

  it('rejects keys naming unknown fields, duplicate names and bad patterns', () => {
    expect(() => parseSpecification({ ...minimal, primaryKey: ['upn'] })).toThrow(/unknown field upn/);
    expect(() => parseSpecification({ ...minimal, fields: [minimal.fields[0]!, minimal.fields[0]!] })).toThrow(/appears twice/);
    const badPattern = { ...minimal, fields: [{ ...minimal.fields[0]!, pattern: '([' }] };
    expect(() => parseSpecification(badPattern)).toThrow(/not a valid regular expression/);
  });

  it('rejects a code field without codes and suppression on text', () => {
    const noCodes = { ...minimal, fields: [{ name: 'sex', title: 'Sex', type: 'code' as const, personalData: 'none' as const }] };
    expect(() => parseSpecification(noCodes)).toThrow(/needs a code list/);
    const suppressedText = { ...minimal, fields: [{ ...minimal.fields[0]!, suppressible: true }] };
    expect(() => parseSpecification(suppressedText)).toThrow(/only numeric fields/);
  });
});

describe('normalisation', () => {
  it('compares labels ignoring case, punctuation and "&"', () => {
    expect(normaliseLabel('  NHS No.  ')).toBe(normaliseLabel('nhs_no'));
    expect(normaliseLabel('Bordesley & Highgate')).toBe(normaliseLabel('Bordesley and Highgate'));
  });

  it('compares codes ignoring case and spacing but not punctuation', () => {
    expect(normaliseCode(' white   british ')).toBe('WHITE BRITISH');
    expect(normaliseCode('<5')).not.toBe(normaliseCode('5'));
  });
});
