/**
 * Decoding of SpreadsheetML text: XML character/entity references, the `_xHHHH_` escapes OOXML uses for
 * characters XML cannot carry, and attribute parsing for the small parts (workbook, rels, styles) that are
 * read whole. No DTD is ever honoured: a part that declares one is refused, which shuts out entity-expansion
 * bombs ("billion laughs") without needing a parser that resolves them.
 */
import { UnusableFileError } from '../tabular';

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

const ENTITY_PATTERN = /&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g;
const OOXML_ESCAPE_PATTERN = /_[xX]([0-9a-fA-F]{4})_/g;

function resolveEntity(match: string, body: string): string {
  if (body.charCodeAt(0) === 35 /* # */) {
    const isHex = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88;
    const codePoint = Number.parseInt(body.slice(isHex ? 2 : 1), isHex ? 16 : 10);
    return codePoint >= 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : match;
  }
  // Unknown names stay literal, as SheetJS leaves them; without a DTD they cannot expand to anything.
  return PREDEFINED_ENTITIES[body] ?? match;
}

/** Resolves XML references (`&amp;`, `&#10;`, `&#x41;`) in text or attribute values. */
export function decodeXmlEntities(text: string): string {
  return text.indexOf('&') === -1 ? text : text.replace(ENTITY_PATTERN, resolveEntity);
}

/**
 * Turns the raw text of a cell value or shared string into what the user typed: references resolved, then
 * `_xHHHH_` escapes (`_x000D_` is a carriage return, `_x005F_` an escaped underscore), then CR LF folded to
 * LF exactly as SheetJS does, so both readers agree on multi-line cells.
 */
export function decodeCellText(raw: string): string {
  let text = decodeXmlEntities(raw);
  if (text.indexOf('_x') !== -1 || text.indexOf('_X') !== -1) {
    text = text.replace(OOXML_ESCAPE_PATTERN, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return text.indexOf('\r\n') === -1 ? text : text.replace(/\r\n/g, '\n');
}

const ATTRIBUTE_PATTERN = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Attributes of one start tag, keyed by local name (the namespace prefix is dropped), values decoded. */
export function parseAttributes(tagText: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tagText.matchAll(ATTRIBUTE_PATTERN)) {
    const qualifiedName = match[1] ?? '';
    const colon = qualifiedName.indexOf(':');
    const localName = colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1);
    // `xmlns:r="…"` would otherwise shadow `r:id`-style attributes sharing the local name.
    if (qualifiedName.startsWith('xmlns')) continue;
    if (!attributes.has(localName)) attributes.set(localName, decodeXmlEntities(match[2] ?? match[3] ?? ''));
  }
  return attributes;
}

/** Every start tag `<name …>` / `<prefix:name …/>` in `xml`, as attribute maps in document order. */
export function findStartTags(xml: string, localName: string): Map<string, string>[] {
  const pattern = new RegExp(`<(?:[\\w.-]+:)?${localName}(?=[\\s/>])([^>]*)>`, 'g');
  return Array.from(xml.matchAll(pattern), (match) => parseAttributes(match[1] ?? ''));
}

const DTD_PATTERN = /<!DOCTYPE|<!ENTITY/i;

/** Refuses a part that carries a DTD or entity declaration: SpreadsheetML never needs one. */
export function assertNoDtd(xml: string, partDescription: string): void {
  if (DTD_PATTERN.test(xml)) {
    throw new UnusableFileError(
      `${partDescription} declares a DTD or custom entities, which workbooks never need; refusing it as a possible XML bomb.`,
      'malformed-xml',
    );
  }
}

/** Text of a small UTF-8 XML part, without a byte-order mark. */
export function xmlPartText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
