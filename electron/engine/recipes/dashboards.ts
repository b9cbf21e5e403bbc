/**
 * The SEND and inclusion, and building safety, dashboards: computed once per run from the pipeline's tables
 * (persons, person_links, src_<source>, the population source), suppressed with the recipe's disclosure
 * rule, and stored with the run. Nothing here leaves unsuppressed:
 * - a rate chart's counts and denominators are each one additive line per series, the areas plus a
 *   remainder (people not placed, or not known) totalling the city, suppressed like village.json's
 *   indicator lines (suppressList with the total); a rate is withheld whenever its count or denominator is;
 * - a chart of counts by locality and category is a table with its totals (suppressTable: primary and
 *   bridge-closing secondary suppression), the totals shown as the "All categories" series and the city
 *   category, and the not-placed row shown so every line is whole;
 * - a chart comparing two groups (with SEND, without) is a locality × group table with totals, suppressed
 *   as such before rates are formed;
 * - a ranked list without a published total (schools) gets primary suppression.
 * A recipe with `disclosure.method: "cell-key"` publishes the same charts perturbed instead (`Publisher`): every
 * count by the cell-key method with the record keys Explore uses (people, and records of a source), population
 * estimates with the keys of their area and ages as in village.json (pipeline/publish-perturbed.ts); totals are
 * cells of their own; nothing is hidden.
 * Sources are found by their specification (education-school-census, education-ehc-plans, …); a chart whose
 * sources the recipe lacks is left out. Every recipe field reaches SQL through the catalog and the condition
 * compiler (bound values, checked and quoted names).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Dashboard, DashboardChart } from '../../../shared/api';
import type { Condition, Recipe } from '../../../shared/recipe';
import type { PublishedCount, VillageJson } from '../../../shared/village';
import { CITY_CODE } from '../pipeline';
import type { CellKeyRule } from '../pipeline';
import { adjustmentsListText, perturbedCount } from '../privacy';
import { perturbedCountSql } from '../explore';
import { aggregateCellKey, findKeyedTable, keyedRelation, type KeyedRelation } from '../privacy';
import { describeTable, SourceCatalog } from '../pipeline';
import { compileCondition, ParameterSet, PERSON_LINKS_TABLE } from '../pipeline';
import { PERSONS_TABLE } from '../pipeline';
import { readPopulation, type PopulationData } from '../pipeline';
import { primary, publishedCount } from '../pipeline';
import { sourceTableName, SUPPRESSION_RULE_TEXT } from '../pipeline';
import { type CountTable, type PublishedCell, type SuppressedTable, suppressList, suppressTable } from '../privacy';
import { quoteIdentifier } from '../sql';
import { per } from '../village';

export interface DashboardInput {
  readonly connection: DuckDBConnection;
  readonly recipe: Recipe;
  readonly village: VillageJson;
  readonly runId: string;
  readonly generatedAt: string;
  /** The run's rule when its recipe chose cell-key perturbation (run-recipe.ts `cellKeyRuleOf`). */
  readonly cellKey?: CellKeyRule | null;
}

interface Rule {
  readonly threshold: number;
  readonly symbol: string;
}

/** Counts per group; the key null holds people in no listed group (not placed, age or ethnicity not known). */
type Grouped = Map<string | null, number>;

/**
 * In a cell-key run, the cell key of each group and of all groups together: sums of record keys for people
 * and records, keys of area and ages for population estimates.
 */
interface GroupKeys {
  readonly of: (group: string | null) => number;
  readonly total: number;
}
type GroupKind = 'locality' | 'ageBand' | 'ethnicity';

interface Context {
  readonly input: DashboardInput;
  readonly catalog: SourceCatalog;
  readonly rule: Rule;
  readonly population: PopulationData | null;
  readonly localities: readonly string[];
  readonly cityName: string;
  readonly localityOfWard: ReadonlyMap<string, string>;
  readonly cellKey: CellKeyRule | null;
}

/** A sum of record keys as a cell key. */
function cellKeyOf(keySum: number): number {
  return ((keySum % 256) + 256) % 256;
}

function perturbedCell(count: number, key: number, rule: CellKeyRule): PublishedCell {
  const value = perturbedCount(count, key, rule.table);
  return { value, display: String(value), status: 'published' };
}

/** Keys from sums of record keys per group. */
function keysFromSums(sums: ReadonlyMap<string | null, number>): GroupKeys {
  let total = 0;
  for (const sum of sums.values()) total += sum;
  return { of: (group) => cellKeyOf(sums.get(group) ?? 0), total: cellKeyOf(total) };
}

/** A source's rows with their record keys, as Explore keys them; null when the run does not perturb. */
async function keyedSource(context: Context, source: string): Promise<KeyedRelation | null> {
  if (context.cellKey === null) return null;
  const table = await findKeyedTable(context.input.connection, context.catalog.get(source).table);
  return table === null ? null : keyedRelation(context.input.connection, table, context.cellKey.secret);
}

const CHILDREN: readonly [number, number] = [0, 17];
const CHILDREN_AND_YOUNG_PEOPLE: readonly [number, number] = [0, 25];
const CP_CATEGORIES = [
  { code: 'Neglect', label: 'Neglect' },
  { code: 'Emotional abuse', label: 'Emotional abuse' },
  { code: 'Physical abuse', label: 'Physical abuse' },
  { code: 'Sexual abuse', label: 'Sexual abuse' },
  { code: 'Multiple', label: 'Multiple' },
] as const;
const CP_NOT_RECORDED = 'Category not recorded';
const NOT_PLACED = 'Not placed in a locality';

