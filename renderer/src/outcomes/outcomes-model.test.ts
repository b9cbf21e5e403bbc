import { describe, expect, it } from 'vitest';
import type { TrendPoint } from '../../../shared/outcomes';
import type { VillageJson } from '../../../shared/village';
import { fixtureVillage } from '../village/test-fixtures';
import { changeText } from './comparison';
import { changeViewOf, outcomesModel, trendModel } from './outcomes-model';
import type { FigureView, OutcomesModel } from './outcomes-view';

const figures: Record<string, (FigureView | null)[]> = {
  E08000025: [
    { value: 42.1, display: '42.1', count: '10210', denominator: '24250', withheld: false, lower: 41.5, upper: 42.7, per100: 42, comparison: 'not-compared' },
    { value: 40.2, display: '40.2', count: '9800', denominator: '24380', withheld: false, lower: 39.6, upper: 40.8, per100: 40, comparison: 'not-compared' },
  ],
  'Hodge Hill': [null, { value: null, display: 'c', count: 'c', denominator: '1890', withheld: true, lower: null, upper: null, per100: null, comparison: 'not-compared' }],
};

const view: OutcomesModel = {
  title: 'Birmingham',
  periods: [
    { id: 'q3', label: '2024/25 Q3' },
    { id: 'q4', label: '2024/25 Q4' },
  ],
  city: { code: 'E08000025', name: 'Birmingham' },
  localities: [{ code: 'Hodge Hill', name: 'Hodge Hill' }],
  outcomes: [],
  levels: ['95%'],
  villageSize: 100,
  suppressionRule: 'Counts below 5 are suppressed.',
  symbol: 'c',
  sources: [],
  methodNotes: [],
  figure: (area, _indicator, period) => figures[area]?.[period] ?? null,
  change: () => ({ direction: 'unknown', difference: null, significant: false, call: 'not-compared', earlier: true }),
};

const indicator = { id: 'poverty', name: 'Poverty', description: '', unit: 'per 100', polarity: 'lower-is-better' as const, target: null };

describe('trendModel', () => {
  it('gives the city and each chosen locality a line, a point per period, with the engine’s figures and intervals', () => {
    const model = trendModel(view, indicator, [view.city, { code: 'Hodge Hill', name: 'Hodge Hill' }], '95%');
    expect(model.periods).toEqual(['2024/25 Q3', '2024/25 Q4']);
    expect(model.intervalLabel).toBe('95% confidence interval');
    expect(model.lines.map((line) => [line.area, line.city])).toEqual([
      ['Birmingham', true],
      ['Hodge Hill', false],
    ]);
    expect(model.lines[0]?.points[1]).toEqual({ value: 40.2, display: '40.2', lower: 39.6, upper: 40.8, count: '9800', denominator: '24380' });
  });

  it('leaves a period the area was not published in, or was withheld in, without a value', () => {
    const model = trendModel(view, indicator, [{ code: 'Hodge Hill', name: 'Hodge Hill' }], '95%');
    expect(model.lines[0]?.points.map((point) => [point.value, point.display])).toEqual([
      [null, ''],
      [null, 'c'],
    ]);
  });
});

const point = (period: string, value: number | null, extra: Partial<TrendPoint> = {}): TrendPoint => ({
  period,
  available: true,
  suppressed: value === null,
  count: value === null ? null : value * 10,
  denominator: value === null ? null : 1000,
  value,
  display: value === null ? 'c' : value.toFixed(1),
  villagers: value === null ? null : Math.round(value),
  ci95: value === null ? null : [value - 1, value + 1],
  ci998: value === null ? null : [value - 2, value + 2],
  comparison: null,
  ...extra,
});

