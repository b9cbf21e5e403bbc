/**
 * Outcomes over time: the trends, intervals, comparisons and changes of a recipe's series, built from each
 * period's published figures (its village.json areas, already through that period's disclosure control). Nothing
 * here sees an unsuppressed count, so a trend cannot reveal what a period withheld: a suppressed point stays
 * null and suppressed, and no interval, change or comparison is derived from it.
 */
import type { AreaTrend, FrameworkOutcome, IndicatorTrend, OutcomesView, PartitionTrend, SeriesPeriod, SeriesTrend, TrendChange, TrendPoint } from '../../../shared/outcomes';
import type { IndicatorUnit, Outcome, Polarity } from '../../../shared/recipe';
import { assessChange, compareWithBenchmark, EXACT_POISSON_BELOW, indicatorInterval, wilsonInterval, type Interval } from '../../../shared/statistics';
import type { AreaView, IndicatorDefinitionView, PublishedCount, VillageJson } from '../../../shared/village';

/** What one period of the series contributes: its period and its published figures. */
export interface PeriodFigures {
  readonly period: SeriesPeriod;
  readonly village: Pick<VillageJson, 'areas' | 'indicators'>;
}

export const OUTCOME_METHODS: readonly string[] = [
  'Proportions (per 100 and percent) have Wilson score intervals (Wilson 1927; Newcombe 1998).',
  `Rates per 1,000 have Poisson intervals of their count: Byar's method, exact Poisson below ${EXACT_POISSON_BELOW} events (PHE/OHID Fingertips technical guidance; APHO Technical Briefing 3).`,
  'Intervals are given at 95% and 99.8%.',
  'A locality is compared with the city as Fingertips compares an area with its benchmark: higher (or better, by the indicator\'s polarity) when its whole 95% interval lies above the city\'s value, lower (or worse) when it lies below, similar when the interval holds it.',
  'A change between two periods is significant at 95% (or 99.8%) when the 95% (99.8%) interval of the difference, from the two periods\' intervals at that level (the MOVER method; Newcombe 1998 method 10 for proportions), excludes zero; periods are treated as independent samples, which errs towards calling a change not significant.',
  'Every point is its own period\'s published figure: a suppressed figure is a gap, never 0, and no interval, change or comparison is derived from it.',
];