function sourceWithSpec(context: Context, specId: string): string | null {
  const source = context.input.recipe.sources.find((entry) => entry.spec === specId && context.catalog.has(entry.id));
  return source?.id ?? null;
}

function ageFilter(ageRange: readonly [number, number], parameters: ParameterSet): string {
  const minimum = `CAST(${parameters.add(ageRange[0])} AS BIGINT)`;
  const maximum = `CAST(${parameters.add(ageRange[1])} AS BIGINT)`;
  return `((p.date_of_birth IS NOT NULL AND p.age BETWEEN ${minimum} AND ${maximum}) OR (p.date_of_birth IS NULL AND p.age_min >= ${minimum} AND p.age_max <= ${maximum}))`;
}

function groupSql(context: Context, kind: GroupKind, parameters: ParameterSet): string {
  if (kind === 'locality') return "nullif(p.locality, '')";
  if (kind === 'ethnicity') return 'p.ethnicity';
  const bands = context.input.recipe.village.ageBands.map(
    (band) => `WHEN p.age BETWEEN CAST(${parameters.add(band.min)} AS BIGINT) AND CAST(${parameters.add(band.max)} AS BIGINT) THEN ${parameters.add(band.label)}`,
  );
  return `CASE ${bands.join(' ')} ELSE NULL END`;
}

/**
 * People in the age range (and the base condition), per group, and of them those meeting each numerator; in a
 * cell-key run also the sums of their record keys (persons keyed as Explore keys them).
 */
async function countPeople(
  context: Context,
  kind: GroupKind,
  ageRange: readonly [number, number],
  base: Condition | null,
  numerators: readonly Condition[],
): Promise<{ base: Grouped; hits: Grouped[]; baseKeySums: Grouped | null; hitKeySums: Grouped[] | null; baseKeys: GroupKeys | null; hitKeys: (GroupKeys | null)[] }> {
  const parameters = new ParameterSet('d');
  const where = base === null ? 'TRUE' : compileCondition(base, context.catalog, 'p.person_id', parameters, 'dashboard');
  const tests = numerators.map((condition) => compileCondition(condition, context.catalog, 'p.person_id', parameters, 'dashboard'));
  const filters = tests.map((test, index) => `CAST(count(*) FILTER (WHERE ${test}) AS BIGINT) AS ${quoteIdentifier(`h${index}`)}`);
  const persons = context.cellKey === null ? null : await findKeyedTable(context.input.connection, PERSONS_TABLE);
  const keyed = persons === null || context.cellKey === null ? null : await keyedRelation(context.input.connection, persons, context.cellKey.secret);
  const key = keyed === null ? '' : `p.${quoteIdentifier(keyed.keyColumn)}`;
  const keySums = keyed === null
    ? []
    : [`CAST(coalesce(sum(${key}), 0) AS BIGINT) AS base_keys`, ...tests.map((test, index) => `CAST(coalesce(sum(${key}) FILTER (WHERE ${test}), 0) AS BIGINT) AS ${quoteIdentifier(`k${index}`)}`)];
  const group = groupSql(context, kind, parameters);
  const reader = await context.input.connection.runAndReadAll(
    `SELECT ${group} AS grp, CAST(count(*) AS BIGINT) AS base${[...filters, ...keySums].map((column) => `, ${column}`).join('')}
     FROM ${keyed === null ? quoteIdentifier(PERSONS_TABLE) : `(${keyed.sql})`} p
     WHERE ${ageFilter(ageRange, parameters)} AND ${where}
     GROUP BY ALL`,
    { ...parameters.values, ...(keyed === null ? {} : keyed.params) },
  );
  const baseCounts: Grouped = new Map();
  const hits: Grouped[] = numerators.map(() => new Map());
  const baseKeySums: Grouped = new Map();
  const hitKeySums: Grouped[] = numerators.map(() => new Map());
  for (const row of reader.getRowObjectsJson()) {
    const group = row.grp === null ? null : String(row.grp);
    baseCounts.set(group, (baseCounts.get(group) ?? 0) + Number(row.base));
    hits.forEach((map, index) => map.set(group, (map.get(group) ?? 0) + Number(row[`h${index}`] ?? 0)));
    if (keyed === null) continue;
    baseKeySums.set(group, (baseKeySums.get(group) ?? 0) + Number(row.base_keys));
    hitKeySums.forEach((map, index) => map.set(group, (map.get(group) ?? 0) + Number(row[`k${index}`] ?? 0)));
  }
  return {
    base: baseCounts,
    hits,
    baseKeySums: keyed === null ? null : baseKeySums,
    hitKeySums: keyed === null ? null : hitKeySums,
    baseKeys: keyed === null ? null : keysFromSums(baseKeySums),
    hitKeys: hitKeySums.map((sums) => (keyed === null ? null : keysFromSums(sums))),
  };
}

/** The population estimates aged within the range, per group (ethnicity: the population's ethnicity groups). */
function populationBy(context: Context, kind: GroupKind, ageRange: readonly [number, number]): Grouped | null {
  const population = context.population;
  if (population === null) return null;
  const grouped: Grouped = new Map();
  const add = (key: string | null, count: number): void => {
    grouped.set(key, (grouped.get(key) ?? 0) + count);
  };
  const lastAgeOfBand = new Map(population.bands.map((band) => [band.min, band.max]));
  for (const [ward, counts] of population.wards) {
    if (kind === 'ethnicity') {
      for (const [group, count] of counts.byEthnicity) add(group, count);
      continue;
    }
    for (const byAge of counts.bySexAge.values()) {
      for (const [age, count] of byAge) {
        // A band counts only when all its ages are in range (single years are bands of one).
        if (age < ageRange[0] || (lastAgeOfBand.get(age) ?? age) > ageRange[1]) continue;
        if (kind === 'locality') add(context.localityOfWard.get(ward) ?? null, count);
        else add(context.input.recipe.village.ageBands.find((band) => age >= band.min && age <= band.max)?.label ?? null, count);
      }
    }
  }
  return grouped;
}

