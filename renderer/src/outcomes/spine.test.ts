import { describe, expect, it } from 'vitest';
import { quantile, spineGeometry, type SpineInput } from './spine';

const input: SpineInput = {
  benchmark: 40,
  chosen: 'Hodge Hill',
  polarity: 'lower-is-better',
  localities: [
    { area: 'Hodge Hill', value: 60 },
    { area: 'Sutton Coldfield', value: 20 },
    { area: 'Ladywood', value: 50 },
    { area: 'Edgbaston', value: 35 },
    { area: 'Yardley', value: null },
  ],
};

describe('spineGeometry', () => {
  it('centres the city and fits the locality furthest from it at an end', () => {
    const spine = spineGeometry(input);
    expect(spine?.centre).toBe(0.5);
    expect(spine?.rangeStart).toBe(0);
    expect(spine?.rangeEnd).toBe(1);
    expect(spine?.ticks).toHaveLength(4);
  });

  it('puts the worst on the left: for a lower-is-better indicator that is the highest value', () => {
    const spine = spineGeometry(input);
    expect(spine?.chosen).toBe(0);
    expect(spine?.leftLabel).toBe('Worst');
    const higherIsBetter = spineGeometry({ ...input, polarity: 'higher-is-better' });
    expect(higherIsBetter?.chosen).toBe(1);
    const noPolarity = spineGeometry({ ...input, polarity: 'none' });
    expect([noPolarity?.leftLabel, noPolarity?.rightLabel]).toEqual(['Lowest', 'Highest']);
  });

  it('draws the middle half of the localities darker, between their quartiles', () => {
    const spine = spineGeometry({ ...input, polarity: 'higher-is-better' });
    // Quartiles of 20, 35, 50, 60 are 31.25 and 52.5; the scale is 40 ± 20.
    expect(spine?.middleStart).toBeCloseTo(0.5 + (31.25 - 40) / 40);
    expect(spine?.middleEnd).toBeCloseTo(0.5 + (52.5 - 40) / 40);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
  });

  it('has no marker for a withheld locality, and no spine when every locality is withheld', () => {
    expect(spineGeometry({ ...input, chosen: 'Yardley' })?.chosen).toBeNull();
    expect(spineGeometry({ ...input, localities: [{ area: 'Yardley', value: null }] })).toBeNull();
  });

  it('centres on the localities’ median when the city is withheld', () => {
    const spine = spineGeometry({ ...input, benchmark: null, polarity: 'higher-is-better' });
    const middleTick = spine?.ticks.find((tick) => tick.area === 'Edgbaston');
    expect(spine?.centre).toBe(0.5);
    expect(middleTick?.position).toBeLessThan(0.5);
  });
});
