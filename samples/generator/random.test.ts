import { describe, expect, it } from 'vitest';
import { Random } from './random';

describe('Random', () => {
  it('repeats its sequence for the same seed and label', () => {
    const first = new Random(7, 'a');
    const second = new Random(7, 'a');
    const draws = Array.from({ length: 20 }, () => first.nextUint32());
    expect(Array.from({ length: 20 }, () => second.nextUint32())).toEqual(draws);
    expect(Array.from({ length: 20 }, () => new Random(8, 'a').nextUint32())).not.toEqual(draws);
  });

  it('gives forks independent streams', () => {
    const root = new Random(7);
    const left = root.fork('left');
    root.next();
    expect(new Random(7).fork('left').next()).toBe(left.next());
    expect(new Random(7).fork('right').next()).not.toBe(new Random(7).fork('left').next());
  });

  it('keeps integers in range and roughly uniform', () => {
    const random = new Random(1);
    const counts = [0, 0, 0, 0];
    for (let draw = 0; draw < 40_000; draw += 1) {
      const value = random.int(0, 3);
      counts[value] = (counts[value] as number) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('draws weighted indexes in proportion to their weights', () => {
    const random = new Random(2);
    let heavy = 0;
    for (let draw = 0; draw < 10_000; draw += 1) if (random.weightedIndex([1, 3]) === 1) heavy += 1;
    expect(Math.abs(heavy - 7_500)).toBeLessThan(300);
  });
});