/**
 * The keys of population estimates per group in a cell-key run, as village.json keys the same cells
 * (publish-perturbed.ts): a locality's population over every age is its population cell, over some ages its
 * cell of those ages; the city's age bands and ethnic groups are its partition cells.
 */
function populationKeys(context: Context, kind: GroupKind, ageRange: readonly [number, number]): GroupKeys | null {
  const rule = context.cellKey;
  const bands = context.population?.bands ?? [];
  if (rule === null || bands.length === 0) return null;
  const everyAge = ageRange[0] <= Math.min(...bands.map((band) => band.min)) && ageRange[1] >= Math.max(...bands.map((band) => band.max));
  const ages = `ages ${ageRange[0]}-${ageRange[1]}`;
  const key = (...cell: string[]): number => aggregateCellKey(rule.secret, cell);
  const area = (code: string): number => (everyAge ? key(code, 'population') : key(code, 'population', ages));
  if (kind === 'locality') return { of: (group) => area(group ?? 'not placed'), total: area(CITY_CODE) };
  if (kind === 'ethnicity') return { of: (group) => key(CITY_CODE, 'ethnicity', group ?? 'not known'), total: key(CITY_CODE, 'ethnicity', 'all') };
  return { of: (group) => (everyAge ? key(CITY_CODE, 'ageBand', group ?? 'not known') : key(CITY_CODE, 'ageBand', group ?? 'not known', ages)), total: area(CITY_CODE) };
}

function total(grouped: Grouped): number {
  let sum = 0;
  for (const count of grouped.values()) sum += count;
  return sum;
}

/**
 * One additive line: the labelled parts plus the remainder make the total; returns the parts' and total's
 * cells. Suppressed as a line, or, in a cell-key run, each part and the total perturbed by its own key.
 */
function publishLine(context: Context, labels: readonly string[], grouped: Grouped, keys: GroupKeys | null): { parts: PublishedCount[]; total: PublishedCount } {
  const parts = labels.map((label) => grouped.get(label) ?? 0);
  const sum = total(grouped);
  if (context.cellKey !== null && keys !== null) {
    const rule = context.cellKey;
    return { parts: parts.map((count, index) => perturbedCell(count, keys.of(labels[index] as string), rule)), total: perturbedCell(sum, keys.total, rule) };
  }
  const remainder = sum - parts.reduce((accumulated, part) => accumulated + part, 0);
  const list = suppressList({ labels: [...labels, 'remainder'], counts: [...parts, remainder], includeTotal: true }, context.rule);
  return { parts: list.cells.slice(0, labels.length).map(publishedCount), total: publishedCount(list.total as PublishedCell) };
}

interface SeriesValues {
  readonly values: (number | null)[];
  readonly display: string[];
  readonly counts: string[];
  readonly denominators: string[];
}

function rateOf(count: PublishedCount, denominator: PublishedCount, unit: 100 | 1000, rule: Rule): { value: number | null; display: string } {
  const rate = per(count.value, denominator.value, unit, { threshold: rule.threshold, symbol: rule.symbol });
  return { value: rate.value === null ? null : Number(rate.value.toFixed(1)), display: rate.display };
}

/** Rates per group and for all groups together, from independently published count and denominator lines. */
function rateSeries(
  context: Context,
  labels: readonly string[],
  counts: { grouped: Grouped; keys: GroupKeys | null },
  denominators: { grouped: Grouped; keys: GroupKeys | null },
  unit: 100 | 1000,
): SeriesValues {
  const rule = context.rule;
  const countLine = publishLine(context, labels, counts.grouped, counts.keys);
  const denominatorLine = publishLine(context, labels, denominators.grouped, denominators.keys);
  const cells = [...countLine.parts.map((count, index) => [count, denominatorLine.parts[index] as PublishedCount] as const), [countLine.total, denominatorLine.total] as const];
  const rates = cells.map(([count, denominator]) => rateOf(count, denominator, unit, rule));
  return { values: rates.map((rate) => rate.value), display: rates.map((rate) => rate.display), counts: cells.map(([count]) => count.display), denominators: cells.map(([, denominator]) => denominator.display) };
}

function unitLabel(unit: 100 | 1000): DashboardChart['unit'] {
  return unit === 100 ? 'per 100' : 'per 1,000';
}

interface RateChartSpec {
  readonly id: string;
  readonly title: string;
  readonly shortTitle: string;
  readonly description: string;
  readonly source: string;
  readonly kind: GroupKind;
  readonly unit: 100 | 1000;
  readonly series: readonly {
    readonly name: string;
    readonly ageRange: readonly [number, number];
    readonly numerator: Condition;
    /** 'population': the population estimates; a condition: people meeting it (the numerator is counted among them). */
    readonly denominator: 'population' | Condition;
  }[];
}

