/**
 * Ward names arrive spelt many ways ("Bordesley & Highgate", "BORDESLEY AND HIGHGATE", "Kings Norton North").
 * Everything is compared through one normal form, so the alias list only has to hold genuinely different
 * names, not every punctuation variant.
 */

const WORD_ABBREVIATIONS: Readonly<Record<string, string>> = {
  nth: 'north',
  sth: 'south',
  grn: 'green',
};

/**
 * The comparison form of a ward name: accents removed, lower case, "&" and "+" read as "and", apostrophes
 * dropped (King's → kings), other punctuation and hyphens read as spaces, a trailing "ward" removed, common
 * abbreviations (Nth, Sth, Grn) spelt out, single spaces.
 */
export function normaliseWardName(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[&+]/g, ' and ')
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '')
    .map((word) => WORD_ABBREVIATIONS[word] ?? word);
  if (words.length > 1 && words[words.length - 1] === 'ward') words.pop();
  return words.join(' ');
}

/**
 * The same name with its "and"-separated parts in alphabetical order, so "Stechford and Yardley West" finds
 * "Yardley West & Stechford". None of Birmingham's 69 ward names uses "and" except as that separator.
 */
export function orderInsensitiveWardName(normalisedName: string): string {
  return normalisedName
    .split(' and ')
    .map((part) => part.trim())
    .sort()
    .join(' and ');
}

/**
 * Names in use that are not spelling variants of the official name. The Sutton wards are often written
 * without "Sutton" (the 2018 review added the prefix to the village names); "Jewellery Quarter" and
 * "Walmley" alone are common shorthand. Names of pre-2018 wards are deliberately absent: their boundaries
 * differ, so mapping them to one 2018 ward would be wrong.
 */
export const WARD_NAME_ALIASES: Readonly<Record<string, string>> = {
  'Four Oaks': 'E05011174',
  'Mere Green': 'E05011175',
  Reddicap: 'E05011176',
  Roughley: 'E05011177',
  Trinity: 'E05011178',
  Vesey: 'E05011179',
  'Walmley & Minworth': 'E05011180',
  Walmley: 'E05011180',
  'Wylde Green': 'E05011181',
  'Jewellery Quarter': 'E05011168',
  'Soho and JQ': 'E05011168',
};
