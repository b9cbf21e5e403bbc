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
  });

  it('tells every series’ display figure in the tooltip', () => {
    expect(tooltipLines(chart, 1)).toEqual(['Ladywood', 'EHC plan: c per 100', 'SEN support: 10.0 per 100']);
  });
});
