import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../privacy/pseudonymise';
import { buildMatchKeys, cascadeRank, MATCH_KEY_CASCADE, normaliseIsoDate, normaliseSex } from './match-keys';

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
      'forename-dob-postcode', 'names-dob', 'name-postcode-birth-year',
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

  it('does not key placeholder names', () => {
    const result = buildMatchKeys({ forename: 'Baby', surname: 'Khan', dateOfBirth: '2024-01-01', postcode: 'B12 9QT' }, pseudonymiser);
    expect(result.keys).toEqual([]);
  });
});

describe('cascade helpers', () => {
  it('ranks every local-id system alike and rejects unknown keys', () => {
    expect(cascadeRank('local-id:mosaic')).toBe(cascadeRank('local-id:eclipse'));
    expect(cascadeRank('nhs')).toBeLessThan(cascadeRank('upn'));
    expect(() => cascadeRank('shoe-size')).toThrow(/not a match key/);
    expect(MATCH_KEY_CASCADE.filter((definition) => definition.allowsDobDifference).map((definition) => definition.name)).toEqual(['name-postcode-birth-year']);
  });

  it('validates dates and sexes', () => {
    expect(normaliseIsoDate('2016-02-29')).toBe('2016-02-29');
    expect(normaliseIsoDate('2015-02-29')).toBeNull();
    expect(normaliseIsoDate('09/03/2015')).toBeNull();
    expect(['M', 'female', '1', '2', 'X', ''].map(normaliseSex)).toEqual(['M', 'F', 'M', 'F', null, null]);
  });
});
