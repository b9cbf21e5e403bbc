/**
 * Streaming reader for delimited text (.csv, .tsv, .txt) producing the same `RawRow` batches as the Excel
 * readers. It works out the encoding (UTF-8 with or without BOM, UTF-16 with BOM, otherwise Windows-1252)
 * and the delimiter, follows RFC 4180 quoting (embedded delimiters, line breaks and doubled quotes), and
 * refuses files that are not text with a message the user can act on.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { columnLetter, MAX_EXCEL_COLUMNS } from '../../../shared/findings';
import { UnusableFileError, type RawRow } from './raw';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type CsvDelimiter = ',' | '\t' | ';' | '|';

export interface CsvFormat {
  readonly encoding: CsvEncoding;
  readonly delimiter: CsvDelimiter;
}

export interface CsvReadOptions {
  readonly signal?: AbortSignal;
  /** Called after each chunk is read. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Rows per yielded batch. */
  readonly batchSize?: number;
  /**
   * The longest cell accepted, in characters. Excel itself stops at 32,767, so anything near the default
   * (1 MiB of characters) is almost always a stray quote swallowing the rest of the file; the limit turns
   * that into an error naming the row and column instead of exhausting memory.
   */
  readonly maxCellCharacters?: number;
  /** Skip sniffing, e.g. when the user has chosen the delimiter. */
  readonly delimiter?: CsvDelimiter;
  /** Skip encoding detection. */
  readonly encoding?: CsvEncoding;
  /** Fed every byte of the file, in order, as the parser reads it, and ended at the end of the file. */
  readonly consumedBytes?: ConsumedBytesSink;
}

export interface ConsumedBytesSink {
  update(bytes: Uint8Array): void;
  end(): void;
}

export const DEFAULT_MAX_CELL_CHARACTERS = 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const DEFAULT_BATCH_SIZE = 1000;
const SNIFF_LINES = 50;

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Windows-1252 differs from Latin-1 only in 0x80–0x9F; the five undefined bytes map to the C1 controls, as WHATWG does. */
const CP1252_HIGH_CONTROLS = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];
const CP1252_TABLE: string[] = Array.from({ length: 256 }, (_, byte) =>
  String.fromCharCode(byte >= 0x80 && byte <= 0x9f ? (CP1252_HIGH_CONTROLS[byte - 0x80] ?? byte) : byte),
);

/**
 * The sheet name Excel gives a CSV it opens: the file name without its extension, cut to Excel's 31
 * characters. Findings about a CSV use it so that `'uk-dates'!B9` works when the partner opens the file.
 */
export function csvSheetName(filePath: string): string {
  return path.parse(filePath).name.slice(0, 31);
}

/** Decodes Windows-1252 bytes; stateless because every byte is one character. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += 8192) {
    const end = Math.min(bytes.length, start + 8192);
    let part = '';
    for (let index = start; index < end; index += 1) part += CP1252_TABLE[bytes[index] as number];
    parts.push(part);
  }
  return parts.join('');
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

function bomEncoding(bytes: Uint8Array): CsvEncoding | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8-bom';
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  return null;
}

function bomLength(encoding: CsvEncoding): number {
  if (encoding === 'utf-8-bom') return 3;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return 2;
  return 0;
}

/** Throws for files that are not delimited text at all; `fileName` only flavours the message. */
function refuseNonText(head: Uint8Array, fileName: string): void {
  if (head.length === 0) throw new UnusableFileError(`${fileName} is empty.`, 'empty-file');
  if (startsWith(head, ZIP_SIGNATURE)) {
    throw new UnusableFileError(
      `${fileName} is really an Excel workbook (.xlsx), not a CSV text file. Rename it to end in .xlsx or choose it as an Excel file.`,
      'unsupported-format',
    );
  }
  if (startsWith(head, CFB_SIGNATURE)) {
    throw new UnusableFileError(
      `${fileName} is really an older Excel workbook (.xls) or a password-protected workbook, not a CSV text file. Open it in Excel and save it as .xlsx or CSV.`,
      'unsupported-format',
    );
  }
  const encoding = bomEncoding(head);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return;
  if (looksBinary(head)) {
    throw new UnusableFileError(`${fileName} looks like binary data, not text. Check it is the CSV export you meant to choose.`, 'not-a-workbook');
  }
}

