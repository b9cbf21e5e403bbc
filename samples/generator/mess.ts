/**
 * The mess catalogue: the ways real extracts go wrong, each applied at a documented rate and every
 * occurrence recorded (file, sheet, column, row) so the answer key can say exactly what a validator
 * should find. Rows are numbered as a user sees them in Excel or a text editor (1-based, counting notes
 * and header rows).
 */
import { isValidNhsNumber, isValidUpn } from '../../shared/identifiers';
import { type Day, excelSerial, ukDate } from './dates';
import { nameVariants } from './names';
import type { Cell } from './output';
import type { Random } from './random';

export interface MessEntry {
  type: string;
  sheet: string | null;
  column: string;
  count: number;
  /** Row numbers as ranges, e.g. "5,9-11,40". */
  rows: string;
}

export interface FileMess {
  /** Total occurrences of each type in the file, over all columns. */
  counts: Record<string, number>;
  entries: MessEntry[];
}

export interface LinkRow {
  file: string;
  sheet: string | null;
  row: number;
  personId: string;
}

/** "5,9-11,40" for rows 5, 9, 10, 11 and 40. */
export function compactRows(rows: readonly number[]): string {
  const sorted = [...new Set(rows)].sort((left, right) => left - right);
  const parts: string[] = [];
  let start = sorted[0];
  let previous = start;
  for (const row of sorted.slice(1)) {
    if (row === (previous as number) + 1) {
      previous = row;
      continue;
    }
    parts.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = row;
    previous = row;
  }
  if (start !== undefined) parts.push(start === previous ? `${start}` : `${start}-${previous}`);
  return parts.join(',');
}

export function expandRows(compact: string): number[] {
  if (compact === '') return [];
  return compact.split(',').flatMap((part) => {
    const [first, last] = part.split('-').map(Number) as [number, number | undefined];
    if (last === undefined) return [first];
    return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
  });
}

export class MessLedger {
  private readonly rowsByKey = new Map<string, { file: string; type: string; sheet: string | null; column: string; rows: number[] }>();

  record(file: string, sheet: string | null, column: string, type: string, row: number): void {
    const key = JSON.stringify([file, sheet, column, type]);
    const entry = this.rowsByKey.get(key) ?? { file, type, sheet, column, rows: [] };
    this.rowsByKey.set(key, entry);
    entry.rows.push(row);
  }

  summary(): Record<string, FileMess> {
    const result: Record<string, FileMess> = {};
    const entries = [...this.rowsByKey.values()].sort(
      (left, right) =>
        left.file.localeCompare(right.file) ||
        left.type.localeCompare(right.type) ||
        (left.sheet ?? '').localeCompare(right.sheet ?? '') ||
        left.column.localeCompare(right.column),
    );
    for (const entry of entries) {
      const fileMess = result[entry.file] ?? { counts: {}, entries: [] };
      result[entry.file] = fileMess;
      fileMess.counts[entry.type] = (fileMess.counts[entry.type] ?? 0) + entry.rows.length;
      fileMess.entries.push({ type: entry.type, sheet: entry.sheet, column: entry.column, count: entry.rows.length, rows: compactRows(entry.rows) });
    }
    return result;
  }
}

/** Everything an extract writer needs to record what it did. */
export class ExtractRecorder {
  readonly links: LinkRow[] = [];

  constructor(
    readonly file: string,
    private readonly ledger: MessLedger,
  ) {}

  link(sheet: string | null, row: number, personId: string): void {
    this.links.push({ file: this.file, sheet, row, personId });
  }

  mess(sheet: string | null, column: string, type: string, row: number): void {
    this.ledger.record(this.file, sheet, column, type, row);
  }
}

/** An NHS number with its check digit changed, so it fails modulus 11. */
export function breakNhsNumber(nhsNumber: string, random: Random): string {
  for (;;) {
    const candidate = `${nhsNumber.slice(0, 9)}${random.int(0, 9)}`;
    if (!isValidNhsNumber(candidate)) return candidate;
  }
}

