/**
 * The village of 100 over time: "42 of 100 in poverty in 2024/25 Q3, 40 now", from the villagers of 100 the
 * engine published for each period. A withheld period says so rather than giving a number.
 */

export interface VillagersInPeriod {
  readonly period: string;
  /** Villagers of 100 (the engine's rounding); null when the figure is withheld. */
  readonly per100: number | null;
}

export interface VillageOverTime {
  readonly indicator: string;
  readonly area: string;
  readonly periods: readonly VillagersInPeriod[];
}

function villagers(per100: number | null, size: number): string {
  return per100 === null ? 'withheld' : `${per100} of ${size}`;
}

/**
 * "Poverty in Hodge Hill: 58 of 100 in 2024/25 Q3, 56 of 100 now (2025/26 Q2)." With one period it says only
 * the latest; with three or more, the periods between are listed after the sentence's two ends.
 */
export function villageOverTimeSentence(view: VillageOverTime, size: number): string {
  const first = view.periods[0];
  const last = view.periods[view.periods.length - 1];
  if (first === undefined || last === undefined) return `${view.indicator} in ${view.area}: no period published.`;
  if (view.periods.length === 1) return `${view.indicator} in ${view.area}: ${villagers(last.per100, size)} now (${last.period}).`;
  return `${view.indicator} in ${view.area}: ${villagers(first.per100, size)} in ${first.period}, ${villagers(last.per100, size)} now (${last.period}).`;
}

/** How many villagers more (positive) or fewer than in the first period; null when either end is withheld. */
export function villagersChange(view: VillageOverTime): number | null {
  const first = view.periods[0]?.per100 ?? null;
  const last = view.periods[view.periods.length - 1]?.per100 ?? null;
  return first === null || last === null ? null : last - first;
}