/** Text never holds NUL, and holds few other control characters besides tab, line feed, form feed and carriage return. */
function looksBinary(bytes: Uint8Array): boolean {
  let controls = 0;
  for (const byte of bytes) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) controls += 1;
  }
  return controls > Math.max(2, bytes.length / 100);
}

/** Bytes at the end of a chunk that start a UTF-8 sequence the chunk cuts short. */
function incompleteUtf8Tail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

function decodeSample(bytes: Uint8Array, encoding: CsvEncoding): string {
  const body = bytes.subarray(bomLength(encoding));
  if (encoding === 'windows-1252') return decodeWindows1252(body);
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
  return new TextDecoder(label, { ignoreBOM: true }).decode(body);
}

/**
 * Works out encoding and delimiter from the start of a file, for previews and for the reader itself.
 * A sample that is valid UTF-8 is called UTF-8 even if a later part of the file is not; `readCsvRows` checks
 * the whole file before it commits. Throws `UnusableFileError` for empty, binary and Excel files.
 */
export function detectCsvFormat(buffer: Uint8Array, fileName = 'The file'): CsvFormat {
  refuseNonText(buffer, fileName);
  const encoding =
    bomEncoding(buffer) ?? (isUtf8(buffer.subarray(0, buffer.length - incompleteUtf8Tail(buffer))) ? 'utf-8' : 'windows-1252');
  return { encoding, delimiter: sniffDelimiter(decodeSample(buffer, encoding)) };
}

const DELIMITERS: readonly CsvDelimiter[] = [',', '\t', ';', '|'];

/**
 * Picks the delimiter that splits the first lines most consistently (the same count on most lines), then
 * most often; quoted text is ignored, so "Smith, John" does not vote for comma. Falls back to comma for a
 * single-column file.
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number[]>(DELIMITERS.map((delimiter) => [delimiter, []]));
  let inQuotes = false;
  let lineCounts = new Map<CsvDelimiter, number>();
  let lines = 0;
  let lineHasContent = false;
  const endLine = (): void => {
    if (lineHasContent) {
      for (const delimiter of DELIMITERS) counts.get(delimiter)?.push(lineCounts.get(delimiter) ?? 0);
      lines += 1;
    }
    lineCounts = new Map();
    lineHasContent = false;
  };
  for (let index = 0; index < text.length && lines < SNIFF_LINES; index += 1) {
    const character = text[index] as string;
    if (character === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (character === '\n' || character === '\r')) endLine();
    else if (!inQuotes && (DELIMITERS as readonly string[]).includes(character)) {
      const delimiter = character as CsvDelimiter;
      lineCounts.set(delimiter, (lineCounts.get(delimiter) ?? 0) + 1);
      lineHasContent = true;
    } else if (character.trim() !== '') lineHasContent = true;
  }
  if (lines < SNIFF_LINES) endLine();

  let best: { delimiter: CsvDelimiter; consistency: number; perLine: number } = { delimiter: ',', consistency: 0, perLine: 0 };
  for (const delimiter of DELIMITERS) {
    const perLine = counts.get(delimiter) ?? [];
    const frequency = new Map<number, number>();
    for (const count of perLine) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    for (const [count, times] of frequency) {
      const consistency = times / Math.max(1, perLine.length);
      const better = consistency > best.consistency || (consistency === best.consistency && count > best.perLine);
      if (better) best = { delimiter, consistency, perLine: count };
    }
  }
  return best.delimiter;
}

/** Reads the whole file once to see whether it is all valid UTF-8 (one stray £ byte makes it Windows-1252). */
async function wholeFileIsUtf8(filePath: string, signal: AbortSignal | undefined): Promise<boolean> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES + 3);
    let carried = 0;
    for (;;) {
      throwIfCancelled(signal, filePath);
      const { bytesRead } = await handle.read(buffer, carried, CHUNK_BYTES, null);
      const filled = carried + bytesRead;
      if (bytesRead === 0) return carried === 0;
      const view = buffer.subarray(0, filled);
      const tail = incompleteUtf8Tail(view);
      if (!isUtf8(view.subarray(0, filled - tail))) return false;
      buffer.copyWithin(0, filled - tail, filled);
      carried = tail;
    }
  } finally {
    await handle.close();
  }
}

