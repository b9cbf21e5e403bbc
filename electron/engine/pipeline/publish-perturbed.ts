/**
 * The village views of a recipe that chose `disclosure.method: "cell-key"`: every count perturbed by the
 * cell-key method (privacy/perturbation.ts) instead of suppressed (publish.ts). The same record keys and
 * perturbation table as Explore's grouped views (privacy/record-keys.ts), so the people of an area counted by
 * an indicator are published as the same number in village.json, its xlsx, report.html, the maps and in an
 * Explore export of person_facts grouped by ward with the indicator's conditions (and in the run's dashboards,
 * recipes/dashboards.ts, which key their counts the same way).
 *
 * - A count of people or responses takes its cell key from their record keys (the sum the indicator stage
 *   carries, figures.ts). Key sums add up, so the people not placed in a locality (city minus localities) have
 *   their own key sum too, and are perturbed as a cell of their own.
 * - Population estimates are aggregate rows with no records to key: each cell is keyed by its identity (area,
 *   partition and category, or area and age range; `aggregateCellKey`). Perturbed like any other count, so a
 *   small cell of a population (an ethnic group in a locality) is never published as 1 to threshold − 1.
 * - A denominator that is the area's population is published as the population is: one number, one figure.
 * - Village partitions are published for every area, wards included (the ward maps of the village of 100): a
 *   ward's category is a population cell like a locality's, keyed by the ward's code, partition and category.
 * - No secondary suppression: nothing published is exact, so no subtraction gives a count away. Groups need
 *   not add up to their totals; each is a perturbed cell of its own.
 * - Rates, per-100 figures and villagers come from the published (perturbed) counts, so they agree with them.
 */
import type { Indicator, Recipe } from '../../../shared/recipe';
import type { AreaView, IndicatorFigure, PartitionView, PublishedCount } from '../../../shared/village';
import { CELL_KEY_RANGE, perturbedCount, type PerturbationTable } from '../privacy';
import { aggregateCellKey } from '../privacy';
import { largestRemainder, per } from '../village';
import type { RawArea, RawFigures, RawIndicatorFigure } from './figures';
import type { DisclosureRule, PublishedAreas } from './publish';

export interface CellKeyRule extends DisclosureRule {
  readonly table: PerturbationTable;
  /** The workspace's record-key secret, for the keys of aggregate cells. */
  readonly secret: string;
}

/** A sum of record keys as a cell key. */
function cellKeyOf(keySum: number): number {
  return ((keySum % CELL_KEY_RANGE) + CELL_KEY_RANGE) % CELL_KEY_RANGE;
}

function published(count: number, key: number, rule: CellKeyRule): PublishedCount {
  const value = perturbedCount(count, key, rule.table);
  return { value, display: String(value), status: 'published' };
}

export function perturbationRuleText(rule: CellKeyRule): string {
  return (
    `Counts are perturbed by the cell-key method (as in the ONS's Census 2021 flexible tables), with the same record keys as Explore's exports: ` +
    `each count carries a small adjustment fixed by the people it counts, counts from 1 to ${rule.threshold - 1} are never shown as such, zero stays zero, ` +
    `and from ${rule.threshold + 2} up a count is off by at most 2. Population estimates are perturbed with a key fixed by their area and band. ` +
    'Areas and categories need not add up to their totals; rates and villagers are worked out from the perturbed counts. ' +
    `The linkage and unresolved-record tables keep suppression: counts from 1 to ${rule.threshold - 1} are shown as "${rule.symbol}".`
  );
}

