import { BarChart, LineChart, MapChart, type BarSeriesOption, type LineSeriesOption, type MapSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * Apache ECharts, tree-shaken to what the dashboards draw: bar charts on a grid, with mark lines for the
 * city's figure as a reference across the localities' bars, line charts for the Outcomes screen's trends (a
 * line per area over the periods, its confidence interval a band of stacked areas), and map series (choropleths from boundaries the
 * engine sends, registered with registerMap; nothing is fetched), with a legend, tooltips and the aria
 * component (chart descriptions and decal patterns, so series differ by more than colour). It is bundled from
 * npm and drawn on a canvas: no network, no eval, nothing the window's CSP refuses.
 */
use([BarChart, LineChart, MapChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, MarkLineComponent, CanvasRenderer]);

export type BarChartOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | AriaComponentOption | MarkLineComponentOption>;
export type LineChartOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | AriaComponentOption | MarkLineComponentOption>;
export type MapChartOption = ComposeOption<MapSeriesOption | TooltipComponentOption | AriaComponentOption>;
export { init, registerMap, type EChartsType } from 'echarts/core';
