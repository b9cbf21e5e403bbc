/**
 * Reads every kind of export the workbench makes back into a DisclosureLedger under shared keys, so the same
 * figure in village.json, village.xlsx, the village CSV, report.html and the dashboards is one variable:
 *   population|<area>                      people in the area (also every partition's total that covers them all)
 *   partition|<partition>|<area>|<label>   a village category
 *   indicator|<id>|count|<area>            an indicator's count (area "not placed": the city's remainder)
 *   indicator|<id>|denominator|<area>
 *   dashboard|<chart>|<series>|<category>  a dashboard count
 * and the additive lines each export makes evident. Labels in spreadsheets come back neutralised (a leading
 * apostrophe before a formula trigger); `plainText` undoes that before a label is matched.
 */
import * as XLSX from 'xlsx';
import type { Dashboard, DashboardChart } from '../../shared/api';
import type { AreaView, PublishedCount, VillageJson } from '../../shared/village';
import type { DisclosureLedger } from './disclosure-checker';

export const NOT_PLACED_AREA = 'not placed';
const DASHBOARD_NOT_PLACED = 'Not placed in a locality';

/** The cell text a reader meant: a neutralised "'=…" is the label "=…". */
export function plainText(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

export const populationKey = (area: string): string => `population|${area}`;
export const indicatorKey = (id: string, part: 'count' | 'denominator', area: string): string => `indicator|${id}|${part}|${area}`;

/** The rule: which partitions total the whole population (sex always; age bands when they cover every age). */
export interface VillageShape {
  readonly village: VillageJson;
  /** Ages the population estimates count (the recipe's population.ageFields). */
  readonly populationAges: readonly number[];
  /** The ethnicity partition counts everyone the population counts (its totals are the populations). */
  readonly ethnicityIsPopulation: boolean;
  /**
   * Indicators whose people nest, by the recipe's definitions: the parent's count is the child's plus their
   * difference, which is itself a count of people (another indicator's, for a partition).
   */
  readonly nested?: readonly { readonly parent: string; readonly child: string; readonly difference?: string }[];
}

/**
 * Whether an attacker would take the ethnicity totals for the populations: wherever both are shown they are
 * equal, the city's included.
 */
export function ethnicityTotalsArePopulations(village: VillageJson): boolean {
  const pairs = village.areas
    .filter((area) => area.level !== 'ward')
    .map((area) => [area.population.value, area.partitions.find((partition) => partition.partition === 'ethnicity')?.total.value] as const);
  const city = village.areas.findIndex((area) => area.level === 'city');
  const [cityPopulation, cityEthnicity] = pairs[city] ?? [null, undefined];
  return cityPopulation !== null && cityPopulation === cityEthnicity && pairs.every(([population, ethnicity]) => population === null || ethnicity === null || population === ethnicity);
}

function bandsCoverEveryAge(shape: VillageShape): boolean {
  const bands = shape.village.village.ageBands;
  return shape.populationAges.every((age) => bands.filter((band) => age >= band.min && age <= band.max).length === 1);
}

export function partitionTotalKey(shape: VillageShape, partition: string, area: string): string {
  if (partition === 'sex' || (partition === 'ageBand' && bandsCoverEveryAge(shape)) || (partition === 'ethnicity' && shape.ethnicityIsPopulation)) return populationKey(area);
  return `partition|${partition}|${area}|*`;
}

export const partitionKey = (partition: string, area: string, label: string): string => `partition|${partition}|${area}|${label}`;

function recordCount(ledger: DisclosureLedger, key: string, count: PublishedCount, where: string): void {
  ledger.record(key, count.value, where);
}

/** village.json: every published count, and the lines its disclosure rule declares. */
export function recordVillageJson(ledger: DisclosureLedger, shape: VillageShape, where: string): void {
  const { village } = shape;
  const city = village.areas.find((area) => area.level === 'city') as AreaView;
  const localities = village.areas.filter((area) => area.level === 'locality');
  const wards = village.areas.filter((area) => area.level === 'ward');
  for (const area of village.areas) {
    recordCount(ledger, populationKey(area.code), area.population, where);
    for (const partition of area.partitions) {
      const total = partitionTotalKey(shape, partition.partition, area.code);
      recordCount(ledger, total, partition.total, where);
      const parts = partition.categories.map((category) => partitionKey(partition.partition, area.code, category.label));
      partition.categories.forEach((category, index) => recordCount(ledger, parts[index] as string, category.count, where));
      ledger.line(total, parts, where);
    }
    for (const figure of area.indicators) {
      recordCount(ledger, indicatorKey(figure.id, 'count', area.code), figure.count, where);
      if (figure.denominator.display !== '' || figure.denominator.value !== null) {
        recordCount(ledger, indicatorKey(figure.id, 'denominator', area.code), figure.denominator, where);
      }
    }
  }
  // The city is its localities (with the people placed in none); a locality is its wards (and a remainder).
  const partitionNames = city.partitions.map((partition) => partition.partition);
  for (const partition of partitionNames) {
    const labels = city.partitions.find((entry) => entry.partition === partition)?.categories.map((category) => category.label) ?? [];
    for (const label of labels) ledger.line(partitionKey(partition, city.code, label), localities.map((area) => partitionKey(partition, area.code, label)), where);
    ledger.line(partitionTotalKey(shape, partition, city.code), localities.map((area) => partitionTotalKey(shape, partition, area.code)), where);
    // A locality is its wards: each category, and the total, is the sum of its wards' (where wards publish partitions).
    for (const locality of localities) {
      const itsWards = wards.filter((ward) => ward.parent === locality.code && ward.partitions.some((entry) => entry.partition === partition));
      if (itsWards.length === 0) continue;
      for (const label of labels) ledger.line(partitionKey(partition, locality.code, label), itsWards.map((ward) => partitionKey(partition, ward.code, label)), where);
      ledger.line(partitionTotalKey(shape, partition, locality.code), itsWards.map((ward) => partitionTotalKey(shape, partition, ward.code)), where);
    }
  }
  ledger.line(populationKey(city.code), localities.map((area) => populationKey(area.code)), where);
  for (const locality of localities) {
    const itsWards = wards.filter((ward) => ward.parent === locality.code);
    if (itsWards.length > 0) ledger.line(populationKey(locality.code), itsWards.map((ward) => populationKey(ward.code)), where);
  }
  for (const [id, count] of Object.entries(city.unresolved)) recordCount(ledger, indicatorKey(id, 'count', NOT_PLACED_AREA), count, where);
  for (const [id, count] of Object.entries(city.unresolvedDenominators)) recordCount(ledger, indicatorKey(id, 'denominator', NOT_PLACED_AREA), count, where);
  for (const indicator of village.indicators) {
    for (const part of ['count', 'denominator'] as const) {
      const cityFigure = city.indicators.find((figure) => figure.id === indicator.id);
      if (cityFigure === undefined) continue;
      const inLocalities = localities.filter((area) => area.indicators.some((figure) => figure.id === indicator.id));
      if (inLocalities.length > 0) {
        ledger.line(indicatorKey(indicator.id, part, city.code), [...inLocalities.map((area) => indicatorKey(indicator.id, part, area.code)), indicatorKey(indicator.id, part, NOT_PLACED_AREA)], where);
      }
      for (const locality of inLocalities) {
        const itsWards = wards.filter((ward) => ward.parent === locality.code && ward.indicators.some((figure) => figure.id === indicator.id));
        if (itsWards.length === 0) continue;
        const remainder = indicatorKey(indicator.id, part, `${locality.code} outside its wards`);
        // An estimate is rounded per area, so a locality's can fall short of its wards' sum.
        if (indicator.estimate === 'rate-applied-to-population') ledger.free(remainder);
        ledger.line(indicatorKey(indicator.id, part, locality.code), [...itsWards.map((ward) => indicatorKey(indicator.id, part, ward.code)), remainder], where);
      }
      // A population denominator over whole age bands is the sum of those bands' villagers' counts.
      if (part === 'denominator' && indicator.ageRange !== null && indicator.denominator === 'population') {
        const [min, max] = indicator.ageRange;
        const bands = village.village.ageBands.filter((band) => band.min >= min && band.max <= max);
        const covered = bands.reduce((sum, band) => sum + band.max - band.min + 1, 0);
        if (covered === max - min + 1 && village.village.partitions.includes('ageBand') && bandsCoverEveryAge(shape)) {
          for (const area of village.areas) {
            if (!area.indicators.some((figure) => figure.id === indicator.id) || !area.partitions.some((entry) => entry.partition === 'ageBand')) continue;
            ledger.line(indicatorKey(indicator.id, 'denominator', area.code), bands.map((band) => partitionKey('ageBand', area.code, band.label)), where);
          }
        } else if (shape.populationAges.every((age) => age >= min && age <= max)) {
          for (const area of village.areas) ledger.line(indicatorKey(indicator.id, 'denominator', area.code), [populationKey(area.code)], where);
        }
      }
    }
  }
  // Nested indicators: wherever both are counted (areas, the people placed in none, a locality outside its
  // wards), the parent is the child plus a count of people that is never published, or is a third indicator.
  for (const { parent, child, difference } of shape.nested ?? []) {
    const hasBoth = (area: AreaView): boolean => [parent, child].every((id) => area.indicators.some((figure) => figure.id === id));
    const places = village.areas.filter(hasBoth).map((area) => area.code);
    if (hasBoth(city) && localities.every(hasBoth)) places.push(NOT_PLACED_AREA);
    for (const locality of localities.filter(hasBoth)) {
      if (wards.some((ward) => ward.parent === locality.code && hasBoth(ward))) places.push(`${locality.code} outside its wards`);
    }
    for (const place of places) {
      const rest = difference === undefined ? indicatorKey(`${parent} minus ${child}`, 'count', place) : indicatorKey(difference, 'count', place);
      ledger.line(indicatorKey(parent, 'count', place), [indicatorKey(child, 'count', place), rest], where);
    }
  }
  const linkage = village.linkage;
  recordCount(ledger, 'linkage|records', linkage.records, where);
  recordCount(ledger, 'linkage|people', linkage.people, where);
  for (const source of linkage.perSource) {
    const key = (part: string): string => `linkage|${source.source}|${part}`;
    recordCount(ledger, key('records'), source.records, where);
    recordCount(ledger, key('people'), source.people, where);
    recordCount(ledger, key('matched'), source.peopleMatchedElsewhere, where);
    recordCount(ledger, key('unmatched'), source.peopleUnmatched, where);
    ledger.line(key('people'), [key('matched'), key('unmatched')], where);
  }
  for (const pair of linkage.pairs) recordCount(ledger, `linkage|pair|${pair.sourceA}|${pair.sourceB}`, pair.peopleInBoth, where);
  for (const key of linkage.keys) {
    for (const part of ['merges', 'crossSourceMerges', 'recordsLinkedBy', 'keptApart'] as const) recordCount(ledger, `linkage|key|${key.key}|${part}`, key[part], where);
  }
  linkage.conflicts.forEach((conflict) => recordCount(ledger, `linkage|conflict|${conflict.key}|${conflict.kind}|${conflict.resolution}`, conflict.count, where));
  recordCount(ledger, 'linkage|people without age', linkage.peopleWithoutAge, where);
  recordCount(ledger, 'linkage|people without ward', linkage.peopleWithoutWard, where);
  for (const row of village.unresolved) recordCount(ledger, unresolvedKey(village, row.source, row.reason), row.records, where);
}

/** Records a share indicator's respondents with no locality under the indicator's own remainder key: the same people. */
function unresolvedKey(village: VillageJson, source: string, reason: string): string {
  if (reason === 'unknown-locality') {
    const share = village.indicators.find((indicator) => indicator.kind === 'share' && indicator.denominator === `respondents in ${source}`);
    const city = village.areas.find((area) => area.level === 'city');
    if (share !== undefined && city?.unresolvedDenominators[share.id] !== undefined) return indicatorKey(share.id, 'denominator', NOT_PLACED_AREA);
  }
  return `unresolved|${source}|${reason}`;
}

/** A count as a spreadsheet or CSV shows it: a number, or the symbol (possibly neutralised). */
export function countValue(cell: unknown, symbol: string, context: string): number | null {
  if (typeof cell === 'number') return cell;
  const text = plainText(String(cell ?? ''));
  if (text === symbol) return null;
  if (/^\d+$/.test(text)) return Number(text);
  throw new Error(`${context}: "${String(cell)}" is neither a count nor the suppression symbol "${symbol}"`);
}

function areaByName(village: VillageJson, level: string, name: string): AreaView {
  const area = village.areas.find((entry) => entry.level === level && entry.name === plainText(name));
  if (area === undefined) throw new Error(`No ${level} named ${name}`);
  return area;
}

function indicatorIdByName(village: VillageJson, name: string): string {
  const indicator = village.indicators.find((entry) => entry.name === plainText(name));
  if (indicator === undefined) throw new Error(`No indicator named ${name}`);
  return indicator.id;
}

export type SheetRows = ReadonlyMap<string, readonly (readonly unknown[])[]>;

export function workbookSheets(bytes: Uint8Array): SheetRows {
  const workbook = XLSX.read(bytes, { type: 'array', cellFormula: true });
  return new Map(workbook.SheetNames.map((name) => [name, XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[name] as XLSX.WorkSheet, { header: 1, defval: '', raw: true })]));
}