function labelsFor(context: Context, kind: GroupKind): { labels: string[]; allLabel: string } {
  if (kind === 'locality') return { labels: [...context.localities], allLabel: context.cityName };
  if (kind === 'ageBand') return { labels: context.input.recipe.village.ageBands.map((band) => band.label), allLabel: 'All ages' };
  return { labels: Object.keys(context.input.recipe.ethnicityGroups), allLabel: 'All ethnicities' };
}

async function rateChart(context: Context, spec: RateChartSpec): Promise<DashboardChart | null> {
  const { labels, allLabel } = labelsFor(context, spec.kind);
  const series: DashboardChart['series'] = [];
  for (const entry of spec.series) {
    const people = await countPeople(context, spec.kind, entry.ageRange, entry.denominator === 'population' ? null : entry.denominator, [entry.numerator]);
    const fromPopulation = entry.denominator === 'population';
    const denominators = fromPopulation ? populationBy(context, spec.kind, entry.ageRange) : people.base;
    if (denominators === null) return null;
    const denominatorKeys = fromPopulation ? populationKeys(context, spec.kind, entry.ageRange) : people.baseKeys;
    series.push({ name: entry.name, ...rateSeries(context, labels, { grouped: people.hits[0] as Grouped, keys: people.hitKeys[0] ?? null }, { grouped: denominators, keys: denominatorKeys }, spec.unit) });
  }
  return {
    id: spec.id,
    title: spec.title,
    shortTitle: spec.shortTitle,
    description: spec.description,
    unit: unitLabel(spec.unit),
    categories: [...labels, allLabel],
    series,
    source: spec.source,
    reference: allLabel,
  };
}

type PublishedTable = Pick<SuppressedTable, 'cells' | 'rowTotals' | 'columnTotals' | 'grandTotal'>;

/**
 * A table of counts with its totals: suppressed as one table, or, in a cell-key run with the sums of record
 * keys of every cell, each cell and each total perturbed by its own key (key sums add up like the counts).
 */
function publishTable(context: Context, table: CountTable, keySums: readonly (readonly number[])[] | null): PublishedTable {
  const rule = context.cellKey;
  if (rule === null || keySums === null) return suppressTable(table, context.rule);
  const sumOf = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0);
  const column = (grid: readonly (readonly number[])[], index: number): number[] => grid.map((row) => row[index] ?? 0);
  return {
    cells: table.counts.map((row, r) => row.map((count, c) => perturbedCell(count, cellKeyOf(keySums[r]?.[c] ?? 0), rule))),
    rowTotals: table.counts.map((row, r) => perturbedCell(sumOf(row), cellKeyOf(sumOf(keySums[r] ?? [])), rule)),
    columnTotals: table.columns.map((_, c) => perturbedCell(sumOf(column(table.counts, c)), cellKeyOf(sumOf(column(keySums, c))), rule)),
    grandTotal: perturbedCell(sumOf(table.counts.map(sumOf)), cellKeyOf(sumOf(keySums.map(sumOf))), rule),
  };
}

/** A locality × category table of people with totals, suppressed as one table; the chart shows every line whole. */
function countTableChart(
  context: Context,
  meta: { id: string; title: string; shortTitle: string; description: string; source: string; allSeries: string },
  categories: readonly string[],
  counts: ReadonlyMap<string | null, ReadonlyMap<string, number>>,
  keySums: ReadonlyMap<string | null, ReadonlyMap<string, number>> | null,
): DashboardChart {
  const rowKeys: (string | null)[] = [...context.localities, null];
  const grid = (values: ReadonlyMap<string | null, ReadonlyMap<string, number>>): number[][] => rowKeys.map((key) => categories.map((category) => values.get(key)?.get(category) ?? 0));
  const table = publishTable(
    context,
    { rows: rowKeys.map((key) => key ?? NOT_PLACED), columns: [...categories], counts: grid(counts), includeTotals: true },
    keySums === null ? null : grid(keySums),
  );
  const columnSeries = categories.map((category, column) => {
    const cells = [...table.cells.map((row) => row[column] as PublishedCell), (table.columnTotals ?? [])[column] as PublishedCell];
    return { name: category, values: cells.map((cell) => cell.value), display: cells.map((cell) => cell.display) };
  });
  const totals = [...(table.rowTotals ?? []), table.grandTotal as PublishedCell];
  // A category withheld in every area says nothing but "c": it is named in the description instead of drawn.
  const withheld = columnSeries.filter((series) => series.values.every((value) => value === null));
  const note = withheld.length === 0 ? '' : ` ${withheld.map((series) => series.name).join(', ')}: withheld in every area (small numbers), so not shown; they are counted in ${meta.allSeries.toLowerCase()}.`;
  return {
    id: meta.id,
    title: meta.title,
    shortTitle: meta.shortTitle,
    description: `${meta.description}${note}`,
    unit: 'count',
    categories: [...context.localities, NOT_PLACED, context.cityName],
    series: [...columnSeries.filter((series) => !withheld.includes(series)), { name: meta.allSeries, values: totals.map((cell) => cell.value), display: totals.map((cell) => cell.display) }],
    source: meta.source,
  };
}

function sendCondition(census: string, ehc: string | null): Condition {
  const onCensus: Condition = { source: census, field: 'sen_provision', in: ['E', 'K'] };
  return ehc === null ? onCensus : { anyOf: [onCensus, { source: ehc, exists: true }] };
}

