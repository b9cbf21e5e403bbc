import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/support/random';
import { createKeyedHasher } from './keyed-hash';

/** Strings of every length around the SHA-256 block boundaries, with 1-, 2-, 3- and 4-byte UTF-8 characters. */
function sampleMessages(): string[] {
  const random = mulberry32(15);
  const alphabet = ['a', 'Z', '7', '|', '\u001f', 'é', '£', 'ł', '€', '中', '😀'];
  const messages: string[] = [''];
  for (let length = 1; length <= 200; length += 1) {
    let text = '';
    while (text.length < length) text += alphabet[Math.floor(random() * alphabet.length)];
    messages.push(text, 'x'.repeat(length));
  }
  return messages;
}

describe('createKeyedHasher', () => {
  it('gives exactly the bytes of createHmac("sha256") for every message length and character width', () => {
    for (const key of [randomBytes(32), Buffer.alloc(32, 0), Buffer.alloc(32, 0xff), randomBytes(64), randomBytes(5)]) {
      const hasher = createKeyedHasher(key);
      for (const message of sampleMessages()) {
        const expected = createHmac('sha256', key).update(message, 'utf8').digest();
        expect(Buffer.from(hasher.digest(message)).equals(expected)).toBe(true);
        for (const bytes of [16, 17, 18, 32]) expect(hasher.base64url(message, bytes)).toBe(expected.subarray(0, bytes).toString('base64url'));
      }
    }
  });

  it('refuses a key longer than a block, which HMAC would hash first', () => {
    expect(() => createKeyedHasher(new Uint8Array(65))).toThrow(/at most 64 bytes/);
  });
});
