/**
 * A small ZIP writer for test fixtures and benchmark inputs — not used by the product. It can force the
 * less common layouts the reader must cope with: stored entries, data descriptors, ZIP64 records.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { constants as zlibConstants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipSourceEntry {
  readonly name: string;
  readonly data: string | Buffer;
  /** Store without compression. */
  readonly store?: boolean;
}

export interface ZipLayoutOptions {
  /** Write ZIP64 extra fields and end records even though sizes fit in 32 bits. */
  readonly zip64?: boolean;
  /** Write CRC and sizes in a data descriptor after the data (general purpose flag bit 3). */
  readonly dataDescriptors?: boolean;
}

interface WrittenEntry {
  readonly name: Buffer;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly offset: number;
  readonly zip64: boolean;
}

const UTF8_NAMES_FLAG = 0x800;
const DATA_DESCRIPTOR_FLAG = 0x8;
const DOS_DATE_2024_01_01 = ((2024 - 1980) << 9) | (1 << 5) | 1;

function zip64Extra(fields: number[]): Buffer {
  const extra = Buffer.alloc(4 + fields.length * 8);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(fields.length * 8, 2);
  fields.forEach((value, index) => extra.writeBigUInt64LE(BigInt(value), 4 + index * 8));
  return extra;
}

function localHeader(entry: Omit<WrittenEntry, 'offset'>, deferSizes: boolean): Buffer {
  const extra = entry.zip64 ? zip64Extra(deferSizes ? [0, 0] : [entry.uncompressedSize, entry.compressedSize]) : Buffer.alloc(0);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(entry.zip64 ? 45 : 20, 4);
  header.writeUInt16LE(entry.flags, 6);
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE(DOS_DATE_2024_01_01, 12);
  header.writeUInt32LE(deferSizes ? 0 : entry.crc, 14);
  header.writeUInt32LE(entry.zip64 ? 0xffffffff : deferSizes ? 0 : entry.compressedSize, 18);
  header.writeUInt32LE(entry.zip64 ? 0xffffffff : deferSizes ? 0 : entry.uncompressedSize, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, entry.name, extra]);
}

function dataDescriptor(entry: Omit<WrittenEntry, 'offset'>): Buffer {
  const descriptor = Buffer.alloc(entry.zip64 ? 24 : 16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(entry.crc, 4);
  if (entry.zip64) {
    descriptor.writeBigUInt64LE(BigInt(entry.compressedSize), 8);
    descriptor.writeBigUInt64LE(BigInt(entry.uncompressedSize), 16);
  } else {
    descriptor.writeUInt32LE(entry.compressedSize, 8);
    descriptor.writeUInt32LE(entry.uncompressedSize, 12);
  }
  return descriptor;
}

function centralDirectory(entries: readonly WrittenEntry[], directoryOffset: number, forceZip64: boolean): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const extra = entry.zip64 ? zip64Extra([entry.uncompressedSize, entry.compressedSize, entry.offset]) : Buffer.alloc(0);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(entry.zip64 ? 45 : 20, 4);
    header.writeUInt16LE(entry.zip64 ? 45 : 20, 6);
    header.writeUInt16LE(entry.flags, 8);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(DOS_DATE_2024_01_01, 14);
    header.writeUInt32LE(entry.crc, 16);
    header.writeUInt32LE(entry.zip64 ? 0xffffffff : entry.compressedSize, 20);
    header.writeUInt32LE(entry.zip64 ? 0xffffffff : entry.uncompressedSize, 24);
    header.writeUInt16LE(entry.name.length, 28);
    header.writeUInt16LE(extra.length, 30);
    header.writeUInt32LE(entry.zip64 ? 0xffffffff : entry.offset, 42);
    parts.push(header, entry.name, extra);
  }
  const directory = Buffer.concat(parts);
  const directoryEnd = directoryOffset + directory.length;
  const zip64 = forceZip64 || entries.some((entry) => entry.zip64) || directoryEnd > 0xffffffff;
  const trailer: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryEnd), 8);
    locator.writeUInt32LE(1, 16);
    trailer.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : directoryOffset, 16);
  return Buffer.concat([directory, ...trailer, end]);
}

