import { describe, expect, it } from 'vitest';
import { CATEGORY_COLOURS, categoryStyle, contrastRatio, PATTERN_KINDS, patternDefinition, REST_OUTLINE, WITHHELD_COLOUR } from './palette';

describe('palette', () => {
  it('gives every category colour at least 3:1 against white, as WCAG asks of graphics', () => {
    for (const colour of [...CATEGORY_COLOURS, WITHHELD_COLOUR, REST_OUTLINE]) expect(contrastRatio(colour, '#ffffff')).toBeGreaterThanOrEqual(3);
  });

  it('pairs each colour with its own pattern, so colour is never the only cue', () => {
    const styles = CATEGORY_COLOURS.map((_, index) => categoryStyle(index));
    expect(new Set(styles.map((style) => style.colour)).size).toBe(CATEGORY_COLOURS.length);
    expect(new Set(styles.map((style) => style.pattern)).size).toBe(PATTERN_KINDS.length);
    expect(categoryStyle(CATEGORY_COLOURS.length)).toEqual(categoryStyle(0));
  });

  it('computes contrast as WCAG defines it', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });

  it('writes a pattern tile in the category colour', () => {
    expect(patternDefinition('p-0', '#1d4f91', 'dots')).toMatch(/^<pattern id="p-0".*fill="#1d4f91".*<circle/);
  });
});