/** Suspended pupils with and without SEND per 100 such pupils, by locality: counts and denominators suppressed as tables with totals. */
async function suspensionsBySend(context: Context, census: string, ehc: string | null, suspensions: string): Promise<DashboardChart> {
  const send = sendCondition(census, ehc);
  const onCensus: Condition = { source: census, exists: true };
  const suspended: Condition = { source: suspensions, exists: true };
  const withSend = await countPeople(context, 'locality', CHILDREN_AND_YOUNG_PEOPLE, { allOf: [onCensus, send] }, [suspended]);
  const withoutSend = await countPeople(context, 'locality', CHILDREN_AND_YOUNG_PEOPLE, { allOf: [onCensus, { not: send }] }, [suspended]);
  const rowKeys: (string | null)[] = [...context.localities, null];
  const pair = (first: Grouped, second: Grouped): number[][] => rowKeys.map((key) => [first.get(key) ?? 0, second.get(key) ?? 0]);
  const suppress = (first: Grouped, second: Grouped, sums: readonly [Grouped | null | undefined, Grouped | null | undefined]): PublishedTable =>
    publishTable(
      context,
      { rows: rowKeys.map((key) => key ?? NOT_PLACED), columns: ['with', 'without'], counts: pair(first, second), includeTotals: true },
      sums[0] == null || sums[1] == null ? null : pair(sums[0], sums[1]),
    );
  const counts = suppress(withSend.hits[0] as Grouped, withoutSend.hits[0] as Grouped, [withSend.hitKeySums?.[0], withoutSend.hitKeySums?.[0]]);
  const denominators = suppress(withSend.base, withoutSend.base, [withSend.baseKeySums, withoutSend.baseKeySums]);
  const column = (table: PublishedTable, index: number): PublishedCount[] =>
    [...context.localities.map((_, row) => (table.cells[row] as PublishedCell[])[index] as PublishedCell), (table.columnTotals ?? [])[index] as PublishedCell].map(publishedCount);
  const series = ['Children with SEND', 'Children without SEND'].map((name, index) => {
    const countCells = column(counts, index);
    const denominatorCells = column(denominators, index);
    const rates = countCells.map((count, position) => rateOf(count, denominatorCells[position] as PublishedCount, 100, context.rule));
    return {
      name,
      values: rates.map((rate) => rate.value),
      display: rates.map((rate) => rate.display),
      counts: countCells.map((count) => count.display),
      denominators: denominatorCells.map((denominator) => denominator.display),
    };
  });
  return {
    id: 'send-suspensions-by-locality',
    title: 'Suspensions and exclusions: children with and without SEND',
    shortTitle: 'Suspensions, SEND or not',
    reference: context.cityName,
    description:
      'Pupils on the school census aged 0–25 with at least one suspension or permanent exclusion in the extract, per 100 pupils, for pupils with SEND (an EHC plan ' +
      'or SEN support: provision E or K on the census, or in the EHC plans file) and for pupils without, by the locality they live in.',
    unit: 'per 100',
    categories: [...context.localities, context.cityName],
    series,
    source: `${census} (pupils, SEN provision), ${ehc === null ? '' : `${ehc} (EHC plans), `}${suspensions} (suspensions and exclusions), linked into people`,
  };
}

/** Per school URN on the school census: its roll (pupils on the census) and, where the extract has one, its name. */
async function schoolsOnCensus(context: Context, census: string): Promise<Map<string, { roll: number; rollKeys: number; name: string | null }>> {
  if (!context.catalog.hasColumn(census, 'school_urn')) return new Map();
  const urn = context.catalog.column(census, 'school_urn', 'SEND dashboard');
  const name = context.catalog.hasColumn(census, 'school_name') ? `any_value(CAST(${context.catalog.column(census, 'school_name', 'SEND dashboard')} AS VARCHAR))` : 'NULL';
  const keyed = await keyedSource(context, census);
  const reader = await context.input.connection.runAndReadAll(
    `SELECT CAST(${urn} AS VARCHAR) AS urn, CAST(count(*) AS BIGINT) AS pupils, ${name} AS school_name${keyed === null ? '' : `, CAST(sum(${quoteIdentifier(keyed.keyColumn)}) AS BIGINT) AS key_sum`}
     FROM ${keyed === null ? context.catalog.tableSql(census) : `(${keyed.sql}) AS keyed_rows`} WHERE ${urn} IS NOT NULL GROUP BY ALL`,
    keyed === null ? {} : keyed.params,
  );
  return new Map(
    reader.getRowObjectsJson().map((row) => [String(row.urn), { roll: Number(row.pupils), rollKeys: Number(row.key_sum ?? 0), name: row.school_name === null ? null : String(row.school_name) }]),
  );
}

/**
 * A school as a reader knows it: its name from the census with the URN beside it ("Oakfield Primary School
 * (URN 990021), 312 on roll"), or the URN alone where the census gives no name; the roll is suppressed like any count.
 */
export function schoolLabel(
  urn: string,
  school: { readonly roll: number; readonly rollKeys?: number; readonly name: string | null } | undefined,
  rule: Rule,
  cellKey: CellKeyRule | null = null,
): string {
  const name = school?.name?.trim() ?? '';
  const roll = school === undefined ? null : cellKey === null ? primary(school.roll, rule) : perturbedCell(school.roll, cellKeyOf(school.rollKeys ?? 0), cellKey);
  const onRoll = roll === null ? '' : `, ${roll.display} on roll`;
  return `${name === '' ? `School URN ${urn}` : `${name} (URN ${urn})`}${onRoll}`;
}

