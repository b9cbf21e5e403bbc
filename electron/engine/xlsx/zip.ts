/**
 * A minimal, read-only ZIP reader (APPNOTE 6.3): enough for OOXML packages, and no more. It trusts only the
 * central directory (so entries written with data descriptors need nothing special), understands ZIP64
 * sizes and offsets, and streams each entry through Node's native inflate, checking size and CRC-32 as the
 * bytes arrive. Nothing is ever written to disk.
 */
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import { UnusableFileError } from '../tabular';
import type { XlsxLimits } from './limits';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;
const ZIP64_END_SIGNATURE = 0x06064b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const END_OF_CENTRAL_DIRECTORY_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const MAX_COMMENT_LENGTH = 0xffff;
const ZIP64_EXTRA_FIELD_ID = 0x0001;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const FLAG_ENCRYPTED = 0x1;
const READ_CHUNK_BYTES = 1024 * 1024;
const INFLATE_CHUNK_BYTES = 256 * 1024;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

export interface ReadEntryOptions {
  readonly signal?: AbortSignal | undefined;
  /** Called as compressed bytes are consumed, for progress reporting. */
  readonly onCompressedBytes?: ((bytesSoFar: number) => void) | undefined;
}

export function cancelledError(fileName: string): UnusableFileError {
  return new UnusableFileError(`Reading "${fileName}" was cancelled.`, 'cancelled');
}

function safeNumber(value: bigint, what: string, fileName: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new UnusableFileError(`"${fileName}" has an impossible ZIP64 ${what}; the archive is corrupt.`, 'corrupt-archive');
  }
  return Number(value);
}

/** Resolves when a writable can take more input, or is gone (destroyed streams never emit 'drain'). */
function drainedOrClosed(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      stream.off('drain', settle);
      stream.off('close', settle);
      resolve();
    };
    stream.on('drain', settle);
    stream.on('close', settle);
  });
}

export class ZipArchive {
  private constructor(
    private readonly handle: FileHandle,
    readonly fileName: string,
    readonly fileSize: number,
    private readonly entriesByName: Map<string, ZipEntry>,
    private readonly entriesByLowerName: Map<string, ZipEntry>,
    private readonly centralDirectoryOffset: number,
  ) {}

