/**
 * The keys the validator remembers rows and unique values by. cyrb53 (public domain) is a fast 53-bit string
 * hash; a false "duplicate" needs ~10^8 distinct keys to become likely. `wholeRowKey` feeds it the row's
 * values one by one, giving exactly the number `hash53` gives for their texts joined, without building the
 * joined text (a string per value and one per row were most of the cost of the duplicate-row check).
 */
import { isSuppressed, type CoercedValue } from '../tabular';

const SEED_1 = 0xdeadbeef;
const SEED_2 = 0x41c6ce57;
const SEPARATOR = 0;
const COLON = 58;

export function hash53(text: string): number {
  let h1 = SEED_1;
  let h2 = SEED_2;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  return finish(h1, h2);
}

function finish(h1: number, h2: number): number {
  const mixed1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const mixed2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(mixed1 ^ (mixed1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & mixed2) + (mixed1 >>> 0);
}

/** The text a value is compared by: its type's initial and its text, so 5 and "5" differ; '' for a missing value. */
export function keyText(value: CoercedValue): string {
  if (value === null) return '';
  if (isSuppressed(value)) return `x:${value.marker}`;
  return `${(typeof value).charAt(0)}:${String(value)}`;
}

// The running state of `wholeRowKey`: module-level so feeding a character allocates nothing.
let state1 = SEED_1;
let state2 = SEED_2;

function feed(code: number): void {
  state1 = Math.imul(state1 ^ code, 2654435761);
  state2 = Math.imul(state2 ^ code, 1597334677);
}

function feedText(text: string): void {
  for (let position = 0; position < text.length; position += 1) feed(text.charCodeAt(position));
}

const TYPE_INITIAL = { string: 115, number: 110, boolean: 98 } as const;
const SUPPRESSED_INITIAL = 120;

/** `hash53` of the values' key texts joined by U+0000; null when every value is missing. */
export function wholeRowKey(values: readonly CoercedValue[]): number | null {
  state1 = SEED_1;
  state2 = SEED_2;
  let anyValue = false;
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) feed(SEPARATOR);
    const value = values[index] ?? null;
    if (value === null) continue;
    anyValue = true;
    if (isSuppressed(value)) {
      feed(SUPPRESSED_INITIAL);
      feed(COLON);
      feedText(value.marker);
    } else {
      feed(TYPE_INITIAL[typeof value as 'string' | 'number' | 'boolean']);
      feed(COLON);
      feedText(typeof value === 'string' ? value : String(value));
    }
  }
  return anyValue ? finish(state1, state2) : null;
}

const EMPTY_SLOT = 0;
const INITIAL_SLOTS = 1 << 14;

/**
 * The first row number seen with each 53-bit key, in typed arrays: open addressing with linear probing,
 * doubled at half full. A `Map` of a few hundred thousand number keys boxes every key as a heap number the
 * garbage collector traces on each major collection; these two arrays are opaque to it. Row numbers start
 * at 1, so 0 marks an empty slot.
 */
export class FirstRowByKey {
  private keys = new Float64Array(INITIAL_SLOTS);
  private rows = new Float64Array(INITIAL_SLOTS);
  private count = 0;
  private shift = 32 - Math.log2(INITIAL_SLOTS);

  /** The row first seen with `key`, or undefined after remembering `rowNumber` as that first row. */
  firstOrRemember(key: number, rowNumber: number): number | undefined {
    if (rowNumber < 1) throw new Error('Row numbers start at 1');
    const slot = this.slotOf(key);
    const known = this.rows[slot] as number;
    if (known !== EMPTY_SLOT) return known;
    this.keys[slot] = key;
    this.rows[slot] = rowNumber;
    this.count += 1;
    if (this.count * 2 > this.rows.length) this.grow();
    return undefined;
  }

  private slotOf(key: number): number {
    const mask = this.rows.length - 1;
    // Both halves of the key, multiplied (Fibonacci hashing, taking the product's top bits), so keys alike
    // in their low bits do not pile into one run of slots.
    let slot = Math.imul((key >>> 0) ^ Math.floor(key / 4294967296), 0x9e3779b1) >>> this.shift;
    while (this.rows[slot] !== EMPTY_SLOT && this.keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { keys, rows } = this;
    this.shift -= 1;
    this.keys = new Float64Array(keys.length * 2);
    this.rows = new Float64Array(rows.length * 2);
    for (let index = 0; index < rows.length; index += 1) {
      const row = rows[index] as number;
      if (row === EMPTY_SLOT) continue;
      const slot = this.slotOf(keys[index] as number);
      this.keys[slot] = keys[index] as number;
      this.rows[slot] = row;
    }
  }
}
