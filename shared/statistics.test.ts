import { describe, expect, it } from 'vitest';
import {
  assessChange,
  byarInterval,
  callFor,
  compareWithBenchmark,
  differenceInterval,
  exactPoissonInterval,
  indicatorInterval,
  meetsTarget,
  poissonCountInterval,
  wilsonInterval,
  type Interval,
} from './statistics';

const close = (actual: Interval | null, expected: readonly [number, number], digits = 4): void => {
  expect(actual).not.toBeNull();
  expect((actual as Interval)[0]).toBeCloseTo(expected[0], digits);
  expect((actual as Interval)[1]).toBeCloseTo(expected[1], digits);
};

describe('Wilson score interval', () => {
  // Newcombe RG (1998) "Two-sided confidence intervals for the single proportion: comparison of seven methods",
  // Statistics in Medicine 17:857–872, Table I, method 3 (Wilson 1927, without continuity correction).
  it.each([
    [81, 263, [0.2553, 0.3662]],
    [15, 148, [0.0624, 0.1605]],
    [0, 20, [0, 0.1611]],
    [1, 29, [0.0061, 0.1718]],
    [29, 29, [0.883, 1]],
  ] as const)('%i of %i at 95%% matches Newcombe 1998', (count, denominator, expected) => {
    close(wilsonInterval(count, denominator, 95), expected);
  });

  it('is wider at 99.8% and refuses a count that cannot be a proportion', () => {
    const at95 = wilsonInterval(81, 263, 95) as Interval;
    const at998 = wilsonInterval(81, 263, 99.8) as Interval;
    expect(at998[0]).toBeLessThan(at95[0]);
    expect(at998[1]).toBeGreaterThan(at95[1]);
    expect(wilsonInterval(3, 0, 95)).toBeNull();
    expect(wilsonInterval(5, 4, 95)).toBeNull();
  });
});

describe('Poisson intervals of a count', () => {
  // Exact limits (Garwood 1936) as tabulated in, e.g., the APHO Technical Briefing 3 appendix and any table of
  // Poisson confidence limits: 0 → (0, 3.689), 5 → (1.623, 11.668), 10 → (4.795, 18.390).
  it.each([
    [0, [0, 3.6889]],
    [1, [0.0253, 5.5716]],
    [5, [1.6235, 11.6683]],
    [10, [4.7954, 18.3904]],
  ] as const)('exact 95%% limits of %i', (count, expected) => {
    close(exactPoissonInterval(count, 95), expected);
  });

  it("Byar's method matches the formula worked by hand, and the exact limits closely from 10 events", () => {
    // O = 10, z = 1.96: lower = 10 × (1 − 1/90 − 1.96/(3√10))³ = 4.7874; upper = 11 × (1 − 1/99 + 1.96/(3√11))³ = 18.3915.
    close(byarInterval(10, 95), [4.7874, 18.3915]);
    for (const count of [10, 23, 100, 1000]) {
      const byar = byarInterval(count, 95);
      const exact = exactPoissonInterval(count, 95);
      expect(Math.abs(byar[0] - exact[0]) / exact[0]).toBeLessThan(0.002);
      expect(Math.abs(byar[1] - exact[1]) / exact[1]).toBeLessThan(0.002);
    }
  });

  it('uses exact limits below 10 events and Byar from 10', () => {
    expect(poissonCountInterval(9, 95)).toEqual(exactPoissonInterval(9, 95));
    expect(poissonCountInterval(10, 95)).toEqual(byarInterval(10, 95));
  });
});

describe('an indicator in its unit', () => {
  it('is a Wilson interval per 100 and in percent, and a Poisson rate per 1,000', () => {
    close(indicatorInterval(81, 263, 100, 95), [25.53, 36.62], 2);
    close(indicatorInterval(81, 263, 'percent', 95), [25.53, 36.62], 2);
    // 5 events among 2,000 children: exact limits 1.6235 and 11.6683 events, per 1,000 children.
    close(indicatorInterval(5, 2000, 1000, 95), [0.8117, 5.8342]);
    expect(indicatorInterval(1, 0, 100, 95)).toBeNull();
  });
});

