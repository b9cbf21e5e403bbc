/**
 * The plain (no-specification) workbook import: a sheet's rows, as the streaming reader (or SheetJS, for
 * .xls) produces them, are written to a UTF-8 CSV in the workspace's staging folder while each column's
 * type is learnt from the cells themselves; DuckDB's `read_csv` then loads that file with the exact column
 * types, no sniffing. Excel already says what each cell is (number, date-formatted number, boolean, text),
 * so nothing is guessed from text: `00123` typed as text stays text.
 */
import { open } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../sql';
import { excelSerialToIsoDate, uniqueLabels, UnusableFileError, type RawCell, type RawRow } from '../tabular';

/** The DuckDB type a column gets, from what its cells hold. */
export type SheetColumnType = 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | 'VARCHAR';

export interface StagedSheetColumn {
  readonly label: string;
  readonly type: SheetColumnType;
}

export interface StagedSheet {
  readonly headerRowNumber: number;
  readonly columns: readonly StagedSheetColumn[];
  /** Data rows written (rows with at least one value below the header). */
  readonly rows: number;
  /** Whether some data row is shorter than the widest, so `read_csv` must pad with NULLs. */
  readonly ragged: boolean;
}

export interface StageSheetOptions {
  readonly fileName: string;
  readonly sheet: string;
  /** The header row as numbered in Excel; by default the first row holding any value. */
  readonly headerRowNumber?: number;
  readonly signal?: AbortSignal;
  readonly onRows?: (rows: number) => void;
}

// What a column has seen, as bits, so the per-cell work is one OR.
const SEEN_INTEGER = 1;
const SEEN_FRACTION = 2;
const SEEN_BOOLEAN = 4;
const SEEN_DATE = 8;
const SEEN_DATE_TIME = 16;
const SEEN_TEXT = 32;
const SEEN_NUMBER = SEEN_INTEGER | SEEN_FRACTION;
const SEEN_CALENDAR = SEEN_DATE | SEEN_DATE_TIME;

const MS_PER_DAY = 86_400_000;

function columnType(seen: number): SheetColumnType {
  if (seen === 0 || (seen & SEEN_TEXT) !== 0) return 'VARCHAR';
  if ((seen & ~SEEN_NUMBER) === 0) return (seen & SEEN_FRACTION) === 0 ? 'BIGINT' : 'DOUBLE';
  if (seen === SEEN_BOOLEAN) return 'BOOLEAN';
  if ((seen & ~SEEN_CALENDAR) === 0) return (seen & SEEN_DATE_TIME) === 0 ? 'DATE' : 'TIMESTAMP';
  // Numbers mixed with dates or booleans: keep every value, as the text Excel would show.
  return 'VARCHAR';
}

function quoted(text: string): string {
  return text.includes('"') ? `"${text.replaceAll('"', '""')}"` : `"${text}"`;
}

const two = (value: number): string => (value < 10 ? `0${value}` : String(value));

/** `hh:mm:ss`, with `.mmm` only when there are milliseconds, of a serial's fraction of a day. */
function timeOfDay(serial: number): string {
  const milliseconds = Math.min(MS_PER_DAY - 1, Math.round((serial - Math.floor(serial)) * MS_PER_DAY));
  const seconds = Math.floor(milliseconds / 1000);
  const clock = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  const fraction = milliseconds % 1000;
  return fraction === 0 ? clock : `${clock}.${String(fraction).padStart(3, '0')}`;
}

/** Sheets repeat the same few thousand days, so each day's ISO text is worked out once. */
const DAY_CACHE_LIMIT = 100_000;

/**
 * Writes one cell as a CSV field and returns what it is. The text never depends on the column's final
 * type, so the file can be written before the type is known: `read_csv` casts it, and a VARCHAR column
 * shows what Excel shows.
 */
class CellWriter {
  kind = 0;
  private readonly days = new Map<number, string | null>();

  private isoDay(serial: number): string | null {
    const day = Math.floor(serial);
    let text = this.days.get(day);
    if (text === undefined) {
      if (this.days.size >= DAY_CACHE_LIMIT) this.days.clear();
      text = excelSerialToIsoDate(day);
      this.days.set(day, text);
    }
    return text;
  }

