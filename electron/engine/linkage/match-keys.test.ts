import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../privacy/pseudonymise';
import { buildMatchKeys, cascadeRank, isPseudoPostcode, MATCH_KEY_CASCADE, normaliseIsoDate, normaliseSex } from './match-keys';

const pseudonymiser = createPseudonymiser(new Uint8Array(32).fill(7));
const child = {
  nhsNumber: '943 476 5919',
  upn: 'H801200001001',
  localId: '000123',
  localIdSystem: 'Mosaic',
  forename: 'Jonny',
  surname: "O'Neill",
  dateOfBirth: '2015-03-09',
  sex: 'Male',
  postcode: 'b12 9qt',
};

function keyValue(keys: { key: string; value: string }[], name: string): string | undefined {
  return keys.find((key) => key.key === name)?.value;
}

describe('buildMatchKeys', () => {
  it('produces every key in cascade order for a complete record', () => {
    const { keys, findings, dateOfBirth, sex } = buildMatchKeys(child, pseudonymiser);
    expect(keys.map((key) => key.key)).toEqual([
      'nhs', 'upn', 'local-id:mosaic', 'name-dob-postcode', 'name-dob-district', 'surname-initial-dob-district',
      'forename-dob-postcode', 'names-dob', 'name-postcode-birth-year', 'dob-sex-postcode', 'dob-postcode',
    ]);
    const ranks = keys.map((key) => cascadeRank(key.key));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(findings).toEqual([]);
    expect(dateOfBirth).toBe('2015-03-09');
    expect(sex).toBe('M');
  });

  it('never carries a raw identifier in a key', () => {
    const { keys } = buildMatchKeys(child, pseudonymiser);
    const text = JSON.stringify(keys).toLowerCase();
    for (const raw of ['9434765919', 'h801200001001', '123', 'oneill', 'john', '2015-03-09', 'b12']) expect(text).not.toContain(raw);
  });

  it('gives the same keys to spelling variants of the same child', () => {
    const base = buildMatchKeys(child, pseudonymiser).keys;
    const variant = buildMatchKeys({ forename: 'JOHN', surname: 'oneill', dateOfBirth: '2015-03-09', postcode: 'B129QT' }, pseudonymiser).keys;
    expect(keyValue(variant, 'name-dob-postcode')).toBe(keyValue(base, 'name-dob-postcode'));
    const swapped = buildMatchKeys({ forename: "O'Neill", surname: 'John', dateOfBirth: '2015-03-09' }, pseudonymiser).keys;
    expect(keyValue(swapped, 'names-dob')).toBe(keyValue(base, 'names-dob'));
    const dayMonthSwapped = buildMatchKeys({ ...child, dateOfBirth: '2015-09-03' }, pseudonymiser).keys;
    expect(keyValue(dayMonthSwapped, 'name-postcode-birth-year')).toBe(keyValue(base, 'name-postcode-birth-year'));
    expect(keyValue(dayMonthSwapped, 'name-dob-postcode')).not.toBe(keyValue(base, 'name-dob-postcode'));
  });

  it('refuses invalid identifiers, local IDs without a system, and keys without a valid date of birth', () => {
    const result = buildMatchKeys(
      { nhsNumber: '9434765918', upn: 'B801200001001', localId: '42', forename: 'Amy', surname: 'Li', dateOfBirth: '2015-02-30', postcode: 'nowhere' },
      pseudonymiser,
    );
    expect(result.keys).toEqual([]);
    expect(result.findings).toEqual(['invalid-nhs-number', 'invalid-upn', 'local-id-without-system', 'invalid-date-of-birth', 'invalid-postcode']);
  });

  it('keys an outward code alone into the district keys only', () => {
    const names = buildMatchKeys({ forename: 'Amy', surname: 'Li', dateOfBirth: '2016-01-01', postcode: 'B12' }, pseudonymiser).keys.map((key) => key.key);
    expect(names).toEqual(['name-dob-district', 'surname-initial-dob-district', 'names-dob']);
  });

  it('does not key placeholder names (the nameless address key remains)', () => {
    const result = buildMatchKeys({ forename: 'Baby', surname: 'Khan', dateOfBirth: '2024-01-01', postcode: 'B12 9QT' }, pseudonymiser);
    expect(result.keys.map((key) => key.key)).toEqual(['dob-postcode']);
  });

  it('keys date of birth + full postcode (with and without sex) for records without a name', () => {
    const register = buildMatchKeys({ nhsNumber: '9434765919', dateOfBirth: '2015-03-09', sex: '1', postcode: 'B129QT ' }, pseudonymiser).keys;
    expect(register.map((key) => key.key)).toEqual(['nhs', 'dob-sex-postcode', 'dob-postcode']);
    const school = buildMatchKeys(child, pseudonymiser).keys;
    expect(keyValue(register, 'dob-sex-postcode')).toBe(keyValue(school, 'dob-sex-postcode'));
    expect(keyValue(register, 'dob-postcode')).toBe(keyValue(school, 'dob-postcode'));
    const police = buildMatchKeys({ forename: 'Jon', surname: 'ONeil', dateOfBirth: '2015-03-09', postcode: 'B12 9QT' }, pseudonymiser).keys;
    expect(keyValue(police, 'dob-sex-postcode')).toBeUndefined();
    expect(keyValue(police, 'dob-postcode')).toBe(keyValue(school, 'dob-postcode'));
    const girl = buildMatchKeys({ ...child, sex: 'F' }, pseudonymiser).keys;
    expect(keyValue(girl, 'dob-sex-postcode')).not.toBe(keyValue(school, 'dob-sex-postcode'));
    expect(keyValue(girl, 'dob-postcode')).toBe(keyValue(school, 'dob-postcode'));
    // The keys hold neither the date nor the postcode, and differ from every other key's value.
    expect(JSON.stringify(register)).not.toMatch(/2015|B12|9QT/i);
    expect(new Set(school.map((key) => key.value)).size).toBe(school.length);
  });

  it('gives no nameless key for an outward code alone or an NHS pseudo-postcode (no fixed abode)', () => {
    for (const postcode of ['B12', 'ZZ99 3VZ', 'zz993wz']) {
      const keys = buildMatchKeys({ nhsNumber: '9434765919', dateOfBirth: '2015-03-09', sex: 'M', postcode }, pseudonymiser).keys;
      expect(keys.map((key) => key.key), postcode).toEqual(['nhs']);
    }
    expect(isPseudoPostcode('ZZ99 3VZ')).toBe(true);
    expect(isPseudoPostcode('B12 9QT')).toBe(false);
  });
});

