/**
 * The published results of a recipe run: the shape of `village.json` (documented with an example in
 * docs/village-json.md). Everything here has been through disclosure control: a count is either published
 * (`value` holds it) or suppressed (`value` is null and `display` holds the recipe's symbol), and figures
 * derived from a suppressed count are withheld with it.
 */
import { z } from 'zod';
import type { PolygonRings } from './maps';
import { outcomesViewSchema, seriesPeriodSchema, type OutcomesView, type SeriesPeriod } from './outcomes';
import { AREA_LEVELS, PARTITIONS, unitSchema, type AreaLevel, type IndicatorUnit, type PartitionName, type RunPeriod } from './recipe';

export const VILLAGE_JSON_FORMAT = 'village-workbench/village';
/** 2: the run's period, the series of periods and the outcomes (framework and trends) were added. */
export const VILLAGE_JSON_VERSION = 2;

export type CellStatus = 'published' | 'primary' | 'secondary';

/** One exported count after disclosure control. */
export interface PublishedCount {
  /** The count, or null when suppressed. */
  readonly value: number | null;
  /** What a reader sees: the count or the suppression symbol. */
  readonly display: string;
  /** 'primary': below the threshold; 'secondary': hidden so a primary cell cannot be worked out from totals. */
  readonly status: CellStatus;
}

export interface SourceSummary {
  readonly id: string;
  readonly file: string;
  readonly sheet: string | null;
  readonly specId: string;
  /** The specification's version the extract was checked against (absent when the run did not validate it). */
  readonly specVersion?: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly rowsRejected: number;
  readonly importedAt: string;
  /** Findings of the source's validation, by severity (counts of findings, not of children). */
  readonly findings: Readonly<Record<string, number>>;
  /** Relative paths of the copied validation reports inside the output folder. */
  readonly validationReports: readonly string[];
}

export interface PartitionCategory {
  readonly label: string;
  readonly count: PublishedCount;
  /** Villagers of 100 (largest remainder); null when the count is suppressed. */
  readonly villagers: number | null;
}

export interface PartitionView {
  readonly partition: PartitionName;
  readonly total: PublishedCount;
  readonly categories: readonly PartitionCategory[];
}

export interface IndicatorFigure {
  readonly id: string;
  readonly count: PublishedCount;
  readonly denominator: PublishedCount;
  /** count / denominator × unit; null when withheld (suppressed count or denominator, or no denominator). */
  readonly rate: number | null;
  /** The rate rounded for display, the suppression symbol, or "" when undefined. */
  readonly rateDisplay: string;
  /** Of the village of 100: the rate per 100, rounded to a whole villager; null when withheld. */
  readonly per100: number | null;
  /** The denominator is below the small-area minimum: publishable but unstable. */
  readonly smallDenominator: boolean;
}

export interface AreaView {
  readonly level: AreaLevel;
  /** Ward code, locality name, or "E08000025" for the city. */
  readonly code: string;
  readonly name: string;
  /** The parent locality of a ward; null otherwise. */
  readonly parent: string | null;
  readonly population: PublishedCount;
  /** Fewer people than the recipe's small-area minimum. */
  readonly smallArea: boolean;
  readonly partitions: readonly PartitionView[];
  readonly indicators: readonly IndicatorFigure[];
  /**
   * City only: people counted in the city figures whom no source placed in a ward, per indicator (they are in
   * the city's count and in no locality's).
   */
  readonly unresolved: Readonly<Record<string, PublishedCount>>;
  /** City only: the same people's share of each indicator's denominator (the line's remainder, suppressed with it). */
  readonly unresolvedDenominators: Readonly<Record<string, PublishedCount>>;
}

export interface IndicatorDefinitionView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly kind: 'people' | 'share';
  readonly ageRange: readonly [number, number] | null;
  readonly ageAt: string | null;
  readonly unit: IndicatorUnit;
  readonly levels: readonly AreaLevel[];
  readonly denominator: string;
  readonly estimate: 'observed' | 'rate-applied-to-population';
}

export interface UnresolvedRow {
  readonly source: string;
  readonly reason: string;
  readonly records: PublishedCount;
  /** Source rows (1-based, as the import numbered them) of up to 20 examples; never identifying values. */
  readonly exampleRows: readonly number[];
}

/**
 * A count as a share of another, computed by the engine from the exact figures. Withheld (value null,
 * display the suppression symbol) whenever the count or its denominator is.
 */
