/**
 * Check-digit rules for the two national child identifiers. Pure functions: the samples generator uses
 * them to make valid (and deliberately invalid) identifiers, the validator to find the invalid ones.
 */

const NHS_NUMBER_PATTERN = /^\d{10}$/;

/** Removes the spaces and hyphens people type into NHS numbers ("943 476 5919"). */
export function compactNhsNumber(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/** The modulus-11 check digit for the first nine digits, or null when no digit can make the number valid. */
export function nhsCheckDigit(firstNineDigits: string): number | null {
  if (!/^\d{9}$/.test(firstNineDigits)) throw new Error('nhsCheckDigit needs exactly nine digits');
  let sum = 0;
  for (let index = 0; index < 9; index += 1) sum += Number(firstNineDigits[index]) * (10 - index);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** True when the text is ten digits (spaces allowed) whose last digit is the modulus-11 check of the rest. */
export function isValidNhsNumber(text: string): boolean {
  const digits = compactNhsNumber(text);
  if (!NHS_NUMBER_PATTERN.test(digits)) return false;
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** The 23 letters the DfE uses for UPN check letters (no I, O or S). */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';
const UPN_PATTERN = /^[A-Z]\d{11}[0-9A-Z]$/;

function upnCharacterValue(character: string): number {
  if (/\d/.test(character)) return Number(character);
  const index = UPN_LETTERS.indexOf(character);
  if (index < 0) throw new Error(`"${character}" cannot appear in a UPN`);
  return index;
}

/** The check letter for the last twelve characters of a UPN (weights 2..13 over positions 2..13, modulo 23). */
export function upnCheckLetter(lastTwelve: string): string {
  const body = lastTwelve.toUpperCase();
  if (!/^\d{11}[0-9A-Z]$/.test(body)) throw new Error('upnCheckLetter needs eleven digits and a final digit or letter');
  let sum = 0;
  for (let index = 0; index < 12; index += 1) sum += upnCharacterValue(body[index] as string) * (index + 2);
  return UPN_LETTERS[sum % 23] as string;
}

/** True when the text is a 13-character UPN whose first letter is the check letter of the rest. */
export function isValidUpn(text: string): boolean {
  const upn = text.trim().toUpperCase();
  if (!UPN_PATTERN.test(upn)) return false;
  const last = upn[12] as string;
  if (/[A-Z]/.test(last) && !UPN_LETTERS.includes(last)) return false;
  return upnCheckLetter(upn.slice(1)) === upn[0];
}
