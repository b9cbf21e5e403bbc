/**
 * Incremental scanner for worksheet XML (ECMA-376 Part 1, §18.3.1), fed the inflated bytes chunk by chunk.
 *
 * Why bytes and not a general XML parser: a 1M-row sheet is ~435 MB of XML with ~45M tags, and the only
 * text worth decoding is the cell values. The scanner jumps from `<` to `<` with native `indexOf`, reads tag
 * names and the few attributes it needs (`r`, `s`, `t`, `ref`) straight from the bytes, and decodes only the
 * content of `<v>` and inline-string `<t>`. Numbers and shared-string indexes are parsed from the bytes
 * without making a string at all.
 *
 * Chunk boundaries: each tag (with, for `<v>`/`<t>`, its text) is handled as one unit, and state changes only
 * once a unit is complete. When a unit is cut by the end of a chunk, its bytes are kept and the unit is
 * handled again, whole, when the next chunk arrives.
 */
import { UnusableFileError, type MergedRange, type RawCell, type RawRow } from '../tabular';
import { DATE_1904_OFFSET_DAYS, isoDateTextToSerial } from './excel-date';
import { decodeCellText } from './xml-text';

/** Column XFD, the last one Excel allows (0-based index 16383). */
export const MAX_COLUMN_INDEX = 16_383;

export interface SheetScanContext {
  readonly fileName: string;
  readonly sheetName: string;
  readonly sharedStrings: readonly string[];
  /** Indexed by style (`s`); 1 when the style formats numbers as dates. */
  readonly dateStyles: Uint8Array;
  readonly date1904: boolean;
}

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

const CELL_NUMBER = 0;
const CELL_SHARED_STRING = 1;
const CELL_FORMULA_STRING = 2;
const CELL_INLINE_STRING = 3;
const CELL_BOOLEAN = 4;
const CELL_ERROR = 5;
const CELL_ISO_DATE = 6;

const TAG_OTHER = 0;
const TAG_CELL = 1;
const TAG_VALUE = 2;
const TAG_TEXT = 3;
const TAG_ROW = 4;
const TAG_INLINE_STRING = 5;
const TAG_PHONETIC_RUN = 6;
const TAG_SHEET_DATA = 7;
const TAG_MERGE_CELL = 8;

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, exponent) => 10 ** exponent);

function isXmlWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Identifies a tag from its local name bytes, without making a string. */
function classifyTag(buf: Buffer, start: number, length: number): number {
  const first = buf[start]!;
  switch (length) {
    case 1:
      return first === 0x63 ? TAG_CELL : first === 0x76 ? TAG_VALUE : first === 0x74 ? TAG_TEXT : TAG_OTHER;
    case 2:
      return first === 0x69 && buf[start + 1] === 0x73 ? TAG_INLINE_STRING : TAG_OTHER;
    case 3:
      if (first === 0x72 && buf[start + 1] === 0x6f && buf[start + 2] === 0x77) return TAG_ROW;
      if (first === 0x72 && buf[start + 1] === 0x50 && buf[start + 2] === 0x68) return TAG_PHONETIC_RUN;
      return TAG_OTHER;
    case 9:
      if (buf.toString('latin1', start, start + 9) === 'sheetData') return TAG_SHEET_DATA;
      if (buf.toString('latin1', start, start + 9) === 'mergeCell') return TAG_MERGE_CELL;
      return TAG_OTHER;
    default:
      return TAG_OTHER;
  }
}

function cellTypeOf(buf: Buffer, start: number, end: number): number {
  const length = end - start;
  const first = buf[start];
  if (length === 1) {
    if (first === 0x73) return CELL_SHARED_STRING;
    if (first === 0x62) return CELL_BOOLEAN;
    if (first === 0x65) return CELL_ERROR;
    if (first === 0x64) return CELL_ISO_DATE;
    return CELL_NUMBER;
  }
  if (length === 3 && first === 0x73) return CELL_FORMULA_STRING;
  if (length === 9 && first === 0x69) return CELL_INLINE_STRING;
  return CELL_NUMBER;
}