export function publishAreasPerturbed(raw: RawFigures, recipe: Recipe, rule: CellKeyRule): PublishedAreas {
  const localities = raw.localities;
  const aggregate = (count: number, ...cell: string[]): PublishedCount => published(count, aggregateCellKey(rule.secret, cell), rule);
  const population = new Map<string, PublishedCount>([raw.city, ...localities, ...raw.wards].map((area) => [area.code, aggregate(area.population, area.code, 'population')]));

  const partitionsOf = (area: RawArea): PartitionView[] =>
    area.partitions.map((partition) => {
      const counts = partition.categories.map((category) => aggregate(category.count, area.code, partition.partition, category.label));
      const villagers = largestRemainder(counts.map((count) => count.value as number), recipe.village.size).shares;
      return {
        partition: partition.partition,
        total: population.get(area.code) as PublishedCount,
        categories: partition.categories.map((category, index) => ({ label: category.label, count: counts[index] as PublishedCount, villagers: villagers[index] as number })),
      };
    });

  const countOf = (area: RawArea, id: string, figure: RawIndicatorFigure): PublishedCount =>
    figure.countKeys === undefined ? aggregate(figure.count, area.code, 'indicator', id) : published(figure.count, cellKeyOf(figure.countKeys), rule);
  const denominatorOf = (area: RawArea, indicator: Indicator, figure: RawIndicatorFigure): PublishedCount | null => {
    if (figure.denominator === null) return null;
    if (figure.denominatorKeys !== undefined) return published(figure.denominator, cellKeyOf(figure.denominatorKeys), rule);
    if (figure.denominator === area.population) return population.get(area.code) as PublishedCount;
    const ages = indicator.kind === 'share' ? 'respondents' : `ages ${indicator.ageRange[0]}-${indicator.ageRange[1]}`;
    return aggregate(figure.denominator, area.code, 'population', ages);
  };

  const indicatorView = (area: RawArea, indicator: Indicator): IndicatorFigure | null => {
    const figure = area.indicators[indicator.id];
    if (figure === undefined) return null;
    const count = countOf(area, indicator.id, figure);
    const denominator = denominatorOf(area, indicator, figure);
    if (denominator === null) {
      return { id: indicator.id, count, denominator: { value: null, display: '', status: 'published' }, rate: null, rateDisplay: '', per100: null, smallDenominator: false };
    }
    const rate = per(count.value, denominator.value, indicator.unit, { threshold: rule.threshold, symbol: rule.symbol });
    const per100 = rate.value === null || denominator.value === 0 ? null : Math.round(((count.value as number) / (denominator.value as number)) * 100);
    return { id: indicator.id, count, denominator, rate: rate.value, rateDisplay: rate.display, per100, smallDenominator: rate.smallArea };
  };

  // People counted in the city but in no locality: the city's count less the localities', with their key sum.
  const unresolvedByIndicator: Record<string, PublishedCount> = {};
  const unresolvedDenominators: Record<string, PublishedCount> = {};
  for (const indicator of recipe.indicators) {
    const city = raw.city.indicators[indicator.id];
    if (city === undefined) continue;
    const parts = localities.map((area) => area.indicators[indicator.id]);
    if (parts.some((part) => part === undefined)) {
      unresolvedByIndicator[indicator.id] = published(raw.unresolved[indicator.id] ?? 0, cellKeyOf(raw.unresolvedKeys?.[indicator.id] ?? 0), rule);
      continue;
    }
    const figures = parts as RawIndicatorFigure[];
    const less = (total: number, each: (figure: RawIndicatorFigure) => number): number => Math.max(0, total - figures.reduce((sum, figure) => sum + each(figure), 0));
    const countKeys = city.countKeys === undefined ? aggregateCellKey(rule.secret, [raw.city.code, 'not placed', indicator.id]) : cellKeyOf(city.countKeys - figures.reduce((sum, figure) => sum + (figure.countKeys ?? 0), 0));
    unresolvedByIndicator[indicator.id] = published(less(city.count, (figure) => figure.count), countKeys, rule);
    if (city.denominator !== null) {
      const denominatorKeys = city.denominatorKeys === undefined
        ? aggregateCellKey(rule.secret, [raw.city.code, 'not placed', indicator.id, 'denominator'])
        : cellKeyOf(city.denominatorKeys - figures.reduce((sum, figure) => sum + (figure.denominatorKeys ?? 0), 0));
      unresolvedDenominators[indicator.id] = published(less(city.denominator, (figure) => figure.denominator ?? 0), denominatorKeys, rule);
    }
  }

  const areaView = (area: RawArea): AreaView => {
    const people = population.get(area.code) as PublishedCount;
    return {
      level: area.level,
      code: area.code,
      name: area.name,
      parent: area.parent,
      population: people,
      smallArea: (people.value as number) < recipe.village.smallAreaMinimum,
      // Every level, wards included: each cell is keyed by its own area, so a ward's cell and its locality's are
      // perturbed independently and the ward maps are drawn from them as the locality maps are.
      partitions: partitionsOf(area),
      indicators: recipe.indicators.map((indicator) => indicatorView(area, indicator)).filter((view): view is IndicatorFigure => view !== null),
      unresolved: area.level === 'city' ? unresolvedByIndicator : {},
      unresolvedDenominators: area.level === 'city' ? unresolvedDenominators : {},
    };
  };

  return { areas: [raw.city, ...localities, ...raw.wards].map(areaView), unresolvedByIndicator, unresolvedDenominators };
}
