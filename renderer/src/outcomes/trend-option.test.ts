import { describe, expect, it } from 'vitest';
import { bandData, gapsOf, lineStyles, trendChartOption, trendDescription, trendTooltipLines, type TrendChartModel } from './trend-option';

const model: TrendChartModel = {
  title: 'Poverty per 100',
  unit: 'per 100',
  periods: ['2024/25 Q3', '2024/25 Q4', '2025/26 Q1'],
  intervalLabel: '95% confidence interval',
  lines: [
    {
      area: 'Birmingham',
      city: true,
      points: [
        { value: 42.1, display: '42.1', lower: 41.5, upper: 42.7, count: '10210', denominator: '24250' },
        { value: 41.4, display: '41.4', lower: 40.8, upper: 42.0, count: '10050', denominator: '24275' },
        { value: 40.2, display: '40.2', lower: 39.6, upper: 40.8, count: '9800', denominator: '24380' },
      ],
    },
    {
      area: 'Hodge Hill',
      city: false,
      points: [
        { value: 58.3, display: '58.3', lower: 56.0, upper: 60.5, count: '1100', denominator: '1887' },
        { value: null, display: 'c', lower: null, upper: null, count: 'c', denominator: '1890' },
        { value: 56.1, display: '56.1', lower: 53.9, upper: 58.2, count: '1060', denominator: '1889' },
      ],
    },
  ],
};

type Series = { name: string; stack?: string; data: (number | null)[]; areaStyle?: object; lineStyle?: { type?: string } };

describe('trendChartOption', () => {
  it('draws a withheld point as a gap in the line and in its band, never as zero', () => {
    const series = trendChartOption(model).series as Series[];
    const hodgeHill = series.find((entry) => entry.name === 'Hodge Hill');
    expect(hodgeHill?.data).toEqual([58.3, null, 56.1]);
    const band = series.filter((entry) => entry.stack === 'interval-1');
    expect(band.map((entry) => entry.data[1])).toEqual([null, null]);
    expect(series.flatMap((entry) => entry.data)).not.toContain(0);
  });

  it('gives each line a band of its interval: the lower bound, then the height to the upper bound, stacked', () => {
    const { base, height } = bandData(model.lines[0] as TrendChartModel['lines'][number]);
    expect(base).toEqual([41.5, 40.8, 39.6]);
    expect(height.map((value) => Number(value?.toFixed(6)))).toEqual([1.2, 1.2, 1.2]);
    const series = trendChartOption(model).series as Series[];
    expect(series.filter((entry) => entry.stack === 'interval-0')).toHaveLength(2);
    expect(series.find((entry) => entry.name === 'Birmingham: 95% confidence interval')?.areaStyle).toBeDefined();
  });

  it('lists only the areas in the legend and draws the city dashed, localities with their own shapes', () => {
    const option = trendChartOption(model) as { legend: { data: string[] }; series: Series[] };
    expect(option.legend.data).toEqual(['Birmingham', 'Hodge Hill']);
    expect(option.series.find((entry) => entry.name === 'Birmingham')?.lineStyle?.type).toBe('dashed');
    const styles = lineStyles([...model.lines, { ...(model.lines[1] as TrendChartModel['lines'][number]), area: 'Ladywood' }]);
    expect(styles[0]).toMatchObject({ dashed: true, symbol: 'rect' });
    expect(new Set(styles.map((style) => style.symbol)).size).toBe(3);
    expect(new Set(styles.map((style) => style.colour)).size).toBe(3);
  });

  it('tells each area’s figure, interval and count in the tooltip, and a withheld one by its symbol', () => {
    expect(trendTooltipLines(model, 1)).toEqual(['2024/25 Q4', 'Birmingham: 41.4 per 100 (40.8 to 42.0), 10,050 of 24,275', 'Hodge Hill: c (suppressed)']);
  });

  it('describes the chart for a screen reader, gaps included', () => {
    expect(gapsOf(model)).toEqual([{ area: 'Hodge Hill', period: '2024/25 Q4', display: 'c' }]);
    const description = trendDescription(model);
    expect(description).toContain('over 3 periods, 2024/25 Q3 to 2025/26 Q1, for Birmingham, Hodge Hill');
    expect(description).toContain('1 figure is withheld or not published and drawn as a gap, never as zero.');
    expect(trendChartOption(model).aria).toMatchObject({ enabled: true, label: { description } });
  });
});
