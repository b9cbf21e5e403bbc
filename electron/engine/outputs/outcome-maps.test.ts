import { describe, expect, it } from 'vitest';
import type { PublishedCount, VillageJson } from '../../../shared/village';
import { outcomeMaps } from './map-svg';

/** A town of two localities of two square wards each, one indicator published by locality, one by city only. */
const count = (value: number): PublishedCount => ({ value, display: String(value), status: 'published' });
const withheld: PublishedCount = { value: null, display: 'c', status: 'primary' };
const figure = (id: string, hits: PublishedCount, base: PublishedCount) => {
  const rate = hits.value === null || base.value === null ? null : (hits.value / base.value) * 100;
  return { id, count: hits, denominator: base, rate, rateDisplay: rate === null ? 'c' : rate.toFixed(1), per100: null, smallDenominator: false };
};
const square = (x: number): [number, number][][] => [[[x, 52.4], [x + 0.01, 52.4], [x + 0.01, 52.41], [x, 52.41], [x, 52.4]]];
const wards = [
  { code: 'W1', name: 'Ward One', locality: 'North & Hill' },
  { code: 'W2', name: 'Ward Two', locality: 'North & Hill' },
  { code: 'W3', name: 'Ward Three', locality: 'South' },
  { code: 'W4', name: 'Ward Four', locality: 'South' },
];
const locality = (name: string, hits: PublishedCount, base: PublishedCount) => ({
  level: 'locality' as const,
  code: name,
  name,
  parent: null,
  population: base,
  smallArea: false,
  partitions: [],
  indicators: [figure('referred', hits, base)],
  unresolved: {},
  unresolvedDenominators: {},
});

const town = {
  title: 'Townsville',
  referenceDate: '2025-03-31',
  period: { label: '2024/25 Q4', start: '2025-01-01', end: '2025-03-31', referenceDate: '2025-03-31' },
  recipe: { file: 'town.recipe.json', sha256: '0'.repeat(64) },
  sources: [{ id: 'referrals' }],
  suppression: { threshold: 5, symbol: 'c', rule: 'Counts of 1 to 4 are shown as c.' },
  geography: {
    localitySource: 'test',
    overrides: {},
    wards,
    boundaries: { file: 'town.geojson', sha256: '1'.repeat(64), codeProperty: 'code', level: 'ward', attribution: 'Town boundaries, open licence', wards: wards.map((ward, index) => ({ code: ward.code, polygons: [square(-1.9 + index * 0.01)] })) },
  },
  village: { size: 100 },
  indicators: [
    { id: 'referred', name: 'Referred', description: 'Referred to the service.', unit: 100, ageRange: [0, 17], denominator: 'population' },
    { id: 'city_only', name: 'City only', description: 'Only for the city.', unit: 100, ageRange: [0, 17], denominator: 'population' },
  ],
  areas: [
    { ...locality('Town', count(60), count(1000)), level: 'city' as const, code: 'T', unresolved: {} },
    locality('North & Hill', count(50), count(600)),
    locality('South', withheld, count(400)),
  ],
} as unknown as VillageJson;

describe('outcomeMaps', () => {
  it('maps every framework indicator published by locality, the page’s locality highlighted, each outline written once', () => {
    const html = outcomeMaps(town, ['referred', 'city_only'], 'North & Hill', 2);
    expect(html.match(/<figure class="map outcome-map" data-level="locality" data-indicator="([^"]+)"/g)).toEqual(['<figure class="map outcome-map" data-level="locality" data-indicator="referred"']);
    expect(html).toContain('<h2 id="outcome-maps-heading">On the map: the localities in 2024/25 Q4</h2>');
    expect(html).toContain('North &amp; Hill has the heavy border.');
    expect(html.match(/<path id="outcome-shape-/g)).toHaveLength(2);
    expect(html.match(/<use href="#outcome-shape-/g)).toHaveLength(2);
    expect(html).toMatch(/<g data-code="North &amp; Hill"[^>]*><title>[^<]*<\/title><use href="#outcome-shape-north-hill" fill="[^"]+" stroke="#111111" stroke-width="3"/);
    expect(html).toMatch(/<g data-code="South" data-status="suppressed"/);
    expect(html).toContain('Town boundaries, open licence');
    expect(html).toContain('<td class="num">c (suppressed)</td>');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('draws nothing for a run without boundaries or without a locality figure', () => {
    const { boundaries: _dropped, ...geography } = town.geography;
    expect(outcomeMaps({ ...town, geography }, ['referred'], null, 3)).toBe('');
    expect(outcomeMaps(town, ['city_only'], null, 3)).toBe('');
  });
});
