/**
 * Boundaries and choropleth figures, shared by the engine (report.html's inline SVG maps) and the window
 * (ECharts map series, PNG and SVG exports), so a map shows the same colour classes wherever it is drawn.
 * Pure data and arithmetic: nothing here touches Node, the DOM or the network.
 */
import { z } from 'zod';
import type { AreaLevel, PartitionName } from './recipe';
import type { AreaView, PublishedCount, VillageJson } from './village';

/** Shown with every map drawn from the shipped ONS boundaries (reference/README.md, source C1). */
export const ONS_BOUNDARY_ATTRIBUTION =
  'Contains OS data © Crown copyright and database right; Source: Office for National Statistics licensed under the Open Government Licence v3.0';

/** [longitude, latitude] in WGS84. */
export type Position = readonly [number, number];
/** A closed ring (first position repeated last). */
export type Ring = readonly Position[];
/** A polygon: its outer ring, then any holes. */
export type PolygonRings = readonly Ring[];

/** One area's shape as polygons (a MultiPolygon's coordinates). */
export interface AreaShape {
  readonly code: string;
  readonly name: string;
  /** A ward's locality under the run's ward→locality map; null for a locality. */
  readonly parent: string | null;
  readonly polygons: readonly PolygonRings[];
}

/** The shapes a run's figures are mapped on: its wards, and its localities dissolved from them by its map. */
export interface MapBoundaries {
  /** Where the boundaries come from, in words (file and SHA-256 for a recipe's own file). */
  readonly source: string;
  /** The attribution every map drawn from them must carry. */
  readonly attribution: string;
  readonly wards: readonly AreaShape[];
  readonly localities: readonly AreaShape[];
}

const positionSchema = z.tuple([z.number().finite(), z.number().finite()]).readonly();
const areaShapeSchema = z.object({
  code: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  polygons: z.array(z.array(z.array(positionSchema).readonly()).readonly()).readonly(),
});
export const mapBoundariesSchema = z.object({
  source: z.string(),
  attribution: z.string(),
  wards: z.array(areaShapeSchema).readonly(),
  localities: z.array(areaShapeSchema).readonly(),
});

/** What a map colours each area by: an indicator's rate, or a village category's villagers of 100. */
export type MapMeasure =
  | { readonly kind: 'indicator'; readonly id: string }
  | { readonly kind: 'share'; readonly partition: PartitionName; readonly category: string };

export type MapLevel = Extract<AreaLevel, 'locality' | 'ward'>;

/**
 * ColorBrewer schemes, both safe for the common forms of colour blindness and in print: Blues for a share
 * (more or fewer of 100, no "good" end), PuOr for a rate set against the city's (below / near / above).
 */
export const SEQUENTIAL_COLOURS = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'] as const;
export const DIVERGING_COLOURS = ['#e66101', '#fdb863', '#f7f7f7', '#b2abd2', '#5e3c99'] as const;
/** An area with nothing to show (no denominator): pale grey, no hatch. */
export const NO_DATA_COLOUR = '#d9dde3';
/** Suppressed areas: white hatched with this grey (never a class colour). */
export const SUPPRESSED_HATCH = '#5f6b7a';

export type AreaStatus = 'published' | 'suppressed' | 'no-data';

export interface MapClass {
  readonly index: number;
  readonly colour: string;
  readonly min: number;
  readonly max: number;
  /** e.g. "2.1 to 4.0 per 100" or "near the city (3.0 to 3.4)". */
  readonly label: string;
}

export interface MapAreaFigure {
  readonly code: string;
  readonly name: string;
  readonly parent: string | null;
  readonly status: AreaStatus;
  /** The mapped value (rate, or villagers of 100); null unless published. */
  readonly value: number | null;
  /** The value as a reader sees it: the engine's display, or the suppression symbol. */
  readonly display: string;
  readonly count: PublishedCount;
  readonly denominator: PublishedCount;
  /** Index into the scheme's classes; null unless published. */
  readonly classIndex: number | null;
  /** The area's full text for a tooltip, a list entry or an SVG <title>. */
  readonly description: string;
}