/** village.xlsx: the Village of 100, Indicators, Unresolved areas and Linkage by source sheets. */
export function recordVillageWorkbook(ledger: DisclosureLedger, shape: VillageShape, sheets: SheetRows, where: string): void {
  const { village } = shape;
  const symbol = village.suppression.symbol;
  const value = (cell: unknown, context: string): number | null => countValue(cell, symbol, `${where} ${context}`);
  for (const row of (sheets.get('Village of 100') ?? []).slice(1)) {
    const [level, name, partition, label, people] = row as [string, string, string, string, unknown];
    const area = areaByName(village, level, name);
    const key = plainText(label) === 'Total' ? partitionTotalKey(shape, partition, area.code) : partitionKey(partition, area.code, plainText(label));
    ledger.record(key, value(people, `Village of 100 ${name} ${label}`), where);
  }
  for (const row of (sheets.get('Indicators') ?? []).slice(1)) {
    const [level, name, indicatorName, count, denominator] = row as [string, string, string, unknown, unknown];
    const id = indicatorIdByName(village, indicatorName);
    const area = level === NOT_PLACED_AREA ? NOT_PLACED_AREA : areaByName(village, level, name).code;
    ledger.record(indicatorKey(id, 'count', area), value(count, `Indicators ${name} ${indicatorName}`), where);
    if (denominator !== '') ledger.record(indicatorKey(id, 'denominator', area), value(denominator, `Indicators ${name} ${indicatorName} denominator`), where);
  }
  for (const row of (sheets.get('Unresolved areas') ?? []).slice(1)) {
    const [source, reason, records] = row as [string, string, unknown];
    ledger.record(unresolvedKey(village, plainText(source), plainText(reason)), value(records, `Unresolved ${source} ${reason}`), where);
  }
  for (const row of (sheets.get('Linkage by source') ?? []).slice(1)) {
    const [source, records, people, matched, unmatched] = row as [string, unknown, unknown, unknown, unknown];
    const key = (part: string): string => `linkage|${plainText(source)}|${part}`;
    ledger.record(key('records'), value(records, `Linkage ${source}`), where);
    ledger.record(key('people'), value(people, `Linkage ${source}`), where);
    ledger.record(key('matched'), value(matched, `Linkage ${source}`), where);
    ledger.record(key('unmatched'), value(unmatched, `Linkage ${source}`), where);
  }
}