export interface PublishedShare {
  /** Between 0 and 1; null when withheld or when the denominator is 0. */
  readonly value: number | null;
  /** As a reader sees it: a percentage to one decimal place ("42.5%"), the suppression symbol, or "" when the denominator is 0. */
  readonly display: string;
  /** The count divided by, as published. */
  readonly denominator: PublishedCount;
  /** What the denominator counts, in words: "people in police_da". */
  readonly denominatorLabel: string;
}

export interface LinkSourceRow {
  readonly source: string;
  readonly records: PublishedCount;
  readonly people: PublishedCount;
  readonly peopleMatchedElsewhere: PublishedCount;
  readonly peopleUnmatched: PublishedCount;
  /** peopleMatchedElsewhere ÷ the source's people. */
  readonly matchedShare: PublishedShare;
  /** peopleUnmatched ÷ the source's people. */
  readonly unmatchedShare: PublishedShare;
}

export interface LinkPairRow {
  readonly sourceA: string;
  readonly sourceB: string;
  readonly peopleInBoth: PublishedCount;
  /** The link rate of A into B: peopleInBoth ÷ A's people. */
  readonly shareOfA: PublishedShare;
  /** The link rate of B into A: peopleInBoth ÷ B's people. */
  readonly shareOfB: PublishedShare;
}

export interface LinkKeyRow {
  readonly key: string;
  readonly fields: string;
  readonly merges: PublishedCount;
  readonly crossSourceMerges: PublishedCount;
  readonly recordsLinkedBy: PublishedCount;
  readonly keptApart: PublishedCount;
}

export interface LinkConflictRow {
  readonly key: string;
  readonly kind: string;
  readonly resolution: string;
  readonly count: PublishedCount;
}

export interface LinkageView {
  readonly sources: readonly string[];
  readonly records: PublishedCount;
  readonly people: PublishedCount;
  readonly perSource: readonly LinkSourceRow[];
  readonly pairs: readonly LinkPairRow[];
  /** Merges per key of the cascade: counts of record links, not of children. */
  readonly keys: readonly LinkKeyRow[];
  readonly conflicts: readonly LinkConflictRow[];
  /** People in the index without a usable date of birth (no age) or without a resolved ward. */
  readonly peopleWithoutAge: PublishedCount;
  readonly peopleWithoutWard: PublishedCount;
  /** The probabilistic stage's model and its own quality estimates; absent when the recipe turns it off. */
  readonly model?: LinkageModelView;
}

/** Estimates from the model alone (no truth): expected matches among the candidate pairs, by threshold. */
export interface LinkageThresholdPoint {
  readonly threshold: number;
  readonly estimatedPrecision: number | null;
  readonly estimatedRecall: number | null;
}

export interface LinkageModelView {
  /** Match probability at which pairs are linked. */
  readonly threshold: number;
  readonly estimatedPrecision: number | null;
  readonly estimatedRecall: number | null;
  readonly thresholdChart: readonly LinkageThresholdPoint[];
  /** log2 odds that two records drawn at random are the same person. */
  readonly priorWeight: number;
  /** Per comparison, per level: the match weight log2(m / u), and m and u themselves. */
  readonly comparisons: readonly { readonly id: string; readonly label: string; readonly levels: readonly { readonly label: string; readonly m: number; readonly u: number; readonly weight: number }[] }[];
  readonly blockingRules: readonly string[];
}

/** The ward shapes of a run, so its maps (window and report.html) are drawn exactly as at run time. */
export interface VillageBoundaries {
  /** `birmingham_wards_2018.geojson` (shipped), or the recipe's own file's name. */
  readonly file: string;
  readonly sha256: string;
  readonly codeProperty: string;
  /** What the file's features were: wards, or LSOAs dissolved into wards. */
  readonly level: 'ward' | 'lsoa11' | 'lsoa21';
  readonly attribution: string;
  /** Every ward of `geography.wards`, as polygons of [longitude, latitude]. */
  readonly wards: readonly { readonly code: string; readonly polygons: readonly PolygonRings[] }[];
}

