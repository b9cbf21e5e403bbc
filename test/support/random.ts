/**
 * A small seeded pseudo-random generator (mulberry32) for tests that need the same "random" data every run:
 * fixed seeds make a failing case reproducible by its seed.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number from min to max inclusive. */
  integer(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A random subset (in the original order) of at least `minimum` items. */
  subset<T>(items: readonly T[], minimum?: number): T[];
}

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededRandom(seed: number): Random {
  const next = mulberry32(seed);
  const integer = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    integer,
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('Cannot pick from an empty list');
      return items[integer(0, items.length - 1)] as T;
    },
    subset: <T>(items: readonly T[], minimum = 0): T[] => {
      const chosen = items.filter(() => next() < 0.5);
      for (const item of items) {
        if (chosen.length >= minimum) break;
        if (!chosen.includes(item)) chosen.push(item);
      }
      return items.filter((item) => chosen.includes(item));
    },
  };
}