  /** Opens `filePath`, which the caller has already recognised as a ZIP (it starts with `PK`). */
  static async open(filePath: string, limits: XlsxLimits): Promise<ZipArchive> {
    const handle = await open(filePath, 'r');
    try {
      const { size } = await handle.stat();
      const fileName = path.basename(filePath);
      const directory = await readCentralDirectory(handle, size, fileName, limits);
      const byName = new Map<string, ZipEntry>();
      const byLowerName = new Map<string, ZipEntry>();
      for (const entry of directory.entries) {
        if (!byName.has(entry.name)) byName.set(entry.name, entry);
        const lower = entry.name.toLowerCase();
        if (!byLowerName.has(lower)) byLowerName.set(lower, entry);
      }
      return new ZipArchive(handle, fileName, size, byName, byLowerName, directory.offset);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Looks an entry up by its exact name, then case-insensitively (some producers vary the case). */
  entry(name: string): ZipEntry | undefined {
    const normalised = name.replace(/^\/+/, '');
    return this.entriesByName.get(normalised) ?? this.entriesByLowerName.get(normalised.toLowerCase());
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** The entry's whole uncompressed content; only for small parts, refused above `maxBytes`. */
  async readEntryBytes(entry: ZipEntry, maxBytes: number, options: ReadEntryOptions = {}): Promise<Buffer> {
    if (entry.uncompressedSize > maxBytes) {
      throw new UnusableFileError(
        `"${this.fileName}": the part ${entry.name} is ${entry.uncompressedSize} bytes, more than the ${maxBytes} allowed.`,
        'too-large',
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of this.readEntry(entry, options)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /** Streams the entry's uncompressed bytes, verifying its declared size and CRC-32 at the end. */
  async *readEntry(entry: ZipEntry, options: ReadEntryOptions = {}): AsyncGenerator<Buffer, void, undefined> {
    const { signal, onCompressedBytes } = options;
    if (signal?.aborted) throw cancelledError(this.fileName);
    if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATED) {
      throw new UnusableFileError(
        `"${this.fileName}": the part ${entry.name} uses compression method ${entry.method}, which workbooks do not use; the archive is corrupt or not a workbook.`,
        'corrupt-archive',
      );
    }
    const dataOffset = await this.dataOffset(entry);
    const dataEnd = dataOffset + entry.compressedSize;
    if (dataEnd > this.centralDirectoryOffset) throw this.corrupt(`the part ${entry.name} runs past the end of the data`);

    const inflater = entry.method === METHOD_DEFLATED ? createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES }) : undefined;
    let compressedRead = 0;
    let produced = 0;
    let checksum = 0;
    const verify = (chunk: Buffer): void => {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) {
        throw this.corrupt(`the part ${entry.name} inflates to more than its declared ${entry.uncompressedSize} bytes`);
      }
      checksum = crc32(chunk, checksum);
    };

    const compressedChunks = this.readRange(dataOffset, dataEnd, signal);
    try {
      if (!inflater) {
        for await (const chunk of compressedChunks) {
          compressedRead += chunk.length;
          onCompressedBytes?.(compressedRead);
          verify(chunk);
          yield chunk;
        }
      } else {
        yield* this.inflateChunks(compressedChunks, inflater, entry, signal, (chunk) => {
          compressedRead += chunk.length;
          onCompressedBytes?.(compressedRead);
        }, verify);
      }
    } finally {
      inflater?.destroy();
      await compressedChunks.return(undefined);
    }
    if (produced !== entry.uncompressedSize) {
      throw this.corrupt(`the part ${entry.name} is truncated (${produced} of ${entry.uncompressedSize} bytes)`);
    }
    if (checksum >>> 0 !== entry.crc32 >>> 0) throw this.corrupt(`the part ${entry.name} fails its CRC check`);
  }

  /**
   * Feeds compressed chunks to the inflater and yields its output as it comes, pausing input while output
   * waits to be consumed so memory stays bounded by a few chunks.
   */
  private async *inflateChunks(
    input: AsyncGenerator<Buffer>,
    inflater: ReturnType<typeof createInflateRaw>,
    entry: ZipEntry,
    signal: AbortSignal | undefined,
    onInput: (chunk: Buffer) => void,
    verify: (chunk: Buffer) => void,
  ): AsyncGenerator<Buffer, void, undefined> {
    let inflateError: Error | undefined;
    inflater.on('error', (error: Error) => {
      inflateError = error;
    });
    const feed = (async () => {
      for await (const chunk of input) {
        if (inflateError || inflater.destroyed) return;
        onInput(chunk);
        if (!inflater.write(chunk)) await drainedOrClosed(inflater);
      }
      inflater.end();
    })();
    feed.catch((error: unknown) => inflater.destroy(error instanceof Error ? error : new Error(String(error))));
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        if (signal?.aborted) throw cancelledError(this.fileName);
        verify(chunk);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof UnusableFileError) throw error;
      if (signal?.aborted) throw cancelledError(this.fileName);
      const cause: unknown = inflateError ?? error;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw this.corrupt(`the part ${entry.name} cannot be decompressed (${reason})`);
    }
    await feed;
  }

  private async *readRange(start: number, end: number, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
    let position = start;
    while (position < end) {
      if (signal?.aborted) throw cancelledError(this.fileName);
      const length = Math.min(READ_CHUNK_BYTES, end - position);
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await this.handle.read(buffer, 0, length, position);
      if (bytesRead === 0) throw this.corrupt('the file ends in the middle of a part (truncated)');
      position += bytesRead;
      yield bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
    }
  }

  private async dataOffset(entry: ZipEntry): Promise<number> {
    const header = Buffer.alloc(30);
    const { bytesRead } = await this.handle.read(header, 0, 30, entry.localHeaderOffset);
    if (bytesRead < 30 || header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
      throw this.corrupt(`the local header of ${entry.name} is missing`);
    }
    return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  }

  private corrupt(detail: string): UnusableFileError {
    return new UnusableFileError(`"${this.fileName}" is a damaged archive: ${detail}.`, 'corrupt-archive');
  }
}

interface CentralDirectory {
  readonly offset: number;
  readonly entries: ZipEntry[];
}

async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