function seriesVillage(): VillageJson {
  const base = fixtureVillage();
  const periods = ['2025/26 Q1', '2025/26 Q2'].map((label, index) => ({ label, start: '2025-04-01', end: '2025-06-30', referenceDate: '2025-06-30', runId: `run-${index}`, finishedAt: '2026-01-01T00:00:00Z' }));
  return {
    ...base,
    periods,
    outcomes: {
      framework: [{ id: 'safe', title: 'Safe', description: null, indicators: [{ indicator: 'poverty', polarity: 'lower-is-better', target: 40 }] }],
      methods: ['Proportions have Wilson score intervals.'],
      trends: [
        {
          level: 'city',
          code: 'E08000025',
          name: 'Birmingham',
          partitions: [],
          indicators: [
            {
              id: 'poverty',
              polarity: 'lower-is-better',
              points: [point('2025/26 Q1', 46), point('2025/26 Q2', 45)],
              changeSincePrevious: { from: '2025/26 Q1', to: '2025/26 Q2', difference: -1, ci95: [-1.5, -0.5], significant: true, call: 'better' },
              changeSinceFirst: { from: '2025/26 Q1', to: '2025/26 Q2', difference: -1, ci95: [-1.5, -0.5], significant: true, call: 'better' },
            },
          ],
        },
        {
          level: 'locality',
          code: 'Hodge Hill',
          name: 'Hodge Hill',
          partitions: [],
          indicators: [
            {
              id: 'poverty',
              polarity: 'lower-is-better',
              points: [point('2025/26 Q1', 58, { comparison: { at95: 'worse', at998: 'similar' } }), point('2025/26 Q2', null)],
              changeSincePrevious: { from: '2025/26 Q1', to: '2025/26 Q2', difference: null, ci95: null, significant: null, call: 'not-compared' },
              changeSinceFirst: { from: '2025/26 Q1', to: '2025/26 Q2', difference: null, ci95: null, significant: null, call: 'not-compared' },
            },
          ],
        },
      ],
    },
  };
}

describe('outcomesModel', () => {
  const model = outcomesModel(seriesVillage());

  it('takes the periods, the city, the localities and the framework from village.json', () => {
    expect(model.periods.map((period) => period.label)).toEqual(['2025/26 Q1', '2025/26 Q2']);
    expect(model.city).toEqual({ code: 'E08000025', name: 'Birmingham' });
    expect(model.localities).toEqual([{ code: 'Hodge Hill', name: 'Hodge Hill' }]);
    expect(model.outcomes).toEqual([{ id: 'safe', name: 'Safe', indicators: [{ id: 'poverty', name: 'Poverty', description: 'Children in poverty.', unit: 'per 100', polarity: 'lower-is-better', target: '40 per 100' }] }]);
    expect(model.methodNotes).toEqual(['Proportions have Wilson score intervals.']);
  });

  it('gives each point its interval and call at the chosen level, and a withheld point as withheld', () => {
    expect(model.figure('Hodge Hill', 'poverty', 0, '95%')).toMatchObject({ value: 58, display: '58.0', count: '580', denominator: '1000', lower: 57, upper: 59, comparison: 'worse', per100: 58 });
    expect(model.figure('Hodge Hill', 'poverty', 0, '99.8%')).toMatchObject({ lower: 56, upper: 60, comparison: 'similar' });
    expect(model.figure('Hodge Hill', 'poverty', 1, '95%')).toMatchObject({ value: null, display: 'c', count: 'c', withheld: true, comparison: 'not-compared' });
    expect(model.figure('E08000025', 'poverty', 1, '95%')?.comparison).toBe('not-compared');
    expect(model.figure('Hodge Hill', 'poverty', 5, '95%')).toBeNull();
  });

  it('reads the engine’s changes: direction, difference, significance and call', () => {
    expect(model.change('E08000025', 'poverty', 'previous', '95%')).toEqual({ direction: 'down', difference: -1, significant: true, call: 'better', earlier: true });
    expect(model.change('Hodge Hill', 'poverty', 'first', '95%')).toEqual({ direction: 'unknown', difference: null, significant: false, call: 'not-compared', earlier: true });
    expect(changeViewOf(null)).toMatchObject({ direction: 'unknown', earlier: false });
    expect(changeText(changeViewOf(null))).toBe('No earlier period');
  });

  it('lists every indicator under one heading, with no polarity, for a recipe without a framework', () => {
    const village = seriesVillage();
    const bare = outcomesModel({ ...village, outcomes: { ...village.outcomes, framework: [] } });
    expect(bare.outcomes.map((outcome) => [outcome.name, outcome.indicators.map((indicator) => indicator.polarity)])).toEqual([['Indicators', ['none']]]);
  });
});
