/**
 * Keyed pseudonyms for identifiers. Each workspace holds a 256-bit secret generated on the laptop; an
 * identifier is replaced by HMAC-SHA-256(secret, kind ‖ 0x1F ‖ normalised value) at import, so equal
 * identifiers give equal pseudonyms within a workspace (and across workspaces that deliberately share the
 * key) while nobody without the key can test a guessed NHS number against a pseudonym.
 *
 * Choices:
 * - The kind ("nhs", "upn", "local-id:mosaic", "match-key:fn-sn-dob-pc", …) is hashed in, so the same digits
 *   as an NHS number and as a local ID give unrelated pseudonyms and keys cannot be confused across kinds.
 * - The MAC is truncated to its first 128 bits and written as 22 base64url characters. Collisions are
 *   negligible (about 10^-26 for a million values) and the text stays short in DuckDB tables and joins.
 */
import { randomBytes } from 'node:crypto';
import { compactNhsNumber, isValidNhsNumber, isValidUpn } from '../../../shared/identifiers';
import { createKeyedHasher } from './keyed-hash';

export { normalisePostcode } from '../geography';

export const WORKSPACE_KEY_BYTES = 32;
const PSEUDONYM_BYTES = 16;
const KIND_SEPARATOR = '\u001f';
/**
 * Pseudonyms remembered per pseudonymiser: an extract repeats identifiers (a child's NHS number in its
 * pseudonym column and its match key, siblings' postcodes), and each is keyed once. Cleared when full, so
 * memory stays bounded (about 25 MB) however large the import.
 */
const REMEMBERED_PSEUDONYMS = 200_000;
/**
 * A kind is remembered only if its values repeat: one whose first 4,096 look-ups found fewer than one in ten
 * already known (a match key of name, date of birth and postcode is nearly unique per row) is keyed afresh
 * each time, since holding a few hundred thousand once-seen pseudonyms costs more in garbage collection
 * than keying them again.
 */
const TRIAL_LOOKUPS = 4_096;
const MIN_REPEAT_SHARE = 0.1;

/**
 * What an identifier is. Local IDs name their system ("local-id:mosaic") because two systems' IDs can
 * collide; match keys name the key ("match-key:fn-sn-dob-pc"); name encodings name theirs ("name-encoding:bloom").
 */
export type IdentifierKind = 'nhs' | 'upn' | `local-id:${string}` | `match-key:${string}` | `name-encoding:${string}`;

/** A fresh random workspace key from the operating system's CSPRNG. */
export function generateWorkspaceKey(): Uint8Array {
  return new Uint8Array(randomBytes(WORKSPACE_KEY_BYTES));
}

export interface Pseudonymiser {
  /** The pseudonym of an already-normalised value. Throws on an empty value, which would collide for everyone. */
  pseudonym(kind: IdentifierKind, normalisedValue: string): string;
}

/**
 * A pseudonymiser bound to one workspace key. The key is copied, so later changes to the caller's array do
 * not leak in. The MAC is computed by privacy/keyed-hash.ts (HMAC-SHA-256 from precomputed key states).
 */
export function createPseudonymiser(key: Uint8Array): Pseudonymiser {
  if (key.length !== WORKSPACE_KEY_BYTES) throw new Error(`A workspace key must be ${WORKSPACE_KEY_BYTES} bytes`);
  const hasher = createKeyedHasher(Uint8Array.from(key));
  // One memo per kind, so a repeated value is found without building the kind-prefixed message first.
  const memos = new Map<string, KindMemo>();
  let rememberedCount = 0;
  return {
    pseudonym(kind: IdentifierKind, normalisedValue: string): string {
      if (normalisedValue === '') throw new Error(`Refusing to pseudonymise an empty ${kind.split(':')[0]} value`);
      let memo = memos.get(kind);
      if (memo === undefined) {
        memo = { values: new Map(), lookups: 0, repeats: 0, remembering: true };
        memos.set(kind, memo);
      }
      if (!memo.remembering) return hasher.base64url(kind + KIND_SEPARATOR + normalisedValue, PSEUDONYM_BYTES);
      memo.lookups += 1;
      const known = memo.values.get(normalisedValue);
      if (known !== undefined) {
        memo.repeats += 1;
        return known;
      }
      const pseudonym = hasher.base64url(kind + KIND_SEPARATOR + normalisedValue, PSEUDONYM_BYTES);
      if (memo.lookups === TRIAL_LOOKUPS && memo.repeats < TRIAL_LOOKUPS * MIN_REPEAT_SHARE) {
        memo.remembering = false;
        rememberedCount -= memo.values.size;
        memo.values.clear();
        return pseudonym;
      }
      if (rememberedCount >= REMEMBERED_PSEUDONYMS) {
        for (const other of memos.values()) other.values.clear();
        rememberedCount = 0;
      }
      memo.values.set(normalisedValue, pseudonym);
      rememberedCount += 1;
      return pseudonym;
    },
  };
}

interface KindMemo {
  readonly values: Map<string, string>;
  lookups: number;
  repeats: number;
  remembering: boolean;
}

/** Ten digits without spaces when the number passes the modulus-11 check; otherwise null (never keyed). */
export function normaliseNhsNumber(text: string): string | null {
  const digits = compactNhsNumber(text.trim());
  return isValidNhsNumber(digits) ? digits : null;
}

/** The 13-character upper-case UPN when its check letter is right; otherwise null (never keyed). */
export function normaliseUpn(text: string): string | null {
  const upn = text.trim().toUpperCase().replace(/\s+/g, '');
  return isValidUpn(upn) ? upn : null;
}

const ALREADY_NORMAL_NUMBER = /^[1-9][0-9]*$/;

/**
 * A local system ID in one spelling: upper case, no spaces or separators, and leading zeros dropped from
 * all-digit IDs because spreadsheets strip them ("0012345" and "12345" are the same person). Null when empty.
 */
export function normaliseLocalId(text: string): string | null {
  // Most IDs are already in that spelling (digits without a leading zero): no case change or replacing needed.
  if (ALREADY_NORMAL_NUMBER.test(text)) return text;
  const compact = text.trim().toUpperCase().replace(/[\s\-_/.]+/g, '');
  if (compact === '') return null;
  if (/^\d+$/.test(compact)) return compact.replace(/^0+(?=\d)/, '');
  return compact;
}

/** A local ID system's name as used in the identifier kind: lower case letters, digits and hyphens. */
export function normaliseIdSystem(text: string): string {
  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