/** The village CSV export (one row per area and measure). */
export function recordVillageCsv(ledger: DisclosureLedger, shape: VillageShape, rows: readonly (readonly string[])[], where: string): void {
  const { village } = shape;
  const symbol = village.suppression.symbol;
  for (const row of rows.slice(1)) {
    const [level, name, measure, count, denominator] = row as [string, string, string, string, string];
    const area = areaByName(village, level, name);
    const partition = /^(sex|ageBand|ethnicity): (.*)$/s.exec(plainText(measure));
    if (partition !== null) {
      ledger.record(partitionKey(partition[1] as string, area.code, partition[2] as string), countValue(count, symbol, `${where} ${name} ${measure}`), where);
      ledger.record(partitionTotalKey(shape, partition[1] as string, area.code), countValue(denominator, symbol, `${where} ${name} ${measure} total`), where);
      continue;
    }
    const id = indicatorIdByName(village, measure);
    ledger.record(indicatorKey(id, 'count', area.code), countValue(count, symbol, `${where} ${name} ${measure}`), where);
    if (denominator !== '') ledger.record(indicatorKey(id, 'denominator', area.code), countValue(denominator, symbol, `${where} ${name} ${measure} denominator`), where);
  }
}

/** A dashboard measure that is the same quantity as a village indicator, for the people in a locality. */
export interface DashboardEquivalent {
  readonly chartId: string;
  readonly series: string;
  readonly indicatorId: string;
  /** count: the chart shows the count itself; rate: it shows count ÷ denominator × unit, rounded to 0.1. */
  readonly shows: 'count' | 'rate';
  readonly unit?: number;
}

