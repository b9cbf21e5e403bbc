import type { PartitionName } from '../../../shared/recipe';
import type { AreaView, IndicatorDefinitionView, PublishedCount, VillageJson } from '../../../shared/village';
import { countText, formatDisplay, withheldReason } from '../charts/figures';

/**
 * What one pictogram of the village shows, taken from village.json as the engine wrote it: the villagers of
 * 100 per category (largest remainder, by the engine), or an indicator's per-100 figure. Nothing here
 * counts or suppresses. A village of 1,000, for rare categories and indicators, is drawn from the same
 * published counts and denominators (already public), rounded by largest remainder like the engine's 100.
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

/** A village of 1,000: ten blocks of 100, so rare groups of 1 to 4 in 100 show their differences. */
export const THOUSAND = 1000;

/** The village sizes the screen offers: the engine's (100), and 1,000. */
export function villageSizesOf(village: VillageJson): number[] {
  return [...new Set([village.village.size, THOUSAND])];
}

/** "1,000" */
export function sizeText(size: number): string {
  return size.toLocaleString('en-GB');
}

/**
 * Whole figures for each count's share of `total`, `size` figures for the whole: each share floored, then
 * the largest remainders (ties to the earlier) get one more until the figures reach the rounded whole of the counts.
 */
export function largestRemainder(counts: readonly number[], total: number, size: number): number[] {
  if (total <= 0) return counts.map(() => 0);
  const exact = counts.map((count) => (count / total) * size);
  const figures = exact.map(Math.floor);
  const target = Math.min(size, Math.round((counts.reduce((sum, count) => sum + count, 0) / total) * size));
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  let missing = target - figures.reduce((sum, figure) => sum + figure, 0);
  for (const { index } of order) {
    if (missing <= 0) break;
    figures[index] = (figures[index] as number) + 1;
    missing -= 1;
  }
  return figures;
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

/** Each category's figures in a village of `size`: the engine's villagers at its own size, else from the published counts (null: withheld). */
function partitionFigures(village: VillageJson, categories: readonly { count: PublishedCount; villagers: number | null }[], total: PublishedCount | undefined, size: number): (number | null)[] {
  const engineSize = village.village.size;
  if (size === engineSize) return categories.map((category) => category.villagers);
  if (total?.value == null) return categories.map((category) => (category.villagers === null ? null : Math.round((category.villagers * size) / engineSize)));
  const shown = categories.filter((category) => category.count.value !== null && category.villagers !== null);
  const figures = largestRemainder(shown.map((category) => category.count.value as number), total.value, size);
  return categories.map((category) => {
    const position = shown.indexOf(category);
    return position < 0 ? null : (figures[position] as number);
  });
}

function partitionModel(village: VillageJson, area: AreaView, partition: PartitionName, categoryOrder: readonly string[], size: number): PictogramModel {
  const { symbol } = village.suppression;
  const view = area.partitions.find((candidate) => candidate.partition === partition);
  const categories = view?.categories ?? [];
  const figuresOf = partitionFigures(village, categories, view?.total, size);
  const denominator = view ? countText(view.total) : symbol;
  const denominatorLabel = `${area.name}: everyone aged ${village.village.ageBands.map((band) => band.label).join(', ')}`;
  const segments: Segment[] = categories.map((category, position) => {
    const order = categoryOrder.indexOf(category.label);
    const figures = figuresOf[position] ?? null;
    return {
      key: `category:${category.label}`,
      label: category.label,
      figures: figures ?? 0,
      style: figures === null ? { kind: 'withheld' } : { kind: 'category', index: order >= 0 ? order : categoryOrder.length + categories.indexOf(category) },
      villagers: figures === null ? symbol : String(figures),
      count: countText(category.count),
      denominator,
      denominatorLabel,
      note: noteFor(category.count, symbol),
    };
  });
  const drawn = segments.reduce((total, segment) => total + (segment.style.kind === 'category' ? segment.figures : 0), 0);
  const withheldCategories = categories.filter((_, position) => figuresOf[position] === null).map((category) => category.label);
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
    summary: `${area.name} as a village of ${sizeText(size)}${blocksText(size)}, by ${label.toLowerCase()}: ${parts.join(', ')}.`,
    source: sourceText(village, { kind: 'partition', partition }),
    symbol,
    caution: area.smallArea ? `${area.name} has fewer than ${formatDisplay(String(village.village.smallAreaMinimum))} people, so its village moves a lot with a few people.` : '',
  };
}

/** How a village larger than 100 is drawn, for its text alternative. */
function blocksText(size: number): string {
  return size > 100 && size % 100 === 0 ? ` (drawn as ${size / 100} blocks of 100)` : '';
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

function indicatorModel(village: VillageJson, area: AreaView, definition: IndicatorDefinitionView, size: number): PictogramModel {
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
  const finer = size === village.village.size ? finerFigure(figure.count, figure.denominator, per100) : '';
  const counted =
    size === village.village.size
      ? per100
      : figure.count.value !== null && figure.denominator.value !== null && figure.denominator.value > 0
        ? (largestRemainder([figure.count.value], figure.denominator.value, size)[0] as number)
        : Math.round((per100 * size) / village.village.size);
  return {
    areaName: area.name,
    viewLabel: definition.name,
    size,
    segments: [
      {
        key: 'counted',
        label: definition.name,
        figures: counted,
        style: { kind: 'category', index: 0 },
        villagers: String(counted),
        count,
        denominator,
        denominatorLabel,
        note: `${definition.description}${rate}${finer === '' ? '' : ` That is ${finer}.`}`,
      },
      {
        key: 'rest',
        label: 'Everyone else',
        figures: size - counted,
        style: { kind: 'rest' },
        villagers: String(size - counted),
        count: '',
        denominator,
        denominatorLabel,
        note: `The rest of the village of ${sizeText(size)}.`,
      },
    ],
    summary: `${area.name}: ${counted} of ${sizeText(size)}${blocksText(size)} — ${definition.name} (${finer === '' ? '' : `${finer}: `}${count} of ${denominator}).`,
    source,
    symbol,
    caution,
  };
}

/**
 * The pictogram of one area and view; `categoryOrder` (the city's categories) keeps colours the same
 * everywhere; `size` is the engine's village (100) unless a village of 1,000 is asked for.
 */
export function pictogramModel(village: VillageJson, area: AreaView, view: VillageView, categoryOrder: readonly string[], size: number = village.village.size): PictogramModel {
  if (view.kind === 'partition') return partitionModel(village, area, view.partition, categoryOrder, size);
  const definition = village.indicators.find((indicator) => indicator.id === view.id);
  if (!definition) throw new Error(`village.json has no indicator ${view.id}`);
  return indicatorModel(village, area, definition, size);
}

/** The city's category labels of a partition, which fix each category's colour and pattern. */
export function categoryOrderOf(village: VillageJson, view: VillageView): string[] {
  if (view.kind !== 'partition') return [];
  const city = cityOf(village) ?? village.areas[0];
  return city?.partitions.find((partition) => partition.partition === view.partition)?.categories.map((category) => category.label) ?? [];
}
