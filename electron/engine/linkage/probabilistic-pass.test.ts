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

  it('explains decisions it cannot honour: a chain of matches against a "not a match", identifiers, exact links', () => {
    // 0 and 1 share an NHS number, so the exact keys join them; 2 and 3 carry different NHS numbers.
    const exact = linkColumns({ count: 6, keys: { nhs: ['n1', 'n1', 'n2', 'n3', null, null] } });
    const numbers = ['n1', 'n1', 'n2', 'n3', null, null];
    const none = [null, null, null, null, null, null];
    // In the order the stage gives them (by record), as it sorts every run's decisions.
    const decisions = [
      { a: 0, b: 1, decision: 'not-a-match' as const },
      { a: 2, b: 3, decision: 'match' as const },
      { a: 2, b: 4, decision: 'match' as const },
      { a: 2, b: 5, decision: 'not-a-match' as const },
      { a: 4, b: 5, decision: 'match' as const },
    ];
    const { result, decisionConflicts } = probabilisticPass({ pairs: [{ a: 3, b: 5, probability: 0.99 }], threshold: 0.95, nhs: numbers, upn: none, decisions }, exact);
    // A≡B (2≡4) holds; B≡C (4≡5) would join 2 and 5, decided apart: "not a match" wins.
    expect(result.personIndex[2]).toBe(result.personIndex[4]);
    expect(result.personIndex[5]).not.toBe(result.personIndex[4]);
    expect(result.personIndex[0]).toBe(result.personIndex[1]);
    expect(result.personIndex[2]).not.toBe(result.personIndex[3]);
    expect(decisionConflicts).toEqual([
      { kind: 'not-a-match-already-linked', a: 0, b: 1, blockedBy: null, linkedBy: 'nhs' },
      { kind: 'match-refused-identifiers', a: 2, b: 3, blockedBy: null, linkedBy: null },
      { kind: 'match-refused-not-a-match', a: 4, b: 5, blockedBy: { a: 2, b: 5 }, linkedBy: null },
    ]);
    // The model's pair 3–5 is not a decision: it joins without a conflict.
    expect(result.personIndex[3]).toBe(result.personIndex[5]);
  });

  it('reports no conflict when every decision holds', () => {
    const { decisionConflicts } = probabilisticPass({ pairs: [], threshold: 0.95, nhs, upn, decisions: [{ a: 1, b: 2, decision: 'match' }, { a: 1, b: 4, decision: 'not-a-match' }] }, alone);
    expect(decisionConflicts).toEqual([]);
  });
});