function throwIfCancelled(signal: AbortSignal | undefined, filePath: string): void {
  if (signal?.aborted === true) throw new UnusableFileError(`Reading ${path.basename(filePath)} was cancelled.`, 'cancelled');
}

interface ParserLimits {
  readonly maxCellCharacters: number;
  readonly fileName: string;
}

/**
 * An RFC 4180 state machine fed decoded text in pieces. Lenient where files in the wild are: a quote in the
 * middle of an unquoted cell is kept as a character, and text after a closing quote is appended.
 */
class DelimitedTextParser {
  private cell = '';
  private cellWasQuoted = false;
  private inQuotes = false;
  private quotePending = false;
  private cells: (string | null)[] = [];
  private recordNumber = 1;
  private lastWasCarriageReturn = false;
  private quotedCellStartRecord = 1;
  readonly completed: RawRow[] = [];

  constructor(
    private readonly delimiter: string,
    private readonly limits: ParserLimits,
  ) {}

  push(text: string): void {
    const { delimiter } = this;
    let index = 0;
    while (index < text.length) {
      const character = text[index] as string;
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (character === '"') {
            this.cell += '"';
            index += 1;
            continue;
          }
          this.inQuotes = false;
          continue;
        }
        const nextQuote = text.indexOf('"', index);
        const end = nextQuote < 0 ? text.length : nextQuote;
        this.appendToCell(text.slice(index, end));
        index = end;
        if (nextQuote >= 0) {
          this.quotePending = true;
          index += 1;
        }
        continue;
      }
      if (this.lastWasCarriageReturn) {
        this.lastWasCarriageReturn = false;
        if (character === '\n') {
          index += 1;
          continue;
        }
      }
      if (character === delimiter) this.endCell();
      else if (character === '\n' || character === '\r') {
        this.endRecord();
        this.lastWasCarriageReturn = character === '\r';
      } else if (character === '"' && this.cell === '' && !this.cellWasQuoted) {
        this.inQuotes = true;
        this.cellWasQuoted = true;
        this.quotedCellStartRecord = this.recordNumber;
      } else {
        const stop = this.nextSpecial(text, index);
        this.appendToCell(text.slice(index, stop));
        index = stop;
        continue;
      }
      index += 1;
    }
  }

  /** Ends the input; a final record without a line break still counts. */
  finish(): void {
    if (this.inQuotes && !this.quotePending) {
      throw new UnusableFileError(
        `${this.limits.fileName}: a quoted cell starting in row ${this.quotedCellStartRecord}, column ${columnLetter(Math.min(this.cells.length + 1, MAX_EXCEL_COLUMNS))} is never closed. Check for a stray double quote (").`,
        'unsupported-format',
      );
    }
    this.inQuotes = false;
    this.quotePending = false;
    if (this.cell !== '' || this.cellWasQuoted || this.cells.length > 0) this.endRecord();
  }

  private nextSpecial(text: string, from: number): number {
    for (let index = from; index < text.length; index += 1) {
      const character = text[index];
      if (character === this.delimiter || character === '\n' || character === '\r' || character === '"') return index === from ? from + 1 : index;
    }
    return text.length;
  }

  private appendToCell(piece: string): void {
    if (this.cell.length + piece.length > this.limits.maxCellCharacters) {
      const column = Math.min(this.cells.length + 1, MAX_EXCEL_COLUMNS);
      const row = this.cellWasQuoted ? this.quotedCellStartRecord : this.recordNumber;
      throw new UnusableFileError(
        `${this.limits.fileName}: the cell in row ${row}, column ${columnLetter(column)} is longer than ${this.limits.maxCellCharacters.toLocaleString('en-GB')} characters. ` +
          'This is usually a stray double quote (") that runs on to the end of the file.',
        'too-large',
      );
    }
    this.cell += piece;
  }

  private endCell(): void {
    if (this.cells.length >= MAX_EXCEL_COLUMNS) {
      throw new UnusableFileError(
        `${this.limits.fileName}: row ${this.recordNumber} has more than ${MAX_EXCEL_COLUMNS.toLocaleString('en-GB')} columns, more than Excel allows. Check the delimiter.`,
        'too-large',
      );
    }
    this.cells.push(this.cell === '' ? null : this.cell);
    this.cell = '';
    this.cellWasQuoted = false;
  }

  private endRecord(): void {
    const blankLine = this.cells.length === 0 && this.cell === '' && !this.cellWasQuoted;
    if (!blankLine) {
      this.endCell();
      this.completed.push({ rowNumber: this.recordNumber, cells: this.cells });
    }
    this.cells = [];
    this.cell = '';
    this.cellWasQuoted = false;
    this.recordNumber += 1;
  }
}

