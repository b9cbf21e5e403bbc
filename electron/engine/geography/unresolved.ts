/**
 * Counts of records that could not be placed in a ward, per source and reason. Unresolved records are
 * reported beside every output rather than dropped, so the tally keeps a few example row references per
 * group for the user to look at (row references only: never the identifying values themselves).
 */
import type { UnresolvedReason } from './resolve-area';

export interface UnresolvedGroup {
  readonly source: string;
  readonly reason: UnresolvedReason;
  readonly count: number;
  /** Up to `examplesPerGroup` row references, in the order they were added. */
  readonly examples: readonly string[];
}

export class UnresolvedTally {
  private readonly groups = new Map<string, { source: string; reason: UnresolvedReason; count: number; examples: string[] }>();
  private readonly resolvedBySource = new Map<string, number>();

  constructor(private readonly examplesPerGroup = 20) {}

  /** Records one unresolved record; `rowReference` is e.g. the 1-based row number in the source file. */
  addUnresolved(source: string, reason: UnresolvedReason, rowReference?: string): void {
    const groupKey = `${source}\u0000${reason}`;
    let group = this.groups.get(groupKey);
    if (group === undefined) {
      group = { source, reason, count: 0, examples: [] };
      this.groups.set(groupKey, group);
    }
    group.count += 1;
    if (rowReference !== undefined && group.examples.length < this.examplesPerGroup) group.examples.push(rowReference);
  }

  /** Records one resolved record, so the tally can report unresolved shares per source. */
  addResolved(source: string): void {
    this.resolvedBySource.set(source, (this.resolvedBySource.get(source) ?? 0) + 1);
  }

  /** Groups sorted by source, then by descending count, then reason. */
  groupsBySource(): UnresolvedGroup[] {
    return [...this.groups.values()]
      .map((group) => ({ ...group, examples: [...group.examples] }))
      .sort((a, b) => a.source.localeCompare(b.source) || b.count - a.count || a.reason.localeCompare(b.reason));
  }

  /** Per source: records resolved, records unresolved, and the unresolved share (0 when the source is empty). */
  summaryBySource(): { source: string; resolved: number; unresolved: number; unresolvedShare: number }[] {
    const sources = new Set<string>([...this.resolvedBySource.keys(), ...[...this.groups.values()].map((group) => group.source)]);
    return [...sources].sort().map((source) => {
      const resolved = this.resolvedBySource.get(source) ?? 0;
      let unresolved = 0;
      for (const group of this.groups.values()) if (group.source === source) unresolved += group.count;
      const total = resolved + unresolved;
      return { source, resolved, unresolved, unresolvedShare: total === 0 ? 0 : unresolved / total };
    });
  }

  get totalUnresolved(): number {
    let total = 0;
    for (const group of this.groups.values()) total += group.count;
    return total;
  }
}