/**
 * A rate chart by age band over the population (EHC plans per 100 by age band): its denominators are the
 * city's age-band cells of village.json, so each shown rate gives its count away, and the bands' counts with
 * those of no band make the "All ages" count, which is the village indicator's city count where the recipe has it.
 */
export interface DashboardBandRate {
  readonly chartId: string;
  readonly series: string;
  readonly unit: number;
  readonly indicatorId?: string;
}

/**
 * A dashboard: count charts as tables with their totals (the "All …" series is each row's total, the city
 * category each column's); rate charts as rates, which give away their count wherever the denominator is
 * known and small enough that the rounding of the rate to 0.1 cannot hide it.
 */
export function recordDashboard(ledger: DisclosureLedger, dashboard: Dashboard, village: VillageJson, equivalents: readonly DashboardEquivalent[], where: string, bandRates: readonly DashboardBandRate[] = []): void {
  const cityName = village.areas.find((area) => area.level === 'city')?.name;
  const areaCode = (category: string): string => {
    if (category === DASHBOARD_NOT_PLACED) return NOT_PLACED_AREA;
    return village.areas.find((area) => area.level !== 'ward' && area.name === category)?.code ?? category;
  };
  for (const chart of dashboard.charts) {
    const keyOf = (series: string, category: string): string => {
      const equivalent = equivalents.find((entry) => entry.chartId === chart.id && entry.series === series && entry.shows === 'count');
      return equivalent === undefined ? `dashboard|${chart.id}|${series}|${category}` : indicatorKey(equivalent.indicatorId, 'count', areaCode(category));
    };
    if (chart.unit === 'count') {
      chart.series.forEach((series) => chart.categories.forEach((category, index) => ledger.record(keyOf(series.name, category), series.values[index] ?? null, where)));
      recordCountChartLines(ledger, chart, cityName, keyOf, where);
      continue;
    }
    for (const series of chart.series) {
      const band = bandRates.find((entry) => entry.chartId === chart.id && entry.series === series.name);
      if (band !== undefined) recordBandRates(ledger, chart, series, band, village, where);
      const equivalent = equivalents.find((entry) => entry.chartId === chart.id && entry.series === series.name && entry.shows === 'rate');
      chart.categories.forEach((category, index) => {
        const rate = series.values[index] ?? null;
        ledger.record(`dashboard|${chart.id}|${series.name}|${category}`, rate, where);
        if (equivalent !== undefined) ledger.rateOf(indicatorKey(equivalent.indicatorId, 'count', areaCode(category)), indicatorKey(equivalent.indicatorId, 'denominator', areaCode(category)), rate, equivalent.unit ?? 100, where);
      });
    }
  }
}

