/**
 * The outcomes pages as plain rows, for the outcomes workbook, village.xlsx and report.html: the city's framework
 * (outcomes × indicators × localities), a locality's profile, the trends and the village of 100 over time. Built
 * only from village.json's published trends, so every figure is its period's suppressed one: a withheld point
 * shows the suppression symbol, a period without the figure is left blank, never 0.
 */
import type { AreaTrend, IndicatorTrend, TrendChange, TrendPoint } from '../../../shared/outcomes';
import type { ComparisonCall, Interval } from '../../../shared/statistics';
import { meetsTarget } from '../../../shared/statistics';
import type { VillageJson } from '../../../shared/village';
import { EngineError } from '../errors';
import type { Cell, ViewTable } from './tables';

/** Words for a comparison or change call, as every page and sheet writes them. */
export const CALL_WORDS: Readonly<Record<ComparisonCall, string>> = {
  better: 'better',
  similar: 'similar',
  worse: 'worse',
  higher: 'higher',
  lower: 'lower',
  'not-compared': 'not compared',
};

const POLARITY_WORDS = { 'higher-is-better': 'higher is better', 'lower-is-better': 'lower is better', none: 'no polarity' } as const;

export function indicatorName(village: VillageJson, id: string): string {
  return village.indicators.find((indicator) => indicator.id === id)?.name ?? id;
}

export function unitWords(village: VillageJson, id: string): string {
  const unit = village.indicators.find((indicator) => indicator.id === id)?.unit;
  return unit === 1000 ? 'per 1,000' : unit === 'percent' ? '%' : 'per 100';
}

