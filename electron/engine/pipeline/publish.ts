/**
 * Disclosure control on every exported figure, turning the exact figures into the published views of
 * village.json (shared/village.ts). The rules (also in docs/village-json.md):
 * - Village partitions: for each partition, the localities × categories table with its totals (locality
 *   populations, city categories, city population) and each locality's wards × categories table (ward
 *   populations, the locality's categories and population) go through suppressTable (primary and
 *   bridge-closing secondary suppression) jointly, a number hidden at one level hidden at the other
 *   (partition-suppression.ts); the villagers of a hidden category are hidden too.
 * - Indicator counts and denominators: the localities plus a "not placed" remainder form one additive line
 *   whose total is the city figure (suppressList); each locality's wards plus their remainder form a line whose
 *   total is the locality figure, and every ward of a locality whose figure is hidden is hidden with it.
 * - Indicators whose people nest ("child in need" and "child in need, not looked after"; nesting.ts) are
 *   suppressed jointly, their lines and their difference as one table (nested-suppression.ts), so that no
 *   subtraction of one from the other gives a small count.
 * - Rates and per-100 figures are withheld whenever their count or denominator is (village/indicators.ts).
 * - Every other count (unresolved records, linkage counts) gets primary suppression, and lists with a
 *   published total get a complement.
 */
import type { Indicator, Recipe } from '../../../shared/recipe';
import type {
  AreaView,
  IndicatorFigure,
  LinkageView,
  PartitionView,
  PublishedCount,
  PublishedShare,
  UnresolvedRow,
} from '../../../shared/village';
import { matchKeyDefinition, type LinkQualityReport } from '../linkage';
import { type LinkShare, linkRates } from '../linkage';
import { isBelowThreshold, type PublishedCell, suppressList } from '../privacy';
import { largestRemainder, per } from '../village';
import type { RawArea, RawFigures } from './figures';
import { nestedIndicatorPairs } from './nesting';
import { suppressNestedLines, type LineFigures } from './nested-suppression';
import { type SuppressedPartition, suppressPartitions } from './partition-suppression';

export interface DisclosureRule {
  readonly threshold: number;
  readonly symbol: string;
}

export function publishedCount(cell: PublishedCell): PublishedCount {
  return { value: cell.value, display: cell.display, status: cell.status };
}

/** Primary suppression only, for a count that no published total constrains. */
export function primary(count: number, rule: DisclosureRule): PublishedCount {
  return isBelowThreshold(count, rule.threshold)
    ? { value: null, display: rule.symbol, status: 'primary' }
    : { value: count, display: String(count), status: 'published' };
}

function hidden(rule: DisclosureRule): PublishedCount {
  return { value: null, display: rule.symbol, status: 'secondary' };
}

/** A line of parts plus a non-negative remainder, with the total published: returns the parts' and remainder's cells. */
function suppressLine(parts: readonly number[], total: number, rule: DisclosureRule): { parts: PublishedCount[]; remainder: PublishedCount; total: PublishedCount } {
  const sum = parts.reduce((accumulated, part) => accumulated + part, 0);
  const remainder = total - sum;
  if (remainder < 0) throw new Error('A total is smaller than the sum of its parts');
  const list = suppressList({ labels: [...parts.map((_, index) => String(index)), 'remainder'], counts: [...parts, remainder], includeTotal: true }, rule);
  const cells = list.cells.map(publishedCount);
  return { parts: cells.slice(0, parts.length), remainder: cells[parts.length] as PublishedCount, total: publishedCount(list.total as PublishedCell) };
}

export interface PublishedAreas {
  readonly areas: AreaView[];
  readonly unresolvedByIndicator: Record<string, PublishedCount>;
  readonly unresolvedDenominators: Record<string, PublishedCount>;
}

