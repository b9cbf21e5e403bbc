import { describe, expect, it } from 'vitest';
import { isValidNhsNumber, isValidUpn, nhsCheckDigit, upnCheckLetter } from './identifiers';

describe('NHS number modulus 11', () => {
  it('accepts the NHS Data Dictionary worked example and rejects a changed digit', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
  });

  it('maps a remainder of 0 to check digit 0 and refuses numbers whose check would be 10', () => {
    expect(nhsCheckDigit('000000000')).toBe(0);
    expect(nhsCheckDigit('000000006')).toBeNull(); // 6 × 2 = 12, remainder 1, check 10
    expect(isValidNhsNumber('0000000060')).toBe(false);
  });

  it('rejects wrong lengths and letters', () => {
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347659A9')).toBe(false);
  });
});

describe('UPN check letter', () => {
  it('agrees with the check letter it computes and rejects any other letter', () => {
    const body = '330201512001';
    const letter = upnCheckLetter(body);
    expect(isValidUpn(letter + body)).toBe(true);
    const other = letter === 'A' ? 'B' : 'A';
    expect(isValidUpn(other + body)).toBe(false);
  });

  it('computes the weighted sum modulo 23 over the DfE alphabet', () => {
    // 12 zeros weigh nothing, so the check letter is the alphabet's first, A.
    expect(upnCheckLetter('000000000000')).toBe('A');
    // "1" in position 2 weighs 2: index 2 of ABCDEFGHJKLMNPQRTUVWXYZ is C.
    expect(upnCheckLetter('100000000000')).toBe('C');
  });

  it('accepts a temporary UPN whose last character is a letter and rejects malformed input', () => {
    const body = '33020151200A';
    expect(isValidUpn(upnCheckLetter(body) + body)).toBe(true);
    expect(isValidUpn('A3302015120')).toBe(false);
    expect(isValidUpn('1330201512001')).toBe(false);
  });
});
