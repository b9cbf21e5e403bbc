/**
 * Which cell styles show numbers as dates. Excel stores a date as a plain number; only the number format of
 * the cell's style (`s` → `cellXfs[s].numFmtId` → built-in or custom format code) says it is a date.
 */
import { findStartTags } from './xml-text';

/** Built-in formats that are dates or times in every locale (ECMA-376 Part 1, §18.8.30). */
const BUILT_IN_DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

const ELAPSED_TIME_PATTERN = /^(?:h+|m+|s+)$/i;

/**
 * True when a format code displays a date or time: it has a d/m/y/h/s token (or AM/PM, or an elapsed-time
 * bracket like `[h]`) outside quoted text, escaped characters, padding/fill characters and other brackets
 * (`[Red]`, `[$-809]`, `[>=100]`).
 */
export function isDateFormatCode(formatCode: string): boolean {
  let index = 0;
  while (index < formatCode.length) {
    const character = formatCode[index]!;
    switch (character) {
      case '"': {
        const closing = formatCode.indexOf('"', index + 1);
        index = closing === -1 ? formatCode.length : closing + 1;
        break;
      }
      case '\\':
      case '_':
      case '*':
        index += 2;
        break;
      case '[': {
        const closing = formatCode.indexOf(']', index + 1);
        const inside = formatCode.slice(index + 1, closing === -1 ? formatCode.length : closing);
        if (ELAPSED_TIME_PATTERN.test(inside)) return true;
        index = closing === -1 ? formatCode.length : closing + 1;
        break;
      }
      case 'G':
      case 'g':
        index += formatCode.slice(index, index + 7).toLowerCase() === 'general' ? 7 : 1;
        break;
      case 'A':
      case 'a': {
        const ahead = formatCode.slice(index, index + 5).toUpperCase();
        if (ahead === 'AM/PM' || ahead.startsWith('A/P')) return true;
        index += 1;
        break;
      }
      default:
        if ('dmyhsDMYHS'.includes(character)) return true;
        index += 1;
    }
  }
  return false;
}

/**
 * For each `cellXfs` index, 1 when the style formats numbers as dates. A byte array keeps the per-cell lookup
 * in the sheet scanner to one indexed read.
 */
export function parseDateStyles(stylesXml: string): Uint8Array {
  const customFormats = new Map<number, string>();
  for (const attributes of findStartTags(stylesXml, 'numFmt')) {
    const id = Number(attributes.get('numFmtId'));
    const code = attributes.get('formatCode');
    if (Number.isInteger(id) && code !== undefined) customFormats.set(id, code);
  }

  const cellXfsStart = stylesXml.search(/<(?:[\w.-]+:)?cellXfs[\s>]/);
  if (cellXfsStart === -1) return new Uint8Array(0);
  const closing = stylesXml.slice(cellXfsStart).search(/<\/(?:[\w.-]+:)?cellXfs\s*>/);
  const cellXfsXml = closing === -1 ? '' : stylesXml.slice(cellXfsStart, cellXfsStart + closing);

  const formatIds = findStartTags(cellXfsXml, 'xf').map((attributes) => Number(attributes.get('numFmtId') ?? 0));
  const dateStyles = new Uint8Array(formatIds.length);
  formatIds.forEach((formatId, styleIndex) => {
    const customCode = customFormats.get(formatId);
    const isDate = customCode !== undefined ? isDateFormatCode(customCode) : BUILT_IN_DATE_FORMAT_IDS.has(formatId);
    dateStyles[styleIndex] = isDate ? 1 : 0;
  });
  return dateStyles;
}
