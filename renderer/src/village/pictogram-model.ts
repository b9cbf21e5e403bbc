import type { PartitionName } from '../../../shared/recipe';
import type { AreaView, IndicatorDefinitionView, PublishedCount, VillageJson } from '../../../shared/village';
import { countText, formatDisplay, withheldReason } from '../charts/figures';

/**
 * What one pictogram of the village shows, taken from village.json as the engine wrote it: the villagers of
 * 100 per category (largest remainder, by the engine), or an indicator's per-100 figure. Nothing here
 * counts, rounds or suppresses; it only arranges the engine's figures for drawing.
 */

export type VillageView = { readonly kind: 'partition'; readonly partition: PartitionName } | { readonly kind: 'indicator'; readonly id: string };

export type SegmentStyle = { readonly kind: 'category'; readonly index: number } | { readonly kind: 'withheld' } | { readonly kind: 'rest' };

export interface Segment {
  readonly key: string;
  readonly label: string;
  /** Figures of the village this segment fills (0 for a withheld category, drawn in the withheld block). */
  readonly figures: number;
  readonly style: SegmentStyle;
  /** The engine's villagers (or per-100) figure as text, or the suppression symbol. */
  readonly villagers: string;
  readonly count: string;
  readonly denominator: string;
  readonly denominatorLabel: string;
  /** Why a figure is withheld or unstable; '' when there is nothing to say. */
  readonly note: string;
}

export interface PictogramModel {
  readonly areaName: string;
  readonly viewLabel: string;
  readonly size: number;
  readonly segments: readonly Segment[];
  /** The pictogram in one sentence: its text alternative. */
  readonly summary: string;
  readonly source: string;
  readonly symbol: string;
  /** Said under the pictogram when the area or denominator is small. */
  readonly caution: string;
}

export const PARTITION_LABELS: Record<PartitionName, string> = { sex: 'Sex', ageBand: 'Age band', ethnicity: 'Ethnicity' };

export function viewKey(view: VillageView): string {
  return view.kind === 'partition' ? `partition:${view.partition}` : `indicator:${view.id}`;
}

export function parseViewKey(key: string, village: VillageJson): VillageView | null {
  const [kind, name] = key.split(':');
  if (kind === 'partition' && village.village.partitions.some((partition) => partition === name)) return { kind: 'partition', partition: name as PartitionName };
  if (kind === 'indicator' && village.indicators.some((indicator) => indicator.id === name)) return { kind: 'indicator', id: name ?? '' };
  return null;
}

export function viewLabel(village: VillageJson, view: VillageView): string {
  if (view.kind === 'partition') return PARTITION_LABELS[view.partition];
  return village.indicators.find((indicator) => indicator.id === view.id)?.name ?? view.id;
}

export function cityOf(village: VillageJson): AreaView | null {
  return village.areas.find((area) => area.level === 'city') ?? null;
}

export function localitiesOf(village: VillageJson): AreaView[] {
  return village.areas.filter((area) => area.level === 'locality');
}

function shortHash(sha256: string): string {
  return `${sha256.slice(0, 12)}…`;
}

/** Where a view's figures come from, in words, naming files by their SHA-256. */
export function sourceText(village: VillageJson, view: VillageView): string {
  const recipe = `recipe ${village.recipe.file} (SHA-256 ${shortHash(village.recipe.sha256)}), run ${village.generatedAt}`;
  if (view.kind === 'partition') {
    const population = village.sources.filter((source) => source.specId.startsWith('population'));
    const files = [...new Set(population.map((source) => `${source.file} (SHA-256 ${shortHash(source.sha256)})`))];
    return files.length > 0 ? `Population estimates: ${files.join(', ')}; ${recipe}.` : `Population estimates named in the ${recipe}.`;
  }
  const definition = village.indicators.find((indicator) => indicator.id === view.id);
  return `${definition?.description ?? ''} Counted by the ${recipe}; every extract and its SHA-256 is listed under Sources.`.trim();
}

function noteFor(count: PublishedCount, symbol: string): string {
  const reason = withheldReason(count);
  return reason === '' ? '' : `Shown as “${symbol}”: ${reason}.`;
}

