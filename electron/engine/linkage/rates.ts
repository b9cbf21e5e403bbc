/**
 * Link rates: the link-quality report's counts as shares, each with the count it divides by named.
 *
 * - Per source, matched share = people of the source also found in at least one other source ÷ the
 *   source's distinct people; unmatched share = people found only in the source ÷ the same denominator.
 * - Per source pair (A, B), share of A = people with records in both A and B ÷ A's distinct people, and
 *   share of B likewise. The two differ whenever the sources hold different numbers of people, which is the
 *   point: a small register almost wholly found in a large one is not the same as the reverse.
 *
 * People, not records, are counted on both sides of every share, so a child recorded three times in one
 * source weighs the same as a child recorded once.
 */
import type { LinkQualityReport } from './quality';

export interface LinkShare {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator ÷ denominator, between 0 and 1; null when the denominator is 0. */
  readonly share: number | null;
}

export interface SourceLinkRates {
  readonly source: string;
  /** Of the source's people: those also found in another source. */
  readonly matched: LinkShare;
  /** Of the source's people: those found only in this source. */
  readonly unmatched: LinkShare;
}

export interface PairLinkRates {
  readonly sourceA: string;
  readonly sourceB: string;
  /** Of A's people: those also found in B. */
  readonly shareOfA: LinkShare;
  /** Of B's people: those also found in A. */
  readonly shareOfB: LinkShare;
}

export interface LinkRates {
  readonly sources: readonly SourceLinkRates[];
  readonly pairs: readonly PairLinkRates[];
}

export function linkShare(numerator: number, denominator: number): LinkShare {
  if (numerator < 0 || denominator < 0 || numerator > denominator) throw new Error(`A share needs 0 ≤ ${numerator} ≤ ${denominator}`);
  return { numerator, denominator, share: denominator === 0 ? null : numerator / denominator };
}

/** The report's per-source and per-pair counts as shares of each source's people. */
export function linkRates(report: LinkQualityReport): LinkRates {
  const peopleOf = new Map(report.sources.map((source) => [source.source, source.people]));
  const people = (source: string): number => {
    const count = peopleOf.get(source);
    if (count === undefined) throw new Error(`The link-quality report has a pair with ${source} but no row for it`);
    return count;
  };
  return {
    sources: report.sources.map((source) => ({
      source: source.source,
      matched: linkShare(source.peopleMatchedElsewhere, source.people),
      unmatched: linkShare(source.peopleUnmatched, source.people),
    })),
    pairs: report.sourcePairs.map((pair) => ({
      sourceA: pair.sourceA,
      sourceB: pair.sourceB,
      shareOfA: linkShare(pair.peopleInBoth, people(pair.sourceA)),
      shareOfB: linkShare(pair.peopleInBoth, people(pair.sourceB)),
    })),
  };
}
