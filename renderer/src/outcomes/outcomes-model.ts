import type { AreaTrend, SeriesTrend, TrendChange, TrendPoint } from '../../../shared/outcomes';
import type { IndicatorUnit } from '../../../shared/recipe';
import type { VillageJson } from '../../../shared/village';
import type { ChangeView } from './comparison';
import type { AreaRef, FigureView, IndicatorView, OutcomeView, OutcomesModel } from './outcomes-view';
import type { TrendChartModel } from './trend-option';

/** The confidence levels village.json carries intervals and comparisons at, the default first. */
export const LEVELS = ['95%', '99.8%'] as const;

export function unitText(unit: IndicatorUnit): string {
  return unit === 'percent' ? '%' : `per ${unit === 1000 ? '1,000' : '100'}`;
}

function figureOf(point: TrendPoint, level: string, symbol: string): FigureView | null {
  if (!point.available) return null;
  const interval = level === '99.8%' ? point.ci998 : point.ci95;
  const call = point.comparison === null ? 'not-compared' : level === '99.8%' ? point.comparison.at998 : point.comparison.at95;
  return {
    value: point.value,
    display: point.display,
    count: point.count === null ? (point.suppressed ? point.display || symbol : '') : String(point.count),
    denominator: point.denominator === null ? '' : String(point.denominator),
    withheld: point.suppressed,
    lower: interval?.[0] ?? null,
    upper: interval?.[1] ?? null,
    per100: point.villagers,
    comparison: call,
  };
}

const UNKNOWN_CHANGE: ChangeView = { direction: 'unknown', difference: null, significant: false, call: 'not-compared', earlier: true };

/** The engine's change as the page shows it; null (a series of one) means there is no earlier period. */
export function changeViewOf(change: TrendChange | null): ChangeView {
  if (change === null) return { ...UNKNOWN_CHANGE, earlier: false };
  if (change.difference === null) return UNKNOWN_CHANGE;
  const direction = change.difference > 0 ? 'up' : change.difference < 0 ? 'down' : 'same';
  return { direction, difference: change.difference, significant: change.significant === true, call: change.call, earlier: true };
}

/**
 * The Outcomes page's model of a run's village.json: its series of periods, the framework (or, for a recipe
 * without one, every indicator under one heading with no polarity), and lookups into the engine's trends.
 */
export function outcomesModel(village: VillageJson): OutcomesModel {
  const trends = village.outcomes.trends;
  const cityTrend = trends.find((area) => area.level === 'city');
  const byArea = new Map<string, AreaTrend>(trends.map((area) => [area.code, area]));
  const definitions = new Map(village.indicators.map((indicator) => [indicator.id, indicator]));
  const indicatorView = (id: string, polarity: IndicatorView['polarity'], target: number | null): IndicatorView | null => {
    const definition = definitions.get(id);
    if (definition === undefined) return null;
    const unit = unitText(definition.unit);
    return { id, name: definition.name, description: definition.description, unit, polarity, target: target === null ? null : `${target}${unit === '%' ? '%' : ` ${unit}`}` };
  };
  const framework: OutcomeView[] =
    village.outcomes.framework.length > 0
      ? village.outcomes.framework.map((outcome) => ({
          id: outcome.id,
          name: outcome.title,
          indicators: outcome.indicators.flatMap((entry) => indicatorView(entry.indicator, entry.polarity, entry.target) ?? []),
        }))
      : [{ id: 'indicators', name: 'Indicators', indicators: village.indicators.flatMap((indicator) => indicatorView(indicator.id, 'none', null) ?? []) }];
  const trendOf = (areaCode: string, indicatorId: string): SeriesTrend | undefined => byArea.get(areaCode)?.indicators.find((indicator) => indicator.id === indicatorId);
  const symbol = village.suppression.symbol;
  return {
    title: village.title,
    periods: village.periods.map((period) => ({ id: period.label, label: period.label })),
    city: { code: cityTrend?.code ?? '', name: cityTrend?.name ?? village.title },
    localities: trends.filter((area) => area.level === 'locality').map((area) => ({ code: area.code, name: area.name })),
    outcomes: framework.filter((outcome) => outcome.indicators.length > 0),
    levels: [...LEVELS],
    villageSize: village.village.size,
    suppressionRule: village.suppression.rule,
    symbol,
    sources: village.sources.map((source) => `${source.file}${source.sheet === null ? '' : ` (${source.sheet})`}: ${source.specId}, SHA-256 ${source.sha256}`),
    methodNotes: village.outcomes.methods,
    figure(areaCode, indicatorId, periodIndex, level) {
      const point = trendOf(areaCode, indicatorId)?.points[periodIndex];
      return point === undefined ? null : figureOf(point, level, symbol);
    },
    change(areaCode, indicatorId, since) {
      const trend = trendOf(areaCode, indicatorId);
      if (trend === undefined) return UNKNOWN_CHANGE;
      return changeViewOf(since === 'previous' ? trend.changeSincePrevious : trend.changeSinceFirst);
    },
  };
}

/** The trend chart of one indicator for the city and the chosen localities, from the view's figures. */
export function trendModel(view: OutcomesModel, indicator: IndicatorView, areas: readonly AreaRef[], level: string): TrendChartModel {
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