/** Non-negative decimal integer from ASCII digits; -1 when the bytes are not just digits. */
function parseDigits(buf: Buffer, start: number, end: number): number {
  if (start >= end) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = buf[i]! - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * A cell's number. Plain decimals of up to 15 significant digits are computed from the bytes: an integer
 * below 2^53 divided by an exact power of ten is correctly rounded, hence identical to `parseFloat`.
 * Anything else (exponents, long mantissas) goes through `parseFloat` like SheetJS.
 */
function parseCellNumber(buf: Buffer, start: number, end: number): number {
  let i = start;
  const negative = buf[i] === 0x2d;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1;
  for (; i < end; i++) {
    const byte = buf[i]!;
    if (byte >= 0x30 && byte <= 0x39) {
      mantissa = mantissa * 10 + (byte - 0x30);
      digits++;
      if (fractionDigits >= 0) fractionDigits++;
    } else if (byte === 0x2e && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      return Number.parseFloat(buf.toString('latin1', start, end));
    }
  }
  if (digits === 0 || digits > 15) return Number.parseFloat(buf.toString('latin1', start, end));
  const magnitude = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits]! : mantissa;
  return negative ? -magnitude : magnitude;
}

/** Offset of the first byte at or after `start` that is `byte`, or -1; a JS loop beats a native call for short runs. */
function findByte(buf: Buffer, byte: number, start: number): number {
  const length = buf.length;
  for (let i = start; i < length; i++) if (buf[i] === byte) return i;
  return -1;
}

/** Length of the letters at the start of a reference such as `AB12`. */
function referenceLettersLength(buf: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end && buf[i]! >= 0x41 && buf[i]! <= 0x5a) i++;
  return i - start;
}

/** 0-based column of reference letters; saturates past XFD so absurdly long references cannot overflow. */
function columnOfLetters(buf: Buffer, start: number, end: number): number {
  let column = 0;
  for (let i = start; i < end; i++) {
    column = column * 26 + (buf[i]! - 0x40);
    if (column > MAX_COLUMN_INDEX + 1) return MAX_COLUMN_INDEX + 1;
  }
  return column - 1;
}

function cellPositionOf(reference: string): { row: number; column: number } | undefined {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(reference.trim().toUpperCase());
  if (!match) return undefined;
  let column = 0;
  for (const letter of match[1]!) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, column: column - 1 };
}

export function parseMergedRange(reference: string): MergedRange | undefined {
  const [first, last = first] = reference.split(':');
  const start = first === undefined ? undefined : cellPositionOf(first);
  const end = last === undefined ? undefined : cellPositionOf(last);
  if (!start || !end) return undefined;
  return {
    firstRow: Math.min(start.row, end.row),
    firstColumn: Math.min(start.column, end.column),
    lastRow: Math.max(start.row, end.row),
    lastColumn: Math.max(start.column, end.column),
  };
}

export class SheetXmlScanner {
  readonly merges: MergedRange[] = [];
  private completedRows: RawRow[] = [];
  private pending: Buffer | undefined;

  private inSheetData = false;
  private rowOpen = false;
  private rowNumber = 0;
  private rowNumberExplicit = false;
  private cells: RawCell[] = [];
  private lastColumn = -1;

  private cellOpen = false;
  private cellColumn = 0;
  private cellType = CELL_NUMBER;
  private cellIsDate = false;
  private cellValue: RawCell = null;
  private inInlineString = false;
  private inPhoneticRun = false;
  private inlineText = '';

  // Attribute value ranges of the tag being read, as byte offsets into the current buffer (-1: absent).
  private attributeR = -1;
  private attributeREnd = -1;
  private attributeS = -1;
  private attributeSEnd = -1;
  private attributeT = -1;
  private attributeTEnd = -1;
  private attributeRef = -1;
  private attributeRefEnd = -1;
  private tagSelfClosing = false;

  constructor(private readonly context: SheetScanContext) {}

  /** Rows completed so far, handed over once: the scanner forgets them. */
  takeRows(): RawRow[] {
    const rows = this.completedRows;
    this.completedRows = [];
    return rows;
  }

  push(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const resumeAt = this.scan(buf);
    this.pending = resumeAt < buf.length ? buf.subarray(resumeAt) : undefined;
  }

  /** Call once the XML has ended; throws if it stopped in the middle of the sheet data. */
  finish(): void {
    const leftover = this.pending?.toString('utf8').trim() ?? '';
    if (leftover !== '' || this.inSheetData) {
      throw this.malformed('the sheet XML ends in the middle of the data');
    }
  }

  private malformed(detail: string): UnusableFileError {
    return new UnusableFileError(`"${this.context.fileName}", sheet "${this.context.sheetName}": ${detail}.`, 'malformed-xml');
  }

