import type { AreaRef, IndicatorView, OutcomesView } from './outcomes-view';
import type { TrendChartModel } from './trend-option';

/** The trend chart of one indicator for the city and the chosen localities, from the view's figures. */
export function trendModel(view: OutcomesView, indicator: IndicatorView, areas: readonly AreaRef[], level: string): TrendChartModel {
  return {
    title: `${indicator.name} (${indicator.unit})`,
    unit: indicator.unit,
    periods: view.periods.map((period) => period.label),
    intervalLabel: `${level} confidence interval`,
    lines: areas.map((area) => ({
      area: area.name,
      city: area.code === view.city.code,
      points: view.periods.map((_, index) => {
        const figure = view.figure(area.code, indicator.id, index, level);
        if (figure === null) return { value: null, display: '', lower: null, upper: null, count: '', denominator: '' };
        return { value: figure.value, display: figure.display, lower: figure.lower, upper: figure.upper, count: figure.count, denominator: figure.denominator };
      }),
    })),
  };
}
