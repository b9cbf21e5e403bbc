import type { DuckDBConnection } from '@duckdb/node-api';
import { latestSuppressionRule } from '../recipes';

/** Explore's threshold when no recipe has run, and its floor when one has. */
export const EXPLORE_DEFAULT_THRESHOLD = 5;

/**
 * The rule for Explore's grouped views, in the window and in files: the latest recipe run's symbol, and its
 * threshold but never below the default, so a count the recipe's outputs hide does not reappear ad hoc.
 */
export async function exploreDisclosureRule(connection: DuckDBConnection): Promise<{ threshold: number; symbol: string }> {
  const rule = await latestSuppressionRule(connection);
  return rule === null ? { threshold: EXPLORE_DEFAULT_THRESHOLD, symbol: 'c' } : { threshold: Math.max(EXPLORE_DEFAULT_THRESHOLD, rule.threshold), symbol: rule.symbol };
}