async function topSchools(context: Context, census: string, ehc: string | null, suspensions: string): Promise<DashboardChart> {
  const parameters = new ParameterSet('t');
  const urn = `t.${context.catalog.column(suspensions, 'school_urn', 'SEND dashboard')}`;
  const send = compileCondition(sendCondition(census, ehc), context.catalog, 'l.person_id', parameters, 'SEND dashboard');
  // In a cell-key run each school's events are perturbed by their records' keys, and the ten are chosen by
  // the published counts, so the ranking says nothing the counts do not.
  const keyed = await keyedSource(context, suspensions);
  const rule = context.cellKey;
  const events = keyed === null || rule === null
    ? 'CAST(count(*) AS BIGINT)'
    : perturbedCountSql('CAST(count(*) AS BIGINT)', `sum(t.${quoteIdentifier(keyed.keyColumn)})`);
  const reader = await context.input.connection.runAndReadAll(
    `SELECT CAST(${urn} AS VARCHAR) AS urn, ${events} AS events
     FROM ${quoteIdentifier(PERSON_LINKS_TABLE)} l JOIN ${keyed === null ? context.catalog.tableSql(suspensions) : `(${keyed.sql})`} t ON t.source_row = l.source_row
     WHERE l.source = ${parameters.add(suspensions)} AND ${urn} IS NOT NULL AND ${send}
     GROUP BY ALL ${rule === null ? '' : 'HAVING events > 0'} ORDER BY events DESC, urn LIMIT 10`,
    { ...parameters.values, ...(keyed === null || rule === null ? {} : { ...keyed.params, pt_adjustments: adjustmentsListText(rule.table), pt_last_row: rule.table.lastRow }) },
  );
  const rows = reader.getRowObjectsJson();
  const cells = rows.map((row): PublishedCount => (rule === null ? primary(Number(row.events), context.rule) : { value: Number(row.events), display: String(row.events), status: 'published' }));
  const schools = await schoolsOnCensus(context, census);
  return {
    id: 'send-schools-most-suspensions',
    title: 'Schools with the most suspensions and exclusions of children with SEND',
    shortTitle: 'Schools, most suspensions',
    description:
      'The ten schools (by URN) recording the most suspensions and permanent exclusions of pupils with SEND (EHC plan or SEN support), counting each suspension ' +
      `or exclusion; small counts are ${rule === null ? 'suppressed' : 'perturbed'}. Each school is named where the school census gives its name, with its roll: its pupils on the census.`,
    unit: 'count',
    categories: rows.map((row) => schoolLabel(String(row.urn), schools.get(String(row.urn)), context.rule, rule)),
    series: [{ name: 'Suspensions and exclusions of children with SEND', values: cells.map((cell) => cell.value), display: cells.map((cell) => cell.display) }],
    source: `${suspensions} (school URN of each suspension or exclusion), ${census}${ehc === null ? '' : ` and ${ehc}`} (SEND), linked into people`,
  };
}

/** The fields of an attendance extract (sessions possible, authorised and unauthorised absence), whatever its specification is called. */
const ATTENDANCE_FIELDS = ['sessions_possible', 'authorised_absence', 'unauthorised_absence'] as const;
/** Pupils of compulsory school age and the sixth form, the ages attendance is collected for. */
const SCHOOL_AGES: readonly [number, number] = [4, 17];

/** Persistent absence (10% or more of possible sessions missed) per 100 pupils, overall and among pupils with SEN support or an EHC plan, by locality. */
async function persistentAbsence(context: Context, attendance: string, census: string | null, ehc: string | null): Promise<DashboardChart | null> {
  const inAttendance: Condition = { source: attendance, exists: true };
  const absent: Condition = { source: attendance, sumOf: ['authorised_absence', 'unauthorised_absence'], per: 'sessions_possible', atLeast: 0.1 };
  const ehcPlan: Condition | null = census === null ? null : ehc === null ? { source: census, field: 'sen_provision', equals: 'E' } : { anyOf: [{ source: census, field: 'sen_provision', equals: 'E' }, { source: ehc, exists: true }] };
  const series = [
    { name: 'All pupils', ageRange: SCHOOL_AGES, numerator: absent, denominator: inAttendance },
    ...(census === null ? [] : [{ name: 'Pupils with SEN support', ageRange: SCHOOL_AGES, numerator: absent, denominator: { allOf: [inAttendance, { source: census, field: 'sen_provision', equals: 'K' }] } as Condition }]),
    ...(ehcPlan === null ? [] : [{ name: 'Pupils with an EHC plan', ageRange: SCHOOL_AGES, numerator: absent, denominator: { allOf: [inAttendance, ehcPlan] } as Condition }]),
  ];
  return rateChart(context, {
    id: 'send-persistent-absence-by-locality',
    shortTitle: 'Persistent absence',
    title: 'Persistent absence: all pupils, SEN support and EHC plans, by locality',
    kind: 'locality',
    unit: 100,
    series,
    description:
      'Pupils aged 4–17 in the attendance extract who missed 10% or more of their possible sessions (authorised and unauthorised absence over all their terms), per 100 such pupils: ' +
      'all pupils, pupils with SEN support (provision K on the census) and pupils with an EHC plan (provision E, or in the EHC plans file), by the locality they live in.',
    source: `${attendance} (sessions possible and absence by term)${census === null ? '' : `, ${census} (SEN provision)`}${ehc === null ? '' : `, ${ehc} (EHC plans)`}, linked into people`,
  });
}

