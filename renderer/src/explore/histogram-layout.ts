/** Geometry of the profile histogram: horizontal bars, so long labels (codes, dates) stay readable. */

export const HISTOGRAM_WIDTH = 280;
export const LABEL_WIDTH = 104;
export const COUNT_WIDTH = 56;
export const BAR_HEIGHT = 18;
export const BAR_GAP = 6;
const LABEL_CHARACTERS = 15;

export interface BarLayout {
  readonly label: string;
  /** The label as drawn: shortened with an ellipsis when it would not fit. */
  readonly shortLabel: string;
  readonly count: number;
  readonly y: number;
  readonly width: number;
}

/** Bars scaled to the largest count; a non-zero count always gets at least a sliver so it is visible. */
export function layoutBars(bars: readonly { label: string; count: number }[]): { bars: BarLayout[]; height: number } {
  const largest = Math.max(0, ...bars.map((bar) => bar.count));
  const room = HISTOGRAM_WIDTH - LABEL_WIDTH - COUNT_WIDTH;
  return {
    bars: bars.map((bar, index) => ({
      label: bar.label,
      shortLabel: bar.label.length > LABEL_CHARACTERS ? `${bar.label.slice(0, LABEL_CHARACTERS - 1)}…` : bar.label,
      count: bar.count,
      y: index * (BAR_HEIGHT + BAR_GAP),
      width: largest === 0 || bar.count === 0 ? 0 : Math.max(2, (bar.count / largest) * room),
    })),
    height: Math.max(BAR_HEIGHT, bars.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP),
  };
}