  /** Handles every complete unit in `buf`; returns where the first incomplete one starts. */
  private scan(buf: Buffer): number {
    const length = buf.length;
    let position = 0;
    while (position < length) {
      // In sheet data tags follow each other directly, so the native search is rarely needed.
      const tagStart = buf[position] === LESS_THAN ? position : buf.indexOf(LESS_THAN, position);
      if (tagStart === -1) return length;
      if (tagStart + 1 >= length) return tagStart;
      const second = buf[tagStart + 1]!;
      if (second === SLASH) {
        const tagEnd = buf.indexOf(GREATER_THAN, tagStart + 2);
        if (tagEnd === -1) return tagStart;
        this.endTag(buf, tagStart + 2, tagEnd);
        position = tagEnd + 1;
      } else if (second === 0x3f /* ? */) {
        const end = buf.indexOf('?>', tagStart + 2, 'latin1');
        if (end === -1) return tagStart;
        position = end + 2;
      } else if (second === 0x21 /* ! */) {
        const next = this.skipMarkup(buf, tagStart);
        if (next === -1) return tagStart;
        position = next;
      } else if (second === 0x76 /* v */ && buf[tagStart + 2] === GREATER_THAN && this.cellOpen) {
        const next = this.readValue(buf, tagStart + 3);
        if (next === -1) return tagStart;
        position = next;
      } else if (second === 0x63 /* c */ && buf[tagStart + 2] === 0x20) {
        const next = this.cellTag(buf, tagStart);
        if (next === -1) return tagStart;
        position = next;
      } else {
        const next = this.startTag(buf, tagStart);
        if (next === -1) return tagStart;
        position = next;
      }
    }
    return length;
  }

  /** Comments and CDATA are skipped; a DTD is refused (entity expansion is how XML bombs work). */
  private skipMarkup(buf: Buffer, tagStart: number): number {
    if (buf.length - tagStart < 4) return -1;
    if (buf[tagStart + 2] === 0x2d && buf[tagStart + 3] === 0x2d) {
      const end = buf.indexOf('-->', tagStart + 4, 'latin1');
      return end === -1 ? -1 : end + 3;
    }
    if (buf.length - tagStart < 9) return -1;
    if (buf.toString('latin1', tagStart, tagStart + 9) === '<![CDATA[') {
      const end = buf.indexOf(']]>', tagStart + 9, 'latin1');
      return end === -1 ? -1 : end + 3;
    }
    throw this.malformed('the sheet XML declares a DTD or entities, which workbooks never need; refusing it as a possible XML bomb');
  }

  /**
   * Reads a start tag's attributes from `start` (just after the name) to its `>`, noting `r`, `s`, `t` and
   * `ref` when `record` is set. Returns the offset after the tag, or -1 when the tag is cut off.
   */
  private readAttributes(buf: Buffer, start: number, record: boolean): number {
    const length = buf.length;
    if (record) this.attributeR = this.attributeS = this.attributeT = this.attributeRef = -1;
    let i = start;
    for (;;) {
      if (i >= length) return -1;
      let byte = buf[i]!;
      if (byte <= 0x20) {
        i++;
        continue;
      }
      if (byte === GREATER_THAN) {
        this.tagSelfClosing = false;
        return i + 1;
      }
      if (byte === SLASH) {
        if (i + 1 >= length) return -1;
        this.tagSelfClosing = true;
        return i + 2;
      }
      const nameStart = i;
      let nameEnd = -1;
      while (byte !== EQUALS) {
        if (byte <= 0x20 && nameEnd === -1) nameEnd = i;
        if (++i >= length) return -1;
        byte = buf[i]!;
      }
      if (nameEnd === -1) nameEnd = i;
      do {
        if (++i >= length) return -1;
        byte = buf[i]!;
      } while (byte <= 0x20);
      if (byte !== QUOTE && byte !== APOSTROPHE) throw this.malformed('an attribute value is not quoted');
      const valueStart = i + 1;
      const valueEnd = findByte(buf, byte, valueStart);
      if (valueEnd === -1) return -1;
      if (record) this.noteAttribute(buf, nameStart, nameEnd, valueStart, valueEnd);
      i = valueEnd + 1;
    }
  }

  /** `<c …>`, the most frequent tag, recognised without the generic name handling. */
  private cellTag(buf: Buffer, tagStart: number): number {
    const next = this.readAttributes(buf, tagStart + 2, true);
    if (next !== -1 && this.rowOpen) {
      this.beginCell(buf);
      if (this.tagSelfClosing) this.endCell();
    }
    return next;
  }

