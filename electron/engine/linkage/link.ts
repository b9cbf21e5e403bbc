/**
 * Links records into people by applying the match-key cascade in order and clustering transitively with a
 * union-find (path halving, union by size). Each cluster remembers which identifiers, dates of birth and
 * sexes its records carry, and that memory guards against over-merging:
 *
 * - On an identifier key (NHS number, UPN, local ID), records sharing the value are merged, unless the
 *   merge would join two different values of a *stronger* identifier (a UPN must not join two NHS numbers):
 *   then they are kept apart. Differences in weaker identifiers, date of birth or sex are merged anyway
 *   (the shared identifier outweighs them) and reported as conflicts.
 * - On a demographic key, a merge is refused when the clusters carry different values of any identifier,
 *   different sexes, or (for keys that contain the full date of birth) different dates of birth. Refusals
 *   are reported as conflicts "kept apart".
 * - On a key with neither name nor identifier (date of birth + postcode, which twins share), the records
 *   sharing a value merge only when their clusters could all be one person: no source appears in two of
 *   them (else a "source" conflict, kept apart) and no two of them clash on identifier, sex or date of
 *   birth. Otherwise none of them merge, since nothing says which twin is which.
 * A cluster's value set is compatible with another's when one contains the other, so a cluster that already
 * holds a reported conflict does not block every later link.
 */
import { cascadeRank, type MatchKey, matchKeyDefinition } from './match-keys';

export interface LinkRecord {
  readonly source: string;
  readonly recordId: string;
  readonly keys: readonly MatchKey[];
  /** Compared for equality only: an ISO date, or a pseudonym of one. */
  readonly dateOfBirth?: string | null;
  /** Compared for equality only; pass "M"/"F" and leave unknown or other values empty. */
  readonly sex?: string | null;
}

/** 'source': two clusters sharing a nameless key's value hold records of the same source (e.g. twins). */
export type ConflictKind = 'dob' | 'sex' | 'identifier' | 'source';

export interface LinkConflict {
  readonly key: string;
  /** The pseudonymised key value the records share (or its code, when the linkage was given codes). */
  readonly value: string;
  readonly kind: ConflictKind;
  /** 'merged': linked despite the difference; 'kept-apart': the difference blocked the link. */
  readonly resolution: 'merged' | 'kept-apart';
  /** Indices (into the input array) of the records sharing the key value. */
  readonly records: readonly number[];
}

export interface LinkEdges {
  /** Record indices joined by each successful merge, and the key that made it (an index into keyNames). */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly keyIndex: Uint16Array;
  readonly keyNames: readonly string[];
}

/** The root of `start` in a union-find forest, halving the path on the way so later finds are quick. */
export function findRoot(parent: Int32Array, start: number): number {
  let node = start;
  while (parent[node] !== node) {
    const grandparent = parent[parent[node] as number] as number;
    parent[node] = grandparent;
    node = grandparent;
  }
  return node;
}

/** The links of an earlier pass followed by a later pass's merges (record `from[i]` joined to `to[i]` by key `keyIndex[i]`). */
export function appendLinks(links: LinkEdges, from: readonly number[], to: readonly number[], keyIndexOf: (merge: number) => number, keyNames: readonly string[]): LinkEdges {
  const before = links.from.length;
  const joinedFrom = new Int32Array(before + from.length);
  const joinedTo = new Int32Array(before + from.length);
  const keyIndex = new Uint16Array(before + from.length);
  joinedFrom.set(links.from);
  joinedTo.set(links.to);
  keyIndex.set(links.keyIndex);
  from.forEach((value, merge) => {
    joinedFrom[before + merge] = value;
    joinedTo[before + merge] = to[merge] as number;
    keyIndex[before + merge] = keyIndexOf(merge);
  });
  return { from: joinedFrom, to: joinedTo, keyIndex, keyNames };
}

export interface LinkStats {
  readonly records: number;
  readonly people: number;
  /** Successful merges per key (a spanning forest: one per record that joined an existing cluster). */
  readonly mergesByKey: Readonly<Record<string, number>>;
  readonly keptApartByKey: Readonly<Record<string, number>>;
}

