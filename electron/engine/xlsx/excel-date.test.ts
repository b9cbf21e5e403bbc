import { describe, expect, it } from 'vitest';
import { isoDateTextToSerial } from './excel-date';

describe('isoDateTextToSerial', () => {
  it.each([
    ['1900-01-01', 1],
    ['1900-02-28', 59],
    ['1900-03-01', 61],
    ['2024-02-29', 45351],
    ['2024-03-15T18:00:00', 45366.75],
    ['2024-03-15 06:00', 45366.25],
    ['2024-03-15T00:00:00Z', 45366],
    ['2024-03-15T01:00:00+01:00', 45366],
    ['12:00', 0.5],
    ['06:00:00.000', 0.25],
  ])('%s is serial %d', (text, serial) => {
    expect(isoDateTextToSerial(text)).toBeCloseTo(serial, 9);
  });

  it('returns undefined for text that is not an ISO date', () => {
    expect(isoDateTextToSerial('15/03/2024')).toBeUndefined();
    expect(isoDateTextToSerial('soon')).toBeUndefined();
  });
});
