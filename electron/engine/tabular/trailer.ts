/**
 * Finds what sits below the data in a hand-made extract: totals rows, source lines, footnotes, trailing blank
 * rows. Such rows are dropped only when nothing but more such rows follows them, and every dropped row is
 * returned with its reason so the caller can report it: nothing disappears silently.
 */
import { isBlankCell } from './coerce';
import type { RawRow } from './raw';

export type DroppedRowReason = 'totals' | 'notes' | 'blank';

export interface DroppedRow {
  readonly rowNumber: number;
  readonly reason: DroppedRowReason;
}

export interface TrailerOptions {
  /** The number of columns the header labels. */
  readonly columnCount: number;
  /** How many consecutive candidate rows the streaming filter holds back before deciding they are data. */
  readonly maxHeldRows?: number;
}

const TOTALS = /^(?:grand\s+|sub[\s-]?)?totals?\b/i;
const NOTE_WORDS =
  /^(?:sources?|notes?|footnotes?|key|caveats?|definitions?|please note|data (?:extracted|as at|correct)|produced|prepared|published|contact|crown copyright)\b/i;
const NOTE_MARKS = /^(?:©|\*+\s*[A-Za-z]|\[\d+\]|\(\d+\)|[¹²³])/;
const DEFAULT_MAX_HELD_ROWS = 1000;

/** Why a row would be dropped if nothing but such rows came after it, or null for an ordinary row. */
export function trailerReason(row: RawRow, columnCount: number): DroppedRowReason | null {
  const filled = row.cells.filter((cell) => !isBlankCell(cell));
  const first = filled[0];
  if (first === undefined) return 'blank';
  if (typeof first !== 'string') return null;
  const text = first.trim();
  if (TOTALS.test(text)) return 'totals';
  if (NOTE_WORDS.test(text) || NOTE_MARKS.test(text)) return 'notes';
  const sentence = text.split(/\s+/).length >= 3;
  if (filled.length === 1 && columnCount >= 3 && sentence) return 'notes';
  return null;
}

/** Splits a complete list of data rows into the data and the trailer below it. */
export function splitTrailer(rows: readonly RawRow[], options: TrailerOptions): { dataRows: RawRow[]; dropped: DroppedRow[] } {
  let end = rows.length;
  const dropped: DroppedRow[] = [];
  while (end > 0) {
    const row = rows[end - 1] as RawRow;
    const reason = trailerReason(row, options.columnCount);
    if (reason === null) break;
    dropped.unshift({ rowNumber: row.rowNumber, reason });
    end -= 1;
  }
  return { dataRows: rows.slice(0, end), dropped };
}

export interface TrailerFilter {
  /** Returns the rows now known to be data; candidates are held until a data row follows or the input ends. */
  push(rows: readonly RawRow[]): RawRow[];
  /** Ends the input: held rows are the trailer. */
  finish(): DroppedRow[];
}

/** The streaming form of `splitTrailer`, holding back at most `maxHeldRows` rows. */
export function createTrailerFilter(options: TrailerOptions): TrailerFilter {
  const maxHeld = options.maxHeldRows ?? DEFAULT_MAX_HELD_ROWS;
  let held: { row: RawRow; reason: DroppedRowReason }[] = [];
  return {
    push(rows) {
      const released: RawRow[] = [];
      for (const row of rows) {
        const reason = trailerReason(row, options.columnCount);
        if (reason === null) {
          for (const candidate of held) released.push(candidate.row);
          held = [];
          released.push(row);
          continue;
        }
        held.push({ row, reason });
        if (held.length > maxHeld) released.push((held.shift() as { row: RawRow }).row);
      }
      return released;
    },
    finish() {
      const dropped = held.map(({ row, reason }) => ({ rowNumber: row.rowNumber, reason }));
      held = [];
      return dropped;
    },
  };
}
