import { describe, expect, it } from 'vitest';
import { parseVillageJson, serialiseVillageJson, VILLAGE_JSON_FORMAT, VILLAGE_JSON_VERSION, type VillageJson } from './village';

const count = (value: number | null) => ({ value, display: value === null ? 'c' : String(value), status: value === null ? ('primary' as const) : ('published' as const) });

const village: VillageJson = {
  format: VILLAGE_JSON_FORMAT,
  version: VILLAGE_JSON_VERSION,
  title: 'A small town',
  referenceDate: '2025-03-31',
  period: { label: 'As at 2025-03-31', start: '2025-03-31', end: '2025-03-31', referenceDate: '2025-03-31' },
  periods: [{ label: 'As at 2025-03-31', start: '2025-03-31', end: '2025-03-31', referenceDate: '2025-03-31', runId: 'run-00000000', finishedAt: '2026-01-01T00:00:00Z' }],
  generatedAt: '2025-04-02T09:00:00Z',
  recipe: { file: 'town.recipe.json', sha256: 'ab'.repeat(32) },
  sources: [],
  suppression: { threshold: 5, symbol: 'c', rule: 'counts 1 to 4 are suppressed' },
  geography: { localitySource: 'recipe', overrides: {}, wards: [{ code: 'E05000001', name: 'Northfield', locality: 'North' }] },
  village: { size: 100, partitions: ['sex'], ageBands: [{ label: '0-4', min: 0, max: 4 }], smallAreaMinimum: 1000 },
  indicators: [],
  areas: [
    {
      level: 'city',
      code: 'E08000001',
      name: 'Town',
      parent: null,
      population: count(200),
      smallArea: true,
      partitions: [{ partition: 'sex', total: count(200), categories: [{ label: 'Girls', count: count(98), villagers: 49 }, { label: 'Other', count: count(null), villagers: null }] }],
      indicators: [],
      unresolved: {},
      unresolvedDenominators: {},
    },
  ],
  unresolved: [],
  linkage: { sources: [], records: count(0), people: count(0), perSource: [], pairs: [], keys: [], conflicts: [], peopleWithoutAge: count(0), peopleWithoutWard: count(0) },
  outcomes: { framework: [], trends: [], methods: [] },
};

describe('village.json schema', () => {
  it('accepts a complete village and serialises it once, as parsed back', () => {
    const text = serialiseVillageJson(village);
    expect(parseVillageJson(JSON.parse(text))).toEqual(village);
  });

  it('refuses a field it does not describe, naming where', () => {
    const withExtra = { ...village, areas: [{ ...village.areas[0], secret: 3 }] };
    expect(() => parseVillageJson(withExtra)).toThrow(/areas\.0/);
  });

  it('refuses a count that is neither a number nor withheld, and a wrong format marker', () => {
    const badCount = { ...village, linkage: { ...village.linkage, people: { value: '12', display: '12', status: 'published' } } };
    expect(() => parseVillageJson(badCount)).toThrow(/linkage\.people\.value/);
    expect(() => parseVillageJson({ ...village, format: 'something-else' })).toThrow(/format/);
  });
});