function recordBandRates(ledger: DisclosureLedger, chart: DashboardChart, series: DashboardChart['series'][number], band: DashboardBandRate, village: VillageJson, where: string): void {
  const city = village.areas.find((area) => area.level === 'city') as AreaView;
  const cityBands = city.partitions.find((partition) => partition.partition === 'ageBand')?.categories.map((category) => category.label) ?? [];
  const bands = chart.categories.slice(0, -1);
  if (bands.length === 0 || !bands.every((label) => cityBands.includes(label))) return;
  const countOf = (label: string): string => `dashboard|${chart.id}|${series.name}|count|${label}`;
  bands.forEach((label, index) => ledger.rateOf(countOf(label), partitionKey('ageBand', city.code, label), series.values[index] ?? null, band.unit, where));
  const allCount = band.indicatorId === undefined ? countOf('all ages') : indicatorKey(band.indicatorId, 'count', city.code);
  const allDenominator = band.indicatorId === undefined ? populationKey(city.code) : indicatorKey(band.indicatorId, 'denominator', city.code);
  ledger.rateOf(allCount, allDenominator, series.values[bands.length] ?? null, band.unit, where);
  ledger.line(allCount, [...bands.map(countOf), countOf('in no age band')], where);
}

function recordCountChartLines(ledger: DisclosureLedger, chart: DashboardChart, cityName: string | undefined, keyOf: (series: string, category: string) => string, where: string): void {
  const allSeries = chart.series.at(-1);
  const cityAt = chart.categories.indexOf(cityName ?? '');
  if (allSeries === undefined || !/^All /.test(allSeries.name) || cityAt < 0) return;
  const partSeries = chart.series.slice(0, -1);
  const partCategories = chart.categories.filter((_, index) => index !== cityAt);
  for (const category of chart.categories) ledger.line(keyOf(allSeries.name, category), partSeries.map((series) => keyOf(series.name, category)), where);
  for (const series of chart.series) ledger.line(keyOf(series.name, chart.categories[cityAt] as string), partCategories.map((category) => keyOf(series.name, category)), where);
}

