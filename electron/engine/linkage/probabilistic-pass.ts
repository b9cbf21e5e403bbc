/**
 * Clusters the Fellegi–Sunter model's pairs on top of the exact keys' clusters: most probable pair first,
 * a pair at or above the threshold joins its two clusters unless a hard guard forbids it. Clerical decisions
 * win over the model: "match" joins a pair whatever its probability, "not a match" keeps its two records in
 * different people (no chain of other links may join them either); "unsure" leaves the model to decide.
 *
 * Hard guards: two clusters holding different NHS numbers, or different UPNs, never merge (the exact keys
 * already joined every record sharing one, so a difference is two people).
 *
 * When decisions cannot all hold, precedence is: the exact keys, then the guards, then "not a match", then
 * "match", then the model. Each decision that could not be honoured is returned as a DecisionConflict naming
 * what overruled it, so the run can say so. Matches are applied in the order given (the stage sorts them by
 * source and row), so the outcome does not depend on when the officer decided.
 */
import { appendLinks, findRoot, type KeyValue, type LinkResult } from './link';

export const PROBABILISTIC_KEY = 'probabilistic';
export const CLERICAL_KEY = 'clerical-review';

export type ReviewDecision = 'match' | 'not-a-match' | 'unsure';

export interface PassPair {
  readonly a: number;
  readonly b: number;
  readonly probability: number;
}

export interface ProbabilisticPassInput {
  readonly pairs: readonly PassPair[];
  readonly threshold: number;
  readonly nhs: readonly (KeyValue | null)[];
  readonly upn: readonly (KeyValue | null)[];
  /** Decided pairs of record indices (either order). */
  readonly decisions?: readonly { readonly a: number; readonly b: number; readonly decision: ReviewDecision }[];
}

export type DecisionConflictKind =
  /** "Not a match" on two records the exact keys (or the second pass) had already joined: they stay one person. */
  | 'not-a-match-already-linked'
  /** "Match" on two records whose people hold different NHS numbers or UPNs: they stay two people. */
  | 'match-refused-identifiers'
  /** "Match" that would join, through the links made, two records decided "not a match": they stay two people. */
  | 'match-refused-not-a-match';

export interface DecisionConflict {
  readonly kind: DecisionConflictKind;
  /** The decided pair that was not honoured (record indices). */
  readonly a: number;
  readonly b: number;
  /** For match-refused-not-a-match: the "not a match" pair it would have joined. */
  readonly blockedBy: { readonly a: number; readonly b: number } | null;
  /** For not-a-match-already-linked: the key that joined the two records (the strongest key of either). */
  readonly linkedBy: string | null;
}

export interface ProbabilisticPassOutcome {
  readonly result: LinkResult;
  readonly merges: number;
  /** Pairs at or above the threshold that a guard or a "not a match" decision kept apart. */
  readonly keptApart: number;
  /** Decisions the run could not honour, in decision order, each with what overruled it. */
  readonly decisionConflicts: readonly DecisionConflict[];
}

type Values = Set<KeyValue> | undefined;

function clash(a: Values, b: Values): boolean {
  if (a === undefined || b === undefined) return false;
  for (const value of a) if (!b.has(value)) return true;
  for (const value of b) if (!a.has(value)) return true;
  return false;
}

/** The number of distinct people, each record's person being the smallest record index in it. */
function countRoots(personIndex: Int32Array): number {
  let people = 0;
  personIndex.forEach((person, index) => {
    if (person === index) people += 1;
  });
  return people;
}

