import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkRecords } from './link';
import { linkQualityReport, precisionRecall } from './quality';

/** Cross-source pairs counted one pair at a time, to check the contingency arithmetic against. */
function bruteForce(predicted: number[], truth: number[], sources: string[]): { truePairs: number; predictedPairs: number; correctPairs: number } {
  let truePairs = 0;
  let predictedPairs = 0;
  let correctPairs = 0;
  for (let a = 0; a < predicted.length; a += 1) {
    for (let b = a + 1; b < predicted.length; b += 1) {
      if (sources[a] === sources[b]) continue;
      const samePredicted = predicted[a] === predicted[b];
      const sameTrue = truth[a] === truth[b];
      if (samePredicted) predictedPairs += 1;
      if (sameTrue) truePairs += 1;
      if (samePredicted && sameTrue) correctPairs += 1;
    }
  }
  return { truePairs, predictedPairs, correctPairs };
}

describe('precisionRecall', () => {
  it('counts cross-source pairs only', () => {
    const scores = precisionRecall([1, 1, 1, 2], ['a', 'a', 'b', 'b'], ['health', 'police', 'police', 'health']);
    // Predicted cross-source pairs: (0,1), (0,2); true: (0,1), (2,3); correct: (0,1).
    expect(scores).toEqual({ recordsEvaluated: 4, truePairs: 2, predictedPairs: 2, correctPairs: 1, precision: 0.5, recall: 0.5 });
  });

  it('leaves out records without a true person and reports null when nothing can be divided', () => {
    const scores = precisionRecall([1, 1], ['a', null], ['health', 'police']);
    expect(scores).toMatchObject({ recordsEvaluated: 1, truePairs: 0, predictedPairs: 0, precision: null, recall: null });
  });

  it('property: agrees with counting every pair', () => {
    const row = fc.record({ predicted: fc.integer({ min: 0, max: 6 }), truth: fc.integer({ min: 0, max: 6 }), source: fc.constantFrom('a', 'b', 'c') });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const predicted = rows.map((item) => item.predicted);
        const truth = rows.map((item) => item.truth);
        const sources = rows.map((item) => item.source);
        expect(precisionRecall(predicted, truth, sources)).toMatchObject(bruteForce(predicted, truth, sources));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('linkQualityReport', () => {
  it('reports matched and unmatched per source, people per source pair, and links per key', () => {
    const records = [
      { source: 'health', recordId: 'h1', keys: [{ key: 'nhs', value: 'N1' }] },
      { source: 'social-care', recordId: 's1', keys: [{ key: 'nhs', value: 'N1' }, { key: 'upn', value: 'U1' }] },
      { source: 'education', recordId: 'e1', keys: [{ key: 'upn', value: 'U1' }] },
      { source: 'education', recordId: 'e2', keys: [{ key: 'upn', value: 'U1' }] },
      { source: 'education', recordId: 'e3', keys: [{ key: 'upn', value: 'U2' }] },
      { source: 'health', recordId: 'h2', keys: [] },
    ];
    const report = linkQualityReport(records, linkRecords(records));
    expect(report.people).toBe(3);
    expect(report.sources).toEqual([
      { source: 'education', records: 3, people: 2, peopleMatchedElsewhere: 1, peopleUnmatched: 1, recordsMatchedElsewhere: 2, recordsUnmatched: 1 },
      { source: 'health', records: 2, people: 2, peopleMatchedElsewhere: 1, peopleUnmatched: 1, recordsMatchedElsewhere: 1, recordsUnmatched: 1 },
      { source: 'social-care', records: 1, people: 1, peopleMatchedElsewhere: 1, peopleUnmatched: 0, recordsMatchedElsewhere: 1, recordsUnmatched: 0 },
    ]);
    expect(report.sourcePairs).toEqual([
      { sourceA: 'education', sourceB: 'health', peopleInBoth: 1 },
      { sourceA: 'education', sourceB: 'social-care', peopleInBoth: 1 },
      { sourceA: 'health', sourceB: 'social-care', peopleInBoth: 1 },
    ]);
    expect(report.keys).toEqual([
      { key: 'nhs', merges: 1, crossSourceMerges: 1, recordsLinkedBy: 2, keptApart: 0 },
      { key: 'upn', merges: 2, crossSourceMerges: 2, recordsLinkedBy: 2, keptApart: 0 },
    ]);
    expect(report.conflicts).toEqual([]);
  });
});
