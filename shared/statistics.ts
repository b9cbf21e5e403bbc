/**
 * The public-health statistics of the outcomes pages, pure so that the engine (which publishes them) and the
 * window (which explains them) compute the same thing. Methods, levels and how comparisons are called are
 * documented in docs/methods.md:
 * - proportions (per 100, percent): the Wilson score interval (Wilson 1927; Newcombe 1998, method 3);
 * - rates per 1,000: Byar's approximation to the Poisson interval of the count, exact Poisson below 10 events
 *   (as in the PHE/OHID Fingertips technical guidance, APHO Technical Briefing 3);
 * - an area against its benchmark (the city): its interval against the benchmark's value, as Fingertips does;
 * - a change between two periods: the interval of the difference by the MOVER method (Newcombe 1998b method 10
 *   for proportions; Zou and Donner 2008 in general), significant when it excludes zero.
 */
import type { IndicatorUnit, Polarity } from './recipe';

export const CONFIDENCE_LEVELS = [95, 99.8] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

/** Two-sided standard normal quantiles: 1 − (1 − level)/2. */
const Z_SCORES: Readonly<Record<ConfidenceLevel, number>> = { 95: 1.959963984540054, 99.8: 3.090232306167813 };

export function zScore(level: ConfidenceLevel): number {
  return Z_SCORES[level];
}

/** [lower, upper]. */
export type Interval = readonly [number, number];

/** Below this many events a rate's interval is exact Poisson rather than Byar's approximation. */
export const EXACT_POISSON_BELOW = 10;

/** Wilson's score interval of a proportion count/denominator, as proportions (0 to 1); null when there is no denominator. */
export function wilsonInterval(count: number, denominator: number, level: ConfidenceLevel): Interval | null {
  if (!(denominator > 0) || count < 0 || count > denominator) return null;
  const z = zScore(level);
  const p = count / denominator;
  const z2 = z * z;
  const centre = 2 * denominator * p + z2;
  const spread = z * Math.sqrt(z2 + 4 * denominator * p * (1 - p));
  const divisor = 2 * (denominator + z2);
  return [Math.max(0, (centre - spread) / divisor), Math.min(1, (centre + spread) / divisor)];
}

/** Byar's approximation to the exact Poisson interval of an observed count (the count's limits, not a rate's). */
export function byarInterval(count: number, level: ConfidenceLevel): Interval {
  const z = zScore(level);
  const lower = count === 0 ? 0 : count * (1 - 1 / (9 * count) - z / (3 * Math.sqrt(count))) ** 3;
  const next = count + 1;
  const upper = next * (1 - 1 / (9 * next) + z / (3 * Math.sqrt(next))) ** 3;
  return [Math.max(0, lower), upper];
}

/** P(X ≤ k) for X ~ Poisson(mean), summed in log space so large means do not underflow. */
function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  if (mean === 0) return 1;
  let logTerm = -mean;
  let total = Math.exp(logTerm);
  for (let i = 1; i <= k; i += 1) {
    logTerm += Math.log(mean) - Math.log(i);
    total += Math.exp(logTerm);
  }
  return Math.min(1, total);
}