export interface LinkResult {
  /** Per record, the smallest input index in its cluster: deterministic for a given input order. */
  readonly personIndex: Int32Array;
  /** Per record, "P" followed by personIndex: a stable person id for the same input order. */
  readonly personIds: readonly string[];
  /** Per record, the strongest key by which it was joined to another record; null for a record left alone. */
  readonly linkedBy: readonly (string | null)[];
  readonly links: LinkEdges;
  readonly conflicts: readonly LinkConflict[];
  readonly stats: LinkStats;
}

/**
 * A key value: the pseudonym itself, or a whole-number code standing for it (the linkage stage codes each
 * key's pseudonyms in DuckDB, one code per distinct value, so that no pseudonym has to become a JS string).
 */
export type KeyValue = string | number;

/** A cluster's values of one attribute: none, one, or (after a reported conflict) several. */
type ValueSet = KeyValue | Set<KeyValue> | undefined;

function valuesOf(set: ValueSet): Iterable<KeyValue> {
  if (set === undefined) return [];
  return set instanceof Set ? set : [set];
}

function sizeOf(set: ValueSet): number {
  return set === undefined ? 0 : set instanceof Set ? set.size : 1;
}

function contains(set: ValueSet, value: KeyValue): boolean {
  return set === undefined ? false : set instanceof Set ? set.has(value) : set === value;
}

/** Compatible when either side is empty or one side's values include the other's. */
function compatible(a: ValueSet, b: ValueSet): boolean {
  if (a === undefined || b === undefined) return true;
  const [small, large] = sizeOf(a) <= sizeOf(b) ? [a, b] : [b, a];
  for (const value of valuesOf(small)) if (!contains(large, value)) return false;
  return true;
}

function union(a: ValueSet, b: ValueSet): ValueSet {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  const merged = new Set<KeyValue>(valuesOf(a));
  for (const value of valuesOf(b)) merged.add(value);
  return merged.size === 1 ? a : merged;
}

/**
 * The same input by column, which is how rows come out of DuckDB and far lighter than one object per
 * record at city scale: for each key name, one value per record (null or undefined where the record has
 * none), all aligned by record index.
 */
export interface LinkColumns {
  readonly count: number;
  readonly keys: Readonly<Record<string, ArrayLike<KeyValue | null | undefined>>>;
  readonly dateOfBirth?: ArrayLike<string | null | undefined>;
  readonly sex?: ArrayLike<string | null | undefined>;
  /** Each record's source; required when a key merges only across distinct sources (dob-postcode). */
  readonly source?: ArrayLike<string>;
}

/** Links records given one object each. Converts to columns and calls linkColumns. */
export function linkRecords(records: readonly LinkRecord[]): LinkResult {
  const keys: Record<string, (string | null)[]> = {};
  records.forEach((record, index) => {
    for (const { key, value } of record.keys) {
      let column = keys[key];
      if (column === undefined) {
        column = new Array<string | null>(records.length).fill(null);
        keys[key] = column;
      }
      if (column[index] !== null) throw new Error(`Record ${index} has two values for match key "${key}"`);
      column[index] = value;
    }
  });
  return linkColumns({
    count: records.length,
    keys,
    dateOfBirth: records.map((record) => record.dateOfBirth ?? null),
    sex: records.map((record) => record.sex ?? null),
    source: records.map((record) => record.source),
  });
}

function hashTableCapacity(count: number): number {
  let capacity = 16;
  while (capacity < count * 2) capacity *= 2;
  return capacity;
}

/**
 * FNV-1a over the UTF-16 code units: cheap, and plenty for keyed pseudonyms, which are already uniform. A
 * code is mixed by a multiplicative hash.
 */
