/**
 * The raw grid every reader (streaming xlsx, SheetJS, CSV) produces before any interpretation.
 * Readers keep what the file says and nothing more: header detection, type coercion and validation
 * happen later, on this shape, so the same rules apply whatever the file format.
 */
import { EngineError } from '../errors';

/** A number the workbook formats as a date or time; `serial` is Excel's 1900-system day count. */
export interface ExcelDateCell {
  readonly kind: 'date';
  readonly serial: number;
}

/** An Excel error value such as `#N/A` or `#DIV/0!`. */
export interface ExcelErrorCell {
  readonly kind: 'error';
  readonly code: string;
}

export type RawCell = null | string | number | boolean | ExcelDateCell | ExcelErrorCell;

export interface RawRow {
  /** 1-based row number as the user sees it in Excel (or the line's record number in a CSV). */
  readonly rowNumber: number;
  /** Index 0 is column A. Trailing empty cells may be omitted; gaps are `null`. */
  readonly cells: RawCell[];
}

export interface SheetInfo {
  readonly name: string;
  readonly hidden: boolean;
}

/** A rectangular merged range, 0-based and inclusive, as found in the sheet. */
export interface MergedRange {
  readonly firstRow: number;
  readonly firstColumn: number;
  readonly lastRow: number;
  readonly lastColumn: number;
}

/** Thrown by readers for files they cannot use; the message names the file and, where known, sheet/row/column. */
export class UnusableFileError extends EngineError {
  constructor(
    message: string,
    readonly code:
      | 'empty-file'
      | 'not-a-workbook'
      | 'corrupt-archive'
      | 'encrypted'
      | 'too-large'
      | 'sheet-not-found'
      | 'unsupported-format'
      | 'malformed-xml'
      | 'header-row'
      | 'cancelled',
  ) {
    super(message, code === 'cancelled' ? 'cancelled' : 'unusable-file', code === 'cancelled' ? undefined : { reason: code });
  }
}

export class ImportCancelledError extends EngineError {
  constructor(fileName: string) {
    super(`The import of ${fileName} was cancelled; the workspace is unchanged`, 'cancelled');
  }
}
