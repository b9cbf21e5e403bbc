/**
 * A header row the user chose (the Import screen's "header row", `--header-row` on the command line) instead
 * of the detected one. Detection treats a specification's row number as a hint and looks elsewhere when it is
 * not there; a person's explicit choice is checked instead, and refused in words that name the file, the
 * sheet and the row.
 */
import { isBlankCell } from './coerce';
import { type RawRow, UnusableFileError } from './raw';

/** Unusable input like any other (exit code 2 on the command line, 'unusable-file' in the window). */
export class HeaderRowError extends UnusableFileError {
  constructor(
    readonly fileName: string,
    readonly sheet: string,
    readonly rowNumber: number,
    reason: string,
  ) {
    super(`${fileName}, sheet "${sheet}": row ${rowNumber} cannot be the header row: ${reason}`, 'header-row');
  }
}

/**
 * Throws unless `rows` (the top of the sheet, in order, reaching at least to `headerRow` when the sheet does)
 * hold a row numbered `headerRow` with at least one non-empty cell.
 */
export function checkHeaderRow(rows: readonly RawRow[], headerRow: number, where: { readonly fileName: string; readonly sheet: string }): void {
  const row = rows.find((candidate) => candidate.rowNumber === headerRow);
  if (row !== undefined && row.cells.some((cell) => !isBlankCell(cell))) return;
  const lastWithContent = rows.reduce((last, candidate) => (candidate.cells.some((cell) => !isBlankCell(cell)) ? candidate.rowNumber : last), 0);
  let reason: string;
  if (lastWithContent === 0) reason = 'the sheet is empty.';
  else if (headerRow > lastWithContent) reason = `the sheet's last row with anything in it is row ${lastWithContent}.`;
  else reason = 'it is empty. Choose the row that holds the column titles.';
  throw new HeaderRowError(where.fileName, where.sheet, headerRow, reason);
}
