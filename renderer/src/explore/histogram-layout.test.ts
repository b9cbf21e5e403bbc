import { describe, expect, it } from 'vitest';
import { COUNT_WIDTH, HISTOGRAM_WIDTH, LABEL_WIDTH, layoutBars } from './histogram-layout';

describe('layoutBars', () => {
  it('scales bars to the largest count and stacks them', () => {
    const { bars, height } = layoutBars([
      { label: 'M', count: 50 },
      { label: 'F', count: 25 },
      { label: 'X', count: 0 },
    ]);
    const room = HISTOGRAM_WIDTH - LABEL_WIDTH - COUNT_WIDTH;
    expect(bars.map((bar) => bar.width)).toEqual([room, room / 2, 0]);
    expect(bars.map((bar) => bar.y)).toEqual([0, 24, 48]);
    expect(height).toBe(66);
  });

  it('keeps tiny counts visible and shortens long labels', () => {
    const { bars } = layoutBars([
      { label: 'White British and Irish', count: 100_000 },
      { label: 'Other', count: 1 },
    ]);
    expect(bars[1]?.width).toBe(2);
    expect(bars[0]?.shortLabel).toBe('White British …');
  });
});
