/**
 * Clusters the Fellegi–Sunter model's pairs on top of the exact keys' clusters: most probable pair first,
 * a pair at or above the threshold joins its two clusters unless a hard guard forbids it. Clerical decisions
 * win over the model: "match" joins a pair whatever its probability, "not a match" keeps its two records in
 * different people (no chain of other links may join them either); "unsure" leaves the model to decide.
 *
 * Hard guards: two clusters holding different NHS numbers, or different UPNs, never merge (the exact keys
 * already joined every record sharing one, so a difference is two people).
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

export interface ProbabilisticPassOutcome {
  readonly result: LinkResult;
  readonly merges: number;
  /** Pairs at or above the threshold that a guard or a "not a match" decision kept apart. */
  readonly keptApart: number;
}

type Values = Set<KeyValue> | undefined;

function clash(a: Values, b: Values): boolean {
  if (a === undefined || b === undefined) return false;
  for (const value of a) if (!b.has(value)) return true;
  for (const value of b) if (!a.has(value)) return true;
  return false;
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
  for (let index = 0; index < count; index += 1) {
    addValue(nhsOf, find(index), input.nhs[index]);
    addValue(upnOf, find(index), input.upn[index]);
  }
  const decisions = new Map<string, ReviewDecision>();
  const pairKey = (a: number, b: number): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
  for (const entry of input.decisions ?? []) decisions.set(pairKey(entry.a, entry.b), entry.decision);
  const apart = (input.decisions ?? []).filter((entry) => entry.decision === 'not-a-match');

  const fromEdges: number[] = [];
  const toEdges: number[] = [];
  const edgeKey: number[] = [];
  let keptApart = 0;
  const tryMerge = (a: number, b: number, keyIndex: number): boolean => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA === rootB) return false;
    if (clash(nhsOf.get(rootA), nhsOf.get(rootB)) || clash(upnOf.get(rootA), upnOf.get(rootB))) return false;
    for (const entry of apart) {
      const x = find(entry.a);
      const y = find(entry.b);
      if ((x === rootA && y === rootB) || (x === rootB && y === rootA)) return false;
    }
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
    return true;
  };

  const previousKeys = result.links.keyNames;
  const probabilisticIndex = previousKeys.length;
  const clericalIndex = previousKeys.length + 1;
  for (const entry of input.decisions ?? []) if (entry.decision === 'match') tryMerge(entry.a, entry.b, clericalIndex);
  const ordered = [...input.pairs].sort((x, y) => y.probability - x.probability || x.a - y.a || x.b - y.b);
  for (const pair of ordered) {
    if (pair.probability < input.threshold) break;
    const decision = decisions.get(pairKey(pair.a, pair.b));
    if (decision === 'not-a-match' || decision === 'match') continue;
    if (find(pair.a) === find(pair.b)) continue;
    if (!tryMerge(pair.a, pair.b, probabilisticIndex)) keptApart += 1;
  }
  if (fromEdges.length === 0) return { result, merges: 0, keptApart };

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
        people: new Set(personIndex).size,
        mergesByKey: { ...result.stats.mergesByKey, [PROBABILISTIC_KEY]: probabilisticMerges, ...(clericalMerges > 0 ? { [CLERICAL_KEY]: clericalMerges } : {}) },
      },
    },
    merges: fromEdges.length,
    keptApart,
  };
}
