import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from './wire';

describe('wire codec', () => {
  it('round-trips bytes, bigints beyond 2^53 and ordinary JSON exactly', () => {
    const bytes = new Uint8Array(70_000).map((_, index) => index % 251);
    const value = { ok: true, value: { arrow: bytes, big: 9_007_199_254_740_993n, nested: [1, 'two', null] } };
    const decoded = decodeWire(encodeWire(value)) as typeof value;
    expect(decoded.value.arrow).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.value.arrow)).toEqual(Array.from(bytes));
    expect(decoded.value.big).toBe(9_007_199_254_740_993n);
    expect(decoded.value.nested).toEqual([1, 'two', null]);
  });

  it('leaves user objects that merely contain a tag-like key among others alone', () => {
    const value = { $bytes: 'AAAA', other: 1 };
    expect(decodeWire(encodeWire(value))).toEqual(value);
  });
});