/** The mean at which P(X ≤ k) equals the target probability (P falls as the mean grows), by bisection. */
function poissonMeanFor(k: number, target: number): number {
  let low = 0;
  let high = k + 20 + 20 * Math.sqrt(k + 1);
  for (let step = 0; step < 200 && high - low > 1e-12 * Math.max(1, high); step += 1) {
    const middle = (low + high) / 2;
    if (poissonCdf(k, middle) > target) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** The exact (Garwood 1936) Poisson interval of an observed count. */
export function exactPoissonInterval(count: number, level: ConfidenceLevel): Interval {
  const tail = (1 - level / 100) / 2;
  const lower = count === 0 ? 0 : poissonMeanFor(count - 1, 1 - tail);
  return [lower, poissonMeanFor(count, tail)];
}

/** The interval of an event count for a rate: exact Poisson below EXACT_POISSON_BELOW events, Byar's method from there. */
export function poissonCountInterval(count: number, level: ConfidenceLevel): Interval {
  return count < EXACT_POISSON_BELOW ? exactPoissonInterval(count, level) : byarInterval(count, level);
}

/** Whether an indicator of this unit is a proportion (Wilson) or a rate per 1,000 (Poisson: Byar or exact). */
export function intervalMethod(unit: IndicatorUnit): 'wilson' | 'poisson' {
  return unit === 1000 ? 'poisson' : 'wilson';
}

/** How many units one whole is: a proportion of 1 is 100 per 100, 100 percent, or 1,000 per 1,000. */
export function unitScale(unit: IndicatorUnit): number {
  return unit === 1000 ? 1000 : 100;
}

/**
 * The interval of an indicator's value in its own unit (per 100, per 1,000 or percent), from its published count
 * and denominator; null when there is no denominator or the count cannot be a proportion of it.
 */
export function indicatorInterval(count: number, denominator: number, unit: IndicatorUnit, level: ConfidenceLevel): Interval | null {
  if (!Number.isFinite(count) || !Number.isFinite(denominator) || count < 0 || !(denominator > 0)) return null;
  const scale = unitScale(unit);
  if (intervalMethod(unit) === 'wilson') {
    const interval = wilsonInterval(count, denominator, level);
    return interval === null ? null : [interval[0] * scale, interval[1] * scale];
  }
  const [lower, upper] = poissonCountInterval(count, level);
  return [(lower / denominator) * scale, (upper / denominator) * scale];
}

/**
 * How a comparison or a change is called: better / worse where the indicator has a polarity, higher / lower where
 * it has none, similar when the difference is not significant, not-compared when a figure is withheld or missing.
 */
export const COMPARISON_CALLS = ['better', 'similar', 'worse', 'higher', 'lower', 'not-compared'] as const;
export type ComparisonCall = (typeof COMPARISON_CALLS)[number];

/** A significant difference upwards or downwards, or none, called by the indicator's polarity. */
export function callFor(direction: 'up' | 'down' | 'none', polarity: Polarity): ComparisonCall {
  if (direction === 'none') return 'similar';
  if (polarity === 'none') return direction === 'up' ? 'higher' : 'lower';
  const better = (direction === 'up') === (polarity === 'higher-is-better');
  return better ? 'better' : 'worse';
}

/**
 * An area against its benchmark, as Fingertips does: higher when the area's whole interval lies above the
 * benchmark's value, lower when it lies below, similar when the interval holds it.
 */
export function compareWithBenchmark(interval: Interval | null, benchmark: number | null, polarity: Polarity): ComparisonCall {
  if (interval === null || benchmark === null || !Number.isFinite(benchmark)) return 'not-compared';
  if (interval[0] > benchmark) return callFor('up', polarity);
  if (interval[1] < benchmark) return callFor('down', polarity);
  return 'similar';
}

/** A value with its interval, in the same unit. */
export interface Estimate {
  readonly value: number;
  readonly interval: Interval;
}

/**
 * The interval of later − earlier by the MOVER method (method of variance estimates recovery): each side's
 * distance to its own limits recovers its variance. With Wilson intervals this is Newcombe's method 10 for the
 * difference of two proportions. It treats the two periods as independent samples, which they are not quite
 * (many children are counted in both), so it errs towards calling a change not significant.
 */
export function differenceInterval(earlier: Estimate, later: Estimate): Interval {
  const difference = later.value - earlier.value;
  const lower = difference - Math.sqrt((later.value - later.interval[0]) ** 2 + (earlier.interval[1] - earlier.value) ** 2);
  const upper = difference + Math.sqrt((later.interval[1] - later.value) ** 2 + (earlier.value - earlier.interval[0]) ** 2);
  return [lower, upper];
}

/** A change between two periods: its difference and interval, whether the interval excludes zero, and the call. */
export interface ChangeAssessment {
  readonly difference: number;
  readonly interval: Interval;
  readonly significant: boolean;
  readonly call: ComparisonCall;
}

export function assessChange(earlier: Estimate, later: Estimate, polarity: Polarity): ChangeAssessment {
  const interval = differenceInterval(earlier, later);
  const direction = interval[0] > 0 ? 'up' : interval[1] < 0 ? 'down' : 'none';
  return { difference: later.value - earlier.value, interval, significant: direction !== 'none', call: callFor(direction, polarity) };
}

/** Whether a value meets the plan's target: at or above it when higher is better, at or below when lower is; null without a polarity or value. */
export function meetsTarget(value: number | null, target: number | undefined | null, polarity: Polarity): boolean | null {
  if (value === null || target === undefined || target === null || polarity === 'none') return null;
  return polarity === 'higher-is-better' ? value >= target : value <= target;
}