/** Six decimal places: well below any displayed precision, and stable text in village.json. */
function tidy(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function tidyInterval(interval: Interval | null): Interval | null {
  return interval === null ? null : [tidy(interval[0]), tidy(interval[1])];
}

function withheld(count: PublishedCount): boolean {
  return count.status !== 'published' || count.value === null;
}

function missingPoint(period: string): TrendPoint {
  return { period, available: false, suppressed: false, count: null, denominator: null, value: null, display: '', villagers: null, ci95: null, ci998: null, comparison: null };
}

function suppressedPoint(period: string, display: string): TrendPoint {
  return { ...missingPoint(period), available: true, suppressed: true, display };
}

/** A point from a published count and denominator: `value` in the unit, intervals by the unit's method. */
function pointOf(period: string, count: PublishedCount, denominator: PublishedCount, value: number | null, display: string, villagers: number | null, interval: (level: 95 | 99.8) => Interval | null): TrendPoint {
  if (withheld(count) || withheld(denominator)) return suppressedPoint(period, withheld(count) ? count.display : denominator.display);
  return {
    period,
    available: true,
    suppressed: false,
    count: count.value,
    denominator: denominator.value,
    value: value === null ? null : tidy(value),
    display,
    villagers,
    ci95: value === null ? null : tidyInterval(interval(95)),
    ci998: value === null ? null : tidyInterval(interval(99.8)),
    comparison: null,
  };
}

function change(earlier: TrendPoint, later: TrendPoint, polarity: Polarity): TrendChange {
  const base = { from: earlier.period, to: later.period };
  if (earlier.value === null || later.value === null || earlier.ci95 === null || later.ci95 === null || earlier.ci998 === null || later.ci998 === null) {
    return { ...base, difference: null, ci95: null, significant: null, call: 'not-compared', ci998: null, significant998: null, call998: 'not-compared' };
  }
  const at95 = assessChange({ value: earlier.value, interval: earlier.ci95 }, { value: later.value, interval: later.ci95 }, polarity);
  const at998 = assessChange({ value: earlier.value, interval: earlier.ci998 }, { value: later.value, interval: later.ci998 }, polarity);
  return {
    ...base,
    difference: tidy(at95.difference),
    ci95: tidyInterval(at95.interval),
    significant: at95.significant,
    call: at95.call,
    ci998: tidyInterval(at998.interval),
    significant998: at998.significant,
    call998: at998.call,
  };
}

function seriesTrend(points: readonly TrendPoint[], polarity: Polarity): SeriesTrend {
  const latest = points.at(-1);
  if (latest === undefined || points.length < 2) return { points, changeSincePrevious: null, changeSinceFirst: null };
  return { points, changeSincePrevious: change(points.at(-2) as TrendPoint, latest, polarity), changeSinceFirst: change(points[0] as TrendPoint, latest, polarity) };
}

/** Adds the comparison with the city's point of the same period to each locality point. */
function compared(points: readonly TrendPoint[], cityPoints: readonly TrendPoint[], polarity: Polarity): TrendPoint[] {
  return points.map((point, index) => {
    const city = cityPoints[index];
    const benchmark = city?.value ?? null;
    if (!point.available) return point;
    return { ...point, comparison: { at95: compareWithBenchmark(point.ci95, benchmark, polarity), at998: compareWithBenchmark(point.ci998, benchmark, polarity) } };
  });
}

function indicatorPoint(period: PeriodFigures, areaCode: string, definition: IndicatorDefinitionView): TrendPoint {
  const label = period.period.label;
  const area = period.village.areas.find((candidate) => candidate.level !== 'ward' && candidate.code === areaCode);
  const figure = area?.indicators.find((candidate) => candidate.id === definition.id);
  const periodDefinition = period.village.indicators.find((candidate) => candidate.id === definition.id);
  // A figure in another unit is a different measure, not a point of this line.
  if (figure === undefined || periodDefinition === undefined || periodDefinition.unit !== definition.unit) return missingPoint(label);
  const unit: IndicatorUnit = definition.unit;
  return pointOf(label, figure.count, figure.denominator, figure.rate, figure.rateDisplay, figure.per100, (level) =>
    indicatorInterval(figure.count.value ?? 0, figure.denominator.value ?? 0, unit, level),
  );
}

function partitionPoint(period: PeriodFigures, areaCode: string, partition: string, label: string): TrendPoint {
  const area = period.village.areas.find((candidate) => candidate.level !== 'ward' && candidate.code === areaCode);
  const view = area?.partitions.find((candidate) => candidate.partition === partition);
  const category = view?.categories.find((candidate) => candidate.label === label);
  if (view === undefined || category === undefined) return missingPoint(period.period.label);
  const total = view.total.value ?? 0;
  const count = category.count.value ?? 0;
  const share = total > 0 ? (count / total) * 100 : null;
  return pointOf(period.period.label, category.count, view.total, share, share === null ? '' : share.toFixed(1), category.villagers, (level) => {
    const interval = wilsonInterval(count, total, level);
    return interval === null ? null : [interval[0] * 100, interval[1] * 100];
  });
}

function polarityIn(framework: readonly Outcome[], indicatorId: string): Polarity {
  for (const outcome of framework) {
    const entry = outcome.indicators.find((candidate) => candidate.indicator === indicatorId);
    if (entry !== undefined) return entry.polarity;
  }
  return 'none';
}

/** Oldest first by start, then end, then label; the current period replaces an earlier run of the same label. */
export function orderSeries(current: PeriodFigures, earlier: readonly PeriodFigures[]): PeriodFigures[] {
  const kept = earlier.filter((entry) => entry.period.label !== current.period.label);
  return [...kept, current].sort(
    (a, b) => a.period.start.localeCompare(b.period.start) || a.period.end.localeCompare(b.period.end) || a.period.label.localeCompare(b.period.label),
  );
}

/**
 * The series as of the current run: its periods (oldest first) and, per area of the current run (city and
 * localities), a trend for every indicator and every partition category it publishes.
 */
export function buildOutcomes(current: PeriodFigures, earlier: readonly PeriodFigures[], framework: readonly Outcome[]): { periods: SeriesPeriod[]; outcomes: OutcomesView } {
  const series = orderSeries(current, earlier);
  const areas: readonly AreaView[] = current.village.areas.filter((area) => area.level !== 'ward');
  const city = areas.find((area) => area.level === 'city');
  const cityTrends = new Map<string, TrendPoint[]>();
  const trends: AreaTrend[] = [];
  // The city first, so each locality's points can be compared with the city's of the same period.
  for (const area of [...areas].sort((a, b) => (a.level === 'city' ? -1 : b.level === 'city' ? 1 : 0))) {
    const isCity = area === city;
    const indicators: IndicatorTrend[] = area.indicators.flatMap((figure) => {
      const definition = current.village.indicators.find((candidate) => candidate.id === figure.id);
      if (definition === undefined) return [];
      const polarity = polarityIn(framework, figure.id);
      const points = series.map((period) => indicatorPoint(period, area.code, definition));
      const key = `indicator:${figure.id}`;
      if (isCity) cityTrends.set(key, points);
      return [{ id: figure.id, polarity, ...seriesTrend(isCity ? points : compared(points, cityTrends.get(key) ?? [], polarity), polarity) }];
    });
    const partitions: PartitionTrend[] = area.partitions.map((view) => ({
      partition: view.partition,
      categories: view.categories.map((category) => {
        const points = series.map((period) => partitionPoint(period, area.code, view.partition, category.label));
        const key = `partition:${view.partition}:${category.label}`;
        if (isCity) cityTrends.set(key, points);
        return { label: category.label, ...seriesTrend(isCity ? points : compared(points, cityTrends.get(key) ?? [], 'none'), 'none') };
      }),
    }));
    trends.push({ level: area.level === 'city' ? 'city' : 'locality', code: area.code, name: area.name, indicators, partitions });
  }
  const published: FrameworkOutcome[] = framework.map((outcome) => ({
    id: outcome.id,
    title: outcome.title,
    description: outcome.description ?? null,
    indicators: outcome.indicators.map((entry) => ({ indicator: entry.indicator, polarity: entry.polarity, target: entry.target ?? null })),
  }));
  return { periods: series.map((entry) => entry.period), outcomes: { framework: published, trends, methods: OUTCOME_METHODS } };
}