function createDecoder(encoding: CsvEncoding): (bytes: Uint8Array, final: boolean) => string {
  if (encoding === 'windows-1252') return (bytes) => decodeWindows1252(bytes);
  // The BOM bytes are skipped before decoding, so a later U+FEFF is content and must stay.
  const decoder = new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding, { ignoreBOM: true });
  return (bytes, final) => decoder.decode(bytes, { stream: !final });
}

/**
 * Streams a delimited text file as batches of rows. Row numbers are physical record numbers (row 1 is the
 * first line, a quoted line break does not start a new record), matching what Excel shows when it opens the
 * file. Blank lines are skipped but still counted. Empty cells are null; cells are never trimmed here.
 * Cancelling through `signal` rejects with `UnusableFileError('cancelled')`.
 */
export async function* readCsvRows(filePath: string, options: CsvReadOptions = {}): AsyncGenerator<RawRow[]> {
  const fileName = path.basename(filePath);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  throwIfCancelled(options.signal, filePath);
  const handle = await open(filePath, 'r');
  try {
    const { size: totalBytes } = await handle.stat();
    const head = Buffer.alloc(Math.min(CHUNK_BYTES, totalBytes));
    await handle.read(head, 0, head.length, 0);
    const sniffed = detectCsvFormat(head, fileName);
    let encoding = options.encoding ?? sniffed.encoding;
    if (options.encoding === undefined && encoding === 'utf-8' && totalBytes > head.length) {
      encoding = (await wholeFileIsUtf8(filePath, options.signal)) ? 'utf-8' : 'windows-1252';
    }
    const delimiter = options.delimiter ?? (encoding === sniffed.encoding ? sniffed.delimiter : sniffDelimiter(decodeSample(head, encoding)));
    const parser = new DelimitedTextParser(delimiter, { maxCellCharacters: options.maxCellCharacters ?? DEFAULT_MAX_CELL_CHARACTERS, fileName });
    const decode = createDecoder(encoding);
    // Read from the first byte (the byte-order mark is skipped, not unread), so a hash of the bytes read is
    // the file's own hash and no second pass is needed for provenance.
    let skip = bomLength(encoding);
    let position = 0;
    let sawText = false;
    const chunk = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      throwIfCancelled(options.signal, filePath);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, position);
      const final = bytesRead === 0;
      const read = chunk.subarray(0, bytesRead);
      if (final) options.consumedBytes?.end();
      else options.consumedBytes?.update(read);
      const skipped = Math.min(skip, bytesRead);
      skip -= skipped;
      const text = decode(read.subarray(skipped), final);
      if (text.trim() !== '') sawText = true;
      parser.push(text);
      if (final) parser.finish();
      position += bytesRead;
      options.onProgress?.(Math.min(position, totalBytes), totalBytes);
      while (parser.completed.length >= batchSize) {
        yield parser.completed.splice(0, batchSize);
        throwIfCancelled(options.signal, filePath);
      }
      if (final) break;
    }
    if (!sawText) throw new UnusableFileError(`${fileName} has no rows: it is empty apart from blank lines.`, 'empty-file');
    if (parser.completed.length > 0) yield parser.completed.splice(0);
  } finally {
    await handle.close();
  }
}
