import { describe, expect, it } from 'vitest';
import type { DashboardChart } from '../../../shared/api';
import { barChartOption, chartDescription, chartHeight, isHorizontal, tooltipLines } from './bar-option';

const chart: DashboardChart = {
  id: 'ehc-by-locality',
  title: 'EHC plans per 100 by locality',
  description: 'Children with an EHC plan per 100 children aged 0-25.',
  unit: 'per 100',
  categories: ['Hodge Hill', 'Ladywood', 'Sutton Coldfield'],
  series: [
    { name: 'EHC plan', values: [3.4, null, 2.1], display: ['3.4', 'c', '2.1'] },
    { name: 'SEN support', values: [12.5, 10, 9.75], display: ['12.5', '10.0', '9.8'] },
  ],
  source: 'education_ehc_plans.csv',
};

describe('barChartOption', () => {
  it('draws withheld values as empty slots labelled with the symbol, never as a figure', () => {
    const option = barChartOption(chart);
    const series = option.series as { data: { value: number; itemStyle?: { color: string }; label: { formatter: string; show: boolean } }[] }[];
    expect(series[0]?.data[1]).toMatchObject({ itemStyle: { color: 'transparent' }, label: { show: true, formatter: 'c' } });
    expect(series[0]?.data[0]).toMatchObject({ value: 3.4, label: { formatter: '3.4' } });
    expect(series[1]?.data[2]?.label.formatter).toBe('9.8');
  });

  it('switches on decal patterns and a chart description for screen readers', () => {
    const option = barChartOption(chart);
    expect(option.aria).toMatchObject({ enabled: true, decal: { show: true } });
    expect(chartDescription(chart)).toContain('1 figures are withheld and shown as “c”');
  });

  it('lays long category lists out horizontally and gives them room', () => {
    expect(isHorizontal(chart)).toBe(false);
    const long = { ...chart, categories: Array.from({ length: 10 }, (_, index) => `School ${index}`), series: [{ name: 'x', values: Array(10).fill(1), display: Array(10).fill('1') }] };
    expect(isHorizontal(long)).toBe(true);
    expect(chartHeight(long)).toBeGreaterThan(chartHeight(chart) - 100);
    // Twelve areas by six categories: thin bars keep it within a laptop screen's height.
    const byCategory = { ...chart, categories: Array.from({ length: 12 }, (_, index) => `Area ${index}`), series: Array.from({ length: 6 }, (_, index) => ({ name: `Category ${index}`, values: Array(12).fill(1), display: Array(12).fill('1') })) };
    expect(chartHeight(byCategory)).toBeLessThanOrEqual(720);
  });

  it('tells every series’ display figure in the tooltip', () => {
    expect(tooltipLines(chart, 1)).toEqual(['Ladywood', 'EHC plan: c per 100', 'SEN support: 10.0 per 100']);
  });
});

describe('the city as a reference line', () => {
  const byLocality: DashboardChart = {
    ...chart,
    categories: ['Hodge Hill', 'Ladywood', 'Birmingham'],
    series: [{ name: 'EHC plan', values: [3.4, 2.0, 2.9], display: ['3.4', '2.0', '2.9'], counts: ['34', '20', '290'], denominators: ['1,000', '1,000', '10,000'] }],
    reference: 'Birmingham',
  };

  it('draws the localities as bars and the city as a dashed line at its figure, named in the description', () => {
    const option = barChartOption(byLocality) as { yAxis: { data: string[] }; xAxis: { data: string[] }; series: { data: unknown[]; markLine?: { data: unknown[]; label: { formatter: string } } }[] };
    expect(option.xAxis.data).toEqual(['Hodge Hill', 'Ladywood']);
    expect(option.series[0]?.data).toHaveLength(2);
    expect(option.series[0]?.markLine?.data).toEqual([{ yAxis: 2.9 }]);
    expect(option.series[0]?.markLine?.label.formatter).toBe('Birmingham: 2.9');
    expect(chartDescription(byLocality)).toContain('Birmingham is drawn as a dashed reference line');
  });
});
