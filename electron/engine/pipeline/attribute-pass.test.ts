import { describe, expect, it } from 'vitest';
import { linkRecords } from '../linkage';
import { attributePass, type AttributeTier } from './attribute-pass';

/** Records that the cascade left alone (no shared key), grouped by the second pass on one tier. */
function pass(records: { source: string; sex?: string; named?: boolean; address?: number; key: string | null }[]) {
  const cascade = linkRecords(records.map((record, index) => ({ source: record.source, recordId: String(index), keys: [] })));
  const tier: AttributeTier = { name: 'dob-ward', fields: 'date of birth + ward', pairExchangeable: false, keys: records.map((record) => record.key) };
  return attributePass(
    {
      source: records.map((record) => record.source),
      sex: records.map((record) => record.sex ?? null),
      nhs: records.map(() => null),
      upn: records.map(() => null),
      named: records.map((record) => record.named ?? false),
      addresses: records.map((record) => record.address ?? null),
      tiers: [tier],
    },
    cascade,
  );
}

describe('attributePass', () => {
  it('joins a record without a name to a named one when nothing else shares the group', () => {
    const outcome = pass([{ source: 'register', sex: 'F', key: 'd1|w1' }, { source: 'police', named: true, key: 'd1|w1' }]);
    expect([...outcome.result.personIndex]).toEqual([0, 0]);
    expect(outcome.result.linkedBy).toEqual(['dob-ward', 'dob-ward']);
  });

  it('never joins two named records the cascade did not join: their names differ', () => {
    const outcome = pass([
      { source: 'ehc', named: true, key: 'd1|w1' },
      { source: 'police', named: true, key: 'd1|w1' },
    ]);
    expect(outcome.merges).toBe(0);
    expect(outcome.ambiguousGroups).toBe(1);
  });

  it('keeps a group with two named clusters apart, even with a record without a name in it', () => {
    const outcome = pass([
      { source: 'register', sex: 'M', key: 'd1|w1' },
      { source: 'school', sex: 'M', named: true, key: 'd1|w1' },
      { source: 'police', named: true, key: 'd1|w1' },
    ]);
    expect(outcome.merges).toBe(0);
  });

  it('still keeps two records of one source apart', () => {
    const outcome = pass([
      { source: 'register', sex: 'M', key: 'd1|w1' },
      { source: 'register', sex: 'M', key: 'd1|w1' },
      { source: 'school', sex: 'M', named: true, key: 'd1|w1' },
    ]);
    expect(outcome.merges).toBe(0);
  });

  it('never joins clusters known at different addresses, and still joins one without a usable address', () => {
    const apart = pass([
      { source: 'referrals', sex: 'F', address: 11, key: 'd1|w1' },
      { source: 'police', named: true, address: 12, key: 'd1|w1' },
    ]);
    expect(apart.merges).toBe(0);
    const joined = pass([
      { source: 'referrals', sex: 'F', key: 'd1|w1' },
      { source: 'police', named: true, address: 12, key: 'd1|w1' },
    ]);
    expect([...joined.result.personIndex]).toEqual([0, 0]);
  });

  it('merges the clusters of a group that share an address, whatever else the group holds', () => {
    const outcome = pass([
      { source: 'register', sex: 'M', address: 7, key: 'd1|w1' },
      { source: 'school', sex: 'M', named: true, address: 7, key: 'd1|w1' },
      { source: 'ehc', key: 'd1|w1' },
    ]);
    expect(outcome.merges).toBe(2);
    const split = pass([
      { source: 'register', sex: 'M', address: 7, key: 'd1|w1' },
      { source: 'school', sex: 'M', named: true, address: 7, key: 'd1|w1' },
      { source: 'police', named: false, address: 8, key: 'd1|w1' },
    ]);
    expect(split.merges).toBe(0);
  });
});
