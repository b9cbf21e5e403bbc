/**
 * The fast xlsx path: rows stream out of the sheet's XML while it inflates, in batches, so memory stays
 * flat whatever the sheet size and the first rows arrive after milliseconds.
 *
 * Inflate runs on libuv's thread pool (Node's async zlib), scanning on the calling thread; the two overlap,
 * which is how a second core is used without a worker. Each inflated chunk (256 KiB) is scanned in a few
 * milliseconds and every chunk boundary is an `await`, so the engine's event loop stays responsive.
 */
import path from 'node:path';
import { UnusableFileError, type MergedRange, type RawRow, type SheetInfo } from '../tabular';
import { resolveLimits, type XlsxLimits } from './limits';
import { SharedStringsParser } from './shared-strings';
import { SheetXmlScanner } from './sheet-scanner';
import { parseDateStyles } from './styles';
import { openWorkbookPackage, readXmlPart, type WorkbookPackage, type WorkbookSheet } from './workbook';
import { cancelledError } from './zip';

export type { XlsxLimits } from './limits';
export { DEFAULT_XLSX_LIMITS } from './limits';

export interface XlsxProgress {
  /** Compressed bytes of the sheet's XML consumed so far. */
  readonly bytesRead: number;
  /** Compressed size of the sheet's XML (the bulk of the file). */
  readonly totalBytes: number;
  /** Rows with at least one value produced so far. */
  readonly rows: number;
}

export interface XlsxReadOptions {
  /** Sheet name; by default the first visible sheet. */
  readonly sheet?: string;
  /** Rows per yielded batch (default 2,048, the size of a DuckDB data chunk). */
  readonly batchRows?: number;
  readonly signal?: AbortSignal;
  /** Called after each inflated chunk is scanned (about every 256 KiB of XML). */
  readonly onProgress?: (progress: XlsxProgress) => void;
  readonly limits?: Partial<XlsxLimits>;
}

/**
 * Batches of rows, in sheet order. Only rows holding at least one value are produced; trailing empty cells
 * are omitted and gaps are `null`. Empty strings count as empty cells.
 */
export interface XlsxRowStream extends AsyncGenerator<RawRow[], void, undefined> {
  /**
   * The sheet's merged ranges. They follow the cells in the XML, so this settles only once iteration has
   * finished; it rejects (code `cancelled`) if iteration stopped early or failed.
   */
  readonly merges: Promise<MergedRange[]>;
}

const DEFAULT_BATCH_ROWS = 2_048;

/** The workbook's sheets in tab order, hidden ones included and flagged. */
export async function listXlsxSheets(filePath: string, limits?: Partial<XlsxLimits>): Promise<SheetInfo[]> {
  const workbook = await openWorkbookPackage(filePath, resolveLimits(limits));
  try {
    return workbook.sheets.map(({ name, hidden }) => ({ name, hidden }));
  } finally {
    await workbook.archive.close();
  }
}

function chooseSheet(workbook: WorkbookPackage, requested: string | undefined): WorkbookSheet {
  const fileName = workbook.archive.fileName;
  const sheet =
    requested === undefined ? workbook.sheets.find((candidate) => !candidate.hidden) : workbook.sheets.find((candidate) => candidate.name === requested);
  if (!sheet) {
    const names = workbook.sheets.map((candidate) => `"${candidate.name}"`).join(', ') || 'none';
    throw new UnusableFileError(
      requested === undefined ? `"${fileName}" has no visible sheet (sheets: ${names}).` : `"${fileName}" has no sheet "${requested}" (sheets: ${names}).`,
      'sheet-not-found',
    );
  }
  return sheet;
}

async function readSharedStrings(workbook: WorkbookPackage, limits: XlsxLimits, signal: AbortSignal | undefined): Promise<string[]> {
  const part = workbook.sharedStringsPart;
  if (!part) return [];
  const parser = new SharedStringsParser(limits, `"${workbook.archive.fileName}": ${part.name}`);
  for await (const chunk of workbook.archive.readEntry(part, { signal })) parser.push(chunk);
  return parser.finish();
}

async function readDateStyles(workbook: WorkbookPackage, limits: XlsxLimits, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const part = workbook.stylesPart;
  if (!part) return new Uint8Array(0);
  return parseDateStyles(await readXmlPart(workbook.archive, part, limits, { signal }));
}

/** Streams one sheet's rows in batches; see `XlsxRowStream` for what is produced and when merges are known. */
export function readXlsxRows(filePath: string, options: XlsxReadOptions = {}): XlsxRowStream {
  const { signal, onProgress } = options;
  const batchRows = Math.max(1, Math.floor(options.batchRows ?? DEFAULT_BATCH_ROWS));
  const limits = resolveLimits(options.limits);
  const fileName = path.basename(filePath);

  let settleMerges: (merges: MergedRange[]) => void = () => undefined;
  let failMerges: (error: Error) => void = () => undefined;
  const merges = new Promise<MergedRange[]>((resolve, reject) => {
    settleMerges = resolve;
    failMerges = reject;
  });
  // Nobody may ask for merges after a failed import; that must not surface as an unhandled rejection.
  merges.catch(() => undefined);

  async function* batches(): AsyncGenerator<RawRow[], void, undefined> {
    let workbook: WorkbookPackage | undefined;
    let finished = false;
    try {
      if (signal?.aborted) throw cancelledError(fileName);
      workbook = await openWorkbookPackage(filePath, limits);
      const sheet = chooseSheet(workbook, options.sheet);
      const sheetPart = sheet.partName === undefined ? undefined : workbook.archive.entry(sheet.partName);
      if (!sheetPart) {
        throw new UnusableFileError(`"${fileName}": the XML of sheet "${sheet.name}" is missing from the package.`, 'corrupt-archive');
      }
      const dateStyles = await readDateStyles(workbook, limits, signal);
      const sharedStrings = await readSharedStrings(workbook, limits, signal);
      const scanner = new SheetXmlScanner({ fileName, sheetName: sheet.name, sharedStrings, dateStyles, date1904: workbook.date1904 });

      let compressedBytes = 0;
      let rowsProduced = 0;
      let batch: RawRow[] = [];
      const chunks = workbook.archive.readEntry(sheetPart, {
        signal,
        onCompressedBytes: (bytes) => {
          compressedBytes = bytes;
        },
      });
      for await (const chunk of chunks) {
        scanner.push(chunk);
        for (const row of scanner.takeRows()) {
          batch.push(row);
          if (batch.length === batchRows) {
            rowsProduced += batch.length;
            yield batch;
            batch = [];
            if (signal?.aborted) throw cancelledError(fileName);
          }
        }
        onProgress?.({ bytesRead: compressedBytes, totalBytes: sheetPart.compressedSize, rows: rowsProduced + batch.length });
      }
      scanner.finish();
      batch.push(...scanner.takeRows());
      if (batch.length > 0) yield batch;
      finished = true;
      settleMerges(scanner.merges);
    } catch (error) {
      if (signal?.aborted && !(error instanceof UnusableFileError && error.code === 'cancelled')) throw cancelledError(fileName);
      throw error;
    } finally {
      await workbook?.archive.close();
      if (!finished) failMerges(new UnusableFileError(`"${fileName}": the sheet was not read to the end, so its merged ranges are unknown.`, 'cancelled'));
    }
  }

  return Object.assign(batches(), { merges });
}
