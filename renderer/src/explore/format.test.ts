import { describe, expect, it } from 'vitest';
import { formatBytes, formatEpochDate, formatPercent, formatRowCount } from './format';

describe('formatRowCount', () => {
  it('groups thousands and agrees in number', () => {
    expect(formatRowCount(1_000_000)).toBe('1,000,000 rows');
    expect(formatRowCount(1)).toBe('1 row');
    expect(formatRowCount(0)).toBe('0 rows');
  });
});

describe('formatEpochDate', () => {
  it('shows a UTC day as dd/mm/yyyy', () => {
    expect(formatEpochDate(Date.UTC(2015, 8, 1))).toBe('01/09/2015');
    expect(formatEpochDate(Date.UTC(1969, 11, 31))).toBe('31/12/1969');
  });
});

describe('formatBytes and formatPercent', () => {
  it('shows sizes in bytes, KB and MB', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(55_312)).toBe('54 KB');
    expect(formatBytes(1_785_726)).toBe('1.7 MB');
  });

  it('rounds shares to whole percentages', () => {
    expect(formatPercent(0.856)).toBe('86%');
    expect(formatPercent(1)).toBe('100%');
  });
});
