import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UnusableFileError } from './raw';

export type SourceFormat = 'xlsx' | 'ole' | 'text';

export interface SourceFileFacts {
  readonly path: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly format: SourceFormat;
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Looks at a file's first bytes, not its name: partners send workbooks named .csv and worse. */
export function inspectSourceFile(filePath: string): SourceFileFacts {
  const fileName = path.basename(filePath);
  let stats: fs.Stats;
  try {
    stats = fs.statSync(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String(code ?? error);
    throw new UnusableFileError(`${fileName} cannot be read: ${reason} (${filePath})`, 'not-a-workbook');
  }
  if (!stats.isFile()) throw new UnusableFileError(`${fileName} is not a file`, 'not-a-workbook');
  if (stats.size === 0) throw new UnusableFileError(`${fileName} is empty (0 bytes)`, 'empty-file');
  const head = Buffer.alloc(8);
  const handle = fs.openSync(filePath, 'r');
  try {
    fs.readSync(handle, head, 0, 8, 0);
  } finally {
    fs.closeSync(handle);
  }
  const format: SourceFormat = head.subarray(0, 4).equals(ZIP_SIGNATURE) ? 'xlsx' : head.equals(OLE_SIGNATURE) ? 'ole' : 'text';
  return { path: filePath, fileName, sizeBytes: stats.size, format };
}

/** SHA-256 of the file as received, for provenance: the audit trail names files by hash, not by content. */
export async function sha256OfFile(filePath: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface HashedText {
  readonly sha256: string;
  /**
   * The file is UTF-8 DuckDB can read as it is: valid UTF-8, no byte-order mark, no NUL byte. Anything
   * else is transcoded (or refused) by the staging copy.
   */
  readonly readableAsIs: boolean;
  /** The file ends its lines more than one way (CRLF, LF, a lone CR): DuckDB's reader needs them made one. */
  readonly mixedLineEnds: boolean;
}

/**
 * The longest line a delimited text file may have, in bytes (DuckDB's own line limit). A longer one is no
 * record a partner meant to send (a file whose line ends were lost, a binary blob); refused while hashing,
 * before DuckDB would try to hold it.
 */
export const MAX_TEXT_LINE_BYTES = 2 * 1024 * 1024;

/** Counts line ends by kind and the longest line, across the chunks of one read. */
class LineScanner {
  private lineBytes = 0;
  private lineNumber = 1;
  private pendingCr = false;
  private readonly kinds = new Set<'crlf' | 'lf' | 'cr'>();

  constructor(private readonly fileName: string) {}

  get mixed(): boolean {
    return this.kinds.size > 1;
  }

  scan(chunk: Buffer): void {
    let position = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (chunk[0] === 10) {
        this.kinds.add('crlf');
        position = 1;
      } else this.kinds.add('cr');
    }
    while (position < chunk.length) {
      const lf = chunk.indexOf(10, position);
      const cr = chunk.indexOf(13, position);
      const next = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      if (next < 0) {
        this.lineBytes += chunk.length - position;
        break;
      }
      this.lineBytes += next - position;
      this.checkLength();
      this.lineBytes = 0;
      this.lineNumber += 1;
      if (chunk[next] === 10) {
        this.kinds.add('lf');
        position = next + 1;
      } else if (next + 1 === chunk.length) {
        this.pendingCr = true;
        position = next + 1;
      } else if (chunk[next + 1] === 10) {
        this.kinds.add('crlf');
        position = next + 2;
      } else {
        this.kinds.add('cr');
        position = next + 1;
      }
    }
    this.checkLength();
  }

  private checkLength(): void {
    if (this.lineBytes <= MAX_TEXT_LINE_BYTES) return;
    throw new UnusableFileError(
      `${this.fileName}: line ${this.lineNumber.toLocaleString('en-GB')} is longer than ${MAX_TEXT_LINE_BYTES / 1024 / 1024} MB, so it is not one record of a table. The file may have lost its line ends, or not be a delimited text file at all.`,
      'too-large',
    );
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** How many bytes at the end of `chunk` start a UTF-8 sequence the chunk does not finish. */
function incompleteTail(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back += 1) {
    const byte = chunk[chunk.length - back] as number;
    if ((byte & 0xc0) !== 0x80) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return length > back ? back : 0;
    }
  }
  return 0;
}

/** SHA-256 and the UTF-8 check in one read of the file, so a clean CSV is read once before DuckDB reads it. */
export async function hashAndCheckText(filePath: string, signal?: AbortSignal): Promise<HashedText> {
  const hash = createHash('sha256');
  const lines = new LineScanner(path.basename(filePath));
  let readableAsIs = true;
  let first = true;
  let carried: Buffer = Buffer.alloc(0);
  for await (const data of fs.createReadStream(filePath, { signal, highWaterMark: 1 << 20 })) {
    const chunk = data as Buffer;
    hash.update(chunk);
    lines.scan(chunk);
    if (!readableAsIs) continue;
    if (first && chunk.subarray(0, 3).equals(UTF8_BOM)) readableAsIs = false;
    first = false;
    const joined = carried.length === 0 ? chunk : Buffer.concat([carried, chunk]);
    const tail = incompleteTail(joined);
    const whole = joined.subarray(0, joined.length - tail);
    if (whole.includes(0) || !isUtf8(whole)) readableAsIs = false;
    carried = Buffer.from(joined.subarray(joined.length - tail));
  }
  return { sha256: hash.digest('hex'), readableAsIs: readableAsIs && carried.length === 0 && !lines.mixed, mixedLineEnds: lines.mixed };
}