export interface VillageJson {
  readonly format: typeof VILLAGE_JSON_FORMAT;
  readonly version: typeof VILLAGE_JSON_VERSION;
  readonly title: string;
  readonly referenceDate: string;
  /** The period this run's extracts describe (the recipe's, the run's `--period`, or "As at <referenceDate>"). */
  readonly period: RunPeriod;
  /** The recipe's series as of this run, oldest first: the latest run of each period, this run standing for its own. */
  readonly periods: readonly SeriesPeriod[];
  readonly generatedAt: string;
  readonly recipe: { readonly file: string; readonly sha256: string };
  readonly sources: readonly SourceSummary[];
  readonly suppression: { readonly threshold: number; readonly symbol: string; readonly rule: string };
  readonly geography: {
    readonly localitySource: string;
    readonly overrides: Readonly<Record<string, string>>;
    readonly wards: readonly { readonly code: string; readonly name: string; readonly locality: string }[];
    /** The ward boundaries the figures are mapped on (absent from runs made before maps). */
    readonly boundaries?: VillageBoundaries;
  };
  readonly village: {
    readonly size: number;
    readonly partitions: readonly PartitionName[];
    readonly ageBands: readonly { readonly label: string; readonly min: number; readonly max: number }[];
    readonly smallAreaMinimum: number;
  };
  readonly indicators: readonly IndicatorDefinitionView[];
  readonly areas: readonly AreaView[];
  readonly unresolved: readonly UnresolvedRow[];
  readonly linkage: LinkageView;
  /** The outcome framework and every area's trends over `periods`. */
  readonly outcomes: OutcomesView;
}

/*
 * The schema of village.json: what the engine checks its own output against before anything is written
 * or sent, and what the window checks each response against. Objects are strict, so a field the engine
 * adds without describing it here fails loudly in the tests rather than slipping through unchecked.
 */
const publishedCountSchema = z.strictObject({
  value: z.number().nullable(),
  display: z.string(),
  status: z.enum(['published', 'primary', 'secondary']),
});

const publishedShareSchema = z.strictObject({
  value: z.number().nullable(),
  display: z.string(),
  denominator: publishedCountSchema,
  denominatorLabel: z.string(),
});

const areaViewSchema = z.strictObject({
  level: z.enum(AREA_LEVELS),
  code: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  population: publishedCountSchema,
  smallArea: z.boolean(),
  partitions: z.array(
    z.strictObject({
      partition: z.enum(PARTITIONS),
      total: publishedCountSchema,
      categories: z.array(z.strictObject({ label: z.string(), count: publishedCountSchema, villagers: z.number().int().nullable() })),
    }),
  ),
  indicators: z.array(
    z.strictObject({
      id: z.string(),
      count: publishedCountSchema,
      denominator: publishedCountSchema,
      rate: z.number().nullable(),
      rateDisplay: z.string(),
      per100: z.number().nullable(),
      smallDenominator: z.boolean(),
    }),
  ),
  unresolved: z.record(z.string(), publishedCountSchema),
  unresolvedDenominators: z.record(z.string(), publishedCountSchema),
});

const linkageViewSchema = z.strictObject({
  sources: z.array(z.string()),
  records: publishedCountSchema,
  people: publishedCountSchema,
  perSource: z.array(
    z.strictObject({
      source: z.string(),
      records: publishedCountSchema,
      people: publishedCountSchema,
      peopleMatchedElsewhere: publishedCountSchema,
      peopleUnmatched: publishedCountSchema,
      matchedShare: publishedShareSchema,
      unmatchedShare: publishedShareSchema,
    }),
  ),
  pairs: z.array(z.strictObject({ sourceA: z.string(), sourceB: z.string(), peopleInBoth: publishedCountSchema, shareOfA: publishedShareSchema, shareOfB: publishedShareSchema })),
  keys: z.array(
    z.strictObject({
      key: z.string(),
      fields: z.string(),
      merges: publishedCountSchema,
      crossSourceMerges: publishedCountSchema,
      recordsLinkedBy: publishedCountSchema,
      keptApart: publishedCountSchema,
    }),
  ),
  conflicts: z.array(z.strictObject({ key: z.string(), kind: z.string(), resolution: z.string(), count: publishedCountSchema })),
  peopleWithoutAge: publishedCountSchema,
  peopleWithoutWard: publishedCountSchema,
  model: z
    .strictObject({
      threshold: z.number(),
      estimatedPrecision: z.number().nullable(),
      estimatedRecall: z.number().nullable(),
      thresholdChart: z.array(z.strictObject({ threshold: z.number(), estimatedPrecision: z.number().nullable(), estimatedRecall: z.number().nullable() })),
      priorWeight: z.number(),
      comparisons: z.array(
        z.strictObject({
          id: z.string(),
          label: z.string(),
          levels: z.array(z.strictObject({ label: z.string(), m: z.number(), u: z.number(), weight: z.number() })),
        }),
      ),
      blockingRules: z.array(z.string()),
    })
    .optional(),
});