export function publishAreas(raw: RawFigures, recipe: Recipe, rule: DisclosureRule): PublishedAreas {
  const localities = raw.localities;
  const size = recipe.village.size;

  // Partitions: the city's localities × categories and each locality's wards × categories, suppressed jointly.
  const partitionViews = new Map<string, PartitionView[]>();
  const populationCells = new Map<string, PublishedCount>();
  const suppressedPartitions = suppressPartitions(raw, rule);
  for (const area of [raw.city, ...localities, ...raw.wards]) {
    const published = suppressedPartitions.get(area.code);
    if (published === undefined) continue;
    partitionViews.set(
      area.code,
      area.partitions.map((partition, partitionIndex) => {
        const { cells, total } = published[partitionIndex] as SuppressedPartition;
        const villagers = largestRemainder(partition.categories.map((category) => category.count), size).shares;
        // Villagers are the counts rescaled: with the total hidden they give it away, and where a villager stands
        // for fewer people than the threshold (a ward of 300 in a village of 100) they pin a hidden category
        // between its neighbours' villagers. Then no category's villagers are shown.
        const anyHidden = total.value === null || cells.some((cell) => cell.value === null);
        const villagersShown = total.value !== null && (!anyHidden || partition.categories.reduce((sum, category) => sum + category.count, 0) >= size * rule.threshold);
        return {
          partition: partition.partition,
          total: publishedCount(total),
          categories: partition.categories.map((category, index) => {
            const cell = cells[index] as PublishedCell;
            return { label: category.label, count: publishedCount(cell), villagers: villagersShown && cell.status === 'published' ? (villagers[index] as number) : null };
          }),
        };
      }),
    );
    // Every partition over the whole population publishes it again (suppressed alike in all of them): the first one says it.
    const firstTotal = area.partitions[0]?.categories.reduce((sum, category) => sum + category.count, 0);
    if (published[0] !== undefined && firstTotal === area.population) populationCells.set(area.code, publishedCount(published[0].total));
  }

  // Without partitions, ward populations add up to their locality's: each locality's wards are a line, all hidden with a hidden locality.
  for (const locality of localities) {
    const wards = raw.wards.filter((ward) => ward.parent === locality.code && !populationCells.has(ward.code));
    if (wards.length === 0) continue;
    const line = suppressLine(wards.map((ward) => ward.population), Math.max(locality.population, wards.reduce((sum, ward) => sum + ward.population, 0)), rule);
    const localityHidden = populationCells.get(locality.code)?.value === null;
    wards.forEach((ward, index) => populationCells.set(ward.code, localityHidden ? hidden(rule) : (line.parts[index] as PublishedCount)));
  }
  // A denominator that is every area's population is published exactly as the population is: the same numbers
  // suppressed a second way would let each pattern give the other's hidden cells away.
  const populationIsPublished = [raw.city, ...localities].every((area) => area.partitions[0]?.categories.reduce((sum, category) => sum + category.count, 0) === area.population);
  const populationCell = (area: RawArea): PublishedCount => populationCells.get(area.code) ?? primary(area.population, rule);
  const denominatorIsPopulation = (id: string): boolean =>
    populationIsPublished && [raw.city, ...localities, ...raw.wards].every((area) => area.indicators[id] === undefined || area.indicators[id]?.denominator === area.population);

  // Indicators.
  const figures = new Map<string, Map<string, { count: PublishedCount; denominator: PublishedCount | null }>>();
  const setFigure = (areaCode: string, id: string, count: PublishedCount, denominator: PublishedCount | null): void => {
    const map = figures.get(areaCode) ?? new Map();
    map.set(id, { count, denominator });
    figures.set(areaCode, map);
  };
  const unresolvedByIndicator: Record<string, PublishedCount> = {};
  const unresolvedDenominators: Record<string, PublishedCount> = {};
  // Indicators whose people nest are suppressed jointly, so no difference between them gives a small count away.
  const pairs = nestedIndicatorPairs(recipe);
  const inPairs = new Set(pairs.flatMap((pair) => [pair.parent, pair.child]));
  const cityLines = new Map<string, LineFigures>();
  for (const indicator of recipe.indicators) {
    const city = raw.city.indicators[indicator.id];
    const parts = localities.map((area) => area.indicators[indicator.id]?.count);
    if (!inPairs.has(indicator.id) || city === undefined || parts.some((count) => count === undefined)) continue;
    const counts = parts as number[];
    cityLines.set(indicator.id, { labels: localities.map((area) => area.code), parts: counts, remainder: city.count - counts.reduce((sum, count) => sum + count, 0), total: city.count });
  }
  const cityJoint = suppressNestedLines(cityLines, pairs, rule);
  // A pair published at city level only is one subtraction: a small difference hides the figure that has no line of its own.
  const cityOnlyHidden = new Set<string>();
  for (const pair of pairs) {
    if (cityJoint.has(pair.parent) && cityJoint.has(pair.child)) continue;
    const parent = raw.city.indicators[pair.parent];
    const child = raw.city.indicators[pair.child];
    if (parent === undefined || child === undefined || !isBelowThreshold(parent.count - child.count, rule.threshold)) continue;
    const withoutLine = [pair.child, pair.parent].find((id) => !cityLines.has(id));
    if (withoutLine !== undefined) cityOnlyHidden.add(withoutLine);
  }
  const jointCell = (count: number, hide: boolean): PublishedCount => (isBelowThreshold(count, rule.threshold) ? primary(count, rule) : hide ? hidden(rule) : primary(count, rule));
  for (const indicator of recipe.indicators) {
    const city = raw.city.indicators[indicator.id];
    if (city === undefined) continue;
    const localityFigures = localities.map((area) => area.indicators[indicator.id]);
    const withLocalities = localityFigures.every((figure) => figure !== undefined);
    if (!withLocalities) {
      const cityDenominator = denominatorIsPopulation(indicator.id) ? populationCell(raw.city) : primary(city.denominator ?? 0, rule);
      setFigure(raw.city.code, indicator.id, jointCell(city.count, cityOnlyHidden.has(indicator.id)), city.denominator === null ? null : cityDenominator);
      unresolvedByIndicator[indicator.id] = primary(raw.unresolved[indicator.id] ?? 0, rule);
      continue;
    }
    const joint = cityJoint.get(indicator.id);
    const line = cityLines.get(indicator.id);
    const counts =
      joint !== undefined && line !== undefined
        ? { parts: line.parts.map((count, index) => jointCell(count, joint.parts[index] as boolean)), remainder: jointCell(line.remainder, joint.remainder), total: jointCell(line.total, joint.total) }
        : suppressLine(localityFigures.map((figure) => figure?.count ?? 0), city.count, rule);
    const asPopulation = denominatorIsPopulation(indicator.id);
    const denominators = city.denominator === null
      ? null
      : asPopulation
        ? { parts: localities.map(populationCell), remainder: primary(city.denominator - localities.reduce((sum, area) => sum + area.population, 0), rule), total: populationCell(raw.city) }
        : suppressLine(localityFigures.map((figure) => figure?.denominator ?? 0), city.denominator, rule);
    setFigure(raw.city.code, indicator.id, counts.total, denominators?.total ?? null);
    unresolvedByIndicator[indicator.id] = counts.remainder;
    if (denominators !== null) unresolvedDenominators[indicator.id] = denominators.remainder;
    localities.forEach((area, index) => {
      setFigure(area.code, indicator.id, counts.parts[index] as PublishedCount, denominators === null ? null : (denominators.parts[index] as PublishedCount));
    });
  }
  // A ward's population denominator over whole age bands is the sum of its published age-band counts: it is
  // shown exactly when those cells (or the ward's total less the other bands) give it, and hidden otherwise, so
  // it can neither give a hidden band away nor be worked out while hidden.
  const bandIndex = recipe.village.partitions.indexOf('ageBand');
  const bandDenominator = (ward: RawArea, indicator: Indicator): PublishedCount | null => {
    if (indicator.kind === 'share' || bandIndex === -1) return null;
    const [min, max] = indicator.ageRange;
    const raw = ward.partitions[bandIndex]?.categories ?? [];
    const inRange = recipe.village.ageBands.map((band) => band.min >= min && band.max <= max);
    const covered = recipe.village.ageBands.reduce((sum, band, index) => sum + (inRange[index] ? band.max - band.min + 1 : 0), 0);
    const denominator = ward.indicators[indicator.id]?.denominator;
    const published = partitionViews.get(ward.code)?.[bandIndex];
    if (covered !== max - min + 1 || published === undefined || denominator !== raw.reduce((sum, category, index) => sum + (inRange[index] ? category.count : 0), 0)) return null;
    const cells = published.categories.map((category) => category.count);
    const inside = cells.filter((_, index) => inRange[index]);
    const outside = cells.filter((_, index) => !inRange[index]);
    const given = inside.every((cell) => cell.value !== null) || (published.total.value !== null && outside.every((cell) => cell.value !== null));
    return given && !isBelowThreshold(denominator, rule.threshold) ? primary(denominator, rule) : hidden(rule);
  };

  // Wards: each locality's wards are a line per indicator (nested pairs jointly), all hidden with a hidden locality.
  for (const area of localities) {
    const wardLines = new Map<string, LineFigures>();
    const forced = new Set<string>();
    for (const indicator of recipe.indicators) {
      const wards = raw.wards.filter((ward) => ward.parent === area.code && ward.indicators[indicator.id] !== undefined);
      const localityFigure = area.indicators[indicator.id];
      if (!inPairs.has(indicator.id) || wards.length === 0 || localityFigure === undefined) continue;
      const parts = wards.map((ward) => ward.indicators[indicator.id]?.count ?? 0);
      const total = Math.max(localityFigure.count, parts.reduce((sum, count) => sum + count, 0));
      wardLines.set(indicator.id, { labels: wards.map((ward) => ward.code), parts, remainder: total - parts.reduce((sum, count) => sum + count, 0), total });
      if (figures.get(area.code)?.get(indicator.id)?.count.value === null) forced.add(`${indicator.id}|total`);
    }
    const wardJoint = suppressNestedLines(wardLines, pairs, rule, forced);
    // A ward table that hid a locality figure the city level publishes cannot be squared with it: hide its wards.
    const conflict = [...wardJoint].some(([id, hiding]) => hiding.total && figures.get(area.code)?.get(id)?.count.value !== null);
    for (const indicator of recipe.indicators) {
      const wards = raw.wards.filter((ward) => ward.parent === area.code && ward.indicators[indicator.id] !== undefined);
      const localityFigure = area.indicators[indicator.id];
      const localityCell = figures.get(area.code)?.get(indicator.id);
      if (wards.length === 0 || localityFigure === undefined || localityCell === undefined) continue;
      const joint = wardJoint.get(indicator.id);
      const wardCounts = joint !== undefined
        ? { parts: wards.map((ward, wardIndex) => jointCell(ward.indicators[indicator.id]?.count ?? 0, conflict || (joint.parts[wardIndex] as boolean))) }
        : suppressLine(wards.map((ward) => ward.indicators[indicator.id]?.count ?? 0), Math.max(localityFigure.count, wards.reduce((sum, ward) => sum + (ward.indicators[indicator.id]?.count ?? 0), 0)), rule);
      const asPopulation = denominatorIsPopulation(indicator.id);
      const wardDenominators = localityFigure.denominator === null
        ? null
        : asPopulation
          ? { parts: wards.map(populationCell) }
          : suppressLine(wards.map((ward) => ward.indicators[indicator.id]?.denominator ?? 0), Math.max(localityFigure.denominator, wards.reduce((sum, ward) => sum + (ward.indicators[indicator.id]?.denominator ?? 0), 0)), rule);
      const localityCountHidden = localityCell.count.value === null;
      const localityDenominatorHidden = localityCell.denominator?.value === null;
      wards.forEach((ward, wardIndex) => {
        setFigure(
          ward.code,
          indicator.id,
          localityCountHidden ? hidden(rule) : (wardCounts.parts[wardIndex] as PublishedCount),
          wardDenominators === null
            ? null
            : asPopulation
              ? populationCell(ward)
              : (bandDenominator(ward, indicator) ?? (localityDenominatorHidden ? hidden(rule) : (wardDenominators.parts[wardIndex] as PublishedCount))),
        );
      });
    }
  }

  const indicatorView = (area: RawArea, indicator: Indicator): IndicatorFigure | null => {
    const figure = figures.get(area.code)?.get(indicator.id);
    if (figure === undefined) return null;
    const rate = per(figure.count.value, figure.denominator === null ? null : figure.denominator.value, indicator.unit, {
      threshold: rule.threshold,
      symbol: rule.symbol,
    });
    const denominatorMissing = figure.denominator === null;
    const per100 = rate.value === null || figure.count.value === null || figure.denominator?.value == null || figure.denominator.value === 0
      ? null
      : Math.round((figure.count.value / figure.denominator.value) * 100);
    return {
      id: indicator.id,
      count: figure.count,
      denominator: figure.denominator ?? { value: null, display: '', status: 'published' },
      rate: denominatorMissing ? null : rate.value,
      rateDisplay: denominatorMissing ? '' : rate.display,
      per100,
      smallDenominator: rate.smallArea,
    };
  };

  const areaView = (area: RawArea): AreaView => ({
    level: area.level,
    code: area.code,
    name: area.name,
    parent: area.parent,
    population: populationCells.get(area.code) ?? primary(area.population, rule),
    smallArea: area.population < recipe.village.smallAreaMinimum,
    partitions: partitionViews.get(area.code) ?? [],
    indicators: recipe.indicators.map((indicator) => indicatorView(area, indicator)).filter((view): view is IndicatorFigure => view !== null),
    unresolved: area.level === 'city' ? unresolvedByIndicator : {},
    unresolvedDenominators: area.level === 'city' ? unresolvedDenominators : {},
  });

  return { areas: [raw.city, ...localities, ...raw.wards].map(areaView), unresolvedByIndicator, unresolvedDenominators };
}

