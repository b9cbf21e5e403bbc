import type { ComparisonCall } from '../../../shared/statistics';

/**
 * How a locality compares with the city, and how an indicator moved, as the Outcomes screens show it: always in
 * words, with a colour and a mark as well. The colours are a blue–orange pair for better/worse and two purples
 * for higher/lower (no polarity), safe for the common colour-vision deficiencies; every cell also says its call,
 * so colour is never the only carrier.
 */

/** The engine's call, as village.json publishes it. */
export type Comparison = ComparisonCall;

export interface ComparisonStyle {
  readonly label: string;
  /** A short mark printed beside the label, so a black-and-white print still tells the calls apart. */
  readonly mark: string;
  readonly background: string;
  readonly text: string;
}

const DARK_TEXT = '#1f2933';
const WHITE = '#ffffff';

export const COMPARISON_STYLES: Readonly<Record<Comparison, ComparisonStyle>> = {
  better: { label: 'Better', mark: '●', background: '#2166ac', text: WHITE },
  similar: { label: 'Similar', mark: '○', background: '#f0efe6', text: DARK_TEXT },
  worse: { label: 'Worse', mark: '■', background: '#b35806', text: WHITE },
  higher: { label: 'Higher', mark: '▲', background: '#542788', text: WHITE },
  lower: { label: 'Lower', mark: '▼', background: '#d8daeb', text: DARK_TEXT },
  'not-compared': { label: 'Not compared', mark: '–', background: WHITE, text: '#4a5563' },
};

export const COMPARISON_ORDER: readonly Comparison[] = ['better', 'similar', 'worse', 'higher', 'lower', 'not-compared'];

/** "Better than the city (95%)": what a cell or a spine marker says about a locality. */
export function comparisonSentence(comparison: Comparison, benchmark: string, level: string): string {
  switch (comparison) {
    case 'better':
      return `Significantly better than ${benchmark} (${level})`;
    case 'worse':
      return `Significantly worse than ${benchmark} (${level})`;
    case 'higher':
      return `Significantly higher than ${benchmark} (${level})`;
    case 'lower':
      return `Significantly lower than ${benchmark} (${level})`;
    case 'similar':
      return `Similar to ${benchmark} (${level})`;
    case 'not-compared':
      return `Not compared with ${benchmark}`;
  }
}

export type Direction = 'up' | 'down' | 'same' | 'unknown';

export interface ChangeView {
  readonly direction: Direction;
  /** The calculated change, in the indicator's unit (percentage points or per 100); null when either end is withheld. */
  readonly difference: number | null;
  readonly significant: boolean;
  /** Better/worse/higher/lower when significant; 'similar' when not; 'not-compared' when it cannot be said. */
  readonly call: Comparison;
  /** False when there is no earlier period to compare with (a series of one). */
  readonly earlier: boolean;
}

export const DIRECTION_ARROWS: Readonly<Record<Direction, string>> = { up: '↑', down: '↓', same: '→', unknown: '' };

function signed(value: number): string {
  const fixed = Math.abs(value).toFixed(1);
  if (fixed === '0.0') return '0.0';
  return value > 0 ? `+${fixed}` : `−${fixed}`;
}

/** "↑ +1.2, significant (worse)": a change as text, read the same by eye and by a screen reader. */
export function changeText(change: ChangeView): string {
  if (!change.earlier) return 'No earlier period';
  if (change.difference === null || change.direction === 'unknown') return 'Not known (a figure is withheld or missing)';
  const arrow = DIRECTION_ARROWS[change.direction];
  const significance = change.significant ? `significant (${COMPARISON_STYLES[change.call].label.toLowerCase()})` : 'not significant';
  return `${arrow} ${signed(change.difference)}, ${significance}`;
}

/** The words a screen reader hears for a trend arrow: "Rising, significantly worse". */
export function directionWords(change: ChangeView): string {
  const word = { up: 'Rising', down: 'Falling', same: 'No change', unknown: 'Not known' }[change.direction];
  if (!change.earlier) return 'No earlier period';
  if (change.direction === 'unknown') return word;
  return change.significant ? `${word}, significantly ${COMPARISON_STYLES[change.call].label.toLowerCase()}` : `${word}, not significantly`;
}