describe('cascade helpers', () => {
  it('ranks every local-id system alike and rejects unknown keys', () => {
    expect(cascadeRank('local-id:mosaic')).toBe(cascadeRank('local-id:eclipse'));
    expect(cascadeRank('nhs')).toBeLessThan(cascadeRank('upn'));
    expect(() => cascadeRank('shoe-size')).toThrow(/not a match key/);
    expect(MATCH_KEY_CASCADE.filter((definition) => definition.allowsDobDifference).map((definition) => definition.name)).toEqual(['name-postcode-birth-year']);
    expect(MATCH_KEY_CASCADE.filter((definition) => definition.distinctSources).map((definition) => definition.name)).toEqual(['dob-sex-postcode', 'dob-postcode']);
    // Nameless keys come last, after every key built from a name.
    const firstNameless = MATCH_KEY_CASCADE.findIndex((definition) => definition.distinctSources);
    expect(MATCH_KEY_CASCADE.slice(firstNameless).every((definition) => !definition.named && definition.strength === 'demographic')).toBe(true);
  });

  it('validates dates and sexes', () => {
    expect(normaliseIsoDate('2016-02-29')).toBe('2016-02-29');
    expect(normaliseIsoDate('2015-02-29')).toBeNull();
    expect(normaliseIsoDate('09/03/2015')).toBeNull();
    expect(['M', 'female', '1', '2', 'X', ''].map(normaliseSex)).toEqual(['M', 'F', 'M', 'F', null, null]);
  });
});
