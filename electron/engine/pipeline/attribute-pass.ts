/**
 * A second, guarded linkage pass for records that carry no name: the child health register holds NHS
 * number, date of birth, sex and address but no name, so none of the cascade's demographic keys can join it to
 * a school or police record. After the cascade, clusters are grouped tier by tier, finest first (the tiers are
 * built by linkage-stage.ts: date of birth + sex + ethnicity + LSOA, then + ward, then date of birth + ward,
 * then + postcode district; only pseudonymised keys and stored attributes are used, no raw identifier). A group
 * is merged only when it is unambiguous:
 * - no two of its clusters hold records from the same source (so twins, and two children sharing a birthday in
 *   a ward, each seen by the same agency, are never joined); when some do, only the clusters whose sources
 *   appear nowhere else in the group are merged (a child's unlinked duplicate police record does not stop
 *   their health and school records joining), and a group with none is skipped and counted as ambiguous;
 * - at most one sex among them (M/F; unknown is compatible); when sexes differ and every cluster states one,
 *   the boys and the girls are tried as two separate groups;
 * - no two different NHS numbers or UPNs among them;
 * - at most one cluster holding a named record: two named clusters the cascade's name keys did not join
 *   (variants, typos and swaps included) have different names, so they are different people;
 * - no two clusters known at different full addresses: every tier holds the date of birth, so two clusters
 *   whose date of birth + full postcode keys are disjoint live at different addresses (the cascade's nameless
 *   key would have joined them at the same one). The pass is for records an address cannot reach (an unusable
 *   postcode, an agency that sends only an LSOA); without this guard, at city scale, young adults referred to
 *   mental health services were joined by date of birth + ward to different young adults in the police file.
 * Merges are recorded under the tier's name ("linked_by" in person_links).
 */
import { appendLinks, findRoot, type KeyValue, type LinkResult } from '../linkage';

export const EXCHANGEABLE_KEY = 'dob-area-exchangeable';

/** One grouping of the pass: a key per record (null where the record lacks a field of it). */
export interface AttributeTier {
  readonly name: string;
  /** The fields combined, in words, for the link-quality report. */
  readonly fields: string;
  /** Compared for equality: a string, or a whole-number code standing for one. */
  readonly keys: readonly (KeyValue | null)[];
  /** Whether indistinguishable candidates in this tier's groups may be paired (fine groups only). */
  readonly pairExchangeable: boolean;
}

export const EXCHANGEABLE_FIELDS = 'indistinguishable candidates in the finest groups (e.g. twins seen by two agencies without names) paired in order: right for counts, may swap the twins';

export interface AttributePassInput {
  readonly source: readonly string[];
  readonly sex: readonly (string | null)[];
  readonly nhs: readonly (KeyValue | null)[];
  readonly upn: readonly (KeyValue | null)[];
  /** Per record, whether its agency named it (it holds a key built from a forename or surname). */
  readonly named?: readonly boolean[];
  /** Per record, its date of birth + full postcode key (null where the postcode was missing or unusable). */
  readonly addresses?: readonly (KeyValue | null)[];
  /** Applied in order, finest first. */
  readonly tiers: readonly AttributeTier[];
}

export interface AttributePassOutcome {
  readonly result: LinkResult;
  readonly merges: number;
  readonly ambiguousGroups: number;
  readonly exchangeablePairs: number;
}

interface Cluster {
  named: boolean;
  sources: Set<string>;
  sexes: Set<string>;
  nhs: Set<KeyValue>;
  upn: Set<KeyValue>;
  addresses: Set<KeyValue>;
}

function shareAny(left: ReadonlySet<KeyValue>, right: ReadonlySet<KeyValue>): boolean {
  for (const value of left) if (right.has(value)) return true;
  return false;
}

/** Per cluster root (after the cascade), its records: a counting sort of the records by root. */
function recordsByRoot(personIndex: Int32Array): { start: Int32Array; records: Int32Array } {
  const count = personIndex.length;
  const start = new Int32Array(count + 1);
  for (let index = 0; index < count; index += 1) start[(personIndex[index] as number) + 1] = (start[(personIndex[index] as number) + 1] as number) + 1;
  for (let root = 0; root < count; root += 1) start[root + 1] = (start[root + 1] as number) + (start[root] as number);
  const filled = start.slice(0, count);
  const records = new Int32Array(count);
  for (let index = 0; index < count; index += 1) {
    const root = personIndex[index] as number;
    records[filled[root] as number] = index;
    filled[root] = (filled[root] as number) + 1;
  }
  return { start, records };
}

