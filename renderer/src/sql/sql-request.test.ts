import { describe, expect, it } from 'vitest';
import { parseRowLimit, resultStatus } from './sql-request';

describe('parseRowLimit', () => {
  it('accepts whole numbers within the engine’s cap, with or without thousands commas', () => {
    expect(parseRowLimit('1000')).toEqual({ ok: true, value: 1000 });
    expect(parseRowLimit(' 100,000 ')).toEqual({ ok: true, value: 100_000 });
  });

  it('says what to type for anything else', () => {
    expect(parseRowLimit('0')).toEqual({ ok: false, message: 'The row limit must be from 1 to 100,000.' });
    expect(parseRowLimit('100001').ok).toBe(false);
    expect(parseRowLimit('ten')).toEqual({ ok: false, message: 'Type a whole number of rows from 1 to 100,000.' });
    expect(parseRowLimit('1.5').ok).toBe(false);
  });
});

describe('resultStatus', () => {
  it('gives rows and time, and says when rows were left out', () => {
    expect(resultStatus({ rowCount: 1, truncated: false, elapsedMs: 3.4 }, 1000)).toBe('1 row in 3 ms');
    expect(resultStatus({ rowCount: 1000, truncated: true, elapsedMs: 1250 }, 1000)).toBe(
      '1,000 rows (the first 1,000: the statement returns more; raise the row limit or narrow the query) in 1,250 ms',
    );
  });
});