export interface UnresolvedGroupRaw {
  readonly source: string;
  readonly reason: string;
  readonly records: number;
  readonly exampleRows: readonly number[];
}

/** Unresolved records per source and reason: each source's reasons are a line whose total is published. */
export function publishUnresolved(groups: readonly UnresolvedGroupRaw[], rule: DisclosureRule): UnresolvedRow[] {
  const rows: UnresolvedRow[] = [];
  const sources = [...new Set(groups.map((group) => group.source))];
  for (const source of sources) {
    const ofSource = groups.filter((group) => group.source === source);
    const list = suppressList({ labels: ofSource.map((group) => group.reason), counts: ofSource.map((group) => group.records), includeTotal: true }, rule);
    ofSource.forEach((group, index) => {
      const cell = publishedCount(list.cells[index] as PublishedCell);
      rows.push({ source, reason: group.reason, records: cell, exampleRows: cell.value === null ? [] : group.exampleRows });
    });
  }
  return rows;
}

/** A share as published: withheld with its count or its denominator, so it can never give a hidden count away. */
export function publishedShare(share: LinkShare, count: PublishedCount, denominator: PublishedCount, denominatorLabel: string, rule: DisclosureRule): PublishedShare {
  if (count.value === null || denominator.value === null) return { value: null, display: rule.symbol, denominator, denominatorLabel };
  if (share.share === null) return { value: null, display: '', denominator, denominatorLabel };
  return { value: share.share, display: `${(share.share * 100).toFixed(1)}%`, denominator, denominatorLabel };
}

