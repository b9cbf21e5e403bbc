/**
 * Chooses the reader for a partner file by its first bytes, never its name (partners send workbooks named
 * .csv): a zip is an .xlsx for the streaming reader, an OLE compound file is either a password-protected
 * workbook (refused by name) or a legacy .xls for SheetJS, and anything else is delimited text.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { MergedRange, RawRow, SheetInfo } from './raw';
import { UnusableFileError } from './raw';
import { EngineError } from '../errors';
import { csvSheetName, readCsvRows } from './csv-reader';
import { listSheetsWithSheetJS, readSheetWithSheetJS, listXlsxSheets, readXlsxRows } from '../xlsx';
import { sha256OfFile, type SourceFileFacts } from './source-file';

export interface RowSource {
  /** The sheet read: the workbook's sheet name, or the name Excel gives a CSV. */
  readonly sheet: string;
  readonly batches: AsyncIterable<RawRow[]> | Iterable<RawRow[]>;
  /** Known up front only for SheetJS reads; the streaming reader learns merges after the cells. */
  readonly mergedRanges?: readonly MergedRange[];
  /**
   * The file's SHA-256, when asked for with `hash`; call it once the batches are consumed. A delimited text
   * file is hashed from the very bytes the reader parsed, in the same read. A workbook's reader jumps around
   * the zip, so it is hashed by a sequential read that runs alongside the reader.
   */
  readonly sha256?: () => Promise<string>;
}

export interface RowSourceOptions {
  readonly sheet?: string;
  readonly signal?: AbortSignal;
  readonly onBytes?: (bytesRead: number, totalBytes: number) => void;
  readonly onRows?: (rows: number) => void;
  /** Also compute the file's SHA-256 (`RowSource.sha256`), for provenance. */
  readonly hash?: boolean;
}

/** The SHA-256 of the bytes a reader consumed, known once it has read to the end of the file. */
class ConsumedBytesHash {
  private readonly hash = createHash('sha256');
  private hex: string | null = null;

  constructor(private readonly fileName: string) {}

  update(bytes: Uint8Array): void {
    this.hash.update(bytes);
  }

  end(): void {
    this.hex = this.hash.digest('hex');
  }

  digest(): string {
    // Only a reader stopped early gets here; recording a partial hash as the file's would be false provenance.
    if (this.hex === null) throw new EngineError(`${this.fileName} was not read to its end, so it has no hash to record`, 'internal');
    return this.hex;
  }
}

/** A hash read alongside a reader; a failure waits for the caller to ask, so it is never unhandled. */
function hashAlongside(filePath: string, signal: AbortSignal | undefined): () => Promise<string> {
  const pending = sha256OfFile(filePath, signal);
  pending.catch(() => undefined);
  return () => pending;
}

/** The sheets a user can choose from: a delimited text file has exactly one, named as Excel names it. */
export async function listSheetsOf(facts: SourceFileFacts): Promise<SheetInfo[]> {
  if (facts.format === 'xlsx') return listXlsxSheets(facts.path);
  if (facts.format === 'ole') return listSheetsWithSheetJS(facts.path);
  return [{ name: csvSheetName(facts.path), hidden: false }];
}

function chooseSheet(sheets: readonly SheetInfo[], requested: string | undefined, fileName: string): string {
  const names = sheets.map((sheet) => `"${sheet.name}"`).join(', ') || 'none';
  if (requested !== undefined) {
    if (!sheets.some((sheet) => sheet.name === requested)) {
      throw new UnusableFileError(`"${fileName}" has no sheet "${requested}" (sheets: ${names}).`, 'sheet-not-found');
    }
    return requested;
  }
  const first = sheets.find((sheet) => !sheet.hidden);
  if (first === undefined) throw new UnusableFileError(`"${fileName}" has no visible sheet (sheets: ${names}).`, 'sheet-not-found');
  return first.name;
}

export async function openRowSource(facts: SourceFileFacts, options: RowSourceOptions = {}): Promise<RowSource> {
  const fileName = path.basename(facts.path);
  if (facts.format === 'xlsx') {
    const sheet = chooseSheet(await listXlsxSheets(facts.path), options.sheet, fileName);
    const batches = readXlsxRows(facts.path, {
      sheet,
      signal: options.signal,
      onProgress: (progress) => options.onBytes?.(progress.bytesRead, progress.totalBytes),
    });
    return { sheet, batches, ...(options.hash === true ? { sha256: hashAlongside(facts.path, options.signal) } : {}) };
  }
  if (facts.format === 'ole') {
    const sheet = chooseSheet(listSheetsWithSheetJS(facts.path), options.sheet, fileName);
    const read = readSheetWithSheetJS(facts.path, { sheet });
    return { sheet, batches: [read.rows], mergedRanges: read.merges, ...(options.hash === true ? { sha256: hashAlongside(facts.path, options.signal) } : {}) };
  }
  if (options.sheet !== undefined && options.sheet !== csvSheetName(facts.path)) {
    throw new UnusableFileError(`"${fileName}" is a delimited text file with one sheet, "${csvSheetName(facts.path)}", not "${options.sheet}".`, 'sheet-not-found');
  }
  const consumed = options.hash === true ? new ConsumedBytesHash(fileName) : undefined;
  return {
    sheet: csvSheetName(facts.path),
    batches: readCsvRows(facts.path, { signal: options.signal, onProgress: options.onBytes, ...(consumed === undefined ? {} : { consumedBytes: consumed }) }),
    ...(consumed === undefined ? {} : { sha256: () => Promise.resolve(consumed.digest()) }),
  };
}