function partitionModel(village: VillageJson, area: AreaView, partition: PartitionName, categoryOrder: readonly string[]): PictogramModel {
  const { size } = village.village;
  const { symbol } = village.suppression;
  const view = area.partitions.find((candidate) => candidate.partition === partition);
  const categories = view?.categories ?? [];
  const denominator = view ? countText(view.total) : symbol;
  const denominatorLabel = `${area.name}: everyone aged ${village.village.ageBands.map((band) => band.label).join(', ')}`;
  const segments: Segment[] = categories.map((category) => {
    const order = categoryOrder.indexOf(category.label);
    return {
      key: `category:${category.label}`,
      label: category.label,
      figures: category.villagers ?? 0,
      style: category.villagers === null ? { kind: 'withheld' } : { kind: 'category', index: order >= 0 ? order : categoryOrder.length + categories.indexOf(category) },
      villagers: category.villagers === null ? symbol : String(category.villagers),
      count: countText(category.count),
      denominator,
      denominatorLabel,
      note: noteFor(category.count, symbol),
    };
  });
  const drawn = segments.reduce((total, segment) => total + (segment.style.kind === 'category' ? segment.figures : 0), 0);
  const withheldCategories = categories.filter((category) => category.villagers === null).map((category) => category.label);
  if (withheldCategories.length > 0 && drawn < size) {
    segments.push({
      key: 'withheld',
      label: `Withheld (${withheldCategories.join(', ')})`,
      figures: size - drawn,
      style: { kind: 'withheld' },
      villagers: symbol,
      count: symbol,
      denominator,
      denominatorLabel,
      note: `These villagers belong to categories whose counts are withheld, shown as “${symbol}”.`,
    });
  }
  const parts = segments
    .filter((segment) => segment.key !== 'withheld')
    .map((segment) => (segment.villagers === symbol ? `${segment.label} withheld (${symbol})` : `${segment.villagers} ${segment.label}`));
  const label = PARTITION_LABELS[partition];
  return {
    areaName: area.name,
    viewLabel: label,
    size,
    segments,
    summary: `${area.name} as a village of ${size}, by ${label.toLowerCase()}: ${parts.join(', ')}.`,
    source: sourceText(village, { kind: 'partition', partition }),
    symbol,
    caution: area.smallArea ? `${area.name} has fewer than ${formatDisplay(String(village.village.smallAreaMinimum))} people, so its village moves a lot with a few people.` : '',
  };
}

/** Below this many of 100, whole villagers hide the differences between areas: the figure is also given finer. */
export const RARE_PER_100 = 5;

/**
 * A rare indicator's figure to one decimal of 100 and as a village of 1,000, from its published count and
 * denominator (both already public, so nothing new is disclosed); empty for common ones or withheld figures.
 */
export function finerFigure(count: PublishedCount, denominator: PublishedCount, per100: number): string {
  if (per100 >= RARE_PER_100 || count.value === null || denominator.value === null || denominator.value === 0) return '';
  const share = count.value / denominator.value;
  return `${(share * 100).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} of 100, or ${Math.round(share * 1000).toLocaleString('en-GB')} of 1,000`;
}

function indicatorModel(village: VillageJson, area: AreaView, definition: IndicatorDefinitionView): PictogramModel {
  const { size } = village.village;
  const { symbol } = village.suppression;
  const figure = area.indicators.find((candidate) => candidate.id === definition.id);
  const count = figure ? countText(figure.count) : '';
  const denominator = figure ? countText(figure.denominator) : '';
  const denominatorLabel = `${area.name}: ${definition.denominator}`;
  const rate = figure && figure.rateDisplay !== '' ? ` Rate ${figure.rateDisplay} per ${definition.unit === 'percent' ? '100 (percent)' : formatDisplay(String(definition.unit))}.` : '';
  const caution = figure?.smallDenominator ? `The denominator in ${area.name} is small, so this figure is unstable.` : '';
  const source = sourceText(village, { kind: 'indicator', id: definition.id });
  if (!figure || figure.per100 === null) {
    const note = figure ? noteFor(figure.count.status !== 'published' ? figure.count : figure.denominator, symbol) : 'This area has no figure for this indicator.';
    return {
      areaName: area.name,
      viewLabel: definition.name,
      size,
      segments: [{ key: 'withheld', label: `${definition.name}: withheld`, figures: size, style: { kind: 'withheld' }, villagers: figure ? symbol : '', count, denominator, denominatorLabel, note }],
      summary: `${area.name}, ${definition.name}: ${figure ? `withheld (${symbol})` : 'no figure'}.`,
      source,
      symbol,
      caution,
    };
  }
  const per100 = figure.per100;
  const finer = finerFigure(figure.count, figure.denominator, per100);
  return {
    areaName: area.name,
    viewLabel: definition.name,
    size,
    segments: [
      {
        key: 'counted',
        label: definition.name,
        figures: per100,
        style: { kind: 'category', index: 0 },
        villagers: String(per100),
        count,
        denominator,
        denominatorLabel,
        note: `${definition.description}${rate}${finer === '' ? '' : ` That is ${finer}.`}`,
      },
      {
        key: 'rest',
        label: 'Everyone else',
        figures: size - per100,
        style: { kind: 'rest' },
        villagers: String(size - per100),
        count: '',
        denominator,
        denominatorLabel,
        note: `The rest of the village of ${size}.`,
      },
    ],
    summary: `${area.name}: ${per100} of ${size} — ${definition.name} (${finer === '' ? '' : `${finer}: `}${count} of ${denominator}).`,
    source,
    symbol,
    caution,
  };
}

/** The pictogram of one area and view; `categoryOrder` (the city's categories) keeps colours the same everywhere. */
export function pictogramModel(village: VillageJson, area: AreaView, view: VillageView, categoryOrder: readonly string[]): PictogramModel {
  if (view.kind === 'partition') return partitionModel(village, area, view.partition, categoryOrder);
  const definition = village.indicators.find((indicator) => indicator.id === view.id);
  if (!definition) throw new Error(`village.json has no indicator ${view.id}`);
  return indicatorModel(village, area, definition);
}

/** The city's category labels of a partition, which fix each category's colour and pattern. */
export function categoryOrderOf(village: VillageJson, view: VillageView): string[] {
  if (view.kind !== 'partition') return [];
  const city = cityOf(village) ?? village.areas[0];
  return city?.partitions.find((partition) => partition.partition === view.partition)?.categories.map((category) => category.label) ?? [];
}