export function publishLinkage(quality: LinkQualityReport, keyFields: Readonly<Record<string, string>>, sources: readonly string[], peopleWithoutAge: number, peopleWithoutWard: number, rule: DisclosureRule): LinkageView {
  const rates = linkRates(quality);
  const peopleOf = new Map<string, PublishedCount>();
  const perSource = quality.sources.map((source, index) => {
    const split = suppressList({ labels: ['matched', 'unmatched'], counts: [source.peopleMatchedElsewhere, source.peopleUnmatched], includeTotal: true }, rule);
    const people = publishedCount(split.total as PublishedCell);
    const matched = publishedCount(split.cells[0] as PublishedCell);
    const unmatched = publishedCount(split.cells[1] as PublishedCell);
    const sourceRates = rates.sources[index] as (typeof rates.sources)[number];
    const label = `people in ${source.source}`;
    peopleOf.set(source.source, people);
    return {
      source: source.source,
      records: primary(source.records, rule),
      people,
      peopleMatchedElsewhere: matched,
      peopleUnmatched: unmatched,
      matchedShare: publishedShare(sourceRates.matched, matched, people, label, rule),
      unmatchedShare: publishedShare(sourceRates.unmatched, unmatched, people, label, rule),
    };
  });
  return {
    sources,
    records: primary(quality.records, rule),
    people: primary(quality.people, rule),
    perSource,
    pairs: quality.sourcePairs.map((pair, index) => {
      const peopleInBoth = primary(pair.peopleInBoth, rule);
      const pairRates = rates.pairs[index] as (typeof rates.pairs)[number];
      return {
        sourceA: pair.sourceA,
        sourceB: pair.sourceB,
        peopleInBoth,
        shareOfA: publishedShare(pairRates.shareOfA, peopleInBoth, peopleOf.get(pair.sourceA) as PublishedCount, `people in ${pair.sourceA}`, rule),
        shareOfB: publishedShare(pairRates.shareOfB, peopleInBoth, peopleOf.get(pair.sourceB) as PublishedCount, `people in ${pair.sourceB}`, rule),
      };
    }),
    keys: quality.keys.map((key) => ({
      key: key.key,
      fields: keyFields[key.key] ?? matchKeyDefinition(key.key).fields,
      merges: primary(key.merges, rule),
      crossSourceMerges: primary(key.crossSourceMerges, rule),
      recordsLinkedBy: primary(key.recordsLinkedBy, rule),
      keptApart: primary(key.keptApart, rule),
    })),
    conflicts: quality.conflicts.map((conflict) => ({ key: conflict.key, kind: conflict.kind, resolution: conflict.resolution, count: primary(conflict.count, rule) })),
    peopleWithoutAge: primary(peopleWithoutAge, rule),
    peopleWithoutWard: primary(peopleWithoutWard, rule),
  };
}

/** Every PublishedCount anywhere in the document. */
export function publishedCounts(value: unknown): PublishedCount[] {
  const found: PublishedCount[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if ('status' in record && 'display' in record && 'value' in record) found.push(record as unknown as PublishedCount);
      else Object.values(record).forEach(visit);
    }
  };
  visit(value);
  return found;
}
