import type { LineSeriesOption } from 'echarts/charts';
import type { LineChartOption } from '../charts/echarts-setup';
import { formatDisplay } from '../charts/figures';
import { CATEGORY_COLOURS, TEXT_COLOUR } from '../charts/palette';
import { figureWithUnit } from './figure-text';

/**
 * The ECharts option of a trend chart: a line per area over the periods, the city dashed and dark beside the
 * chosen localities, each with its confidence interval as a shaded band. A withheld or missing figure is a
 * gap in its line (and its band), never a zero; the tooltip and the table say why.
 */

export interface TrendPoint {
  /** The rate as the engine published it; null when withheld or not published for that period. */
  readonly value: number | null;
  /** The engine's display of the rate: the figure, the suppression symbol, or '' when there is none. */
  readonly display: string;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly count: string;
  readonly denominator: string;
}

export interface TrendLine {
  readonly area: string;
  readonly city: boolean;
  /** One point per period, in the order of the chart's periods. */
  readonly points: readonly TrendPoint[];
}

export interface TrendChartModel {
  readonly title: string;
  /** "per 100", "%", "per 1,000". */
  readonly unit: string;
  readonly periods: readonly string[];
  readonly lines: readonly TrendLine[];
  /** "95% confidence interval". */
  readonly intervalLabel: string;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
const MUTED = '#4a5563';
/** A shape per locality line, so lines differ by more than colour (the city has its own dashed line). */
const LINE_SYMBOLS = ['circle', 'triangle', 'diamond', 'roundRect', 'pin', 'arrow'] as const;

export interface LineStyleOfArea {
  readonly colour: string;
  readonly symbol: string;
  readonly dashed: boolean;
}

/** The city is drawn dark and dashed with squares; localities take the category colours in order, each with a shape. */
export function lineStyles(lines: readonly TrendLine[]): LineStyleOfArea[] {
  let locality = 0;
  return lines.map((line) => {
    if (line.city) return { colour: TEXT_COLOUR, symbol: 'rect', dashed: true };
    const index = locality;
    locality += 1;
    return { colour: CATEGORY_COLOURS[index % CATEGORY_COLOURS.length] ?? TEXT_COLOUR, symbol: LINE_SYMBOLS[index % LINE_SYMBOLS.length] ?? 'circle', dashed: false };
  });
}

/** Every point that is drawn as a gap: its area, period and the display the engine gave it. */
export function gapsOf(model: TrendChartModel): { readonly area: string; readonly period: string; readonly display: string }[] {
  return model.lines.flatMap((line) =>
    line.points.flatMap((point, index) => (point.value === null ? [{ area: line.area, period: model.periods[index] ?? '', display: point.display }] : [])),
  );
}

export function trendDescription(model: TrendChartModel): string {
  const first = model.periods[0] ?? '';
  const last = model.periods[model.periods.length - 1] ?? '';
  const gaps = gapsOf(model);
  const span = model.periods.length > 1 ? `${model.periods.length} periods, ${first} to ${last}` : `the period ${first}`;
  const gapText = gaps.length > 0 ? ` ${gaps.length} ${gaps.length === 1 ? 'figure is' : 'figures are'} withheld or not published and drawn as ${gaps.length === 1 ? 'a gap' : 'gaps'}, never as zero.` : '';
  return `${model.title}. Line chart, ${model.unit}, over ${span}, for ${model.lines.map((line) => line.area).join(', ')}. The shaded bands are the ${model.intervalLabel}.${gapText} Choose Show as table for the figures.`;
}


function intervalText(point: TrendPoint): string {
  if (point.lower === null || point.upper === null) return '';
  return ` (${trimmed(point.lower)} to ${trimmed(point.upper)})`;
}

/** An interval bound as text: one decimal place, as the engine's rates are shown. */
export function trimmed(value: number): string {
  return value.toFixed(1);
}

/** The tooltip's lines for one period: each area's figure, interval, and count out of denominator. */
export function trendTooltipLines(model: TrendChartModel, periodIndex: number): string[] {
  return [
    model.periods[periodIndex] ?? '',
    ...model.lines.map((line) => {
      const point = line.points[periodIndex];
      if (point === undefined) return `${line.area}: not published`;
      const counts = point.value === null ? '' : `, ${formatDisplay(point.count)} of ${formatDisplay(point.denominator)}`;
      return `${line.area}: ${figureWithUnit(point.display, model.unit)}${point.value === null ? '' : intervalText(point)}${counts}`;
    }),
  ];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character);
}

