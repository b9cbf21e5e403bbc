/**
 * The link-quality report and, where the truth is known (synthetic samples), precision and recall.
 *
 * A "cross-agency link" is an unordered pair of records from different sources that belong to the same
 * person. Predicted links are such pairs inside one predicted person; true links are such pairs inside one
 * true person. Precision = correct predicted links / predicted links; recall = correct predicted links / true
 * links. Pairs within one source are left out: they measure de-duplication, not joining agencies' data.
 * Counting is by record pairs, the standard pairwise measure of entity resolution, and is computed from
 * cluster sizes (for a group of n records with n_s from source s: (n² − Σ n_s²) / 2 cross-source pairs),
 * never by enumerating pairs, so it stays linear in the number of records.
 */
import type { LinkResult } from './link';

export interface SourceQuality {
  readonly source: string;
  readonly records: number;
  /** Distinct people among this source's records. */
  readonly people: number;
  /** People in this source also found in at least one other source. */
  readonly peopleMatchedElsewhere: number;
  /** People found only in this source. */
  readonly peopleUnmatched: number;
  readonly recordsMatchedElsewhere: number;
  readonly recordsUnmatched: number;
}

export interface SourcePairQuality {
  readonly sourceA: string;
  readonly sourceB: string;
  /** People with at least one record in each of the two sources. */
  readonly peopleInBoth: number;
}

export interface KeyQuality {
  readonly key: string;
  /** Merges this key made (record joined to an existing cluster). */
  readonly merges: number;
  /** Of those, merges that joined records from different sources. */
  readonly crossSourceMerges: number;
  /** Records whose strongest joining key is this one. */
  readonly recordsLinkedBy: number;
  /** Key values whose records were kept apart by a conflict. */
  readonly keptApart: number;
}

export interface ConflictSummary {
  readonly key: string;
  readonly kind: string;
  readonly resolution: string;
  readonly count: number;
}

export interface LinkQualityReport {
  readonly records: number;
  readonly people: number;
  readonly sources: readonly SourceQuality[];
  readonly sourcePairs: readonly SourcePairQuality[];
  readonly keys: readonly KeyQuality[];
  readonly conflicts: readonly ConflictSummary[];
}

/** Summarises a linkage: matched and unmatched per source and per source pair, links per key, conflicts. */
export function linkQualityReport(records: readonly { readonly source: string }[], result: LinkResult): LinkQualityReport {
  const sourceNames = [...new Set(records.map((record) => record.source))].sort();
  const sourceIndex = new Map(sourceNames.map((name, index) => [name, index]));
  const sourceOf = Int32Array.from(records, (record) => sourceIndex.get(record.source) as number);

  // Per person: the set of sources it appears in.
  const sourcesOfPerson = new Map<number, Set<number>>();
  records.forEach((_, index) => {
    const person = result.personIndex[index] as number;
    let set = sourcesOfPerson.get(person);
    if (set === undefined) {
      set = new Set();
      sourcesOfPerson.set(person, set);
    }
    set.add(sourceOf[index] as number);
  });

  const recordCounts = new Array<number>(sourceNames.length).fill(0);
  const recordsMatched = new Array<number>(sourceNames.length).fill(0);
  records.forEach((_, index) => {
    const source = sourceOf[index] as number;
    recordCounts[source] = (recordCounts[source] as number) + 1;
    if ((sourcesOfPerson.get(result.personIndex[index] as number)?.size ?? 0) > 1) recordsMatched[source] = (recordsMatched[source] as number) + 1;
  });
  const people = new Array<number>(sourceNames.length).fill(0);
  const peopleMatched = new Array<number>(sourceNames.length).fill(0);
  const pairCounts = new Map<number, number>();
  for (const set of sourcesOfPerson.values()) {
    const list = [...set].sort((a, b) => a - b);
    for (const source of list) {
      people[source] = (people[source] as number) + 1;
      if (list.length > 1) peopleMatched[source] = (peopleMatched[source] as number) + 1;
    }
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const pair = (list[i] as number) * sourceNames.length + (list[j] as number);
        pairCounts.set(pair, (pairCounts.get(pair) ?? 0) + 1);
      }
    }
  }

  const sources: SourceQuality[] = sourceNames.map((source, index) => ({
    source,
    records: recordCounts[index] as number,
    people: people[index] as number,
    peopleMatchedElsewhere: peopleMatched[index] as number,
    peopleUnmatched: (people[index] as number) - (peopleMatched[index] as number),
    recordsMatchedElsewhere: recordsMatched[index] as number,
    recordsUnmatched: (recordCounts[index] as number) - (recordsMatched[index] as number),
  }));
  const sourcePairs: SourcePairQuality[] = [];
  for (let a = 0; a < sourceNames.length; a += 1) {
    for (let b = a + 1; b < sourceNames.length; b += 1) {
      sourcePairs.push({ sourceA: sourceNames[a] as string, sourceB: sourceNames[b] as string, peopleInBoth: pairCounts.get(a * sourceNames.length + b) ?? 0 });
    }
  }

  const { from, to, keyIndex, keyNames } = result.links;
  const merges = new Array<number>(keyNames.length).fill(0);
  const crossSource = new Array<number>(keyNames.length).fill(0);
  for (let edge = 0; edge < keyIndex.length; edge += 1) {
    const key = keyIndex[edge] as number;
    merges[key] = (merges[key] as number) + 1;
    if (sourceOf[from[edge] as number] !== sourceOf[to[edge] as number]) crossSource[key] = (crossSource[key] as number) + 1;
  }
  const linkedByCounts = new Map<string, number>();
  for (const key of result.linkedBy) if (key !== null) linkedByCounts.set(key, (linkedByCounts.get(key) ?? 0) + 1);
  const keys: KeyQuality[] = keyNames.map((key, index) => ({
    key,
    merges: merges[index] as number,
    crossSourceMerges: crossSource[index] as number,
    recordsLinkedBy: linkedByCounts.get(key) ?? 0,
    keptApart: result.stats.keptApartByKey[key] ?? 0,
  }));

  const conflictCounts = new Map<string, ConflictSummary>();
  for (const conflict of result.conflicts) {
    const id = `${conflict.key}\u0000${conflict.kind}\u0000${conflict.resolution}`;
    const existing = conflictCounts.get(id);
    conflictCounts.set(id, { key: conflict.key, kind: conflict.kind, resolution: conflict.resolution, count: (existing?.count ?? 0) + 1 });
  }

  return {
    records: records.length,
    people: result.stats.people,
    sources,
    sourcePairs,
    keys,
    conflicts: [...conflictCounts.values()],
  };
}

