import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoercedValue } from '../tabular';
import { hash53, keyText, wholeRowKey } from './row-key';

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
