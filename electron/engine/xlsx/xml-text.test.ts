import { describe, expect, it } from 'vitest';
import { assertNoDtd, decodeCellText, findStartTags } from './xml-text';

describe('decodeCellText', () => {
  it('resolves the predefined entities and character references', () => {
    expect(decodeCellText('&amp;&lt;&gt;&quot;&apos;&#65;&#x1F600;')).toBe('&<>"\'A😀');
  });

  it('keeps unknown entity names literally (there is no DTD to define them)', () => {
    expect(decodeCellText('a &nbsp; b')).toBe('a &nbsp; b');
  });

  it('decodes _xHHHH_ escapes, keeps an escaped underscore literal, and folds CR LF to LF', () => {
    expect(decodeCellText('a_x000D_\nb_x0009_c')).toBe('a\nb\tc');
    expect(decodeCellText('_x005F_x000D_')).toBe('_x000D_');
  });
});

describe('findStartTags', () => {
  it('finds prefixed and unprefixed tags, decoding attribute values and dropping namespace declarations', () => {
    const xml = '<x:sheets><x:sheet name="A &amp; B" r:id="rId1" xmlns:r="ns"/><sheet name=\'C\' state="hidden"></sheet></x:sheets>';
    const tags = findStartTags(xml, 'sheet');
    expect(tags.map((tag) => Object.fromEntries(tag))).toEqual([{ name: 'A & B', id: 'rId1' }, { name: 'C', state: 'hidden' }]);
  });
});

describe('assertNoDtd', () => {
  it('refuses DOCTYPE and ENTITY declarations', () => {
    expect(() => assertNoDtd('<!DOCTYPE x [<!ENTITY a "b">]><x/>', 'part')).toThrow(/part declares a DTD/);
    expect(() => assertNoDtd('<x>no dtd</x>', 'part')).not.toThrow();
  });
});
