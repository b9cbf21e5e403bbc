/**
 * Outcomes over time, as village.json publishes them (docs/village-json.md, "periods" and "outcomes"): the
 * series of periods, the outcome framework, and per area (the city and each locality) a trend for every indicator
 * and every village partition's categories. Every point comes from its own period's published, suppressed
 * figures: a suppressed point is null with `suppressed: true`, never 0, and nothing derived from it (interval,
 * change, comparison) is published either.
 */
import { z } from 'zod';
import { POLARITIES, PARTITIONS, periodSchema, type PartitionName, type Polarity, type RunPeriod } from './recipe';
import { COMPARISON_CALLS, type ComparisonCall, type Interval } from './statistics';

/** One period of the series: the run whose figures stand for it (the latest run of that period's label). */
export interface SeriesPeriod extends RunPeriod {
  readonly runId: string;
  readonly finishedAt: string;
}

/** A figure of one area in one period. Values are in the indicator's unit (a partition's categories: per 100 of the area's total). */
export interface TrendPoint {
  readonly period: string;
  /** False when the period has no such figure (the indicator was not in that run's recipe, or the area had no figures). */
  readonly available: boolean;
  /** Withheld by that period's disclosure control: count, value and intervals are null. */
  readonly suppressed: boolean;
  readonly count: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  /** The value as a reader sees it, the suppression symbol, or "" when not available. */
  readonly display: string;
  /** Of the village of 100: whole villagers (largest remainder for partitions, the rounded rate for indicators); null when withheld. */
  readonly villagers: number | null;
  readonly ci95: Interval | null;
  readonly ci998: Interval | null;
  /** A locality against the city in the same period (its interval against the city's value); null for the city. */
  readonly comparison: { readonly at95: ComparisonCall; readonly at998: ComparisonCall } | null;
}

/** The change from an earlier period to a later one; the difference in the indicator's unit (percentage points for a share). */
export interface TrendChange {
  readonly from: string;
  readonly to: string;
  /** Later minus earlier; null when either point is withheld or missing. */
  readonly difference: number | null;
  /** The 95% interval of the difference (MOVER); null with the difference. */
  readonly ci95: Interval | null;
  /** Whether that interval excludes zero; null when not compared. */
  readonly significant: boolean | null;
  /** better / worse (or higher / lower without a polarity) when significant, similar when not, not-compared when withheld. */
  readonly call: ComparisonCall;
  /**
   * The same at 99.8%: the difference's 99.8% interval, whether it excludes zero, and the call. Absent only from
   * version 2 files written before they were added.
   */
  readonly ci998?: Interval | null;
  readonly significant998?: boolean | null;
  readonly call998?: ComparisonCall;
}

export interface SeriesTrend {
  /** One point per period of `periods`, oldest first. */
  readonly points: readonly TrendPoint[];
  /** From the period before the latest to the latest; null with fewer than two periods. */
  readonly changeSincePrevious: TrendChange | null;
  /** From the first period to the latest; null with fewer than two periods. */
  readonly changeSinceFirst: TrendChange | null;
}

export interface IndicatorTrend extends SeriesTrend {
  readonly id: string;
  readonly polarity: Polarity;
}

export interface PartitionTrend {
  readonly partition: PartitionName;
  readonly categories: readonly (SeriesTrend & { readonly label: string })[];
}

export interface AreaTrend {
  readonly level: 'city' | 'locality';
  readonly code: string;
  readonly name: string;
  readonly indicators: readonly IndicatorTrend[];
  readonly partitions: readonly PartitionTrend[];
}

/** The recipe's outcome framework as published with the figures. */
export interface FrameworkOutcome {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly indicators: readonly { readonly indicator: string; readonly polarity: Polarity; readonly target: number | null }[];
}

/** What village.json carries about the series: the method statement is printed on every outcomes page. */
export interface OutcomesView {
  readonly framework: readonly FrameworkOutcome[];
  /** Every area's trends: the city first, then the localities. */
  readonly trends: readonly AreaTrend[];
  /** The methods in words (intervals, levels, comparisons, changes), for pages and sheets. */
  readonly methods: readonly string[];
}

const intervalSchema = z.tuple([z.number(), z.number()]);
const callSchema = z.enum(COMPARISON_CALLS);

export const seriesPeriodSchema = z.strictObject({
  label: z.string(),
  start: z.string(),
  end: z.string(),
  referenceDate: z.string(),
  runId: z.string(),
  finishedAt: z.string(),
});

const trendPointSchema = z.strictObject({
  period: z.string(),
  available: z.boolean(),
  suppressed: z.boolean(),
  count: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  display: z.string(),
  villagers: z.number().int().nullable(),
  ci95: intervalSchema.nullable(),
  ci998: intervalSchema.nullable(),
  comparison: z.strictObject({ at95: callSchema, at998: callSchema }).nullable(),
});

const trendChangeSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  difference: z.number().nullable(),
  ci95: intervalSchema.nullable(),
  significant: z.boolean().nullable(),
  call: callSchema,
  // Added within version 2, so optional: a run stored before them still reads.
  ci998: intervalSchema.nullable().optional(),
  significant998: z.boolean().nullable().optional(),
  call998: callSchema.optional(),
});

const seriesTrendShape = {
  points: z.array(trendPointSchema),
  changeSincePrevious: trendChangeSchema.nullable(),
  changeSinceFirst: trendChangeSchema.nullable(),
};

export const outcomesViewSchema = z.strictObject({
  framework: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      description: z.string().nullable(),
      indicators: z.array(z.strictObject({ indicator: z.string(), polarity: z.enum(POLARITIES), target: z.number().nullable() })),
    }),
  ),
  trends: z.array(
    z.strictObject({
      level: z.enum(['city', 'locality']),
      code: z.string(),
      name: z.string(),
      indicators: z.array(z.strictObject({ id: z.string(), polarity: z.enum(POLARITIES), ...seriesTrendShape })),
      partitions: z.array(z.strictObject({ partition: z.enum(PARTITIONS), categories: z.array(z.strictObject({ label: z.string(), ...seriesTrendShape })) })),
    }),
  ),
  methods: z.array(z.string()),
});

export const runPeriodSchema = periodSchema;

/** The polarity the framework gives an indicator ('none' when no outcome lists it). */
export function polarityOf(framework: readonly FrameworkOutcome[], indicatorId: string): Polarity {
  for (const outcome of framework) {
    const entry = outcome.indicators.find((candidate) => candidate.indicator === indicatorId);
    if (entry !== undefined) return entry.polarity;
  }
  return 'none';
}

/** The latest point of a trend (the run's own period), or null for an empty series. */
export function latestPoint(trend: SeriesTrend): TrendPoint | null {
  return trend.points.at(-1) ?? null;
}