/** A point's value cell: the number, the suppression symbol, or blank where the period has no such figure. */
export function pointCell(point: TrendPoint | null | undefined): Cell {
  if (point === null || point === undefined || !point.available) return '';
  if (point.suppressed) return point.display;
  return point.value === null ? '' : round(point.value);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function intervalCells(interval: Interval | null): Cell[] {
  return interval === null ? ['', ''] : [round(interval[0]), round(interval[1])];
}

/** A change's difference, its call at 95% and its call at 99.8% (blank at 99.8% for a run stored before that level). */
function changeCells(change: TrendChange | null): Cell[] {
  if (change === null) return ['', '', ''];
  return [change.difference === null ? '' : round(change.difference), CALL_WORDS[change.call], change.call998 === undefined ? '' : CALL_WORDS[change.call998]];
}

export function cityTrend(village: VillageJson): AreaTrend | undefined {
  return village.outcomes.trends.find((area) => area.level === 'city');
}

/** A locality's trends by its name or code, refused naming the localities when there is none. */
export function localityTrend(village: VillageJson, area: string): AreaTrend {
  const found = village.outcomes.trends.find((candidate) => candidate.level === 'locality' && (candidate.name === area || candidate.code === area));
  if (found === undefined) {
    const names = village.outcomes.trends.filter((candidate) => candidate.level === 'locality').map((candidate) => candidate.name);
    throw new EngineError(`There is no locality "${area}" in this run (localities: ${names.join(', ')})`, 'invalid-request');
  }
  return found;
}

/** The framework's indicators in order, with their outcome; indicators no outcome lists come last, under "Other indicators". */
export function frameworkRows(village: VillageJson): { outcome: string; indicator: string; target: number | null }[] {
  const listed = village.outcomes.framework.flatMap((outcome) => outcome.indicators.map((entry) => ({ outcome: outcome.title, indicator: entry.indicator, target: entry.target })));
  const named = new Set(listed.map((row) => row.indicator));
  const city = cityTrend(village);
  const others = (city?.indicators ?? []).filter((trend) => !named.has(trend.id)).map((trend) => ({ outcome: 'Other indicators', indicator: trend.id, target: null }));
  return [...listed, ...others];
}

function trendOf(area: AreaTrend | undefined, id: string): IndicatorTrend | undefined {
  return area?.indicators.find((trend) => trend.id === id);
}

/** The city page: each indicator's latest value for the city and every locality (the heat table's figures). */
export function frameworkTable(village: VillageJson): ViewTable {
  const localities = village.outcomes.trends.filter((area) => area.level === 'locality');
  const city = cityTrend(village);
  const rows = frameworkRows(village).map((row): Cell[] => {
    const cityPoint = trendOf(city, row.indicator)?.points.at(-1);
    return [row.outcome, indicatorName(village, row.indicator), unitWords(village, row.indicator), POLARITY_WORDS[trendOf(city, row.indicator)?.polarity ?? 'none'], row.target ?? '', pointCell(cityPoint), ...localities.map((area) => pointCell(trendOf(area, row.indicator)?.points.at(-1)))];
  });
  return { name: 'Framework', header: ['Outcome', 'Indicator', 'Unit', 'Polarity', 'Target', 'City', ...localities.map((area) => area.name)], rows };
}

/** The heat table's colours in words: each locality against the city in the latest period, at 95%. */
export function comparisonTable(village: VillageJson): ViewTable {
  const localities = village.outcomes.trends.filter((area) => area.level === 'locality');
  const rows = frameworkRows(village).map((row): Cell[] => [
    row.outcome,
    indicatorName(village, row.indicator),
    ...localities.map((area) => {
      const comparison = trendOf(area, row.indicator)?.points.at(-1)?.comparison;
      return comparison === null || comparison === undefined ? '' : CALL_WORDS[comparison.at95];
    }),
  ]);
  return { name: 'Compared with the city', header: ['Outcome', 'Indicator', ...localities.map((area) => area.name)], rows };
}

/** A locality's profile: per outcome, every indicator's latest value, interval, city value, comparison, changes and target. */
export function profileTable(village: VillageJson, area: AreaTrend): ViewTable {
  const city = cityTrend(village);
  const rows = frameworkRows(village).map((row): Cell[] => {
    const trend = trendOf(area, row.indicator);
    const latest = trend?.points.at(-1);
    const met = latest === undefined || trend === undefined ? null : meetsTarget(latest.suppressed ? null : latest.value, row.target, trend.polarity);
    return [
      row.outcome,
      indicatorName(village, row.indicator),
      unitWords(village, row.indicator),
      pointCell(latest),
      ...intervalCells(latest?.ci95 ?? null),
      pointCell(trendOf(city, row.indicator)?.points.at(-1)),
      latest?.comparison === null || latest?.comparison === undefined ? '' : CALL_WORDS[latest.comparison.at95],
      ...changeCells(trend?.changeSincePrevious ?? null),
      ...changeCells(trend?.changeSinceFirst ?? null),
      row.target ?? '',
      met === null ? '' : met ? 'met' : 'not met',
    ];
  });
  return {
    name: `Profile ${area.name}`.slice(0, 31),
    header: ['Outcome', 'Indicator', 'Unit', 'Latest', '95% lower', '95% upper', 'City', 'Compared with city (95%)', 'Change since previous', 'Change since previous is (95%)', 'Change since previous is (99.8%)', 'Change since first', 'Change since first is (95%)', 'Change since first is (99.8%)', 'Target', 'Target met'],
    rows,
  };
}

/** Every point of the areas' indicator trends, one row per area, indicator and period. */
export function trendTable(village: VillageJson, areas: readonly AreaTrend[]): ViewTable {
  const rows: Cell[][] = [];
  for (const area of areas) {
    for (const trend of area.indicators) {
      for (const point of trend.points) {
        rows.push([
          area.name,
          indicatorName(village, trend.id),
          point.period,
          point.available ? (point.suppressed ? point.display : (point.count ?? '')) : '',
          point.available && !point.suppressed ? (point.denominator ?? '') : point.suppressed ? point.display : '',
          pointCell(point),
          ...intervalCells(point.ci95),
          ...intervalCells(point.ci998),
          point.comparison === null ? '' : CALL_WORDS[point.comparison.at95],
        ]);
      }
    }
  }
  return { name: 'Trends', header: ['Area', 'Indicator', 'Period', 'Count', 'Denominator', 'Value', '95% lower', '95% upper', '99.8% lower', '99.8% upper', 'Compared with city (95%)'], rows };
}

/** The village of 100 over time: whole villagers per period, for every partition category and indicator of an area. */
export function villageOverTimeTable(village: VillageJson, area: AreaTrend): ViewTable {
  const symbol = village.suppression.symbol;
  const villagers = (point: TrendPoint): Cell => (!point.available ? '' : point.suppressed ? symbol : (point.villagers ?? ''));
  const rows: Cell[][] = [
    ...area.partitions.flatMap((partition) => partition.categories.map((category): Cell[] => [partition.partition, category.label, ...category.points.map(villagers)])),
    ...area.indicators.map((trend): Cell[] => ['indicator', indicatorName(village, trend.id), ...trend.points.map(villagers)]),
  ];
  return { name: `Village over time`, header: ['Measure', 'Category', ...village.periods.map((period) => `${period.label} (of ${village.village.size})`)], rows };
}

/** "About this data" for an outcomes page: what, when, from which runs and sources, how suppressed, by which methods. */
export function outcomesAboutTable(village: VillageJson, area: AreaTrend | null): ViewTable {
  return {
    name: 'About this data',
    header: ['Item', 'Value'],
    rows: [
      ['Page', area === null ? 'Outcomes framework: the city and its localities' : `Locality profile: ${area.name}`],
      ['Title', village.title],
      ['Period', `${village.period.label} (${village.period.start} to ${village.period.end}); ages on ${village.period.referenceDate}`],
      ['Recipe', `${village.recipe.file} (SHA-256 ${village.recipe.sha256})`],
      ['Suppression', village.suppression.rule],
      ['Synthetic data', 'Every person in the bundled samples is invented.'],
      [],
      ['Period of the series', 'From', 'To', 'Run', 'Published'],
      ...village.periods.map((period): Cell[] => [period.label, period.start, period.end, period.runId, period.finishedAt]),
      [],
      ['Method'],
      ...village.outcomes.methods.map((line): Cell[] => [line]),
      [],
      ['Source (latest period)', 'File', 'Sheet', 'SHA-256'],
      ...village.sources.map((source): Cell[] => [source.id, source.file, source.sheet ?? '', source.sha256]),
    ],
  };
}

/** The sheets of an outcomes page's workbook, "About this data" first. */
export function outcomesViews(village: VillageJson, area: string | undefined): ViewTable[] {
  const city = cityTrend(village);
  if (area === undefined) {
    const all = village.outcomes.trends;
    return [outcomesAboutTable(village, null), frameworkTable(village), comparisonTable(village), trendTable(village, all), ...(city === undefined ? [] : [villageOverTimeTable(village, city)])];
  }
  const locality = localityTrend(village, area);
  return [outcomesAboutTable(village, locality), profileTable(village, locality), trendTable(village, city === undefined ? [locality] : [locality, city]), villageOverTimeTable(village, locality)];
}
