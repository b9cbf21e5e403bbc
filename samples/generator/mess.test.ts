import { describe, expect, it } from 'vitest';
import { booleanText, breakNhsNumber, breakUpn, compactRows, expandRows, normaliseWardName, typo, wardNameVariant } from './mess';
import { isValidNhsNumber, isValidUpn, upnCheckLetter } from '../../shared/identifiers';
import { Random } from './random';

describe('row lists', () => {
  it('compacts runs into ranges and expands them back', () => {
    expect(compactRows([9, 5, 10, 11, 40, 5])).toBe('5,9-11,40');
    expect(expandRows('5,9-11,40')).toEqual([5, 9, 10, 11, 40]);
    expect(expandRows('')).toEqual([]);
  });
});

describe('identifier mess', () => {
  it('breaks check digits and check letters', () => {
    const random = new Random(3);
    expect(isValidNhsNumber('9434765919')).toBe(true);
    for (let attempt = 0; attempt < 50; attempt += 1) expect(isValidNhsNumber(breakNhsNumber('9434765919', random))).toBe(false);
    const upn = `${upnCheckLetter('330123424001')}330123424001`;
    expect(isValidUpn(upn)).toBe(true);
    for (let attempt = 0; attempt < 50; attempt += 1) expect(isValidUpn(breakUpn(upn, random))).toBe(false);
  });
});

describe('name and place mess', () => {
  it('changes a name with every typo', () => {
    const random = new Random(5);
    for (const name of ['Anna', 'Mohammed', 'Zoë', 'Li', 'Ellie']) for (let attempt = 0; attempt < 30; attempt += 1) expect(typo(name, random)).not.toBe(name);
  });

  it('writes ward names differently but resolvably', () => {
    const random = new Random(9);
    for (const ward of ["King's Norton North", 'Bordesley & Highgate', 'Aston']) {
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const variant = wardNameVariant(ward, random);
        expect(variant).not.toBe(ward);
        expect(normaliseWardName(variant)).toBe(normaliseWardName(ward));
      }
    }
  });

  it('spells booleans the file way unless asked for a variant', () => {
    const random = new Random(1);
    expect(booleanText(true, false, random)).toBe('Y');
    expect(booleanText(false, false, random, ['Yes', 'No'])).toBe('No');
    for (let attempt = 0; attempt < 20; attempt += 1) {
      expect(['Yes', '1', 'TRUE', 'y', 'yes']).toContain(booleanText(true, true, random));
      expect(booleanText(false, true, random, ['Yes', 'No'])).not.toBe('No');
    }
  });
});
