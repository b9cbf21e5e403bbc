import type { Polarity } from '../../../shared/recipe';

/**
 * The geometry of a spine chart, as public-health profiles draw one per indicator: the city at the centre, the
 * ten localities' range as a pale bar with their middle half darker, each locality a tick, and the chosen
 * locality a marker. The scale is symmetric about the city and wide enough for the locality furthest from it;
 * where an indicator has a polarity the worst end is on the left, otherwise the lowest.
 */


export interface SpineInput {
  /** The city's rate, or null when it is withheld (the spine then centres on the localities' median). */
  readonly benchmark: number | null;
  readonly localities: readonly { readonly area: string; readonly value: number | null }[];
  readonly chosen: string;
  readonly polarity: Polarity;
}

export interface SpineGeometry {
  /** Positions from 0 (left) to 1 (right). */
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly middleStart: number;
  readonly middleEnd: number;
  readonly centre: number;
  readonly ticks: readonly { readonly area: string; readonly position: number }[];
  /** Null when the chosen locality's figure is withheld. */
  readonly chosen: number | null;
  readonly leftLabel: string;
  readonly rightLabel: string;
  /** The published localities, lowest and highest value, for the text alternative. */
  readonly lowest: number | null;
  readonly highest: number | null;
}

/** A quantile by linear interpolation between order statistics (the spreadsheet QUARTILE.INC rule). */
export function quantile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const lower = sorted[below] ?? Number.NaN;
  const upper = sorted[above] ?? lower;
  return lower + (upper - lower) * (position - below);
}

export function spineGeometry(input: SpineInput): SpineGeometry | null {
  const published = input.localities.flatMap((locality) => (locality.value === null ? [] : [{ area: locality.area, value: locality.value }]));
  if (published.length === 0) return null;
  const sorted = published.map((locality) => locality.value).sort((a, b) => a - b);
  const centreValue = input.benchmark ?? quantile(sorted, 0.5);
  const halfWidth = Math.max(...sorted.map((value) => Math.abs(value - centreValue)));
  // Worst on the left: for a lower-is-better indicator the highest values are the worst.
  const flip = input.polarity === 'lower-is-better' ? -1 : 1;
  const position = (value: number): number => (halfWidth === 0 ? 0.5 : 0.5 + (flip * (value - centreValue)) / (2 * halfWidth));
  const ends = [position(sorted[0] ?? centreValue), position(sorted[sorted.length - 1] ?? centreValue)].sort((a, b) => a - b) as [number, number];
  const middle = [position(quantile(sorted, 0.25)), position(quantile(sorted, 0.75))].sort((a, b) => a - b) as [number, number];
  const chosen = published.find((locality) => locality.area === input.chosen);
  const labels = input.polarity === 'none' ? (['Lowest', 'Highest'] as const) : (['Worst', 'Best'] as const);
  return {
    rangeStart: ends[0],
    rangeEnd: ends[1],
    middleStart: middle[0],
    middleEnd: middle[1],
    centre: position(centreValue),
    ticks: published.map((locality) => ({ area: locality.area, position: position(locality.value) })),
    chosen: chosen === undefined ? null : position(chosen.value),
    leftLabel: labels[0],
    rightLabel: labels[1],
    lowest: sorted[0] ?? null,
    highest: sorted[sorted.length - 1] ?? null,
  };
}