describe('comparison with the city (Fingertips: the area interval against the benchmark value)', () => {
  it('calls better, worse or similar by polarity, and higher or lower without one', () => {
    const interval: Interval = [25.5, 36.6];
    expect(compareWithBenchmark(interval, 20, 'higher-is-better')).toBe('better');
    expect(compareWithBenchmark(interval, 20, 'lower-is-better')).toBe('worse');
    expect(compareWithBenchmark(interval, 20, 'none')).toBe('higher');
    expect(compareWithBenchmark(interval, 40, 'none')).toBe('lower');
    expect(compareWithBenchmark(interval, 40, 'lower-is-better')).toBe('better');
    expect(compareWithBenchmark(interval, 30, 'lower-is-better')).toBe('similar');
    // A benchmark exactly on the limit lies inside the interval.
    expect(compareWithBenchmark(interval, 36.6, 'none')).toBe('similar');
    expect(compareWithBenchmark(null, 30, 'none')).toBe('not-compared');
    expect(compareWithBenchmark(interval, null, 'none')).toBe('not-compared');
  });

  it('is called from the 95% interval of the published figures, by hand', () => {
    // A locality with 60 of 200 (30%; Wilson 95% 24.07 to 36.68) against a city at 22%: higher; at 26%: similar.
    const locality = indicatorInterval(60, 200, 100, 95);
    close(locality, [24.07, 36.68], 2);
    expect(compareWithBenchmark(locality, 22, 'none')).toBe('higher');
    expect(compareWithBenchmark(locality, 26, 'none')).toBe('similar');
  });
});

