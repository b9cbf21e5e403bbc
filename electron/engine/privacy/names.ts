/**
 * Name normalisation for linkage. The goal is that two agencies' spellings of the same child's name give
 * the same string before it is keyed, without making different children's names equal.
 */
import { FORENAME_VARIANT_GROUPS } from './forename-variants';

const TITLES = new Set(['mr', 'mrs', 'miss', 'ms', 'mx', 'master', 'dr']);

/**
 * Lower-case ASCII letters only: accents removed (Zoë → zoe), punctuation, spaces, hyphens and apostrophes
 * dropped (O'Brien → obrien, Mary-Jane → maryjane), a leading title removed. Returns "" for text without
 * letters.
 */
export function normaliseName(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[ø]/g, 'o')
    .replace(/[łı]/g, (character) => (character === 'ł' ? 'l' : 'i'))
    .split(/[\s.]+/)
    .filter((word) => word !== '');
  if (words.length > 1 && TITLES.has(words[0]?.replace(/[^a-z]/g, '') ?? '')) words.shift();
  return words.join('').replace(/[^a-z]/g, '');
}

/** Placeholders recorded before a baby is named; they say nothing about identity and must not be keyed. */
const PLACEHOLDER_FORENAMES = new Set(['baby', 'babyof', 'infant', 'unborn', 'unknown', 'notknown', 'nk', 'boy', 'girl', 'child', 'twin', 'twina', 'twinb', 'male', 'female', 'tbc', 'na']);

const CANONICAL_BY_VARIANT: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const group of FORENAME_VARIANT_GROUPS) {
    const canonical = group[0];
    if (canonical === undefined) continue;
    for (const variant of group) {
      const existing = map.get(variant);
      if (existing !== undefined && existing !== canonical) {
        throw new Error(`Forename "${variant}" is in two variant groups (${existing}, ${canonical})`);
      }
      map.set(variant, canonical);
    }
  }
  return map;
})();

/** A normalised name mapped to its variant group's canonical form, or itself when it is in no group. */
export function canonicalName(normalisedName: string): string {
  return CANONICAL_BY_VARIANT.get(normalisedName) ?? normalisedName;
}

/**
 * The first given name, normalised and mapped to its variant group's canonical form
 * ("Jonny" → "john", "Mohamed Ali" → "muhammad", "Zoë" → "zoe"). Only the first name is used because agencies
 * disagree on whether middle names belong in the forename field. Returns "" for empty or placeholder names.
 */
export function canonicalForename(text: string): string {
  const firstWord = text
    .replace(/^\s*(mr|mrs|miss|ms|mx|master|dr)\.?\s+/i, '')
    .trim()
    .split(/\s+/)[0] ?? '';
  const normalised = normaliseName(firstWord);
  if (PLACEHOLDER_FORENAMES.has(normalised) || PLACEHOLDER_FORENAMES.has(normaliseName(text))) return '';
  return CANONICAL_BY_VARIANT.get(normalised) ?? normalised;
}

const PLACEHOLDER_SURNAMES = new Set(['unknown', 'notknown', 'nk', 'tbc', 'na', 'notstated', 'notgiven']);

/** The normalised surname, "" when it holds no letters or only a placeholder. */
export function normaliseSurname(text: string): string {
  const normalised = normaliseName(text);
  return PLACEHOLDER_SURNAMES.has(normalised) ? '' : normalised;
}

/** How many distinct spellings the variant table recognises; reported in the linkage documentation. */
export function forenameVariantCount(): number {
  return CANONICAL_BY_VARIANT.size;
}