function valueHash(value: KeyValue): number {
  if (typeof value === 'number') return Math.imul(value, 0x9e3779b1) >>> 0;
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index += 1) hash = Math.imul(hash ^ value.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/**
 * Chains together the records that share a value: returns the first record of every value held by two or
 * more records (ascending, so groups come in order of first appearance) and links each group's records in
 * input order through `nextRecord` (−1 ends a chain). An open-addressing table over record indices does
 * this several times faster than a Map at a million-plus values, and allocates nothing per value.
 */
function chainEqualValues(
  column: ArrayLike<KeyValue | null | undefined>,
  count: number,
  slots: Int32Array,
  nextRecord: Int32Array,
  tailOfHead: Int32Array,
): Int32Array {
  const mask = slots.length - 1;
  slots.fill(-1);
  const heads: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const value = column[index];
    if (value === null || value === undefined || value === '') continue;
    nextRecord[index] = -1;
    let slot = valueHash(value) & mask;
    for (;;) {
      const head = slots[slot] as number;
      if (head === -1) {
        slots[slot] = index;
        tailOfHead[index] = index;
        break;
      }
      if (column[head] === value) {
        if (nextRecord[head] === -1) heads.push(head);
        nextRecord[tailOfHead[head] as number] = index;
        tailOfHead[head] = index;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return Int32Array.from(heads).sort();
}

function present(value: KeyValue | null | undefined): KeyValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Links records into people. See the module comment and linkage/README.md for the rules. */
export function linkColumns(columns: LinkColumns): LinkResult {
  const count = columns.count;
  const parent = new Int32Array(count);
  const size = new Int32Array(count).fill(1);
  for (let index = 0; index < count; index += 1) parent[index] = index;
  const find = (start: number): number => findRoot(parent, start);

  const keyNames = Object.keys(columns.keys).sort((a, b) => cascadeRank(a) - cascadeRank(b) || a.localeCompare(b));
  for (const name of keyNames) {
    if ((columns.keys[name]?.length ?? 0) !== count) throw new Error(`Match key column "${name}" does not have ${count} values`);
  }

  // Each identifier key gets a per-cluster slot holding the values its records carry.
  const identifierValues = new Map<string, ValueSet[]>();
  for (const name of keyNames) {
    if (matchKeyDefinition(name).strength !== 'identifier') continue;
    const column = columns.keys[name] as ArrayLike<KeyValue | null | undefined>;
    const slots = new Array<ValueSet>(count);
    for (let index = 0; index < count; index += 1) slots[index] = present(column[index]);
    identifierValues.set(name, slots);
  }
  // Per cluster, a bit set of the sources its records come from (only when a key needs distinct sources).
  const needsSources = keyNames.some((name) => matchKeyDefinition(name).distinctSources);
  if (needsSources && columns.source === undefined) throw new Error(`Match keys ${keyNames.filter((name) => matchKeyDefinition(name).distinctSources).join(', ')} need each record's source`);
  const sourceIndex = new Map<string, number>();
  if (needsSources) for (let index = 0; index < count; index += 1) if (!sourceIndex.has(columns.source?.[index] as string)) sourceIndex.set(columns.source?.[index] as string, sourceIndex.size);
  const words = needsSources ? Math.max(1, Math.ceil(sourceIndex.size / 32)) : 0;
  const sourceBits = new Uint32Array(count * words);
  for (let index = 0; needsSources && index < count; index += 1) {
    const bit = sourceIndex.get(columns.source?.[index] as string) as number;
    sourceBits[index * words + (bit >>> 5)] = 1 << (bit & 31);
  }
  const dobValues = new Array<ValueSet>(count);
  const sexValues = new Array<ValueSet>(count);
  for (let index = 0; index < count; index += 1) {
    dobValues[index] = present(columns.dateOfBirth?.[index]);
    sexValues[index] = present(columns.sex?.[index]);
  }

  // Per cluster, 1 while none of its records carries an identifier or a name (e.g. a referral whose NHS
  // number is missing): such a cluster can only be one person's duplicate record at a shared birthday and address.
  const anonymous = new Uint8Array(count).fill(1);
  const namedKeys = keyNames.filter((name) => matchKeyDefinition(name).strength === 'identifier' || matchKeyDefinition(name).named);
  for (const name of namedKeys) {
    const column = columns.keys[name] as ArrayLike<KeyValue | null | undefined>;
    for (let index = 0; index < count; index += 1) if (present(column[index]) !== undefined) anonymous[index] = 0;
  }

  const fromEdges: number[] = [];
  const toEdges: number[] = [];
  const keyOfEdge: number[] = [];
  const linkedBy: (string | null)[] = new Array<string | null>(count).fill(null);
  const conflicts: LinkConflict[] = [];
  const mergesByKey: Record<string, number> = {};
  const keptApartByKey: Record<string, number> = {};

  const merge = (rootA: number, rootB: number): void => {
    const [big, small] = (size[rootA] as number) >= (size[rootB] as number) ? [rootA, rootB] : [rootB, rootA];
    parent[small] = big;
    size[big] = (size[big] as number) + (size[small] as number);
    for (const slots of identifierValues.values()) {
      if (slots[small] !== undefined) slots[big] = union(slots[big], slots[small]);
    }
    dobValues[big] = union(dobValues[big], dobValues[small]);
    sexValues[big] = union(sexValues[big], sexValues[small]);
    for (let word = 0; word < words; word += 1) sourceBits[big * words + word] = (sourceBits[big * words + word] as number) | (sourceBits[small * words + word] as number);
    anonymous[big] = anonymous[big] === 1 && anonymous[small] === 1 ? 1 : 0;
  };

  // Reused across keys: records sharing a value are chained in input order through nextRecord.
  const nextRecord = new Int32Array(count);
  const tailOfHead = new Int32Array(count);
  const slots = new Int32Array(hashTableCapacity(count));
  const anchors: number[] = [];
  const mergedKinds = new Set<ConflictKind>();
  const keptApartKinds = new Set<ConflictKind>();
  /**
   * For a key that merges only across distinct sources: whether the clusters holding these records (chained
   * from head) cannot all be one person, because two of them share a source or two of them clash (different
   * identifiers, sexes or dates of birth). Records that state no sex could then belong to either, so nothing
   * merges; the reason is added to keptApartKinds.
   */
  const roots: number[] = [];
  const seenBits = new Uint32Array(words);
  const groupAmbiguous = (head: number, guardedIdentifiers: readonly ValueSet[][]): boolean => {
    roots.length = 0;
    for (let member = head; member !== -1; member = nextRecord[member] as number) {
      const root = find(member);
      if (!roots.includes(root)) roots.push(root);
    }
    // Sources may repeat only between the one cluster that carries an identifier or a name and anonymous
    // clusters (that person's duplicate records); anonymous clusters must not repeat a source among themselves.
    const known = roots.filter((root) => anonymous[root] === 0);
    const sourceRepeats = (group: readonly number[]): boolean => {
      seenBits.fill(0);
      for (const root of group) {
        for (let word = 0; word < words; word += 1) {
          const bits = sourceBits[root * words + word] as number;
          if (((seenBits[word] as number) & bits) !== 0) return true;
          seenBits[word] = (seenBits[word] as number) | bits;
        }
      }
      return false;
    };
    if (known.length > 1 ? sourceRepeats(roots) : sourceRepeats(roots.filter((root) => anonymous[root] === 1))) {
      keptApartKinds.add('source');
      return true;
    }
    for (let first = 0; first < roots.length; first += 1) {
      for (let second = first + 1; second < roots.length; second += 1) {
        const [a, b] = [roots[first] as number, roots[second] as number];
        const kind = guardedIdentifiers.some((slots) => !compatible(slots[a], slots[b]))
          ? 'identifier'
          : !compatible(sexValues[a], sexValues[b]) ? 'sex' : !compatible(dobValues[a], dobValues[b]) ? 'dob' : null;
        if (kind !== null) {
          keptApartKinds.add(kind);
          return true;
        }
      }
    }
    return false;
  };

  keyNames.forEach((keyName, keyIndex) => {
    const column = columns.keys[keyName] as ArrayLike<KeyValue | null | undefined>;
    const definition = matchKeyDefinition(keyName);
    const rank = cascadeRank(keyName);
    const isIdentifier = definition.strength === 'identifier';
    // Identifier keys yield only to stronger identifiers; demographic keys yield to every identifier.
    const guarded = [...identifierValues.entries()].filter(([name]) => !isIdentifier || cascadeRank(name) < rank).map(([, slots]) => slots);
    const reported = isIdentifier
      ? [...identifierValues.entries()].filter(([name]) => cascadeRank(name) >= rank && name !== keyName).map(([, slots]) => slots)
      : [];

    const groupHeads = chainEqualValues(column, count, slots, nextRecord, tailOfHead);
    for (const head of groupHeads) {
      const value = String(column[head]);
      anchors.length = 0;
      mergedKinds.clear();
      keptApartKinds.clear();
      const ambiguous = definition.distinctSources && groupAmbiguous(head, isIdentifier ? [] : [...identifierValues.values()]);
      for (let member = ambiguous ? -1 : head; member !== -1; member = nextRecord[member] as number) {
        let joined = false;
        for (let position = 0; position < anchors.length && !joined; position += 1) {
          const anchor = anchors[position] as number;
          const rootA = find(anchor);
          const rootB = find(member);
          if (rootA === rootB) {
            joined = true;
            continue;
          }
          const identifiersClash = guarded.some((slots) => !compatible(slots[rootA], slots[rootB]));
          const sexClash = !compatible(sexValues[rootA], sexValues[rootB]);
          const dobClash = !compatible(dobValues[rootA], dobValues[rootB]);
          const blocked = isIdentifier ? identifiersClash : identifiersClash || sexClash || (dobClash && !definition.allowsDobDifference);
          if (blocked) {
            keptApartKinds.add(identifiersClash ? 'identifier' : sexClash ? 'sex' : 'dob');
            continue;
          }
          if (reported.some((slots) => !compatible(slots[rootA], slots[rootB]))) mergedKinds.add('identifier');
          if (sexClash) mergedKinds.add('sex');
          if (dobClash) mergedKinds.add('dob');
          merge(rootA, rootB);
          fromEdges.push(anchor);
          toEdges.push(member);
          keyOfEdge.push(keyIndex);
          linkedBy[anchor] ??= keyName;
          linkedBy[member] ??= keyName;
          mergesByKey[keyName] = (mergesByKey[keyName] ?? 0) + 1;
          joined = true;
        }
        if (!joined) anchors.push(member);
      }
      if (mergedKinds.size === 0 && keptApartKinds.size === 0) continue;
      const members: number[] = [];
      for (let member = head; member !== -1; member = nextRecord[member] as number) members.push(member);
      if (keptApartKinds.size > 0) keptApartByKey[keyName] = (keptApartByKey[keyName] ?? 0) + 1;
      for (const kind of mergedKinds) conflicts.push({ key: keyName, value, kind, resolution: 'merged', records: members });
      for (const kind of keptApartKinds) conflicts.push({ key: keyName, value, kind, resolution: 'kept-apart', records: members });
    }
  });

  const personIndex = new Int32Array(count);
  const smallestOfRoot = new Int32Array(count).fill(-1);
  for (let index = 0; index < count; index += 1) {
    const root = find(index);
    if (smallestOfRoot[root] === -1) smallestOfRoot[root] = index;
    personIndex[index] = smallestOfRoot[root] as number;
  }
  let people = 0;
  for (let index = 0; index < count; index += 1) if (personIndex[index] === index) people += 1;

  return {
    personIndex,
    personIds: Array.from(personIndex, (index) => `P${index}`),
    linkedBy,
    links: {
      from: Int32Array.from(fromEdges),
      to: Int32Array.from(toEdges),
      keyIndex: Uint16Array.from(keyOfEdge),
      keyNames,
    },
    conflicts,
    stats: { records: count, people, mergesByKey, keptApartByKey },
  };
}