  private startTag(buf: Buffer, tagStart: number): number {
    const length = buf.length;
    let i = tagStart + 1;
    let nameStart = i;
    for (; i < length; i++) {
      const byte = buf[i]!;
      if (byte === GREATER_THAN || byte === SLASH || isXmlWhitespace(byte)) break;
      if (byte === COLON) nameStart = i + 1;
    }
    if (i >= length) return -1;
    const tag = classifyTag(buf, nameStart, i - nameStart);
    i = this.readAttributes(buf, i, tag === TAG_CELL || tag === TAG_ROW || tag === TAG_MERGE_CELL);
    if (i === -1) return -1;
    const selfClosing = this.tagSelfClosing;

    switch (tag) {
      case TAG_ROW:
        if (this.inSheetData) {
          this.beginRow(buf);
          if (selfClosing) this.endRow();
        }
        return i;
      case TAG_CELL:
        if (this.rowOpen) {
          this.beginCell(buf);
          if (selfClosing) this.endCell();
        }
        return i;
      case TAG_VALUE:
        return this.cellOpen && !selfClosing ? this.readValue(buf, i) : i;
      case TAG_TEXT:
        if (this.inInlineString && !this.inPhoneticRun && !selfClosing) {
          const textEnd = buf.indexOf(LESS_THAN, i);
          if (textEnd === -1) return -1;
          this.inlineText += buf.toString('utf8', i, textEnd);
          return textEnd;
        }
        return i;
      case TAG_INLINE_STRING:
        this.inInlineString = this.cellOpen && !selfClosing;
        return i;
      case TAG_PHONETIC_RUN:
        this.inPhoneticRun = !selfClosing;
        return i;
      case TAG_SHEET_DATA:
        this.inSheetData = !selfClosing;
        return i;
      case TAG_MERGE_CELL:
        if (this.attributeRef !== -1) {
          const range = parseMergedRange(buf.toString('latin1', this.attributeRef, this.attributeRefEnd));
          if (range) this.merges.push(range);
        }
        return i;
      default:
        return i;
    }
  }

  private noteAttribute(buf: Buffer, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const nameLength = nameEnd - nameStart;
    const first = buf[nameStart];
    if (nameLength === 1) {
      if (first === 0x72) {
        this.attributeR = valueStart;
        this.attributeREnd = valueEnd;
      } else if (first === 0x73) {
        this.attributeS = valueStart;
        this.attributeSEnd = valueEnd;
      } else if (first === 0x74) {
        this.attributeT = valueStart;
        this.attributeTEnd = valueEnd;
      }
    } else if (nameLength === 3 && first === 0x72 && buf[nameStart + 1] === 0x65 && buf[nameStart + 2] === 0x66) {
      this.attributeRef = valueStart;
      this.attributeRefEnd = valueEnd;
    }
  }

  private beginRow(buf: Buffer): void {
    if (this.rowOpen) this.endRow();
    const explicit = this.attributeR === -1 ? -1 : parseDigits(buf, this.attributeR, this.attributeREnd);
    this.rowNumberExplicit = explicit > 0;
    this.rowNumber = explicit > 0 ? explicit : this.rowNumber + 1;
    this.rowOpen = true;
    this.cells = [];
    this.lastColumn = -1;
  }

  private endRow(): void {
    if (this.cells.length > 0) this.completedRows.push({ rowNumber: this.rowNumber, cells: this.cells });
    this.cells = [];
    this.rowOpen = false;
  }

  private beginCell(buf: Buffer): void {
    let column = this.lastColumn + 1;
    if (this.attributeR !== -1) {
      const digitsStart = this.attributeR + referenceLettersLength(buf, this.attributeR, this.attributeREnd);
      column = columnOfLetters(buf, this.attributeR, digitsStart);
      if (column > MAX_COLUMN_INDEX) {
        const text = buf.toString('latin1', this.attributeR, this.attributeREnd);
        throw this.malformed(`cell ${text} lies beyond column XFD, the last column Excel allows`);
      }
      // A row written without `r` takes its number from its first cell's reference.
      if (!this.rowNumberExplicit && this.cells.length === 0 && this.lastColumn === -1) {
        const row = parseDigits(buf, digitsStart, this.attributeREnd);
        if (row > 0) this.rowNumber = row;
      }
    } else if (column > MAX_COLUMN_INDEX) {
      throw this.malformed(`row ${this.rowNumber} has a cell after column XFD, the last column Excel allows`);
    }
    this.cellColumn = column;
    this.cellType = this.attributeT === -1 ? CELL_NUMBER : cellTypeOf(buf, this.attributeT, this.attributeTEnd);
    const style = this.attributeS === -1 ? 0 : parseDigits(buf, this.attributeS, this.attributeSEnd);
    this.cellIsDate = style >= 0 && this.context.dateStyles[style] === 1;
    this.cellValue = null;
    this.inlineText = '';
    this.cellOpen = true;
  }

