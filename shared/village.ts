/**
 * The published results of a recipe run: the shape of `village.json` (documented with an example in
 * docs/village-json.md). Everything here has been through disclosure control: a count is either published
 * (`value` holds it) or suppressed (`value` is null and `display` holds the recipe's symbol), and figures
 * derived from a suppressed count are withheld with it.
 */
import type { AreaLevel, IndicatorUnit, PartitionName } from './recipe';

export const VILLAGE_JSON_FORMAT = 'village-workbench/village';
export const VILLAGE_JSON_VERSION = 1;

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

export interface VillageJson {
  readonly format: typeof VILLAGE_JSON_FORMAT;
  readonly version: typeof VILLAGE_JSON_VERSION;
  readonly title: string;
  readonly referenceDate: string;
  readonly generatedAt: string;
  readonly recipe: { readonly file: string; readonly sha256: string };
  readonly sources: readonly SourceSummary[];
  readonly suppression: { readonly threshold: number; readonly symbol: string; readonly rule: string };
  readonly geography: {
    readonly localitySource: string;
    readonly overrides: Readonly<Record<string, string>>;
    readonly wards: readonly { readonly code: string; readonly name: string; readonly locality: string }[];
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
}
