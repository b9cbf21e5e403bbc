/**
 * Text that leaves the workbench in a spreadsheet or CSV: the one rule for neutralising formulas and the one
 * CSV field writer, used by the engine's exports and by the window's own downloads alike.
 */

/**
 * OWASP CSV-injection guidance: a cell starting with = + - @, tab or carriage return can be read as a
 * formula, so it gets a leading apostrophe, which spreadsheets show as plain text.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A cell as a spreadsheet should receive it: numbers as they are, text neutralised, nothing as empty text. */
export function safeCell(value: string | number | null): string | number {
  if (value === null) return '';
  return typeof value === 'number' ? value : neutraliseFormula(value);
}

/** RFC 4180 quoting alone: the text quoted when it holds a quote, comma or line break, as it is otherwise. */
export function quoteCsvText(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One field of a CSV that leaves the workbench: neutralised, then quoted as RFC 4180 needs. */
export function csvField(value: string | number | null): string {
  return quoteCsvText(String(safeCell(value)));
}

/** Rows as CSV text with CRLF line ends, each field through csvField. */
export function csvText(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
