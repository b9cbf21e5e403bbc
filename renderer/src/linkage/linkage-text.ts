import type { LinkPairRow, PublishedCount, PublishedShare } from '../../../shared/village';
import { countText } from '../charts/figures';

/** Plain words for the engine's reasons a record could not be placed in a ward. */
export const UNRESOLVED_REASONS: Record<string, string> = {
  'unknown-lsoa': 'LSOA code not in the lookup',
  'unknown-ward-name': 'Ward name not recognised',
  'no-postcode-lookup': 'Postcode not in the lookup',
  'outside-birmingham': 'Outside Birmingham',
  missing: 'No area given',
  'unknown-locality': 'Locality not recognised (survey answer)',
  'population-row-without-ward': 'Population row without a ward',
};

export const CONFLICT_KINDS: Record<string, string> = {
  dob: 'Dates of birth differ',
  sex: 'Sex differs',
  identifier: 'Identifiers differ',
};

export function reasonText(reason: string): string {
  return UNRESOLVED_REASONS[reason] ?? reason;
}

export function conflictText(kind: string): string {
  return CONFLICT_KINDS[kind] ?? kind;
}

/** The resolution code as words: "kept-apart" → "kept apart". */
export function resolutionText(resolution: string): string {
  return resolution.replace(/-/g, ' ');
}

/**
 * The engine's pairs laid out as a symmetric matrix over the linked sources: cell [a][b] is the published
 * count of people in both, or null where the engine listed no pair. Nothing is added up here.
 */
export function pairMatrix(sources: readonly string[], pairs: readonly LinkPairRow[]): (PublishedCount | null)[][] {
  const lookup = new Map<string, PublishedCount>();
  for (const pair of pairs) {
    lookup.set(`${pair.sourceA}\u0000${pair.sourceB}`, pair.peopleInBoth);
    lookup.set(`${pair.sourceB}\u0000${pair.sourceA}`, pair.peopleInBoth);
  }
  return sources.map((row) => sources.map((column) => (row === column ? null : (lookup.get(`${row}\u0000${column}`) ?? null))));
}

/**
 * The engine's link rates as a matrix: cell [row][column] is the share of the row source's people also found
 * in the column source (the pair's shareOfA when the row is A, shareOfB when it is B), null on the diagonal
 * and where the engine listed no pair. Only looked up, never divided here.
 */
export function rateMatrix(sources: readonly string[], pairs: readonly LinkPairRow[]): (PublishedShare | null)[][] {
  const lookup = new Map<string, PublishedShare>();
  for (const pair of pairs) {
    lookup.set(`${pair.sourceA}\u0000${pair.sourceB}`, pair.shareOfA);
    lookup.set(`${pair.sourceB}\u0000${pair.sourceA}`, pair.shareOfB);
  }
  return sources.map((row) => sources.map((column) => (row === column ? null : (lookup.get(`${row}\u0000${column}`) ?? null))));
}

/** A share with the count it divides by, in words: "25.0% of 240 people in school_census". */
export function shareText(share: PublishedShare): string {
  if (share.display === '') return `no ${share.denominatorLabel}`;
  if (share.value === null) return share.display;
  return `${share.display} of ${countText(share.denominator)} ${share.denominatorLabel}`;
}

/** Where a page of the review list lies: "pairs 51–100 of 312". */
export function reviewPageText(offset: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return 'no pairs';
  const count = (value: number): string => value.toLocaleString('en-GB');
  return shown === 1 ? `pair ${count(offset + 1)} of ${count(total)}` : `pairs ${count(offset + 1)}–${count(offset + shown)} of ${count(total)}`;
}
