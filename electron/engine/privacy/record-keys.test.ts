import { describe, expect, it } from 'vitest';
import { CELL_KEY_RANGE } from './perturbation';
import { aggregateCellKey } from './record-keys';

const SECRET = Buffer.alloc(32, 7).toString('base64url');
const OTHER_SECRET = Buffer.alloc(32, 8).toString('base64url');

describe('aggregateCellKey (population estimates in a cell-key run)', () => {
  it('gives a cell the same key every time, and keys spread over the whole range', () => {
    expect(aggregateCellKey(SECRET, ['Ladywood', 'sex', 'Male'])).toBe(aggregateCellKey(SECRET, ['Ladywood', 'sex', 'Male']));
    const counts = new Array<number>(CELL_KEY_RANGE).fill(0);
    for (let cell = 0; cell < 25_600; cell += 1) {
      const key = aggregateCellKey(SECRET, [`E050${cell}`, 'population']);
      expect(Number.isInteger(key) && key >= 0 && key < CELL_KEY_RANGE).toBe(true);
      counts[key]! += 1;
    }
    // 100 expected per key; a fair hash stays far inside 50..150 for every one of 256.
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(Math.max(...counts)).toBeLessThan(150);
  });

  it('keys a cell by every part of its name, so "a" + "bc" is not "ab" + "c", and by the workspace secret', () => {
    const cells = Array.from({ length: 200 }, (_, index) => [`area ${index}`, 'ageBand', '0-4']);
    const same = (secret: string, other: (cell: string[]) => string[]): number =>
      cells.filter((cell) => aggregateCellKey(secret, cell) === aggregateCellKey(secret, other(cell))).length;
    // Unrelated keys agree 1 time in 256: at most a handful of 200.
    expect(same(SECRET, (cell) => [`${cell[0]}ageBand`, '0-4'])).toBeLessThan(8);
    expect(same(SECRET, (cell) => [cell[0] as string, 'ageBand', '5-9'])).toBeLessThan(8);
    expect(cells.filter((cell) => aggregateCellKey(SECRET, cell) === aggregateCellKey(OTHER_SECRET, cell)).length).toBeLessThan(8);
  });
});
