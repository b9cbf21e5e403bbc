import type { DashboardChart } from '../../../shared/api';
import type { BarSeriesOption } from 'echarts/charts';
import type { BarChartOption } from './echarts-setup';
import { formatDisplay } from './figures';
import { CATEGORY_COLOURS, TEXT_COLOUR } from './palette';

/**
 * The ECharts option for one dashboard chart. Bars carry the engine's values; a withheld value is drawn as
 * an empty slot labelled with the engine's display for it (the suppression symbol), never as a figure. Labels and tooltips show
 * the engine's display strings.
 */

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
const MUTED = '#4a5563';

export function isHorizontal(chart: DashboardChart): boolean {
  return chart.categories.length > 6 || chart.categories.some((category) => category.length > 18);
}

export function chartHeight(chart: DashboardChart): number {
  if (!isHorizontal(chart)) return 340;
  // Many series (a count by category) get thinner bars, so a locality × category chart stays about a screen tall.
  const barHeight = chart.series.length > 3 ? 9 : 14;
  return Math.max(240, 70 + chart.categories.length * Math.max(22, chart.series.length * barHeight));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character);
}

/** The tooltip's lines for one category: each series' display figure, the symbol where withheld. */
export function tooltipLines(chart: DashboardChart, categoryIndex: number): string[] {
  const category = chart.categories[categoryIndex] ?? '';
  return [category, ...chart.series.map((series) => `${series.name}: ${formatDisplay(series.display[categoryIndex] ?? '')} ${chart.unit === 'count' ? '' : chart.unit}`.trim())];
}

/** What a screen reader hears for the chart as a whole; the data table carries every figure. */
export function chartDescription(chart: DashboardChart): string {
  const withheldDisplays = chart.series.flatMap((series) => series.values.flatMap((value, index) => (value === null ? [series.display[index] ?? ''] : [])));
  const withheld = withheldDisplays.length;
  const symbol = withheldDisplays[0] ?? '';
  const series = chart.series.map((entry) => entry.name).join(', ');
  const reference = chart.reference !== undefined && chart.categories.includes(chart.reference) ? ` ${chart.reference} is drawn as a dashed reference line.` : '';
  return `${chart.title}. Bar chart, ${chart.unit}, of ${chart.categories.length} categories (${chart.categories.join(', ')})${chart.series.length > 1 ? ` for ${series}` : ''}.${reference}${withheld > 0 ? ` ${withheld} figures are withheld and shown as “${symbol}”.` : ''} Choose Show as table for the figures.`;
}

/** The city's figure for a series as a dashed line across the bars, labelled with its name and figure. */
function referenceLine(chart: DashboardChart, series: DashboardChart['series'][number], reference: number, horizontal: boolean): Pick<BarSeriesOption, 'markLine'> {
  const value = reference < 0 ? null : (series.values[reference] ?? null);
  if (value === null) return {};
  const label = `${chart.categories[reference] ?? ''}: ${formatDisplay(series.display[reference] ?? String(value))}`;
  return {
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { type: 'dashed', width: 2, color: TEXT_COLOUR },
      // The category axis runs top to bottom, so a horizontal chart's line starts at its top.
      label: { formatter: label, position: horizontal ? 'start' : 'insideEndTop', color: TEXT_COLOUR, fontWeight: 'bold' },
      data: [horizontal ? { xAxis: value } : { yAxis: value }],
    },
  };
}

/** The categories drawn as bars: all but the reference (the city), which is drawn as a line across them. */
function barCategories(chart: DashboardChart): { shown: number[]; reference: number } {
  const reference = chart.reference === undefined ? -1 : chart.categories.indexOf(chart.reference);
  return { shown: chart.categories.map((_, index) => index).filter((index) => index !== reference), reference };
}

export function barChartOption(chart: DashboardChart): BarChartOption {
  const horizontal = isHorizontal(chart);
  const { shown, reference } = barCategories(chart);
  const cells = chart.categories.length * chart.series.length;
  const showValues = cells <= 40;
  const categoryAxis = {
    type: 'category' as const,
    data: shown.map((index) => chart.categories[index] ?? ''),
    inverse: horizontal,
    axisLabel: { color: TEXT_COLOUR, fontSize: 12, interval: 0, width: horizontal ? 170 : 110, overflow: 'truncate' as const },
    axisLine: { lineStyle: { color: MUTED } },
    axisTick: { lineStyle: { color: MUTED } },
  };
  const valueAxis = {
    type: 'value' as const,
    name: chart.unit,
    nameLocation: 'middle' as const,
    nameGap: horizontal ? 26 : 44,
    nameTextStyle: { color: MUTED },
    axisLabel: { color: MUTED },
    splitLine: { lineStyle: { color: '#d5dae1' } },
  };
  return {
    animation: false,
    color: [...CATEGORY_COLOURS],
    textStyle: { fontFamily: FONT, color: TEXT_COLOUR },
    aria: { enabled: true, label: { enabled: true, description: chartDescription(chart) }, decal: { show: true } },
    legend: { show: chart.series.length > 1, top: 0, left: 0, textStyle: { color: TEXT_COLOUR } },
    grid: { left: horizontal ? 12 : 44, right: 48, top: chart.series.length > 1 ? 40 : 24, bottom: horizontal ? 36 : 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const first = Array.isArray(params) ? (params[0] as { dataIndex?: number } | undefined) : (params as { dataIndex?: number });
        const lines = tooltipLines(chart, shown[first?.dataIndex ?? 0] ?? 0).map(escapeHtml);
        const city = reference < 0 ? [] : tooltipLines(chart, reference).slice(1).map((line) => escapeHtml(`${chart.categories[reference] ?? ''} · ${line}`));
        return [`<strong>${lines[0] ?? ''}</strong>`, ...lines.slice(1), ...city].join('<br/>');
      },
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: chart.series.map((series) => ({
      type: 'bar' as const,
      name: series.name,
      barMaxWidth: 36,
      ...referenceLine(chart, series, reference, horizontal),
      data: shown.map((index) => [series.values[index] ?? null, index] as const).map(([value, index]) =>
        value === null
          ? { value: 0, itemStyle: { color: 'transparent' }, label: { show: true, formatter: series.display[index] ?? '', position: horizontal ? ('right' as const) : ('top' as const), color: TEXT_COLOUR, fontWeight: 'bold' as const } }
          : { value, label: { show: showValues, formatter: formatDisplay(series.display[index] ?? String(value)), position: horizontal ? ('right' as const) : ('top' as const), color: TEXT_COLOUR, fontSize: 11 } },
      ),
    })),
  };
}