  private endCell(): void {
    let value = this.cellValue;
    if (this.cellType === CELL_INLINE_STRING) value = this.inlineText === '' ? null : decodeCellText(this.inlineText) || null;
    if (value !== null) {
      const cells = this.cells;
      const column = this.cellColumn;
      if (column === cells.length) cells.push(value);
      else if (column > cells.length) {
        while (cells.length < column) cells.push(null);
        cells.push(value);
      } else cells[column] = value;
    }
    this.lastColumn = this.cellColumn;
    this.cellOpen = false;
    this.inInlineString = false;
  }

  /** Decodes a `<v>` element's text for the open cell; returns where scanning resumes, or -1 if cut off. */
  private readValue(buf: Buffer, textStart: number): number {
    const textEnd = findByte(buf, LESS_THAN, textStart);
    if (textEnd === -1) return -1;
    this.cellValue = this.decodeValue(buf, textStart, textEnd);
    // Most cells end `…</v></c>`: close the cell here instead of dispatching two more tags.
    if (
      textEnd + 8 <= buf.length &&
      buf[textEnd + 1] === SLASH &&
      buf[textEnd + 2] === 0x76 &&
      buf[textEnd + 3] === GREATER_THAN &&
      buf[textEnd + 4] === LESS_THAN &&
      buf[textEnd + 5] === SLASH &&
      buf[textEnd + 6] === 0x63 &&
      buf[textEnd + 7] === GREATER_THAN
    ) {
      this.endCell();
      return textEnd + 8;
    }
    return textEnd;
  }

  private decodeValue(buf: Buffer, start: number, end: number): RawCell {
    if (start === end) return null;
    switch (this.cellType) {
      case CELL_NUMBER: {
        const number = parseCellNumber(buf, start, end);
        if (Number.isNaN(number)) return null;
        if (!this.cellIsDate) return number;
        return { kind: 'date', serial: this.context.date1904 ? number + DATE_1904_OFFSET_DAYS : number };
      }
      case CELL_SHARED_STRING: {
        const index = parseDigits(buf, start, end);
        const text = this.context.sharedStrings[index];
        if (text === undefined) {
          throw this.malformed(`a cell in row ${this.rowNumber} refers to shared string ${buf.toString('latin1', start, end)}, which does not exist`);
        }
        return text === '' ? null : text;
      }
      case CELL_FORMULA_STRING:
        return decodeCellText(buf.toString('utf8', start, end)) || null;
      case CELL_BOOLEAN: {
        const text = buf.toString('latin1', start, end);
        return text === '1' || text === 'true';
      }
      case CELL_ERROR:
        return { kind: 'error', code: decodeCellText(buf.toString('utf8', start, end)) };
      case CELL_ISO_DATE: {
        const text = buf.toString('latin1', start, end).trim();
        const serial = isoDateTextToSerial(text);
        return serial === undefined ? text : { kind: 'date', serial };
      }
      default:
        return null;
    }
  }

  private endTag(buf: Buffer, nameStart: number, tagEnd: number): void {
    let start = nameStart;
    let end = nameStart;
    for (; end < tagEnd; end++) {
      const byte = buf[end]!;
      if (isXmlWhitespace(byte)) break;
      if (byte === COLON) start = end + 1;
    }
    switch (classifyTag(buf, start, end - start)) {
      case TAG_CELL:
        if (this.cellOpen) this.endCell();
        break;
      case TAG_ROW:
        if (this.rowOpen) this.endRow();
        break;
      case TAG_INLINE_STRING:
        this.inInlineString = false;
        break;
      case TAG_PHONETIC_RUN:
        this.inPhoneticRun = false;
        break;
      case TAG_SHEET_DATA:
        if (this.rowOpen) this.endRow();
        this.inSheetData = false;
        break;
      default:
        break;
    }
  }
}