export const villageJsonSchema: z.ZodType<VillageJson> = z.strictObject({
  format: z.literal(VILLAGE_JSON_FORMAT),
  version: z.literal(VILLAGE_JSON_VERSION),
  title: z.string(),
  referenceDate: z.string(),
  period: z.strictObject({ label: z.string(), start: z.string(), end: z.string(), referenceDate: z.string() }),
  periods: z.array(seriesPeriodSchema),
  generatedAt: z.string(),
  recipe: z.strictObject({ file: z.string(), sha256: z.string() }),
  sources: z.array(
    z.strictObject({
      id: z.string(),
      file: z.string(),
      sheet: z.string().nullable(),
      specId: z.string(),
      specVersion: z.string().optional(),
      sha256: z.string(),
      sizeBytes: z.number().int().nonnegative(),
      rowsRead: z.number().int().nonnegative(),
      rowsImported: z.number().int().nonnegative(),
      rowsRejected: z.number().int().nonnegative(),
      importedAt: z.string(),
      findings: z.record(z.string(), z.number().int().nonnegative()),
      validationReports: z.array(z.string()),
    }),
  ),
  suppression: z.strictObject({ threshold: z.number().int().positive(), symbol: z.string(), rule: z.string() }),
  geography: z.strictObject({
    localitySource: z.string(),
    overrides: z.record(z.string(), z.string()),
    wards: z.array(z.strictObject({ code: z.string(), name: z.string(), locality: z.string() })),
    boundaries: z
      .strictObject({
        file: z.string(),
        sha256: z.string(),
        codeProperty: z.string(),
        level: z.enum(['ward', 'lsoa11', 'lsoa21']),
        attribution: z.string(),
        wards: z.array(z.strictObject({ code: z.string(), polygons: z.array(z.array(z.array(z.tuple([z.number(), z.number()])))) })),
      })
      .optional(),
  }),
  village: z.strictObject({
    size: z.number().int().positive(),
    partitions: z.array(z.enum(PARTITIONS)),
    ageBands: z.array(z.strictObject({ label: z.string(), min: z.number().int(), max: z.number().int() })),
    smallAreaMinimum: z.number().int().nonnegative(),
  }),
  indicators: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      kind: z.enum(['people', 'share']),
      ageRange: z.tuple([z.number().int(), z.number().int()]).nullable(),
      ageAt: z.string().nullable(),
      unit: unitSchema,
      levels: z.array(z.enum(AREA_LEVELS)),
      denominator: z.string(),
      estimate: z.enum(['observed', 'rate-applied-to-population']),
    }),
  ),
  areas: z.array(areaViewSchema),
  unresolved: z.array(z.strictObject({ source: z.string(), reason: z.string(), records: publishedCountSchema, exampleRows: z.array(z.number().int().positive()) })),
  linkage: linkageViewSchema,
  outcomes: outcomesViewSchema,
});

/**
 * village.json's text, checked first: the one serialisation, written to the file and stored with the run.
 * Indented for a reader, except each ward's boundary polygons, written on one line per ward (indenting every
 * coordinate pair would triple the file for nothing a reader wants).
 */
export function serialiseVillageJson(village: VillageJson): string {
  const checked = parseVillageJson(village);
  const boundaries = checked.geography.boundaries;
  if (boundaries === undefined) return `${JSON.stringify(checked, null, 2)}\n`;
  const placeholder = (index: number): string => `@@ward-polygons-${index}@@`;
  const stand = { ...checked, geography: { ...checked.geography, boundaries: { ...boundaries, wards: boundaries.wards.map((ward, index) => ({ code: ward.code, polygons: placeholder(index) })) } } };
  let text = JSON.stringify(stand, null, 2);
  boundaries.wards.forEach((ward, index) => {
    text = text.replace(`"${placeholder(index)}"`, () => JSON.stringify(ward.polygons));
  });
  return `${text}\n`;
}

/** Checks a village.json value; throws naming the first problem's path (the engine never writes one that fails). */
export function parseVillageJson(value: unknown): VillageJson {
  const result = villageJsonSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`village.json does not match its schema at ${issue?.path.join('.') || 'the top'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}
