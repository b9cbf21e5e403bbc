import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoercedValue } from '../tabular';
import { FirstRowByKey, hash53, keyText, wholeRowKey } from './row-key';

const value: fc.Arbitrary<CoercedValue> = fc.oneof(
  fc.constant(null),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom('*', 'c', '<5').map((marker) => ({ suppressed: true as const, marker })),
);

describe('wholeRowKey', () => {
  it('is the hash of the key texts joined, without joining them', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 12 }), (values) => {
        const expected = values.every((entry) => entry === null) ? null : hash53(values.map(keyText).join('\u0000'));
        expect(wholeRowKey(values)).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('tells a number from its text and a missing value from an empty field position', () => {
    expect(wholeRowKey([5, 'a'])).not.toBe(wholeRowKey(['5', 'a']));
    expect(wholeRowKey([null, 'a'])).not.toBe(wholeRowKey(['a', null]));
    expect(wholeRowKey([null, null])).toBeNull();
  });
});

describe('FirstRowByKey', () => {
  it('answers as a Map of first rows does, through growth and keys that share their low bits', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 2 ** 21 - 1 }).map((high) => high * 4294967296 + 7), fc.maxSafeNat());
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 40_000 }), (keys) => {
        const table = new FirstRowByKey();
        const reference = new Map<number, number>();
        keys.forEach((entry, index) => {
          const rowNumber = index + 2;
          const expected = reference.get(entry);
          if (expected === undefined) reference.set(entry, rowNumber);
          expect(table.firstOrRemember(entry, rowNumber)).toBe(expected);
        });
      }),
      { numRuns: 20 },
    );
  });

  it('keeps every first row across several doublings', () => {
    const table = new FirstRowByKey();
    const keyOf = (index: number): number => (index % 3 === 0 ? index * 4294967296 : hash53(`row ${index}`));
    let wrong = 0;
    for (let index = 0; index < 100_000; index += 1) if (table.firstOrRemember(keyOf(index), index + 1) !== undefined) wrong += 1;
    for (let index = 0; index < 100_000; index += 1) if (table.firstOrRemember(keyOf(index), 200_000) !== index + 1) wrong += 1;
    expect(wrong).toBe(0);
  });
});