async function sendDashboard(context: Context): Promise<DashboardChart[]> {
  const census = sourceWithSpec(context, 'education-school-census');
  const ehc = sourceWithSpec(context, 'education-ehc-plans');
  const suspensions = sourceWithSpec(context, 'education-suspensions-exclusions');
  const charts: (DashboardChart | null)[] = [];
  const population = context.input.recipe.population.source;
  const ehcSeries = ehc === null ? null : { name: 'EHC plans per 100 aged 0–25', ageRange: CHILDREN_AND_YOUNG_PEOPLE, numerator: { source: ehc, exists: true } as Condition, denominator: 'population' as const };
  const senSeries = census === null
    ? null
    : { name: 'SEN support per 100 pupils', ageRange: CHILDREN_AND_YOUNG_PEOPLE, numerator: { source: census, field: 'sen_provision', equals: 'K' } as Condition, denominator: { source: census, exists: true } as Condition };
  if (ehcSeries !== null) {
    charts.push(await rateChart(context, {
      id: 'send-ehc-by-locality', shortTitle: 'EHC plans by locality', title: 'EHC plans per 100 children and young people, by locality', kind: 'locality', unit: 100, series: [ehcSeries],
      description: 'People aged 0–25 on the reference date with an education, health and care plan (in the EHC plans file), per 100 of the population aged 0–25 in the population estimates, by the locality they live in.',
      source: `${ehc} (EHC plans) linked into people; ${population} (population estimates)`,
    }));
  }
  if (senSeries !== null) {
    charts.push(await rateChart(context, {
      id: 'send-sen-support-by-locality', shortTitle: 'SEN support by locality', title: 'SEN support per 100 pupils, by locality', kind: 'locality', unit: 100, series: [senSeries],
      description: 'Pupils aged 0–25 with SEN provision K (SEN support) on the school census, per 100 pupils on the census, by the locality they live in.',
      source: `${census} (school census)`,
    }));
  }
  const bothSeries = [ehcSeries, senSeries].filter((entry): entry is NonNullable<typeof entry> => entry !== null);
  if (bothSeries.length > 0) {
    charts.push(await rateChart(context, {
      id: 'send-by-age-band', shortTitle: 'SEND by age band', title: 'EHC plans and SEN support by age band, Birmingham', kind: 'ageBand', unit: 100, series: bothSeries,
      description: 'EHC plans per 100 of the population in each age band (population estimates), and SEN support per 100 pupils in each age band (school census); ages on the reference date.',
      source: [ehc, census, population].filter((entry) => entry !== null).join(', '),
    }));
    charts.push(await rateChart(context, {
      id: 'send-by-ethnicity', shortTitle: 'SEND by ethnicity', title: 'EHC plans and SEN support by ethnicity, Birmingham', kind: 'ethnicity', unit: 100, series: bothSeries,
      description: "EHC plans per 100 of each ethnicity group's population (the population estimates' ethnic groups), and SEN support per 100 pupils of each group (school census); ethnicity from the person index.",
      source: [ehc, census, context.input.recipe.population.ethnicity?.source ?? population].filter((entry) => entry !== null).join(', '),
    }));
  }
  if (census !== null && suspensions !== null) {
    charts.push(await suspensionsBySend(context, census, ehc, suspensions));
    if (context.catalog.hasColumn(suspensions, 'school_urn')) charts.push(await topSchools(context, census, ehc, suspensions));
  }
  const attendance = context.catalog.sourceIds().find((id) => ATTENDANCE_FIELDS.every((field) => context.catalog.hasColumn(id, field))) ?? null;
  if (attendance !== null) charts.push(await persistentAbsence(context, attendance, census, ehc));
  return charts.filter((chart): chart is DashboardChart => chart !== null);
}

async function childProtectionByCategory(context: Context, socialCare: string): Promise<DashboardChart> {
  const parameters = new ParameterSet('p');
  const persons = context.cellKey === null ? null : await findKeyedTable(context.input.connection, PERSONS_TABLE);
  const keyed = persons === null || context.cellKey === null ? null : await keyedRelation(context.input.connection, persons, context.cellKey.secret);
  const category = context.catalog.column(socialCare, 'cp_category', 'building safety dashboard');
  const start = context.catalog.column(socialCare, 'cp_plan_start', 'building safety dashboard');
  const reader = await context.input.connection.runAndReadAll(
    `WITH plans AS (
       SELECT l.person_id, arg_max(CAST(t.${category} AS VARCHAR), t.${start}) AS category
       FROM ${quoteIdentifier(PERSON_LINKS_TABLE)} l JOIN ${context.catalog.tableSql(socialCare)} t ON t.source_row = l.source_row
       WHERE l.source = ${parameters.add(socialCare)} AND t.${start} IS NOT NULL
       GROUP BY l.person_id
     )
     SELECT nullif(p.locality, '') AS locality, plans.category AS category, CAST(count(*) AS BIGINT) AS people${keyed === null ? '' : `, CAST(sum(p.${quoteIdentifier(keyed.keyColumn)}) AS BIGINT) AS key_sum`}
     FROM ${keyed === null ? quoteIdentifier(PERSONS_TABLE) : `(${keyed.sql})`} p JOIN plans ON plans.person_id = p.person_id
     WHERE ${ageFilter(CHILDREN, parameters)}
     GROUP BY ALL`,
    { ...parameters.values, ...(keyed === null ? {} : keyed.params) },
  );
  const labelOf = new Map<string, string>(CP_CATEGORIES.map((entry) => [entry.code, entry.label]));
  const counts = new Map<string | null, Map<string, number>>();
  const keySums = new Map<string | null, Map<string, number>>();
  const add = (into: Map<string | null, Map<string, number>>, locality: string | null, label: string, value: number): void => {
    const byCategory = into.get(locality) ?? new Map<string, number>();
    byCategory.set(label, (byCategory.get(label) ?? 0) + value);
    into.set(locality, byCategory);
  };
  for (const row of reader.getRowObjectsJson()) {
    const locality = row.locality === null ? null : String(row.locality);
    const label = (row.category === null ? undefined : labelOf.get(String(row.category))) ?? CP_NOT_RECORDED;
    add(counts, locality, label, Number(row.people));
    if (keyed !== null) add(keySums, locality, label, Number(row.key_sum));
  }
  return countTableChart(
    context,
    {
      id: 'safety-child-protection-by-category',
      title: 'Child protection plans by category, by locality',
      shortTitle: 'CP plans by category',
      description:
        'Children aged 0–17 with a child protection plan start in the social-care extract, by the category of their latest plan (neglect, emotional, physical, ' +
        'sexual abuse, multiple), by the locality they live in. Counts; the city column and the all-categories series are the totals.',
      source: `${socialCare} (CP plan start and category) linked into people`,
      allSeries: 'All categories',
    },
    [...CP_CATEGORIES.map((entry) => entry.label), ...([...counts.values()].some((byCategory) => (byCategory.get(CP_NOT_RECORDED) ?? 0) > 0) ? [CP_NOT_RECORDED] : [])],
    counts,
    keyed === null ? null : keySums,
  );
}

