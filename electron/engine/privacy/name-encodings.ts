/**
 * Keyed encodings of names for probabilistic linkage, made at import from the raw names and the workspace key;
 * the raw names are then discarded (docs/security.md says what the encodings reveal).
 *
 * - A **Bloom filter** per name field (Schnell, Bachteler and Reiher 2009): the name's letters and padded
 *   bigrams ("_s", "sm", …, "h_") each set BLOOM_HASHES bits of a BLOOM_BITS-bit array, at positions taken from
 *   the keyed pseudonym of the q-gram. Two spellings one edit apart share most q-grams, so their Dice coefficient
 *   2|A∧B| / (|A| + |B|) is high (Smith/Smyth 0.76, Smith/Smtih 0.74, Smith/Smth 0.81) while different names score low (Smith/Patel 0.20). Letters
 *   are included with the bigrams because a transposition breaks three bigrams but no letter. Forename and
 *   surname use the same positions, so a forename can be compared with a surname (fields swapped).
 * - A **phonetic code** per name field, keyed like any pseudonym, for blocking: names that sound alike
 *   (Hussain/Hussein, Begum/Begam, Mohammed/Muhammad through the variant table) get the same code.
 */
import { canonicalName, canonicalForename, normaliseSurname } from './names';
import type { Pseudonymiser } from './pseudonymise';

export const BLOOM_BITS = 512;
export const BLOOM_BYTES = BLOOM_BITS / 8;
/** Bits set per q-gram: with about a dozen q-grams a name sets roughly 90 of 512 bits. */
export const BLOOM_HASHES = 8;
const BLOOM_KIND = 'name-encoding:bloom';
const PHONETIC_KIND = 'name-encoding:phonetic';
/** Distinct names remembered per encoder: names repeat, and each is encoded once. */
const CACHE_LIMIT = 50_000;

export interface NameEncodings {
  readonly forenameBloom: Uint8Array | null;
  readonly surnameBloom: Uint8Array | null;
  readonly forenamePhonetic: string | null;
  readonly surnamePhonetic: string | null;
}

/** The q-grams of a normalised name: its letters, then its bigrams padded with "_" at both ends. */
export function nameQGrams(name: string): string[] {
  if (name === '') return [];
  const grams = [...name];
  const padded = `_${name}_`;
  for (let index = 0; index + 1 < padded.length; index += 1) grams.push(padded.slice(index, index + 2));
  return grams;
}

function bitCount(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) {
    let value = byte;
    while (value !== 0) {
      value &= value - 1;
      count += 1;
    }
  }
  return count;
}

/** Dice coefficient of two Bloom filters: 2|A∧B| / (|A| + |B|); 0 when both are empty. */
export function diceCoefficient(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error('Bloom filters of different lengths cannot be compared');
  const common = bitCount(a.map((byte, index) => byte & (b[index] as number)));
  const total = bitCount(a) + bitCount(b);
  return total === 0 ? 0 : (2 * common) / total;
}

/**
 * A phonetic reduction tuned for the names recorded in Birmingham: the variant table first (Mohammed →
 * muhammad), then common spellings of one sound (ph/f, ck/k, kh/k, q/k, z/s, x/ks, ee/i, oo/u), then the first
 * letter kept and the remaining vowels, h, w and y dropped, and repeated letters collapsed (Hussain, Hussein →
 * "hsn"; Begum, Begam → "bgm"). At most six letters are kept.
 */
export function ukPhonetic(normalisedName: string): string {
  if (normalisedName === '') return '';
  const spelled = canonicalName(normalisedName)
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/kh/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/z/g, 's')
    .replace(/x/g, 'ks')
    .replace(/(.)\1+/g, '$1');
  const first = /[aeiouy]/.test(spelled[0] ?? '') ? 'a' : (spelled[0] ?? '');
  const rest = spelled.slice(1).replace(/[aeiouyhw]/g, '').replace(/(.)\1+/g, '$1');
  return (first + (rest.startsWith(first) ? rest.slice(1) : rest)).slice(0, 6);
}

export interface NameEncoder {
  encode(forename: string | null, surname: string | null): NameEncodings;
}

/** An encoder bound to one workspace's pseudonymiser; it caches q-gram positions and whole names. */
export function createNameEncoder(pseudonymiser: Pseudonymiser): NameEncoder {
  const positionsOfGram = new Map<string, number[]>();
  const bloomOfName = new Map<string, Uint8Array>();
  const phoneticOfName = new Map<string, string>();

  const positions = (gram: string): number[] => {
    let found = positionsOfGram.get(gram);
    if (found === undefined) {
      const digest = Buffer.from(pseudonymiser.pseudonym(BLOOM_KIND, gram), 'base64url');
      found = [];
      for (let hash = 0; hash < BLOOM_HASHES; hash += 1) found.push(digest.readUInt16BE(hash * 2) % BLOOM_BITS);
      positionsOfGram.set(gram, found);
    }
    return found;
  };
  const bloom = (name: string): Uint8Array | null => {
    if (name === '') return null;
    let filter = bloomOfName.get(name);
    if (filter === undefined) {
      filter = new Uint8Array(BLOOM_BYTES);
      for (const gram of nameQGrams(name)) for (const bit of positions(gram)) filter[bit >>> 3] = (filter[bit >>> 3] as number) | (0x80 >>> (bit & 7));
      if (bloomOfName.size >= CACHE_LIMIT) bloomOfName.clear();
      bloomOfName.set(name, filter);
    }
    return filter;
  };
  const phonetic = (name: string): string | null => {
    const code = ukPhonetic(name);
    if (code === '') return null;
    let pseudonym = phoneticOfName.get(code);
    if (pseudonym === undefined) {
      pseudonym = pseudonymiser.pseudonym(PHONETIC_KIND, code);
      if (phoneticOfName.size >= CACHE_LIMIT) phoneticOfName.clear();
      phoneticOfName.set(code, pseudonym);
    }
    return pseudonym;
  };

  return {
    encode(forenameText, surnameText) {
      const forename = canonicalForename(forenameText ?? '');
      const surname = normaliseSurname(surnameText ?? '');
      return { forenameBloom: bloom(forename), surnameBloom: bloom(surname), forenamePhonetic: phonetic(forename), surnamePhonetic: phonetic(surname) };
    },
  };
}