async function readCentralDirectory(handle: FileHandle, fileSize: number, fileName: string, limits: XlsxLimits): Promise<CentralDirectory> {
  const corrupt = (detail: string) => new UnusableFileError(`"${fileName}" is a damaged archive: ${detail}.`, 'corrupt-archive');
  const tailLength = Math.min(fileSize, END_OF_CENTRAL_DIRECTORY_SIZE + MAX_COMMENT_LENGTH + ZIP64_LOCATOR_SIZE);
  const tailStart = fileSize - tailLength;
  const tail = await readExactly(handle, tailStart, tailLength);

  let endRecord = -1;
  for (let i = tail.length - END_OF_CENTRAL_DIRECTORY_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY_SIGNATURE && i + END_OF_CENTRAL_DIRECTORY_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      endRecord = i;
      break;
    }
  }
  if (endRecord === -1) throw corrupt('its central directory is missing (the file is probably truncated)');

  if (tail.readUInt16LE(endRecord + 4) !== 0 || tail.readUInt16LE(endRecord + 6) !== 0) throw corrupt('it spans several disks');
  let entryCount = tail.readUInt16LE(endRecord + 10);
  let directorySize = tail.readUInt32LE(endRecord + 12);
  let directoryOffset = tail.readUInt32LE(endRecord + 16);
  const directoryLimit = tailStart + endRecord;
  let directoryEnd = directoryLimit;

  const locator = endRecord - ZIP64_LOCATOR_SIZE;
  if (locator >= 0 && tail.readUInt32LE(locator) === ZIP64_LOCATOR_SIGNATURE) {
    const zip64EndOffset = safeNumber(tail.readBigUInt64LE(locator + 8), 'end record offset', fileName);
    const zip64End = await readExactly(handle, zip64EndOffset, 56);
    if (zip64End.length < 56 || zip64End.readUInt32LE(0) !== ZIP64_END_SIGNATURE) throw corrupt('its ZIP64 end record is missing');
    entryCount = safeNumber(zip64End.readBigUInt64LE(32), 'entry count', fileName);
    directorySize = safeNumber(zip64End.readBigUInt64LE(40), 'directory size', fileName);
    directoryOffset = safeNumber(zip64End.readBigUInt64LE(48), 'directory offset', fileName);
    directoryEnd = zip64EndOffset;
  }

  if (entryCount > limits.maxEntries) {
    throw new UnusableFileError(`"${fileName}" holds ${entryCount} parts, more than the ${limits.maxEntries} a workbook may have.`, 'too-large');
  }
  if (directoryOffset + directorySize > directoryEnd) throw corrupt('its central directory lies outside the file (truncated?)');

  const directory = await readExactly(handle, directoryOffset, directorySize);
  if (directory.length < directorySize) throw corrupt('its central directory is truncated');
  const entries: ZipEntry[] = [];
  let totalUncompressed = 0;
  let cursor = 0;
  for (let index = 0; index < entryCount; index++) {
    if (cursor + 46 > directory.length || directory.readUInt32LE(cursor) !== CENTRAL_HEADER_SIGNATURE) {
      throw corrupt('its central directory has a broken entry');
    }
    const flags = directory.readUInt16LE(cursor + 8);
    const method = directory.readUInt16LE(cursor + 10);
    const crc = directory.readUInt32LE(cursor + 16);
    let compressedSize = directory.readUInt32LE(cursor + 20);
    let uncompressedSize = directory.readUInt32LE(cursor + 24);
    const nameLength = directory.readUInt16LE(cursor + 28);
    const extraLength = directory.readUInt16LE(cursor + 30);
    const commentLength = directory.readUInt16LE(cursor + 32);
    let localHeaderOffset = directory.readUInt32LE(cursor + 42);
    const nameStart = cursor + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > directory.length) throw corrupt('its central directory has a broken entry');
    const name = directory.toString('utf8', nameStart, extraStart);

    // ZIP64 extra field: only the fields whose 32-bit slot is saturated are present, in this order.
    for (let extra = extraStart; extra + 4 <= extraStart + extraLength; ) {
      const id = directory.readUInt16LE(extra);
      const size = directory.readUInt16LE(extra + 2);
      if (id === ZIP64_EXTRA_FIELD_ID) {
        let field = extra + 4;
        const fieldEnd = field + size;
        const take = (): number => {
          if (field + 8 > fieldEnd) throw corrupt(`the ZIP64 sizes of ${name} are incomplete`);
          const value = safeNumber(directory.readBigUInt64LE(field), 'size', fileName);
          field += 8;
          return value;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      }
      extra += 4 + size;
    }

    if (flags & FLAG_ENCRYPTED) {
      throw new UnusableFileError(`"${fileName}" has encrypted parts (${name}); remove the password in Excel and try again.`, 'encrypted');
    }
    if (localHeaderOffset + 30 > directoryOffset) throw corrupt(`the entry ${name} points outside the file`);
    totalUncompressed += uncompressedSize;
    if (totalUncompressed > limits.maxTotalUncompressedBytes) {
      throw new UnusableFileError(
        `"${fileName}" would inflate to more than ${limits.maxTotalUncompressedBytes} bytes; refusing it as too large (or a zip bomb).`,
        'too-large',
      );
    }
    if (uncompressedSize > limits.compressionRatioGraceBytes && uncompressedSize > compressedSize * limits.maxCompressionRatio) {
      throw new UnusableFileError(
        `"${fileName}": the part ${name} claims a compression ratio above ${limits.maxCompressionRatio}:1, which real workbooks never reach; refusing it as a zip bomb.`,
        'too-large',
      );
    }
    entries.push({ name, method, flags, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset });
    cursor = next;
  }
  return { offset: directoryOffset, entries };
}