/** A band's base and its height above it for each period; null (a gap) where the point or either bound is missing. */
export function bandData(line: TrendLine): { readonly base: (number | null)[]; readonly height: (number | null)[] } {
  const drawn = line.points.map((point) => (point.value !== null && point.lower !== null && point.upper !== null ? point : null));
  return {
    base: drawn.map((point) => (point === null ? null : point.lower)),
    height: drawn.map((point) => (point === null || point.lower === null || point.upper === null ? null : point.upper - point.lower)),
  };
}

export function trendChartOption(model: TrendChartModel): LineChartOption {
  const styles = lineStyles(model.lines);
  const series: LineSeriesOption[] = model.lines.flatMap((line, index) => {
    const style = styles[index] ?? { colour: TEXT_COLOUR, symbol: 'circle', dashed: false };
    const band = bandData(line);
    const stack = `interval-${index}`;
    return [
      {
        type: 'line' as const,
        name: `${line.area}: lower bound`,
        stack,
        data: band.base,
        symbol: 'none',
        silent: true,
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
        z: 1,
      },
      {
        type: 'line' as const,
        name: `${line.area}: ${model.intervalLabel}`,
        stack,
        data: band.height,
        symbol: 'none',
        silent: true,
        lineStyle: { opacity: 0 },
        areaStyle: { color: style.colour, opacity: line.city ? 0.12 : 0.16 },
        tooltip: { show: false },
        z: 1,
      },
      {
        type: 'line' as const,
        name: line.area,
        data: line.points.map((point) => point.value),
        connectNulls: false,
        showSymbol: true,
        showAllSymbol: true,
        symbol: style.symbol,
        symbolSize: line.city ? 9 : 10,
        color: style.colour,
        lineStyle: { color: style.colour, width: line.city ? 2.5 : 2, type: style.dashed ? 'dashed' : 'solid' },
        itemStyle: { color: style.colour, borderColor: '#ffffff', borderWidth: 1 },
        z: 3,
      },
    ];
  });
  return {
    animation: false,
    textStyle: { fontFamily: FONT, color: TEXT_COLOUR },
    aria: { enabled: true, label: { enabled: true, description: trendDescription(model) } },
    legend: { top: 0, left: 0, data: model.lines.map((line) => line.area), textStyle: { color: TEXT_COLOUR } },
    grid: { left: 48, right: 24, top: 40, bottom: 28, containLabel: true },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const first = Array.isArray(params) ? (params[0] as { dataIndex?: number } | undefined) : (params as { dataIndex?: number });
        const lines = trendTooltipLines(model, first?.dataIndex ?? 0).map(escapeHtml);
        return [`<strong>${lines[0] ?? ''}</strong>`, ...lines.slice(1)].join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      data: [...model.periods],
      boundaryGap: true,
      axisLabel: { color: TEXT_COLOUR, interval: 0 },
      axisLine: { lineStyle: { color: MUTED } },
    },
    yAxis: {
      type: 'value',
      scale: true,
      name: model.unit,
      nameLocation: 'middle',
      nameGap: 40,
      nameTextStyle: { color: MUTED },
      axisLabel: { color: MUTED },
      splitLine: { lineStyle: { color: '#d5dae1' } },
    },
    series,
  };
}
