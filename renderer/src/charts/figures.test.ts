import { describe, expect, it } from 'vitest';
import { countText, formatDisplay, withheldReason } from './figures';

describe('formatDisplay', () => {
  it('groups whole numbers and leaves symbols and decimals alone', () => {
    expect(formatDisplay('11025')).toBe('11,025');
    expect(formatDisplay('450')).toBe('450');
    expect(formatDisplay('c')).toBe('c');
    expect(formatDisplay('45.2')).toBe('45.2');
    expect(formatDisplay('')).toBe('');
  });
});

describe('countText and withheldReason', () => {
  it('shows the display and says why a count is hidden', () => {
    expect(countText({ value: 22500, display: '22500', status: 'published' })).toBe('22,500');
    expect(countText({ value: null, display: 'c', status: 'primary' })).toBe('c');
    expect(withheldReason({ value: null, display: 'c', status: 'primary' })).toMatch(/small number/);
    expect(withheldReason({ value: null, display: 'c', status: 'secondary' })).toMatch(/worked out/);
    expect(withheldReason({ value: 3, display: '3', status: 'published' })).toBe('');
  });
});