  field(cell: RawCell): string {
    if (cell === null) {
      this.kind = 0;
      return '';
    }
    switch (typeof cell) {
      case 'number':
        this.kind = Number.isSafeInteger(cell) ? SEEN_INTEGER : SEEN_FRACTION;
        return String(cell);
      case 'string':
        this.kind = SEEN_TEXT;
        return quoted(cell);
      case 'boolean':
        this.kind = SEEN_BOOLEAN;
        return cell ? 'TRUE' : 'FALSE';
      default:
        break;
    }
    if (cell.kind === 'error') {
      this.kind = SEEN_TEXT;
      return quoted(cell.code);
    }
    const day = this.isoDay(cell.serial);
    if (day === null) {
      // A time of day alone, or a serial with no calendar date: the number itself is what is known.
      this.kind = Number.isSafeInteger(cell.serial) ? SEEN_INTEGER : SEEN_FRACTION;
      return String(cell.serial);
    }
    if (Number.isInteger(cell.serial)) {
      this.kind = SEEN_DATE;
      return day;
    }
    this.kind = SEEN_DATE_TIME;
    return `${day} ${timeOfDay(cell.serial)}`;
  }
}

function headerLabel(cell: RawCell | undefined): string {
  if (cell === undefined || cell === null) return '';
  const writer = new CellWriter();
  const shown = typeof cell === 'string' ? cell : writer.field(cell).replace(/^"|"$/g, '').replaceAll('""', '"');
  return shown.replace(/[\r\n]+/g, ' ').replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * Streams a sheet's rows into `stagedPath` (created with mode 0600) and returns the columns to load it
 * with. Rows above the header are left out; the header's blank and repeated labels are made unique
 * (`column_7`, `Date_2`), as everywhere else in the engine.
 */
export async function stageSheetAsCsv(
  batches: AsyncIterable<RawRow[]> | Iterable<RawRow[]>,
  stagedPath: string,
  options: StageSheetOptions,
): Promise<StagedSheet> {
  const handle = await open(stagedPath, 'w', 0o600);
  // One write in flight while the next batch is scanned: the disk and the scanner overlap.
  let writing: Promise<unknown> = Promise.resolve();
  try {
    let header: RawRow | undefined;
    const seen: number[] = [];
    let headerWidth = 0;
    let widest = 0;
    let narrowest = Number.POSITIVE_INFINITY;
    let rows = 0;
    const writer = new CellWriter();
    for await (const batch of batches) {
      if (options.signal?.aborted) break;
      let text = '';
      for (const row of batch) {
        if (header === undefined) {
          if (options.headerRowNumber !== undefined && row.rowNumber < options.headerRowNumber) continue;
          header = row;
          headerWidth = row.cells.length;
          continue;
        }
        const cells = row.cells;
        const width = cells.length;
        let line = '';
        for (let index = 0; index < width; index += 1) {
          const field = writer.field(cells[index] as RawCell);
          if (index > 0) line += ',';
          line += field;
          seen[index] = (seen[index] ?? 0) | writer.kind;
        }
        // Pad to the header's width, so a sheet whose rows are no wider than its header needs no padding pass.
        for (let index = width; index < headerWidth; index += 1) line += index > 0 ? ',' : '';
        const written = Math.max(width, headerWidth);
        if (written > widest) widest = written;
        if (written < narrowest) narrowest = written;
        text += `${line}\n`;
        rows += 1;
      }
      if (text.length > 0) {
        await writing;
        writing = handle.write(text);
      }
      options.onRows?.(rows);
    }
    await writing;
    if (header === undefined) {
      const where = options.headerRowNumber === undefined ? 'any row with a value' : `a row ${options.headerRowNumber} or below with a value`;
      throw new UnusableFileError(`"${options.fileName}": sheet "${options.sheet}" has no header: it has no ${where}.`, 'empty-file');
    }
    const width = Math.max(headerWidth, widest);
    const rawLabels = Array.from({ length: width }, (_, index) => headerLabel(header.cells[index]));
    const { labels } = uniqueLabels(rawLabels);
    return {
      headerRowNumber: header.rowNumber,
      columns: labels.map((label, index) => ({ label, type: columnType(seen[index] ?? 0) })),
      rows,
      ragged: rows > 0 && narrowest < width,
    };
  } finally {
    await writing.catch(() => undefined);
    await handle.close();
  }
}

/**
 * Loads a staged sheet into `target` (a quoted, qualified table name) inside the caller's transaction. The
 * file's columns are named `c0`, `c1`, … by the engine, and renamed to the sheet's labels with
 * `quoteIdentifier`, so no label reaches SQL unquoted.
 */
export async function loadStagedSheet(connection: DuckDBConnection, stagedPath: string, staged: StagedSheet, target: string): Promise<void> {
  const fileColumns = staged.columns.map((column, index) => `'c${index}': '${column.type}'`).join(', ');
  const renamed = staged.columns.map((column, index) => `${quoteIdentifier(`c${index}`)} AS ${quoteIdentifier(column.label)}`).join(', ');
  await connection.run(
    `CREATE TABLE ${target} AS SELECT ${renamed} FROM read_csv($path, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', null_padding = ${staged.ragged ? 'true' : 'false'}, columns = {${fileColumns}})`,
    { path: stagedPath },
  );
}
