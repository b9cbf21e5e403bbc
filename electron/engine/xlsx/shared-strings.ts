/**
 * The shared string table (`xl/sharedStrings.xml`), parsed incrementally as it inflates so a large table
 * never exists twice in memory (XML text plus decoded strings). Each `<si>` becomes the concatenation of its
 * `<t>` texts — plain, or one per rich-text run `<r>` — leaving out phonetic guides (`<rPh>`), which are
 * annotations rather than cell content.
 */
import { StringDecoder } from 'node:string_decoder';
import { UnusableFileError } from '../tabular';
import type { XlsxLimits } from './limits';
import { assertNoDtd, decodeCellText } from './xml-text';

const STRING_ITEM_PATTERN = /<(?:[\w.-]+:)?si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si\s*>)/g;
const PHONETIC_RUN_PATTERN = /<(?:[\w.-]+:)?rPh[\s>][\s\S]*?<\/(?:[\w.-]+:)?rPh\s*>/g;
const TEXT_PATTERN = /<(?:[\w.-]+:)?t(?:\s[^>]*)?(?:\/>|>([^<]*)<\/(?:[\w.-]+:)?t\s*>)/g;

function stringItemText(itemXml: string): string {
  const withoutPhonetics = itemXml.indexOf('rPh') === -1 ? itemXml : itemXml.replace(PHONETIC_RUN_PATTERN, '');
  let text = '';
  for (const match of withoutPhonetics.matchAll(TEXT_PATTERN)) text += match[1] ?? '';
  return decodeCellText(text);
}

export class SharedStringsParser {
  readonly strings: string[] = [];
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private characters = 0;

  constructor(
    private readonly limits: XlsxLimits,
    private readonly partDescription: string,
  ) {}

  push(chunk: Buffer): void {
    this.pending += this.decoder.write(chunk);
    this.consumeCompleteItems();
  }

  finish(): string[] {
    this.pending += this.decoder.end();
    this.consumeCompleteItems();
    return this.strings;
  }

  private consumeCompleteItems(): void {
    assertNoDtd(this.pending, this.partDescription);
    STRING_ITEM_PATTERN.lastIndex = 0;
    let consumed = 0;
    for (let match = STRING_ITEM_PATTERN.exec(this.pending); match; match = STRING_ITEM_PATTERN.exec(this.pending)) {
      const text = match[1] === undefined ? '' : stringItemText(match[1]);
      this.characters += text.length;
      if (this.strings.length >= this.limits.maxSharedStrings || this.characters > this.limits.maxSharedStringCharacters) {
        throw new UnusableFileError(
          `${this.partDescription} holds more shared text than allowed (${this.limits.maxSharedStrings} strings or ${this.limits.maxSharedStringCharacters} characters).`,
          'too-large',
        );
      }
      this.strings.push(text);
      consumed = STRING_ITEM_PATTERN.lastIndex;
    }
    // Keep only the unfinished tail; an incomplete `<si>` is re-examined once more bytes arrive.
    if (consumed > 0) this.pending = this.pending.slice(consumed);
  }
}
