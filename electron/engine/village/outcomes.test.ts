import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../shared/recipe';
import type { AreaView, IndicatorDefinitionView, PublishedCount } from '../../../shared/village';
import { buildOutcomes, type PeriodFigures } from './outcomes';

const published = (value: number): PublishedCount => ({ value, display: String(value), status: 'published' });
const withheld: PublishedCount = { value: null, display: 'c', status: 'primary' };

const poverty: IndicatorDefinitionView = {
  id: 'poverty', name: 'Poverty', description: 'In poverty.', kind: 'people', ageRange: [0, 17], ageAt: null, unit: 100, levels: ['city', 'locality'], denominator: 'population', estimate: 'observed',
};

function area(level: 'city' | 'locality', code: string, count: PublishedCount, denominator: number, girls: PublishedCount): AreaView {
  const rate = count.value === null ? null : (count.value / denominator) * 100;
  return {
    level, code, name: code, parent: null, population: published(denominator), smallArea: false,
    partitions: [{ partition: 'sex', total: published(denominator), categories: [{ label: 'Female', count: girls, villagers: girls.value === null ? null : Math.round((girls.value / denominator) * 100) }] }],
    indicators: [{ id: 'poverty', count, denominator: published(denominator), rate, rateDisplay: rate === null ? 'c' : rate.toFixed(1), per100: rate === null ? null : Math.round(rate), smallDenominator: false }],
    unresolved: {}, unresolvedDenominators: {},
  };
}

function period(label: string, start: string, areas: AreaView[]): PeriodFigures {
  return { period: { label, start, end: start, referenceDate: start, runId: `run-${label}`, finishedAt: `${start}T12:00:00Z` }, village: { areas, indicators: [poverty] } };
}

const framework: Outcome[] = [{ id: 'belonging', title: 'Belonging', indicators: [{ indicator: 'poverty', polarity: 'lower-is-better', target: 40 }] }];

describe('buildOutcomes', () => {
  // City 200 of 1,000 then 260 of 1,000 (a significant rise, worse: see shared/statistics.test.ts);
  // Hodge Hill 60 of 200 (30%, Wilson 24.07–36.68) against the city's 20%: worse; then withheld.
  const first = period('Q1', '2024-03-31', [area('city', 'City', published(200), 1000, published(490)), area('locality', 'Hodge Hill', published(60), 200, published(98))]);
  const second = period('Q2', '2024-06-30', [area('city', 'City', published(260), 1000, published(500)), area('locality', 'Hodge Hill', withheld, 200, published(101))]);

  it('orders the series oldest first and lets the current run stand for its own period', () => {
    const replaced = period('Q2', '2024-06-30', [area('city', 'City', published(1), 1000, published(1))]);
    const { periods } = buildOutcomes(second, [replaced, first], framework);
    expect(periods.map((entry) => [entry.label, entry.runId])).toEqual([['Q1', 'run-Q1'], ['Q2', 'run-Q2']]);
  });

  it('gives each point its interval, and calls the city change and the locality comparison', () => {
    const { outcomes } = buildOutcomes(second, [first], framework);
    const city = outcomes.trends.find((trend) => trend.level === 'city');
    const cityPoverty = city?.indicators[0];
    expect(cityPoverty?.polarity).toBe('lower-is-better');
    expect(cityPoverty?.points.map((point) => point.value)).toEqual([20, 26]);
    expect(cityPoverty?.points[0]?.ci95?.[0]).toBeCloseTo(17.63, 1);
    expect(cityPoverty?.changeSincePrevious).toMatchObject({ from: 'Q1', to: 'Q2', difference: 6, significant: true, call: 'worse', significant998: true, call998: 'worse' });
    // 99.8% interval of 20% → 26% (hand-computed in shared/statistics.test.ts): 0.180 to 11.773.
    expect(cityPoverty?.changeSincePrevious?.ci998?.[0]).toBeCloseTo(0.18, 2);
    expect(cityPoverty?.changeSincePrevious?.ci998?.[1]).toBeCloseTo(11.773, 2);
    expect(cityPoverty?.points[0]?.comparison).toBeNull();
    const hodgeHill = outcomes.trends.find((trend) => trend.name === 'Hodge Hill')?.indicators[0];
    expect(hodgeHill?.points[0]?.comparison).toEqual({ at95: 'worse', at998: 'worse' });
    expect(outcomes.framework).toEqual([{ id: 'belonging', title: 'Belonging', description: null, indicators: [{ indicator: 'poverty', polarity: 'lower-is-better', target: 40 }] }]);
  });

  it('keeps a suppressed point as a gap: null, suppressed, with nothing derived from it', () => {
    const { outcomes } = buildOutcomes(second, [first], framework);
    const hodgeHill = outcomes.trends.find((trend) => trend.name === 'Hodge Hill')?.indicators[0];
    const latest = hodgeHill?.points[1];
    expect(latest).toMatchObject({ available: true, suppressed: true, count: null, value: null, display: 'c', ci95: null, ci998: null, villagers: null });
    expect(latest?.comparison).toEqual({ at95: 'not-compared', at998: 'not-compared' });
    expect(hodgeHill?.changeSincePrevious).toMatchObject({ difference: null, ci95: null, significant: null, call: 'not-compared', ci998: null, significant998: null, call998: 'not-compared' });
  });

  it('marks a period without the figure as not available, and trends the partitions as shares of the total', () => {
    const without = period('Q0', '2023-12-31', [area('city', 'City', published(100), 1000, published(480))]);
    const { outcomes } = buildOutcomes(second, [first, without], framework);
    const hodgeHill = outcomes.trends.find((trend) => trend.name === 'Hodge Hill');
    expect(hodgeHill?.indicators[0]?.points[0]).toMatchObject({ period: 'Q0', available: false, suppressed: false, value: null, display: '' });
    const girls = hodgeHill?.partitions[0]?.categories[0];
    expect(girls?.points.map((point) => point.value)).toEqual([null, 49, 50.5]);
    expect(girls?.changeSinceFirst?.call).toBe('not-compared');
    expect(girls?.changeSincePrevious).toMatchObject({ from: 'Q1', to: 'Q2', significant: false, call: 'similar' });
  });

  it('calls a change significant at 95% but not at 99.8% when only the narrower interval excludes zero', () => {
    // 200 → 240 of 1,000: 95% interval of the difference 0.368 to 7.620, 99.8% −1.730 to 9.701 (shared/statistics.test.ts).
    const moderate = period('Q2', '2024-06-30', [area('city', 'City', published(240), 1000, published(500))]);
    const { outcomes } = buildOutcomes(moderate, [first], framework);
    const change = outcomes.trends[0]?.indicators[0]?.changeSincePrevious;
    expect(change).toMatchObject({ difference: 4, significant: true, call: 'worse', significant998: false, call998: 'similar' });
    expect(change?.ci95?.[0]).toBeCloseTo(0.368, 2);
    expect(change?.ci998?.[0]).toBeCloseTo(-1.73, 2);
  });

  it('has no changes in a series of one', () => {
    const { outcomes, periods } = buildOutcomes(first, [], framework);
    expect(periods).toHaveLength(1);
    expect(outcomes.trends[0]?.indicators[0]?.changeSincePrevious).toBeNull();
    expect(outcomes.trends[0]?.indicators[0]?.changeSinceFirst).toBeNull();
  });
});