/** A whole ZIP in memory, for small fixtures. */
export function buildZip(entries: readonly ZipSourceEntry[], options: ZipLayoutOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const written: WrittenEntry[] = [];
  let offset = 0;
  for (const source of entries) {
    const raw = typeof source.data === 'string' ? Buffer.from(source.data, 'utf8') : source.data;
    const payload = source.store ? raw : deflateRawSync(raw);
    const entry = {
      name: Buffer.from(source.name, 'utf8'),
      method: source.store ? 0 : 8,
      flags: UTF8_NAMES_FLAG | (options.dataDescriptors ? DATA_DESCRIPTOR_FLAG : 0),
      crc: crc32(raw) >>> 0,
      compressedSize: payload.length,
      uncompressedSize: raw.length,
      zip64: options.zip64 === true,
    };
    const pieces = [localHeader(entry, options.dataDescriptors === true), payload];
    if (options.dataDescriptors) pieces.push(dataDescriptor(entry));
    written.push({ ...entry, offset });
    for (const piece of pieces) {
      parts.push(piece);
      offset += piece.length;
    }
  }
  parts.push(centralDirectory(written, offset, options.zip64 === true));
  return Buffer.concat(parts);
}

/**
 * Writes a ZIP to disk entry by entry, deflating streamed content as it comes, so a benchmark file of
 * hundreds of megabytes of XML never sits in memory. Entries use data descriptors, the classic layout of
 * streaming writers (and what streaming readers such as exceljs's expect); each must stay under 4 GiB.
 */
export class ZipFileWriter {
  private readonly written: WrittenEntry[] = [];
  private offset = 0;

  private constructor(private readonly output: WriteStream) {}

  static create(filePath: string): ZipFileWriter {
    return new ZipFileWriter(createWriteStream(filePath));
  }

  private async write(bytes: Buffer): Promise<void> {
    this.offset += bytes.length;
    if (!this.output.write(bytes)) await once(this.output, 'drain');
  }

  async addEntry(name: string, data: string | Buffer): Promise<void> {
    await this.addStreamedEntry(name, [typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
  }

  async addStreamedEntry(name: string, chunks: Iterable<Buffer> | AsyncIterable<Buffer>, level = zlibConstants.Z_DEFAULT_COMPRESSION): Promise<void> {
    const offset = this.offset;
    const header = {
      name: Buffer.from(name, 'utf8'),
      method: 8,
      flags: UTF8_NAMES_FLAG | DATA_DESCRIPTOR_FLAG,
      crc: 0,
      compressedSize: 0,
      uncompressedSize: 0,
      zip64: false,
    };
    await this.write(localHeader(header, true));
    const deflater = createDeflateRaw({ level });
    let crc = 0;
    let uncompressedSize = 0;
    let compressedSize = 0;
    const drained = (async () => {
      for await (const compressed of deflater as AsyncIterable<Buffer>) {
        compressedSize += compressed.length;
        await this.write(compressed);
      }
    })();
    for await (const chunk of chunks) {
      crc = crc32(chunk, crc);
      uncompressedSize += chunk.length;
      if (!deflater.write(chunk)) await once(deflater, 'drain');
    }
    deflater.end();
    await drained;
    if (uncompressedSize > 0xffffffff || this.offset > 0xffffffff) throw new Error(`${name} outgrows a 32-bit ZIP; split the data.`);
    const entry = { ...header, crc: crc >>> 0, compressedSize, uncompressedSize };
    await this.write(dataDescriptor(entry));
    this.written.push({ ...entry, offset });
  }

  async close(): Promise<void> {
    await this.write(centralDirectory(this.written, this.offset, false));
    this.output.end();
    await once(this.output, 'finish');
  }
}
