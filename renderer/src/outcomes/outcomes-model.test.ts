import { describe, expect, it } from 'vitest';
import { trendModel } from './outcomes-model';
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
  change: () => ({ direction: 'unknown', difference: null, significant: false, call: 'not-compared' }),
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