async function buildingSafetyDashboard(context: Context): Promise<DashboardChart[]> {
  const police = sourceWithSpec(context, 'police-domestic-abuse');
  const socialCare = sourceWithSpec(context, 'socialcare-episodes');
  const population = context.input.recipe.population.source;
  const charts: (DashboardChart | null)[] = [];
  const perThousand = (id: string, title: string, shortTitle: string, description: string, numerator: Condition, source: string): Promise<DashboardChart | null> =>
    rateChart(context, { id, title, shortTitle, description, kind: 'locality', unit: 1000, series: [{ name: title, ageRange: CHILDREN, numerator, denominator: 'population' }], source: `${source}; ${population} (population estimates)` });
  if (police !== null) {
    charts.push(await perThousand(
      'safety-domestic-abuse-by-locality', 'Domestic abuse notifications per 1,000 children', 'Domestic abuse by locality',
      'Children aged 0–17 named on at least one police domestic abuse incident at their household (Operation Encompass notifications), per 1,000 children aged 0–17 in the population estimates, by the locality they live in.',
      { source: police, exists: true }, `${police} (domestic abuse incidents) linked into people`,
    ));
  }
  if (socialCare !== null) {
    charts.push(await perThousand(
      'safety-cin-domestic-abuse-factors-by-locality', 'Children in need with domestic abuse factors per 1,000 children', 'CIN domestic abuse factors',
      'Children aged 0–17 with a social-care assessment recording factor 3A, 3B or 3C (domestic abuse concerning the child, a parent or carer, or another person in the household), per 1,000 children aged 0–17, by locality.',
      { source: socialCare, field: 'factors', containsAny: ['3A', '3B', '3C'] }, `${socialCare} (factors identified at the end of assessment) linked into people`,
    ));
    if (context.catalog.hasColumn(socialCare, 'cp_category') && context.catalog.hasColumn(socialCare, 'cp_plan_start')) {
      charts.push(await childProtectionByCategory(context, socialCare));
    }
    charts.push(await perThousand(
      'safety-looked-after-by-locality', 'Looked-after children per 1,000 children', 'Looked after by locality',
      'Children aged 0–17 recorded as looked after in the social-care extract, per 1,000 children aged 0–17 in the population estimates, by the locality they live in.',
      { source: socialCare, field: 'looked_after', equals: true }, `${socialCare} (looked after) linked into people`,
    ));
  }
  return charts.filter((chart): chart is DashboardChart => chart !== null);
}

/** Both dashboards of a run, from the tables the run just wrote. */
export async function computeDashboards(input: DashboardInput): Promise<Dashboard[]> {
  const { recipe, village, connection } = input;
  const catalog = new SourceCatalog();
  for (const source of recipe.sources) catalog.add(await describeTable(connection, source.id, sourceTableName(source.id)));
  const city = village.areas.find((area) => area.level === 'city');
  const context: Context = {
    input,
    catalog,
    rule: { threshold: recipe.disclosure.threshold, symbol: recipe.disclosure.symbol },
    population: catalog.has(recipe.population.source) ? await readPopulation(connection, recipe, catalog) : null,
    localities: village.areas.filter((area) => area.level === 'locality').map((area) => area.code),
    cityName: city?.name ?? 'City',
    localityOfWard: new Map(village.geography.wards.filter((ward) => ward.locality !== '').map((ward) => [ward.code, ward.locality])),
    cellKey: input.cellKey ?? null,
  };
  // A cell-key run perturbs its dashboards with its village; one whose rule was not given suppresses them and says so.
  const suppression = village.suppression.method === 'cell-key' && context.cellKey === null ? `The dashboards are suppressed, not perturbed. ${SUPPRESSION_RULE_TEXT(context.rule)}` : village.suppression.rule;
  return [
    { id: 'send', title: 'SEND and inclusion', runId: input.runId, generatedAt: input.generatedAt, suppression, charts: await sendDashboard(context) },
    { id: 'building-safety', title: 'Building safety', runId: input.runId, generatedAt: input.generatedAt, suppression, charts: await buildingSafetyDashboard(context) },
  ];
}
