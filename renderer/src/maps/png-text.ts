/**
 * Text chunks in a PNG (tEXt: a Latin-1 keyword and text), so a saved map carries its title, source and the
 * boundaries' attribution in the file itself, not only in the pixels.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index += 1) {
    let value = index;
    for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    table[index] = value >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Latin-1 bytes of a text; characters outside it (© is inside) become "?". */
function latin1(text: string): number[] {
  return [...text].map((character) => {
    const code = character.charCodeAt(0);
    return code < 256 ? code : 0x3f;
  });
}

function textChunk(keyword: string, text: string): Uint8Array {
  const data = new Uint8Array([...latin1(keyword), 0, ...latin1(text)]);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set([0x74, 0x45, 0x58, 0x74], 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/** The PNG with tEXt chunks inserted after its header chunk (IHDR is always first and 25 bytes long). */
export function withPngText(png: Uint8Array, entries: readonly (readonly [string, string])[]): Uint8Array {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 33 || signature.some((byte, index) => png[index] !== byte)) throw new Error('Not a PNG file');
  const headerEnd = 8 + 25;
  const chunks = entries.map(([keyword, text]) => textChunk(keyword, text));
  const output = new Uint8Array(png.length + chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  output.set(png.subarray(0, headerEnd), 0);
  let offset = headerEnd;
  for (const chunk of chunks) {
    output.set(chunk, offset);
    offset += chunk.length;
  }
  output.set(png.subarray(headerEnd), offset);
  return output;
}

/** The tEXt chunks of a PNG, keyword → text. */
export function readPngText(png: Uint8Array): Map<string, string> {
  const found = new Map<string, string>();
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === 'tEXt') {
      const data = png.subarray(offset + 8, offset + 8 + length);
      const zero = data.indexOf(0);
      found.set(String.fromCharCode(...data.subarray(0, zero)), String.fromCharCode(...data.subarray(zero + 1)));
    }
    offset += 12 + length;
  }
  return found;
}