export function probabilisticPass(input: ProbabilisticPassInput, result: LinkResult): ProbabilisticPassOutcome {
  const count = result.personIndex.length;
  const parent = Int32Array.from(result.personIndex);
  const find = (start: number): number => findRoot(parent, start);
  const nhsOf = new Map<number, Values>();
  const upnOf = new Map<number, Values>();
  const addValue = (map: Map<number, Values>, root: number, value: KeyValue | null | undefined): void => {
    if (value === null || value === undefined) return;
    const set = map.get(root) ?? new Set<KeyValue>();
    set.add(value);
    map.set(root, set);
  };
  // Only the clusters a pair or a decision touches can merge here, so only theirs are gathered.
  const touched = new Uint8Array(count);
  for (const pair of input.pairs) {
    touched[find(pair.a)] = 1;
    touched[find(pair.b)] = 1;
  }
  for (const entry of input.decisions ?? []) {
    touched[find(entry.a)] = 1;
    touched[find(entry.b)] = 1;
  }
  for (let index = 0; index < count; index += 1) {
    const root = find(index);
    if (touched[root] === 0) continue;
    addValue(nhsOf, root, input.nhs[index]);
    addValue(upnOf, root, input.upn[index]);
  }
  const decisions = new Map<string, ReviewDecision>();
  const pairKey = (a: number, b: number): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
  for (const entry of input.decisions ?? []) decisions.set(pairKey(entry.a, entry.b), entry.decision);

  const fromEdges: number[] = [];
  const toEdges: number[] = [];
  const edgeKey: number[] = [];
  let keptApart = 0;
  const decisionConflicts: DecisionConflict[] = [];
  // Before any merge of this pass, a "not a match" whose records share a cluster was overruled by the exact keys.
  const apart: { a: number; b: number }[] = [];
  for (const entry of input.decisions ?? []) {
    if (entry.decision !== 'not-a-match') continue;
    if (find(entry.a) === find(entry.b)) {
      decisionConflicts.push({ kind: 'not-a-match-already-linked', a: entry.a, b: entry.b, blockedBy: null, linkedBy: result.linkedBy[entry.a] ?? result.linkedBy[entry.b] ?? null });
    } else {
      apart.push(entry);
    }
  }
  type Refusal = 'identifiers' | { a: number; b: number } | null;
  const refusal = (rootA: number, rootB: number): Refusal => {
    if (clash(nhsOf.get(rootA), nhsOf.get(rootB)) || clash(upnOf.get(rootA), upnOf.get(rootB))) return 'identifiers';
    for (const entry of apart) {
      const x = find(entry.a);
      const y = find(entry.b);
      if ((x === rootA && y === rootB) || (x === rootB && y === rootA)) return entry;
    }
    return null;
  };
  const tryMerge = (a: number, b: number, keyIndex: number): Refusal | 'merged' | 'same' => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA === rootB) return 'same';
    const refused = refusal(rootA, rootB);
    if (refused !== null) return refused;
    const [big, small] = rootA < rootB ? [rootA, rootB] : [rootB, rootA];
    parent[small] = big;
    for (const map of [nhsOf, upnOf]) {
      const merged = new Set([...(map.get(big) ?? []), ...(map.get(small) ?? [])]);
      map.set(big, merged.size === 0 ? undefined : merged);
      map.delete(small);
    }
    fromEdges.push(a);
    toEdges.push(b);
    edgeKey.push(keyIndex);
    return 'merged';
  };

  const previousKeys = result.links.keyNames;
  const probabilisticIndex = previousKeys.length;
  const clericalIndex = previousKeys.length + 1;
  for (const entry of input.decisions ?? []) {
    if (entry.decision !== 'match') continue;
    const outcome = tryMerge(entry.a, entry.b, clericalIndex);
    if (outcome === 'identifiers') decisionConflicts.push({ kind: 'match-refused-identifiers', a: entry.a, b: entry.b, blockedBy: null, linkedBy: null });
    else if (typeof outcome === 'object' && outcome !== null) decisionConflicts.push({ kind: 'match-refused-not-a-match', a: entry.a, b: entry.b, blockedBy: { a: outcome.a, b: outcome.b }, linkedBy: null });
  }
  const ordered = [...input.pairs].sort((x, y) => y.probability - x.probability || x.a - y.a || x.b - y.b);
  for (const pair of ordered) {
    if (pair.probability < input.threshold) break;
    const decision = decisions.get(pairKey(pair.a, pair.b));
    if (decision === 'not-a-match' || decision === 'match') continue;
    if (find(pair.a) === find(pair.b)) continue;
    if (tryMerge(pair.a, pair.b, probabilisticIndex) !== 'merged') keptApart += 1;
  }
  if (fromEdges.length === 0) return { result, merges: 0, keptApart, decisionConflicts };

  const smallest = new Int32Array(count).fill(-1);
  const personIndex = new Int32Array(count);
  for (let index = 0; index < count; index += 1) {
    const root = find(index);
    if (smallest[root] === -1) smallest[root] = index;
    personIndex[index] = smallest[root] as number;
  }
  const joinedBy = new Map<number, string>();
  fromEdges.forEach((from, edge) => {
    const key = edgeKey[edge] === clericalIndex ? CLERICAL_KEY : PROBABILISTIC_KEY;
    if (!joinedBy.has(from)) joinedBy.set(from, key);
    if (!joinedBy.has(toEdges[edge] as number)) joinedBy.set(toEdges[edge] as number, key);
  });
  const linkedBy = result.linkedBy.map((key, index) => key ?? joinedBy.get(index) ?? null);
  const probabilisticMerges = edgeKey.filter((key) => key === probabilisticIndex).length;
  const clericalMerges = edgeKey.length - probabilisticMerges;
  return {
    result: {
      personIndex,
      personIds: Array.from(personIndex, (index) => `P${index}`),
      linkedBy,
      links: appendLinks(result.links, fromEdges, toEdges, (merge) => edgeKey[merge] as number, [...previousKeys, PROBABILISTIC_KEY, CLERICAL_KEY]),
      conflicts: result.conflicts,
      stats: {
        ...result.stats,
        people: countRoots(personIndex),
        mergesByKey: { ...result.stats.mergesByKey, [PROBABILISTIC_KEY]: probabilisticMerges, ...(clericalMerges > 0 ? { [CLERICAL_KEY]: clericalMerges } : {}) },
      },
    },
    merges: fromEdges.length,
    keptApart,
    decisionConflicts,
  };
}