export interface ChoroplethFigures {
  readonly level: MapLevel;
  readonly title: string;
  /** "per 100 children aged 0–17", "villagers of 100". */
  readonly unitLabel: string;
  /** What each figure is divided by, in words. */
  readonly denominatorLabel: string;
  readonly scheme: 'sequential' | 'diverging';
  readonly classes: readonly MapClass[];
  /** How the classes were drawn, in words, for the legend. */
  readonly classNote: string;
  /** The city's figure the diverging scheme is centred on; null for a sequential map. */
  readonly reference: { readonly value: number; readonly display: string } | null;
  readonly areas: readonly MapAreaFigure[];
  /** People in the city's figure who are on no area of this map (no source placed them), stated beside it. */
  readonly unresolved: string;
  /** Where the figures come from. */
  readonly source: string;
  readonly suppressedCount: number;
}

/** A partition's name in a sentence ("Girls (sex)"). */
export const PARTITION_WORDS: Record<PartitionName, string> = { sex: 'sex', ageBand: 'age band', ethnicity: 'ethnic group' };

function unitWords(unit: VillageJson['indicators'][number]['unit']): string {
  return unit === 'percent' ? '%' : `per ${unit === 1000 ? '1,000' : '100'}`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Steps a legend reads easily: 1, 2, 2.5 and 5 times a power of ten. */
function niceSteps(smallest: number): number[] {
  const steps: number[] = [];
  for (let power = Math.floor(Math.log10(smallest)) - 1; steps.length < 40; power += 1) {
    for (const base of [1, 2, 2.5, 5]) {
      const step = Number((base * 10 ** power).toPrecision(12));
      if (step >= smallest - 1e-12) steps.push(step);
    }
  }
  return steps;
}

/** The colours of n classes spread over the whole ramp, so few classes still differ clearly (n = 2: lightest and darkest). */
function rampColours(count: number, colours: readonly string[]): string[] {
  if (count === 1) return [colours[Math.floor(colours.length / 2)] as string];
  return Array.from({ length: count }, (_, index) => colours[Math.round((index * (colours.length - 1)) / (count - 1))] as string);
}

const round = (value: number): number => Number(value.toPrecision(12));

/**
 * Classes fitted to the data with round breaks: the smallest step of 1, 2, 2.5 or 5 × 10ⁿ for which the
 * areas' lowest and highest figures, rounded outwards to it, span at most as many equal steps as there are
 * colours. Whole-number figures (villagers) get whole steps and classes that name their first and last value
 * ("20 to 39", the top class keeping its upper break: "80 to 100"); others are ranges whose upper break
 * belongs to the class above ("2 to under 4"), the top one's to itself. Deterministic: the same
 * figures give the same classes wherever the map is drawn (docs/maps.md says why this method).
 */
export function roundedClasses(values: readonly number[], colours: readonly string[], unitLabel: string): { classes: MapClass[]; note: string } {
  if (values.length === 0) return { classes: [], note: 'No area has a figure to colour.' };
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  const whole = values.every((value) => Number.isInteger(value));
  if (lowest === highest) {
    const label = `${formatNumber(lowest)} ${unitLabel}`;
    return { classes: [{ index: 0, colour: colours[Math.floor(colours.length / 2)] as string, min: lowest, max: highest, label }], note: `Every area shown has the same figure, ${label}.` };
  }
  if (whole && highest - lowest < colours.length) {
    // Few enough whole values for a class each.
    const palette = rampColours(highest - lowest + 1, colours);
    const classes = palette.map((colour, index): MapClass => ({ index, colour, min: lowest + index, max: lowest + index, label: `${lowest + index} ${unitLabel}` }));
    return { classes, note: `Classes: one for each whole figure from ${lowest} to ${highest}, the areas' lowest and highest.` };
  }
  const smallest = whole ? 1 : 0.1;
  for (const step of niceSteps(Math.max(smallest, (highest - lowest) / colours.length))) {
    if (step < smallest || (whole && !Number.isInteger(step))) continue;
    const start = round(Math.floor(lowest / step + 1e-9) * step);
    const end = round(Math.max(start + step, Math.ceil(highest / step - 1e-9) * step));
    const count = Math.round((end - start) / step);
    if (count > colours.length) continue;
    const palette = rampColours(count, colours);
    const classes = palette.map((colour, index): MapClass => {
      const low = round(start + index * step);
      const high = round(start + (index + 1) * step);
      if (whole) {
        // The top class keeps its upper break; the others end one below the next class.
        const last = index === count - 1 ? high : high - 1;
        return { index, colour, min: low, max: last, label: low === last ? `${low} ${unitLabel}` : `${low} to ${last} ${unitLabel}` };
      }
      return { index, colour, min: low, max: high, label: `${formatNumber(low)} to ${index === count - 1 ? '' : 'under '}${formatNumber(high)} ${unitLabel}` };
    });
    const note = `Classes: ${count} equal steps of ${formatNumber(step)} from ${formatNumber(start)} to ${formatNumber(end)}, the areas' lowest and highest figures rounded outwards.`;
    return { classes, note };
  }
  throw new Error('No rounded step fits the figures');
}

/**
 * Five classes around the city's figure: "near the city" (within a tenth of it, and a fifth of the furthest
 * area's distance), then two equal
 * classes each way out to the lowest and highest area. Classes no area can fall in (nothing that far below or
 * above) are left out, so the legend never offers a range below zero or beyond the areas shown.
 */
function divergingClasses(values: readonly number[], reference: { readonly value: number; readonly display: string }, unitLabel: string): MapClass[] {
  const centre = reference.value;
  const lowest = Math.min(centre, ...values);
  const highest = Math.max(centre, ...values);
  // Near: within a tenth of the city's figure, and within a fifth of the way to the furthest area.
  const near = Math.min(Math.abs(centre) * 0.1, 0.2 * Math.max(centre - lowest, highest - centre));
  const nearLow = Math.max(lowest, centre - near);
  const nearHigh = Math.min(highest, centre + near);
  const range = (low: number, high: number): string => `${formatNumber(low)} to ${formatNumber(high)} ${unitLabel}`;
  const bounds: [number, number][] = [
    [lowest, (lowest + nearLow) / 2],
    [(lowest + nearLow) / 2, nearLow],
    [nearLow, nearHigh],
    [nearHigh, (nearHigh + highest) / 2],
    [(nearHigh + highest) / 2, highest],
  ];
  return bounds
    .map(([low, high], index): MapClass => ({
      index,
      colour: DIVERGING_COLOURS[index] as string,
      min: low,
      max: high,
      label: index === 2 ? `near the city's ${reference.display} (${range(low, high)})` : `${index < 2 ? 'below' : 'above'} the city (${range(low, high)})`,
    }))
    .filter((entry) => entry.index === 2 || entry.max > entry.min);
}

/** The class a value falls in: the last class whose minimum it reaches (the top class includes its maximum). */
export function classOf(value: number, classes: readonly MapClass[]): number {
  let found = 0;
  for (const entry of classes) if (value >= entry.min - 1e-9) found = entry.index;
  return found;
}

function withheld(count: PublishedCount): boolean {
  return count.status !== 'published';
}

/** One area of a map: its figure as shown (the published one, the suppression symbol, or "no figure"), its class, and its sentence. */
function areaFigure(
  area: AreaView,
  figure: { readonly status: AreaStatus; readonly value: number | null; readonly shown: string; readonly count: PublishedCount; readonly denominator: PublishedCount },
  classes: readonly MapClass[],
  unitLabel: string,
  symbol: string,
  describe: (figureText: string) => string,
): MapAreaFigure {
  const { status, value, count, denominator } = figure;
  const display = status === 'published' ? figure.shown : status === 'suppressed' ? symbol : 'no figure';
  const figureText = status === 'published' ? `${display} ${unitLabel}` : status === 'suppressed' ? `suppressed (${symbol}): a small number` : 'no figure';
  return { code: area.code, name: area.name, parent: area.parent, status, value, display, count, denominator, classIndex: value === null ? null : classOf(value, classes), description: describe(figureText) };
}

/**
 * Every area of one level coloured by one measure, from village.json's published figures only. Suppressed
 * areas keep the symbol and no class, so a map can never show more than the tables do.
 */
export function choroplethFigures(village: VillageJson, level: MapLevel, measure: MapMeasure): ChoroplethFigures {
  const areas = village.areas.filter((area) => area.level === level);
  const city = village.areas.find((area) => area.level === 'city');
  const symbol = village.suppression.symbol;
  const levelWords = level === 'ward' ? 'ward' : 'locality';
  const sourceIds = village.sources.map((source) => source.id).join(', ');
  const source = `${village.title}, reference date ${village.referenceDate}; recipe ${village.recipe.file}; sources ${sourceIds}.`;

  if (measure.kind === 'indicator') {
    const definition = village.indicators.find((indicator) => indicator.id === measure.id);
    if (definition === undefined) throw new Error(`The run has no indicator "${measure.id}"`);
    const unitLabel = unitWords(definition.unit);
    const ages = definition.ageRange === null ? '' : ` aged ${definition.ageRange[0]}–${definition.ageRange[1]}`;
    const denominatorLabel = definition.denominator === 'population' ? `children and young people${ages} (population estimates)` : `${definition.denominator}${ages}`;
    const figureOf = (area: AreaView | undefined) => area?.indicators.find((figure) => figure.id === measure.id);
    const cityFigure = figureOf(city);
    const rows = areas.map((area) => ({ area, figure: figureOf(area) }));
    const published = rows.map((row) => row.figure?.rate ?? null).filter((rate): rate is number => rate !== null);
    const reference = cityFigure?.rate == null ? null : { value: cityFigure.rate, display: cityFigure.rateDisplay };
    const diverging = reference !== null;
    const fitted = diverging ? null : roundedClasses(published, SEQUENTIAL_COLOURS, unitLabel);
    const classes = fitted?.classes ?? divergingClasses(published, reference as { value: number; display: string }, unitLabel);
    const classNote = fitted?.note ?? "Classes: near the city's figure (within a tenth of it), then two equal steps each way out to the lowest and highest area.";
    const figures = rows.map(({ area, figure }): MapAreaFigure => {
      const count = figure?.count ?? { value: null, display: '', status: 'published' as const };
      const denominator = figure?.denominator ?? { value: null, display: '', status: 'published' as const };
      const suppressed = figure !== undefined && figure.rate === null && (withheld(count) || withheld(denominator));
      const status: AreaStatus = figure?.rate != null ? 'published' : suppressed ? 'suppressed' : 'no-data';
      const value = status === 'published' ? (figure?.rate ?? null) : null;
      return areaFigure(area, { status, value, shown: figure?.rateDisplay ?? '', count, denominator }, classes, unitLabel, symbol, (figureText) =>
        `${area.name}: ${figureText}; count ${count.display || 'none'} of ${denominator.display || 'none'} ${denominatorLabel}. Source: ${definition.name}, ${village.recipe.file}.`);
    });
    const notPlaced = city?.unresolved[measure.id];
    return {
      level,
      title: `${definition.name} (${unitLabel}) by ${levelWords}`,
      unitLabel,
      denominatorLabel,
      scheme: diverging ? 'diverging' : 'sequential',
      classes,
      classNote,
      reference,
      areas: figures,
      unresolved: notPlaced === undefined ? '' : `${notPlaced.display} of the city's ${cityFigure?.count.display ?? ''} could not be placed in any ${levelWords} and are on no area of this map (they are in the city's figure).`,
      source: `${definition.description} ${source}`,
      suppressedCount: figures.filter((figure) => figure.status === 'suppressed').length,
    };
  }

  const partitionOf = (area: AreaView | undefined) => area?.partitions.find((partition) => partition.partition === measure.partition);
  const size = village.village.size;
  const unitLabel = `of ${size}`;
  const denominatorLabel = `people aged within the village's age bands (the ${levelWords}'s population)`;
  const rows = areas.map((area) => {
    const partition = partitionOf(area);
    return { area, partition, category: partition?.categories.find((category) => category.label === measure.category) };
  });
  const published = rows.map((row) => row.category?.villagers ?? null).filter((value): value is number => value !== null);
  const { classes, note: classNote } = roundedClasses(published, SEQUENTIAL_COLOURS, unitLabel);
  const figures = rows.map(({ area, partition, category }): MapAreaFigure => {
    const count = category?.count ?? { value: null, display: '', status: 'published' as const };
    const denominator = partition?.total ?? { value: null, display: '', status: 'published' as const };
    const value = category?.villagers ?? null;
    // Villagers are withheld with any hidden category or total of the area's partition (publish.ts).
    const status: AreaStatus = value !== null ? 'published' : category !== undefined && partition !== undefined && (withheld(partition.total) || partition.categories.some((entry) => withheld(entry.count))) ? 'suppressed' : 'no-data';
    return areaFigure(area, { status, value, shown: String(value), count, denominator }, classes, unitLabel, symbol, (figureText) =>
      `${area.name}: ${figureText}; ${count.display || 'none'} of ${denominator.display || 'none'} people. Source: population estimates, ${village.recipe.file}.`);
  });
  return {
    level,
    title: `${measure.category} (${PARTITION_WORDS[measure.partition]}) as villagers of ${size}, by ${levelWords}`,
    unitLabel,
    denominatorLabel,
    scheme: 'sequential',
    classes,
    classNote,
    reference: null,
    areas: figures,
    unresolved: '',
    source: `Population estimates by ${PARTITION_WORDS[measure.partition]}. ${source}`,
    suppressedCount: figures.filter((figure) => figure.status === 'suppressed').length,
  };
}

/** The measures a level can be mapped by: indicators published at that level, and (localities) every village category. */
export function mapMeasures(village: VillageJson, level: MapLevel): { readonly measure: MapMeasure; readonly label: string }[] {
  const areas = village.areas.filter((area) => area.level === level);
  const indicators = village.indicators
    .filter((indicator) => areas.some((area) => area.indicators.some((figure) => figure.id === indicator.id)))
    .map((indicator) => ({ measure: { kind: 'indicator', id: indicator.id } as MapMeasure, label: indicator.name }));
  const first = areas[0];
  const shares = (first?.partitions ?? []).flatMap((partition) =>
    partition.categories.map((category) => ({
      measure: { kind: 'share', partition: partition.partition, category: category.label } as MapMeasure,
      label: `${category.label} (${PARTITION_WORDS[partition.partition]})`,
    })),
  );
  return [...indicators, ...shares];
}

export function measureKey(measure: MapMeasure): string {
  return measure.kind === 'indicator' ? `indicator:${measure.id}` : `share:${measure.partition}:${measure.category}`;
}

/** The colour an area is filled with: its class colour, no-data grey, or null for a suppressed (hatched) area. */
export function areaFill(figure: MapAreaFigure, classes: readonly MapClass[]): string | null {
  if (figure.status === 'suppressed') return null;
  if (figure.classIndex === null) return NO_DATA_COLOUR;
  return classes.find((entry) => entry.index === figure.classIndex)?.colour ?? NO_DATA_COLOUR;
}