export function attributePass(input: AttributePassInput, result: LinkResult): AttributePassOutcome {
  const count = input.source.length;
  const parent = new Int32Array(count);
  for (let index = 0; index < count; index += 1) parent[index] = result.personIndex[index] as number;
  const find = (node: number): number => findRoot(parent, node);
  // A cluster's summary is made the first time a group needs it (most clusters are never in a group of two).
  const byRoot = recordsByRoot(result.personIndex);
  const clusters = new Map<number, Cluster>();
  const clusterOf = (root: number): Cluster => {
    const known = clusters.get(root);
    if (known !== undefined) return known;
    const cluster: Cluster = { named: false, sources: new Set(), sexes: new Set(), nhs: new Set(), upn: new Set(), addresses: new Set() };
    for (let position = byRoot.start[root] as number; position < (byRoot.start[root + 1] as number); position += 1) {
      const index = byRoot.records[position] as number;
      if (input.named?.[index] === true) cluster.named = true;
      cluster.sources.add(input.source[index] as string);
      const sex = input.sex[index];
      if (sex) cluster.sexes.add(sex);
      const nhs = input.nhs[index];
      if (nhs) cluster.nhs.add(nhs);
      const upn = input.upn[index];
      if (upn) cluster.upn.add(upn);
      const address = input.addresses?.[index];
      if (address) cluster.addresses.add(address);
    }
    clusters.set(root, cluster);
    return cluster;
  };

  const fromEdges: number[] = [];
  const toEdges: number[] = [];
  const edgeTier: number[] = [];
  let tier = 0;
  let exchangeablePairs = 0;
  const tierNames = [...input.tiers.map((entry) => entry.name), EXCHANGEABLE_KEY];
  let exchangeableAllowed = false;
  let ambiguousGroups = 0;
  const compatible = (members: readonly number[]): boolean => {
    const sources = new Set<string>();
    const sexes = new Set<string>();
    const nhs = new Set<KeyValue>();
    const upn = new Set<KeyValue>();
    let named = 0;
    const addressed: Cluster[] = [];
    for (const member of members) {
      const cluster = clusterOf(member);
      if (cluster.named && ++named > 1) return false;
      if (cluster.addresses.size > 0) {
        if (addressed.some((other) => !shareAny(other.addresses, cluster.addresses))) return false;
        addressed.push(cluster);
      }
      for (const source of cluster.sources) {
        if (sources.has(source)) return false;
        sources.add(source);
      }
      cluster.sexes.forEach((value) => sexes.add(value));
      cluster.nhs.forEach((value) => nhs.add(value));
      cluster.upn.forEach((value) => upn.add(value));
    }
    return sexes.size <= 1 && nhs.size <= 1 && upn.size <= 1;
  };
  const mergeAll = (members: readonly number[]): void => {
    const [first, ...rest] = members;
    for (const member of rest) {
      const a = find(first as number);
      const b = find(member);
      if (a === b) continue;
      const [keep, drop] = a < b ? [a, b] : [b, a];
      parent[drop] = keep;
      const kept = clusterOf(keep);
      const dropped = clusterOf(drop);
      kept.named ||= dropped.named;
      dropped.sources.forEach((value) => kept.sources.add(value));
      dropped.sexes.forEach((value) => kept.sexes.add(value));
      dropped.nhs.forEach((value) => kept.nhs.add(value));
      dropped.upn.forEach((value) => kept.upn.add(value));
      dropped.addresses.forEach((value) => kept.addresses.add(value));
      fromEdges.push(keep);
      toEdges.push(drop);
      edgeTier.push(tier);
    }
  };
  /** Only clusters none of whose sources appears in another cluster of the group. */
  const uniqueSourceClusters = (members: readonly number[]): number[] => {
    const seen = new Map<string, number>();
    for (const member of members) for (const source of (clusterOf(member)).sources) seen.set(source, (seen.get(source) ?? 0) + 1);
    return members.filter((member) => [...(clusterOf(member)).sources].every((source) => seen.get(source) === 1));
  };
  /**
   * k clusters on one side and k on the other (clusters sharing a source are on the same side; the sides share
   * none), one sex, compatible pair by pair: nothing stored tells them apart (twins seen by two agencies
   * without names), so they are paired in order.
   */
  const pairExchangeable = (members: readonly number[]): boolean => {
    // Sides: clusters that share a source are on the same side; exactly two sides of equal size may pair.
    const side = new Map<number, number>();
    const sideOfSource = new Map<string, number>();
    let sides = 0;
    for (const member of members) {
      const sources = [...(clusterOf(member)).sources];
      const known = [...new Set(sources.map((source) => sideOfSource.get(source)).filter((value): value is number => value !== undefined))];
      if (known.length > 1) return false;
      const assigned = known[0] ?? sides++;
      side.set(member, assigned);
      for (const source of sources) sideOfSource.set(source, assigned);
    }
    if (sides !== 2) return false;
    const left = members.filter((member) => side.get(member) === 0);
    const right = members.filter((member) => side.get(member) === 1);
    if (left.length !== right.length || left.length < 2) return false;
    const sexes = new Set(members.flatMap((member) => [...(clusterOf(member)).sexes]));
    if (sexes.size > 1) return false;
    if (!left.every((member, index) => compatible([member, right[index] as number]))) return false;
    const previousTier = tier;
    tier = tierNames.indexOf(EXCHANGEABLE_KEY);
    left.forEach((member, index) => mergeAll([member, right[index] as number]));
    tier = previousTier;
    exchangeablePairs += left.length;
    return true;
  };
  const tryGroup = (members: readonly number[]): void => {
    if (compatible(members)) {
      mergeAll(members);
      return;
    }
    const bySex = new Map<string, number[]>();
    let sexUnknown = false;
    for (const member of members) {
      const sexes = (clusterOf(member)).sexes;
      if (sexes.size !== 1) sexUnknown = true;
      const sex = [...sexes][0] ?? '';
      bySex.set(sex, [...(bySex.get(sex) ?? []), member]);
    }
    if (!sexUnknown && bySex.size >= 2) {
      for (const part of bySex.values()) if (part.length >= 2) tryGroup(part);
      return;
    }
    const safe = uniqueSourceClusters(members);
    if (safe.length >= 2 && safe.length < members.length && compatible(safe)) mergeAll(safe);
    else if (!exchangeableAllowed || !pairExchangeable(members)) ambiguousGroups += 1;
  };
  // Records sharing a tier key are chained in input order (headOf: key → first record; nextRecord: −1 ends a chain).
  const nextRecord = new Int32Array(count);
  const tailOf = new Int32Array(count);
  input.tiers.forEach((entry, tierIndex) => {
    tier = tierIndex;
    exchangeableAllowed = entry.pairExchangeable;
    const headOf = new Map<KeyValue, number>();
    const shared: KeyValue[] = [];
    for (let index = 0; index < count; index += 1) {
      const key = entry.keys[index];
      if (key === null || key === undefined || key === '') continue;
      nextRecord[index] = -1;
      const head = headOf.get(key);
      if (head === undefined) {
        headOf.set(key, index);
        tailOf[index] = index;
        continue;
      }
      if (nextRecord[head] === -1) shared.push(key);
      nextRecord[tailOf[head] as number] = index;
      tailOf[head] = index;
    }
    shared.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const key of shared) {
      const roots = new Set<number>();
      for (let member = headOf.get(key) as number; member !== -1; member = nextRecord[member] as number) roots.add(find(member));
      if (roots.size >= 2) tryGroup([...roots].sort((a, b) => a - b));
    }
  });
  if (fromEdges.length === 0) return { result, merges: 0, ambiguousGroups, exchangeablePairs };
  const personIndex = new Int32Array(count);
  for (let index = 0; index < count; index += 1) personIndex[index] = find(index);
  const previousKeys = result.links.keyNames;
  const attributeKeyIndex = previousKeys.length;
  const oldSize = new Int32Array(count);
  const newSize = new Int32Array(count);
  for (let index = 0; index < count; index += 1) {
    oldSize[result.personIndex[index] as number] = (oldSize[result.personIndex[index] as number] as number) + 1;
    newSize[personIndex[index] as number] = (newSize[personIndex[index] as number] as number) + 1;
  }
  const tierOfRecord = new Map<number, string>();
  fromEdges.forEach((_, edge) => {
    const name = tierNames[edgeTier[edge] as number] as string;
    if (!tierOfRecord.has(toEdges[edge] as number)) tierOfRecord.set(toEdges[edge] as number, name);
    if (!tierOfRecord.has(fromEdges[edge] as number)) tierOfRecord.set(fromEdges[edge] as number, name);
  });
  const linkedBy = result.linkedBy.map((key, index) => {
    if (key !== null) return key;
    const wasAlone = oldSize[result.personIndex[index] as number] === 1;
    return wasAlone && (newSize[personIndex[index] as number] as number) > 1 ? (tierOfRecord.get(index) ?? EXCHANGEABLE_KEY) : null;
  });
  let people = 0;
  for (let root = 0; root < count; root += 1) if ((newSize[root] as number) > 0) people += 1;
  return {
    result: {
      personIndex,
      personIds: Array.from(personIndex, (index) => `P${index}`),
      linkedBy,
      links: appendLinks(result.links, fromEdges, toEdges, (merge) => attributeKeyIndex + (edgeTier[merge] as number), [...previousKeys, ...tierNames]),
      conflicts: result.conflicts,
      stats: {
        ...result.stats,
        people,
        mergesByKey: { ...result.stats.mergesByKey, ...Object.fromEntries(tierNames.map((name, index) => [name, edgeTier.filter((value) => value === index).length])) },
      },
    },
    merges: fromEdges.length,
    ambiguousGroups,
    exchangeablePairs,
  };
}
