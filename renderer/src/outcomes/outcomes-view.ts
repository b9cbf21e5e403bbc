import type { ChangeView, Comparison } from './comparison';
import type { Polarity } from '../../../shared/recipe';

/**
 * What the Outcomes screens draw, in the window's own terms: the engine's published series of runs (periods,
 * the outcome framework, every area's figure with its interval and comparison with the city) arranged for
 * lookup. Built from village.json by `outcomesModel` (outcomes-model.ts); every figure in it is the engine's.
 */

export interface PeriodView {
  readonly id: string;
  readonly label: string;
}

export interface AreaRef {
  readonly code: string;
  readonly name: string;
}

export interface IndicatorView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** "per 100", "%", "per 1,000". */
  readonly unit: string;
  readonly polarity: Polarity;
  /** The recipe's target, as text ("below 40 per 100"); null when none is set. */
  readonly target: string | null;
}

export interface OutcomeView {
  readonly id: string;
  readonly name: string;
  readonly indicators: readonly IndicatorView[];
}

export interface FigureView {
  /** The rate; null when withheld or not published. */
  readonly value: number | null;
  /** The engine's display: figure, suppression symbol, or '' when there is none. */
  readonly display: string;
  readonly count: string;
  readonly denominator: string;
  readonly withheld: boolean;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Villagers of 100; null when withheld. */
  readonly per100: number | null;
  /** Against the city, at the view's confidence level; the city itself is 'not-compared'. */
  readonly comparison: Comparison;
}

export interface OutcomesModel {
  readonly title: string;
  readonly periods: readonly PeriodView[];
  readonly city: AreaRef;
  readonly localities: readonly AreaRef[];
  readonly outcomes: readonly OutcomeView[];
  /** The confidence levels the engine published ("95%", "99.8%"), the default first. */
  readonly levels: readonly string[];
  readonly villageSize: number;
  readonly suppressionRule: string;
  readonly symbol: string;
  readonly sources: readonly string[];
  readonly methodNotes: readonly string[];
  /** An area's figure for an indicator in a period (by index in `periods`), at a confidence level; null when not published. */
  figure(areaCode: string, indicatorId: string, periodIndex: number, level: string): FigureView | null;
  /** The change since the previous period, or since the first, for the latest period. */
  change(areaCode: string, indicatorId: string, since: 'previous' | 'first', level: string): ChangeView;
}
