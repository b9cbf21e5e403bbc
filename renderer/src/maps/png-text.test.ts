import { describe, expect, it } from 'vitest';
import { crc32, readPngText, withPngText } from './png-text';

/** A 1×1 white PNG made here, so the test depends on no file (and the window's layer has no zlib). */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  // One filter byte and one white pixel in a stored (uncompressed) zlib stream, with its Adler-32.
  const raw = [0, 255, 255, 255];
  let a = 1;
  let b = 0;
  for (const byte of raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const pixels = new Uint8Array([0x78, 0x01, 0x01, raw.length, 0, ~raw.length & 0xff, 0xff, ...raw, b >> 8, b & 0xff, a >> 8, a & 0xff]);
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', new Uint8Array())]));
}

describe('PNG text chunks', () => {
  it('computes the CRC-32 PNG uses', () => {
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('adds title and copyright chunks after the header that read back, keeping every other chunk', () => {
    const original = tinyPng();
    const tagged = withPngText(original, [['Title', 'EHC plan by ward'], ['Copyright', 'Contains OS data © Crown copyright']]);
    expect(readPngText(tagged)).toEqual(new Map([['Title', 'EHC plan by ward'], ['Copyright', 'Contains OS data © Crown copyright']]));
    expect(tagged.length).toBeGreaterThan(original.length);
    expect(Buffer.from(tagged.subarray(tagged.length - 12)).equals(Buffer.from(original.subarray(original.length - 12)))).toBe(true);
    expect(() => withPngText(new Uint8Array([1, 2, 3]), [])).toThrow('Not a PNG file');
  });
});