/** A UPN with its check letter replaced by another valid UPN letter, so the check fails. */
export function breakUpn(upn: string, random: Random): string {
  for (;;) {
    const candidate = `${random.pick([...'ABCDEFGHJKLMNPQRTUVWXYZ'])}${upn.slice(1)}`;
    if (!isValidUpn(candidate)) return candidate;
  }
}

/** "9991234567" as "999 123 4567", the way NHS numbers are printed on letters and typed back in. */
export function spacedNhsNumber(nhsNumber: string): string {
  return `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
}

export type DateStyle = 'date' | 'serial' | 'text';

/** Picks how a spreadsheet date arrives: a real date cell, a bare Excel serial number, or dd/mm/yyyy text. */
export function pickDateStyle(random: Random, serialRate: number, textRate: number): DateStyle {
  const draw = random.next();
  if (draw < serialRate) return 'serial';
  if (draw < serialRate + textRate) return 'text';
  return 'date';
}

export function dateCell(day: Day, style: DateStyle): Cell {
  if (style === 'serial') return excelSerial(day);
  if (style === 'text') return ukDate(day);
  return { date: day };
}

const TRUE_SPELLINGS = ['Y', 'Yes', '1', 'TRUE', 'y', 'yes'];
const FALSE_SPELLINGS = ['N', 'No', '0', 'FALSE', 'n', 'no'];

/**
 * A boolean in the file's own spelling (canonical, e.g. ["Y", "N"]) or, as a variant, one of the other
 * ways people write it ("Yes", "1", "TRUE"…).
 */
export function booleanText(value: boolean, variant: boolean, random: Random, canonical: readonly [string, string] = ['Y', 'N']): string {
  const own = value ? canonical[0] : canonical[1];
  if (!variant) return own;
  return random.pick((value ? TRUE_SPELLINGS : FALSE_SPELLINGS).filter((spelling) => spelling !== own));
}

/** One realistic keying slip in a name: two letters swapped, a letter dropped, or a letter doubled. */
export function typo(name: string, random: Random): string {
  const letters = [...name];
  if (letters.length < 4) return `${name}${name.slice(-1)}`;
  const position = random.int(1, letters.length - 2);
  const kind = random.int(0, 2);
  if (kind === 0) {
    const held = letters[position] as string;
    letters[position] = letters[position + 1] as string;
    letters[position + 1] = held;
    const swapped = letters.join('');
    if (swapped !== name) return swapped;
    return `${name.slice(0, position)}${name.slice(position + 1)}`;
  }
  if (kind === 1) return `${name.slice(0, position)}${name.slice(position + 1)}`;
  return `${letters.slice(0, position + 1).join('')}${letters[position]}${letters.slice(position + 1).join('')}`;
}

/** A nickname, transliteration or unaccented spelling of a given name, when one is known. */
export function forenameVariant(forename: string, random: Random): string | null {
  const variants = nameVariants(forename);
  return variants.length === 0 ? null : random.pick(variants);
}

/** How a double-barrelled surname gets recorded by someone else: one half, or a space instead of the hyphen. */
export function surnameVariant(surname: string, random: Random): string | null {
  if (!surname.includes('-')) return null;
  const [first, second] = surname.split('-') as [string, string];
  return random.pick([first, second, `${first} ${second}`]);
}

export function normaliseWardName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.,]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A ward name as another system spells it: "and" for "&", capitals, no apostrophe, stray spaces. */
export function wardNameVariant(name: string, random: Random): string {
  const options: string[] = [];
  if (name.includes('&')) options.push(name.replace(/&/g, 'and'), name.replace(/ & /g, '&'));
  if (name.includes("'")) options.push(name.replace(/'/g, ''));
  options.push(name.toUpperCase(), name.toLowerCase(), `${name} `, name.replace(/ /g, '  '));
  return random.pick(options.filter((option) => option !== name));
}

/** Place names that resolve to no Birmingham ward. */
export const UNRESOLVABLE_WARD_NAMES = ['Unknown', 'Out of force area', 'Solihull', 'B/ham Central', 'TBC', ''];
