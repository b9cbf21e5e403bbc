/**
 * JSON encoding for the loopback HTTP transport. Electron IPC clones Uint8Array and bigint natively;
 * JSON cannot, so bytes travel as base64 and bigints as decimal strings, each tagged so decoding is exact.
 */

const BYTES_TAG = '$bytes';
const BIGINT_TAG = '$bigint';

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + chunk));
  }
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Uint8Array) return { [BYTES_TAG]: bytesToBase64(item) };
    if (typeof item === 'bigint') return { [BIGINT_TAG]: item.toString() };
    return item;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const record = item as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && typeof record[BYTES_TAG] === 'string') return base64ToBytes(record[BYTES_TAG]);
      if (keys.length === 1 && typeof record[BIGINT_TAG] === 'string') return BigInt(record[BIGINT_TAG]);
    }
    return item;
  });
}