export interface PrecisionRecall {
  /** Records with a known true person (others are left out of every count). */
  readonly recordsEvaluated: number;
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly correctPairs: number;
  /** Null when there is nothing to divide by. */
  readonly precision: number | null;
  readonly recall: number | null;
}

/** Cross-source record pairs within each group, summed: Σ over groups of (n² − Σ_s n_s²) / 2. */
function crossSourcePairs(groupOf: readonly number[], sourceOf: readonly number[], sourceCount: number): number {
  const groupSizes = new Map<number, number>();
  const groupSourceSizes = new Map<number, number>();
  groupOf.forEach((group, index) => {
    groupSizes.set(group, (groupSizes.get(group) ?? 0) + 1);
    const cell = group * sourceCount + (sourceOf[index] as number);
    groupSourceSizes.set(cell, (groupSourceSizes.get(cell) ?? 0) + 1);
  });
  let sumOfSquares = 0;
  for (const size of groupSizes.values()) sumOfSquares += size * size;
  let withinSourceSquares = 0;
  for (const size of groupSourceSizes.values()) withinSourceSquares += size * size;
  return (sumOfSquares - withinSourceSquares) / 2;
}

/** Pairs of records of the same source in the same group: Σ n(n − 1) / 2 over (group, source) cells. */
function withinSourcePairs(groupOf: readonly number[], sourceOf: readonly number[], sourceCount: number): number {
  const cellSizes = new Map<number, number>();
  groupOf.forEach((group, index) => {
    const cell = group * sourceCount + (sourceOf[index] as number);
    cellSizes.set(cell, (cellSizes.get(cell) ?? 0) + 1);
  });
  let pairs = 0;
  for (const size of cellSizes.values()) pairs += (size * (size - 1)) / 2;
  return pairs;
}

/**
 * Pairwise precision and recall of cross-source links. The three arrays are aligned by record; a record
 * whose true person is null or undefined (not in the truth file) is left out.
 */
export function precisionRecall(
  predictedPerson: ArrayLike<string | number>,
  truePerson: ArrayLike<string | number | null | undefined>,
  source: ArrayLike<string>,
): PrecisionRecall {
  return pairwiseScore(predictedPerson, truePerson, source, crossSourcePairs);
}

