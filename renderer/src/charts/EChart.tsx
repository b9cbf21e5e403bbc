import { useEffect, useRef } from 'react';
import { init, type BarChartOption, type EChartsType, type LineChartOption } from './echarts-setup';

interface EChartProps {
  readonly option: BarChartOption | LineChartOption;
  readonly height: number;
  /** Given the chart once it is drawn, so its owner can save it as a picture. */
  readonly onReady?: (chart: EChartsType | null) => void;
}

/**
 * One ECharts instance in a div that follows its width. ECharts' aria component gives the div role="img"
 * and the option's description as its aria-label, so the chart has a text alternative.
 */
export function EChart({ option, height, onReady }: EChartProps) {
  const elementRef = useRef<HTMLDivElement | null>(null);
  const chartRef = useRef<EChartsType | null>(null);
  const onReadyRef = useRef(onReady);

  useEffect(() => {
    onReadyRef.current = onReady;
  }, [onReady]);

  // The instance lives as long as the element; the option is applied by the effect below, which runs after this one.
  useEffect(() => {
    const element = elementRef.current;
    if (element === null) return;
    const chart = init(element, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
      onReadyRef.current?.(null);
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (chart === null) return;
    chart.setOption(option, { notMerge: true });
    onReadyRef.current?.(chart);
  }, [option]);

  return <div ref={elementRef} className="echart" style={{ height }} />;
}
