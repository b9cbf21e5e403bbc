/**
 * Rates for indicators ("42 of 100 grew up in poverty", "re-referrals per 1,000"), with suppression carried
 * through: a rate is never published when its count or denominator is not publishable, since the rate and
 * a published denominator would give the count back.
 */
import { isBelowThreshold } from '../privacy';

export type RateUnit = 100 | 1000 | 'percent';

export type RateWithheldReason =
  | 'count-suppressed'
  | 'small-count'
  | 'denominator-suppressed'
  | 'small-denominator'
  | 'no-denominator';

export interface Rate {
  /** The rate, or null when withheld. */
  readonly value: number | null;
  /** True when the rate is hidden for disclosure control (as opposed to being undefined). */
  readonly suppressed: boolean;
  readonly reason: RateWithheldReason | null;
  /** The denominator is below the small-area minimum: the rate is publishable but unstable. */
  readonly smallArea: boolean;
  /** What to write in an export: the rounded rate, the suppression symbol, or "" when undefined. */
  readonly display: string;
}

export interface RateOptions {
  /** Counts (and denominators) from 1 to threshold − 1 are suppressed. Default 5. */
  readonly threshold?: number;
  readonly symbol?: string;
  /** Denominators below this are flagged as small areas. Default 100. */
  readonly smallAreaMinimum?: number;
  /** Decimal places in `display` (the value itself is not rounded). Default 1. */
  readonly decimals?: number;
}

const UNIT_SCALE: Readonly<Record<string, number>> = { '100': 100, '1000': 1000, percent: 100 };

/**
 * count / denominator × unit. Pass null for a count or denominator that disclosure control has already
 * hidden. Zero counts are published (0 per 100); a zero denominator gives no rate.
 */
export function per(count: number | null, denominator: number | null, unit: RateUnit, options: RateOptions = {}): Rate {
  const threshold = options.threshold ?? 5;
  const symbol = options.symbol ?? 'c';
  const smallArea = denominator !== null && denominator < (options.smallAreaMinimum ?? 100);
  const withheld = (reason: RateWithheldReason): Rate => {
    const suppressed = reason !== 'no-denominator';
    return { value: null, suppressed, reason, smallArea, display: suppressed ? symbol : '' };
  };
  if (count === null) return withheld('count-suppressed');
  if (denominator === null) return withheld('denominator-suppressed');
  if (count < 0 || denominator < 0) throw new Error('Counts and denominators cannot be negative');
  if (isBelowThreshold(count, threshold)) return withheld('small-count');
  if (isBelowThreshold(denominator, threshold)) return withheld('small-denominator');
  if (denominator === 0) return withheld('no-denominator');
  const value = (count / denominator) * (UNIT_SCALE[String(unit)] as number);
  return { value, suppressed: false, reason: null, smallArea, display: value.toFixed(options.decimals ?? 1) };
}
