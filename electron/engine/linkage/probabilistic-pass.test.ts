import { describe, expect, it } from 'vitest';
import { linkColumns } from './link';
import { CLERICAL_KEY, PROBABILISTIC_KEY, probabilisticPass } from './probabilistic-pass';

/** Five records, nothing joined by the exact keys; records 0 and 3 carry different NHS numbers. */
const alone = linkColumns({ count: 5, keys: { nhs: ['n1', null, null, 'n2', null] } });
const nhs = ['n1', null, null, 'n2', null];
const upn = [null, null, null, null, null];

describe('clustering the model pairs with guards and clerical decisions', () => {
  it('joins pairs at or above the threshold, transitively, and records the key', () => {
    const { result, merges } = probabilisticPass({ pairs: [{ a: 0, b: 1, probability: 0.99 }, { a: 1, b: 2, probability: 0.97 }, { a: 2, b: 4, probability: 0.5 }], threshold: 0.95, nhs, upn }, alone);
    expect(merges).toBe(2);
    expect(Array.from(result.personIndex)).toEqual([0, 0, 0, 3, 4]);
    expect(result.linkedBy).toEqual([PROBABILISTIC_KEY, PROBABILISTIC_KEY, PROBABILISTIC_KEY, null, null]);
    expect(result.stats.people).toBe(3);
  });

  it('never joins two different NHS numbers, even through a chain', () => {
    const { result, keptApart } = probabilisticPass({ pairs: [{ a: 0, b: 1, probability: 0.99 }, { a: 1, b: 3, probability: 0.98 }], threshold: 0.95, nhs, upn }, alone);
    expect(Array.from(result.personIndex)).toEqual([0, 0, 2, 3, 4]);
    expect(keptApart).toBe(1);
  });

  it('honours decisions: a match below the threshold joins, a non-match keeps two records apart through any chain', () => {
    const decisions = [
      { a: 4, b: 2, decision: 'match' as const },
      { a: 0, b: 2, decision: 'not-a-match' as const },
    ];
    const { result } = probabilisticPass({ pairs: [{ a: 0, b: 1, probability: 0.99 }, { a: 1, b: 2, probability: 0.98 }, { a: 2, b: 4, probability: 0.3 }], threshold: 0.95, nhs, upn, decisions }, alone);
    expect(Array.from(result.personIndex)).toEqual([0, 0, 2, 3, 2]);
    expect(result.linkedBy[4]).toBe(CLERICAL_KEY);
  });
});