/**
 * Pairwise precision and recall of de-duplication: pairs of records from the same source that belong to
 * the same person (a child named on two incidents), counted like precisionRecall.
 */
export function withinSourcePrecisionRecall(
  predictedPerson: ArrayLike<string | number>,
  truePerson: ArrayLike<string | number | null | undefined>,
  source: ArrayLike<string>,
): PrecisionRecall {
  return pairwiseScore(predictedPerson, truePerson, source, withinSourcePairs);
}

function pairwiseScore(
  predictedPerson: ArrayLike<string | number>,
  truePerson: ArrayLike<string | number | null | undefined>,
  source: ArrayLike<string>,
  countPairs: (groupOf: readonly number[], sourceOf: readonly number[], sourceCount: number) => number,
): PrecisionRecall {
  if (predictedPerson.length !== truePerson.length || predictedPerson.length !== source.length) {
    throw new Error('precisionRecall needs one predicted person, one true person and one source per record');
  }
  const intern = new Map<string | number, number>();
  const idOf = (value: string | number, namespace: string): number => {
    const key = `${namespace}${String(value)}`;
    let id = intern.get(key);
    if (id === undefined) {
      id = intern.size;
      intern.set(key, id);
    }
    return id;
  };
  const predicted: number[] = [];
  const truth: number[] = [];
  const sources: number[] = [];
  const sourceIds = new Map<string, number>();
  for (let index = 0; index < predictedPerson.length; index += 1) {
    const trueValue = truePerson[index];
    if (trueValue === null || trueValue === undefined) continue;
    predicted.push(idOf(predictedPerson[index] as string | number, 'p:'));
    truth.push(idOf(trueValue, 't:'));
    const sourceName = source[index] as string;
    if (!sourceIds.has(sourceName)) sourceIds.set(sourceName, sourceIds.size);
    sources.push(sourceIds.get(sourceName) as number);
  }
  const sourceCount = Math.max(sourceIds.size, 1);
  const joint = predicted.map((group, index) => idOf(`${group},${truth[index] as number}`, 'j:'));

  const predictedPairs = countPairs(predicted, sources, sourceCount);
  const truePairs = countPairs(truth, sources, sourceCount);
  const correctPairs = countPairs(joint, sources, sourceCount);
  return {
    recordsEvaluated: predicted.length,
    truePairs,
    predictedPairs,
    correctPairs,
    precision: predictedPairs === 0 ? null : correctPairs / predictedPairs,
    recall: truePairs === 0 ? null : correctPairs / truePairs,
  };
}

export interface LinkageScorecard {
  /** Cross-source links over every source. */
  readonly all: PrecisionRecall;
  /** Cross-source links between each pair of sources that has any true or predicted link. */
  readonly pairs: readonly { readonly sourceA: string; readonly sourceB: string; readonly score: PrecisionRecall }[];
  /** De-duplication: same-source pairs over every source, and per source that has any. */
  readonly withinSources: PrecisionRecall;
  readonly withinSource: readonly { readonly source: string; readonly score: PrecisionRecall }[];
}

/** Every measure of linkage against a truth at once: overall, per pair of sources, and within each source. */
export function linkageScorecard(predictedPerson: readonly (string | number)[], truePerson: readonly (string | number | null | undefined)[], source: readonly string[]): LinkageScorecard {
  const sources = [...new Set(source)].sort();
  const subset = (keep: (name: string) => boolean) => {
    const indexes = source.flatMap((name, index) => (keep(name) ? [index] : []));
    return [indexes.map((index) => predictedPerson[index] as string | number), indexes.map((index) => truePerson[index]), indexes.map((index) => source[index] as string)] as const;
  };
  const pairs: { sourceA: string; sourceB: string; score: PrecisionRecall }[] = [];
  for (const [position, sourceA] of sources.entries()) {
    for (const sourceB of sources.slice(position + 1)) {
      const score = precisionRecall(...subset((name) => name === sourceA || name === sourceB));
      if (score.truePairs > 0 || score.predictedPairs > 0) pairs.push({ sourceA, sourceB, score });
    }
  }
  const withinSource = sources.flatMap((name) => {
    const score = withinSourcePrecisionRecall(...subset((other) => other === name));
    return score.truePairs > 0 || score.predictedPairs > 0 ? [{ source: name, score }] : [];
  });
  return { all: precisionRecall(predictedPerson, truePerson, source), pairs, withinSources: withinSourcePrecisionRecall(predictedPerson, truePerson, source), withinSource };
}
