/**
 * HMAC-SHA-256 for many short values under one key, without a Node crypto object per value.
 *
 * An import keys millions of short strings (identifiers, match-key combinations). `createHmac` builds a
 * native HMAC object and re-processes the key for every one of them, which made hashing the largest single
 * cost of the specification import. HMAC(K, m) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)); the two padded key
 * blocks are the first block of each hash, so their SHA-256 states are computed once per key, and a value
 * then costs one or two compressions for the inner hash and one for the outer, all on reused typed arrays.
 * The output is byte for byte HMAC-SHA-256 (keyed-hash.test.ts compares it with createHmac).
 */

const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL_STATE = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const BLOCK_BYTES = 64;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** One SHA-256 compression of the 64-byte block at `offset` of `bytes` into `state`; `words` is scratch. */
function compress(state: Int32Array, bytes: Uint8Array, offset: number, words: Int32Array): void {
  for (let index = 0; index < 16; index += 1) {
    const at = offset + index * 4;
    words[index] = ((bytes[at] as number) << 24) | ((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
  }
  for (let index = 16; index < 64; index += 1) {
    const back15 = words[index - 15] as number;
    const back2 = words[index - 2] as number;
    const sigma0 = ((back15 >>> 7) | (back15 << 25)) ^ ((back15 >>> 18) | (back15 << 14)) ^ (back15 >>> 3);
    const sigma1 = ((back2 >>> 17) | (back2 << 15)) ^ ((back2 >>> 19) | (back2 << 13)) ^ (back2 >>> 10);
    words[index] = ((words[index - 16] as number) + sigma0 + (words[index - 7] as number) + sigma1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let index = 0; index < 64; index += 1) {
    const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const choice = (e & f) ^ (~e & g);
    const temp1 = (h + sum1 + choice + (ROUND_CONSTANTS[index] as number) + (words[index] as number)) | 0;
    const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const temp2 = (sum0 + majority) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + temp1) | 0;
    d = c;
    c = b;
    b = a;
    a = (temp1 + temp2) | 0;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
  state[5] = ((state[5] as number) + f) | 0;
  state[6] = ((state[6] as number) + g) | 0;
  state[7] = ((state[7] as number) + h) | 0;
}

/** Writes the SHA-256 length padding after `length` message bytes at `bytes[0…]`; returns the padded length. */
function pad(bytes: Uint8Array, length: number, bytesBefore: number): number {
  bytes[length] = 0x80;
  const padded = Math.ceil((length + 9) / BLOCK_BYTES) * BLOCK_BYTES;
  bytes.fill(0, length + 1, padded - 8);
  const bits = (length + bytesBefore) * 8;
  const high = Math.floor(bits / 2 ** 32);
  const low = bits >>> 0;
  const end = padded - 8;
  bytes[end] = high >>> 24;
  bytes[end + 1] = high >>> 16;
  bytes[end + 2] = high >>> 8;
  bytes[end + 3] = high;
  bytes[end + 4] = low >>> 24;
  bytes[end + 5] = low >>> 16;
  bytes[end + 6] = low >>> 8;
  bytes[end + 7] = low;
  return padded;
}

export interface KeyedHasher {
  /** HMAC-SHA-256(key, the UTF-8 bytes of `message`), truncated to `bytes` bytes and written as base64url without padding. */
  base64url(message: string, bytes: number): string;
  /** The full 32-byte HMAC-SHA-256 of the UTF-8 bytes of `message`. */
  digest(message: string): Uint8Array;
}

export function createKeyedHasher(key: Uint8Array): KeyedHasher {
  const words = new Int32Array(64);
  const keyBlock = new Uint8Array(BLOCK_BYTES);
  // Keys longer than a block are hashed first in HMAC; the workspace key (32 bytes) never is.
  if (key.length > BLOCK_BYTES) throw new Error(`A keyed-hash key must be at most ${BLOCK_BYTES} bytes`);
  const keyedState = (padByte: number): Int32Array => {
    for (let index = 0; index < BLOCK_BYTES; index += 1) keyBlock[index] = (key[index] ?? 0) ^ padByte;
    const state = Int32Array.from(INITIAL_STATE);
    compress(state, keyBlock, 0, words);
    return state;
  };
  const innerStart = keyedState(0x36);
  const outerStart = keyedState(0x5c);
  keyBlock.fill(0);
  const state = new Int32Array(8);
  const outerBlock = new Uint8Array(BLOCK_BYTES);
  const encoder = new TextEncoder();
  let message = new Uint8Array(256);

  /** Runs the HMAC into `state`. */
  function run(text: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit; padding adds at most 72.
    if (message.length < text.length * 3 + 72) message = new Uint8Array(text.length * 3 + 72);
    const { written } = encoder.encodeInto(text, message);
    const padded = pad(message, written, BLOCK_BYTES);
    state.set(innerStart);
    for (let offset = 0; offset < padded; offset += BLOCK_BYTES) compress(state, message, offset, words);
    for (let index = 0; index < 8; index += 1) {
      const word = state[index] as number;
      outerBlock[index * 4] = word >>> 24;
      outerBlock[index * 4 + 1] = word >>> 16;
      outerBlock[index * 4 + 2] = word >>> 8;
      outerBlock[index * 4 + 3] = word;
    }
    pad(outerBlock, 32, BLOCK_BYTES);
    state.set(outerStart);
    compress(state, outerBlock, 0, words);
  }

  const byteAt = (index: number): number => ((state[index >> 2] as number) >>> (24 - (index & 3) * 8)) & 0xff;

  return {
    base64url(text, bytes) {
      run(text);
      let output = '';
      let index = 0;
      for (; index + 3 <= bytes; index += 3) {
        const triple = (byteAt(index) << 16) | (byteAt(index + 1) << 8) | byteAt(index + 2);
        output += BASE64URL[triple >>> 18]! + BASE64URL[(triple >>> 12) & 63]! + BASE64URL[(triple >>> 6) & 63]! + BASE64URL[triple & 63]!;
      }
      const rest = bytes - index;
      if (rest === 1) {
        const single = byteAt(index);
        output += BASE64URL[single >>> 2]! + BASE64URL[(single & 3) << 4]!;
      } else if (rest === 2) {
        const pair = (byteAt(index) << 8) | byteAt(index + 1);
        output += BASE64URL[pair >>> 10]! + BASE64URL[(pair >>> 4) & 63]! + BASE64URL[(pair & 15) << 2]!;
      }
      return output;
    },
    digest(text) {
      run(text);
      return Uint8Array.from({ length: 32 }, (_, index) => byteAt(index));
    },
  };
}