describe('change between two periods (MOVER; Newcombe 1998b method 10)', () => {
  // Newcombe RG (1998) "Interval estimation for the difference between independent proportions: comparison of
  // eleven methods", Statistics in Medicine 17:873–890, Table II, method 10.
  const proportion = (count: number, denominator: number) => ({ value: count / denominator, interval: wilsonInterval(count, denominator, 95) as Interval });
  it.each([
    [56, 70, 48, 80, [0.0524, 0.3339]],
    [9, 10, 3, 10, [0.1705, 0.809]],
    [6, 7, 2, 7, [0.0582, 0.8062]],
    [5, 56, 0, 29, [-0.0381, 0.1926]],
  ] as const)('%i/%i − %i/%i matches Newcombe 1998b', (a, m, b, n, expected) => {
    close(differenceInterval(proportion(b, n), proportion(a, m)), expected);
  });

  it('is significant only when the interval of the difference excludes zero (cases worked by hand)', () => {
    // 200 of 1,000 (20%) → 260 of 1,000 (26%): Wilson 95% intervals 17.6–22.6 and 23.4–28.8; the difference's
    // lower limit 6 − √(2.63² + 2.58²) ≈ 2.3 is above zero: a significant increase, worse for poverty.
    const before = { value: 20, interval: indicatorInterval(200, 1000, 100, 95) as Interval };
    const after = { value: 26, interval: indicatorInterval(260, 1000, 100, 95) as Interval };
    const rise = assessChange(before, after, 'lower-is-better');
    expect(rise.significant).toBe(true);
    expect(rise.call).toBe('worse');
    expect(rise.difference).toBeCloseTo(6, 6);
    expect(rise.interval[0]).toBeCloseTo(2.32, 1);
    expect(assessChange(before, after, 'none').call).toBe('higher');
    expect(assessChange(after, before, 'lower-is-better').call).toBe('better');
    // 20 of 100 → 26 of 100: the same six points, but intervals ~8 points wide: not significant.
    const small = assessChange({ value: 20, interval: indicatorInterval(20, 100, 100, 95) as Interval }, { value: 26, interval: indicatorInterval(26, 100, 100, 95) as Interval }, 'lower-is-better');
    expect(small.significant).toBe(false);
    expect(small.call).toBe('similar');
  });

  it('is judged at 99.8% from the 99.8% intervals, which a change can pass at 95% and fail (cases worked by hand)', () => {
    // Wilson at z = 3.0902: 200 of 1,000 is 16.383–24.184, 260 of 1,000 is 21.955–30.499, 240 of 1,000 is
    // 20.085–28.407. 20% → 26%: 6 − √((26 − 21.955)² + (24.184 − 20)²) = 6 − √(16.36 + 17.51) = 0.180 > 0,
    // significant at 99.8% too. 20% → 24%: 4 − √(3.915² + 4.184²) = 4 − 5.730 = −1.730, not significant at
    // 99.8%, though at 95% (17.638–22.592, 21.456–26.743) it is: 4 − √(2.544² + 2.592²) = 0.368 > 0.
    const at = (count: number, level: 95 | 99.8) => ({ value: count / 10, interval: indicatorInterval(count, 1000, 100, level) as Interval });
    const strong = assessChange(at(200, 99.8), at(260, 99.8), 'lower-is-better');
    expect(strong.interval[0]).toBeCloseTo(0.18, 2);
    expect(strong.interval[1]).toBeCloseTo(11.773, 2);
    expect(strong.call).toBe('worse');
    const moderate998 = assessChange(at(200, 99.8), at(240, 99.8), 'lower-is-better');
    expect(moderate998.interval[0]).toBeCloseTo(-1.73, 2);
    expect(moderate998.interval[1]).toBeCloseTo(9.701, 2);
    expect(moderate998).toMatchObject({ significant: false, call: 'similar' });
    const moderate95 = assessChange(at(200, 95), at(240, 95), 'lower-is-better');
    expect(moderate95.interval[0]).toBeCloseTo(0.368, 2);
    expect(moderate95).toMatchObject({ significant: true, call: 'worse' });
  });

  it('judges a change of a rate per 1,000 at 99.8% from Byar intervals (cases worked by hand)', () => {
    // 100 → 150 events in 10,000: 10 → 15 per 1,000. Byar at z = 3.0902: 100 gives 7.190–13.494 and 150 gives
    // 11.497–19.185 per 1,000; 5 − √((15 − 11.497)² + (13.494 − 10)²) = 5 − 4.948 = 0.052: just significant.
    // 100 → 130 (13 per 1,000, 9.758–16.925): 3 − √(3.242² + 3.494²) = −1.767, not significant.
    const rate = (count: number) => ({ value: count / 10, interval: indicatorInterval(count, 10_000, 1000, 99.8) as Interval });
    const rise = assessChange(rate(100), rate(150), 'none');
    expect(rise.interval[0]).toBeCloseTo(0.0519, 3);
    expect(rise.interval[1]).toBeCloseTo(10.041, 2);
    expect(rise.call).toBe('higher');
    const smaller = assessChange(rate(100), rate(130), 'none');
    expect(smaller.interval[0]).toBeCloseTo(-1.767, 2);
    expect(smaller).toMatchObject({ significant: false, call: 'similar' });
  });

  it('calls directions by polarity', () => {
    expect(callFor('up', 'higher-is-better')).toBe('better');
    expect(callFor('down', 'higher-is-better')).toBe('worse');
    expect(callFor('down', 'lower-is-better')).toBe('better');
    expect(callFor('down', 'none')).toBe('lower');
    expect(callFor('none', 'higher-is-better')).toBe('similar');
  });
});

describe('targets', () => {
  it('are met at or beyond the target in the good direction', () => {
    expect(meetsTarget(40, 42, 'lower-is-better')).toBe(true);
    expect(meetsTarget(43, 42, 'lower-is-better')).toBe(false);
    expect(meetsTarget(62, 65, 'higher-is-better')).toBe(false);
    expect(meetsTarget(65, 65, 'higher-is-better')).toBe(true);
    expect(meetsTarget(null, 65, 'higher-is-better')).toBeNull();
    expect(meetsTarget(10, undefined, 'higher-is-better')).toBeNull();
    expect(meetsTarget(10, 5, 'none')).toBeNull();
  });
});