const PARTITION_OF_TITLE: Record<string, string> = { Sex: 'sex', 'Age band': 'ageBand', Ethnicity: 'ethnicity' };

function unescapeHtml(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

/** report.html: each area section's population, pictogram legends (people per category) and indicator table. */
export function recordReportHtml(ledger: DisclosureLedger, shape: VillageShape, html: string, where: string): number {
  const { village } = shape;
  const symbol = village.suppression.symbol;
  let recorded = 0;
  const record = (key: string, display: string, context: string): void => {
    ledger.record(key, countValue(unescapeHtml(display), symbol, `${where} ${context}`), where);
    recorded += 1;
  };
  for (const section of html.split(/<section(?: class="area")? id="area-/).slice(1)) {
    const heading = /^[^>]*>\s*<h\d id="[^"]*">(.*?) <span class="population">\((.*?) people aged/s.exec(section);
    if (heading === null) throw new Error(`${where}: an area section without its heading`);
    const name = unescapeHtml(heading[1] as string);
    const area = village.areas.find((entry) => entry.level !== 'ward' && entry.name === name);
    if (area === undefined) throw new Error(`${where}: no area named ${name}`);
    record(populationKey(area.code), heading[2] as string, `${name} population`);
    const body = section.slice(0, section.indexOf('</section>'));
    for (const figure of body.split('<figure class="picto">').slice(1)) {
      const title = /<strong>(.*?)<\/strong>/.exec(figure)?.[1] ?? '';
      const partition = PARTITION_OF_TITLE[unescapeHtml(title)] ?? unescapeHtml(title);
      for (const item of figure.matchAll(/<li><span class="swatch" style="background:[^"]*"><\/span>(.*?): [^<]*<span class="count">\((.*?) people\)<\/span><\/li>/g)) {
        record(partitionKey(partition, area.code, unescapeHtml(item[1] as string)), item[2] as string, `${name} ${partition} ${item[1] as string}`);
      }
    }
    for (const row of body.matchAll(/<tr><th scope="row">(.*?)<\/th><td>.*?<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>.*?<\/td><\/tr>/g)) {
      const id = indicatorIdByName(village, unescapeHtml(row[1] as string));
      record(indicatorKey(id, 'count', area.code), row[2] as string, `${name} ${row[1] as string}`);
      if (row[3] !== '') record(indicatorKey(id, 'denominator', area.code), row[3] as string, `${name} ${row[1] as string} denominator`);
    }
  }
  return recorded;
}

