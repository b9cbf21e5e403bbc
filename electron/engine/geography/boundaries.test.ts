import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolygonRings } from '../../../shared/maps';
import { BoundaryFileError, loadDefaultBoundaries, mapBoundaries, parseBoundaries } from './boundaries';
import { dissolvePolygons, polygonsArea } from './dissolve';
import { DEFAULT_REFERENCE_DIRECTORY, loadDefaultGeography, withLocalityOverrides } from './geography';

const geography = loadDefaultGeography();
const shipped = loadDefaultBoundaries(geography);
const wardList = (map = geography.localityMap.localityOf) => geography.wards.map((ward) => ({ code: ward.code, name: ward.name, locality: map.get(ward.code) ?? '' }));

/** A square of side `size` with its lower-left corner at (x, y), counter-clockwise. */
const square = (x: number, y: number, size = 1): PolygonRings => [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]];

/** A tiny synthetic city: four wards in a 2×2 grid, as a GeoJSON text with the given code property. */
function gridCollection(codes: readonly string[], property: string, extra: (index: number) => Record<string, unknown> = () => ({})): string {
  const cells = [square(0, 0), square(1, 0), square(0, 1), square(1, 1)];
  return JSON.stringify({
    type: 'FeatureCollection',
    features: codes.map((code, index) => ({ type: 'Feature', properties: { [property]: code, ...extra(index) }, geometry: { type: 'Polygon', coordinates: cells[index % 4] } })),
  });
}

describe('dissolvePolygons', () => {
  it('joins squares that share edges into one ring with the area of their sum', () => {
    const joined = dissolvePolygons([square(0, 0), square(1, 0), square(0, 1), square(1, 1)]);
    expect(joined).toHaveLength(1);
    expect(polygonsArea(joined)).toBeCloseTo(4, 10);
    // The outline of a 2×2 square: 8 unit edges, so 9 positions with the closing one.
    expect(joined[0]?.[0]).toHaveLength(9);
  });

  it('keeps a real hole (a ring of squares around a missing one) and separate islands apart', () => {
    const ring = [0, 1, 2].flatMap((x) => [0, 1, 2].map((y) => ({ x, y }))).filter((cell) => !(cell.x === 1 && cell.y === 1)).map((cell) => square(cell.x, cell.y));
    const withHole = dissolvePolygons(ring);
    expect(withHole).toHaveLength(1);
    expect(withHole[0]).toHaveLength(2);
    expect(polygonsArea(withHole)).toBeCloseTo(8, 10);
    expect(dissolvePolygons([square(0, 0), square(5, 5)])).toHaveLength(2);
  });
});

describe('dissolvePolygons on nearly shared boundaries', () => {
  // Two wards side by side whose shared edge x = 1 is drawn twice, slightly differently: the right ward's copy
  // is 0.00004 off and has a vertex half way up that the left ward lacks. Exact cancelling left both copies
  // standing, a hairline down the middle of the dissolved locality.
  const left: PolygonRings = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]];
  const right: PolygonRings = [[[1.00004, -0.00003], [2, 0], [2, 1], [0.99997, 1.00002], [1.00003, 0.5], [1.00004, -0.00003]]];

  it('snaps the two copies together and cancels them: one ring round the outside, nothing inside', () => {
    const joined = dissolvePolygons([left, right]);
    expect(joined).toHaveLength(1);
    expect(joined[0]).toHaveLength(1);
    expect(polygonsArea(joined)).toBeCloseTo(2, 3);
    const inside = (joined[0]?.[0] ?? []).filter(([x, y]) => x > 0.5 && x < 1.5 && y > 0.01 && y < 0.99);
    expect(inside).toEqual([]);
  });

  it('leaves boundaries that part by more than the tolerance apart', () => {
    const apart: PolygonRings = [[[1.01, 0], [2, 0], [2, 1], [1.01, 1], [1.01, 0]]];
    expect(dissolvePolygons([left, apart])).toHaveLength(2);
  });
});

describe('the shipped ward boundaries', () => {
  it('hold every one of the 69 wards exactly once, read from ward_code', () => {
    expect(shipped.wards.map((ward) => ward.code).sort()).toEqual(geography.wards.map((ward) => ward.code).sort());
    expect(shipped.level).toBe('ward');
    expect(shipped.codeProperty).toBe('ward_code');
    expect(shipped.attribution).toContain('Contains OS data © Crown copyright');
  });

  it('dissolve into the ten localities with the area of the reference union (within 0.5%)', () => {
    const wardShapes = mapBoundaries(shipped, wardList()).wards;
    const maps = { wards: wardShapes, localities: geography.localities.map((locality) => ({ name: locality.name, polygons: dissolvePolygons(wardShapes.filter((ward) => ward.parent === locality.name).flatMap((ward) => ward.polygons)) })) };
    expect(maps.localities).toHaveLength(10);
    const reference = JSON.parse(readFileSync(join(DEFAULT_REFERENCE_DIRECTORY, 'birmingham_localities.geojson'), 'utf8')) as {
      features: { properties: { locality: string }; geometry: { type: string; coordinates: unknown } }[];
    };
    for (const feature of reference.features) {
      const polygons = (feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates) as PolygonRings[];
      const ours = maps.localities.find((locality) => locality.name === feature.properties.locality);
      expect(ours, feature.properties.locality).toBeDefined();
      const wardsArea = polygonsArea(maps.wards.filter((ward) => ward.parent === feature.properties.locality).flatMap((ward) => ward.polygons));
      expect(Math.abs(polygonsArea(ours?.polygons ?? []) - polygonsArea(polygons)) / polygonsArea(polygons), feature.properties.locality).toBeLessThan(0.005);
      expect(Math.abs(polygonsArea(ours?.polygons ?? []) - wardsArea) / wardsArea).toBeLessThan(0.005);
    }
  });

  it('dissolve into localities without hairlines: no outline passes through a point twice or keeps a sliver', () => {
    const wardShapes = mapBoundaries(shipped, wardList()).wards;
    for (const locality of geography.localities) {
      const dissolved = dissolvePolygons(wardShapes.filter((ward) => ward.parent === locality.name).flatMap((ward) => ward.polygons));
      const total = polygonsArea(dissolved);
      for (const ring of dissolved.flat()) {
        const points = ring.slice(0, -1).map(([x, y]) => `${x},${y}`);
        expect(new Set(points).size, `${locality.name}: a ring touching itself`).toBe(points.length);
        expect(polygonsArea([[ring]]) / total, `${locality.name}: a sliver ring`).toBeGreaterThan(0.01);
      }
    }
  });

  it('are drawn as the reference union under the shipped map, and dissolved from the wards once a recipe moves one', () => {
    const reference = JSON.parse(readFileSync(join(DEFAULT_REFERENCE_DIRECTORY, 'birmingham_localities.geojson'), 'utf8')) as { features: { properties: { locality: string }; geometry: { coordinates: unknown } }[] };
    const yardley = reference.features.find((feature) => feature.properties.locality === 'Yardley');
    expect(mapBoundaries(shipped, wardList()).localities.find((locality) => locality.name === 'Yardley')?.polygons).toEqual([yardley?.geometry.coordinates]);
    const moved = withLocalityOverrides(geography, { 'Small Heath': 'Hodge Hill' });
    expect(mapBoundaries(shipped, wardList(moved.localityMap.localityOf)).localities.find((locality) => locality.name === 'Yardley')?.polygons).not.toEqual([yardley?.geometry.coordinates]);
  });

  it('move a ward with the recipe\'s locality override: Small Heath leaves Yardley for Hodge Hill on the map', () => {
    // Moving Aston as well makes the "before" map a dissolve too, so like is compared with like.
    const before = mapBoundaries(shipped, wardList(withLocalityOverrides(geography, { 'Small Heath': 'Yardley', Aston: 'Perry Barr' }).localityMap.localityOf));
    const moved = withLocalityOverrides(geography, { 'Small Heath': 'Hodge Hill' });
    const after = mapBoundaries(shipped, wardList(moved.localityMap.localityOf));
    const smallHeath = polygonsArea(after.wards.find((ward) => ward.name === 'Small Heath')?.polygons ?? []);
    const area = (maps: typeof before, name: string) => polygonsArea(maps.localities.find((locality) => locality.name === name)?.polygons ?? []);
    expect(after.wards.find((ward) => ward.name === 'Small Heath')?.parent).toBe('Hodge Hill');
    expect(area(after, 'Hodge Hill') - area(before, 'Hodge Hill')).toBeCloseTo(smallHeath, 4);
    expect(area(before, 'Yardley') - area(after, 'Yardley')).toBeCloseTo(smallHeath, 4);
  });
});

describe('a recipe\'s own boundary file', () => {
  // Four wards of the city on a synthetic grid stand in for another authority's file; the check is the same.
  const someWards = geography.wards.slice(0, 4).map((ward) => ward.code);
  const oneWardGeography = { ...geography, wards: geography.wards.slice(0, 4), wardByCode: new Map(geography.wards.slice(0, 4).map((ward) => [ward.code, ward])) };

  it('is read by whichever property holds the ward codes (found without being named)', () => {
    const read = parseBoundaries(gridCollection(someWards, 'WD18CD', () => ({ name: 'x' })), 'other.geojson', oneWardGeography);
    expect(read.codeProperty).toBe('WD18CD');
    expect(read.wards.map((ward) => ward.code)).toEqual(someWards);
  });

  it('may be drawn by LSOA: LSOAs are dissolved into their wards by the best-fit lookup', () => {
    const lsoas = [...geography.lsoa11ToWard.entries()].filter(([, ward]) => ward === someWards[0]).slice(0, 4).map(([lsoa]) => lsoa);
    const read = parseBoundaries(gridCollection(lsoas, 'LSOA11CD'), 'lsoa.geojson', { ...oneWardGeography, wards: geography.wards.slice(0, 1) });
    expect(read.level).toBe('lsoa11');
    expect(read.wards).toHaveLength(1);
    expect(polygonsArea(read.wards[0]?.polygons ?? [])).toBeCloseTo(4, 10);
  });

  it('is refused, naming the file and the feature, for a duplicate, an unknown code, a missing ward or bad coordinates', () => {
    const attempt = (text: string) => () => parseBoundaries(text, 'mine.geojson', oneWardGeography, { codeProperty: 'code' });
    expect(attempt(gridCollection([someWards[0], someWards[1], someWards[0], someWards[3]] as string[], 'code'))).toThrow(/mine\.geojson: feature 3 \(E05\d+\): E05\d+ appears twice \(features 1 and 3\)/);
    expect(attempt(gridCollection([...someWards.slice(0, 3), 'E05999999'], 'code'))).toThrow(/mine\.geojson: feature 4 \(E05999999\): code E05999999 is not a ward or LSOA of the city/);
    expect(attempt(gridCollection(someWards.slice(0, 3), 'code'))).toThrow(new RegExp(`mine\\.geojson: has no boundary for 1 of the city's 4 wards: ${someWards[3]}`));
    const projected = JSON.parse(gridCollection(someWards, 'code')) as { features: { geometry: { coordinates: number[][][] } }[] };
    projected.features[1]!.geometry.coordinates = [[[407000, 286000], [408000, 286000], [408000, 287000], [407000, 286000]]];
    expect(attempt(JSON.stringify(projected))).toThrow(/mine\.geojson: feature 2 \(E05\d+\): position 1 \(407000, 286000\) is not longitude\/latitude/);
    expect(attempt('{"type": "Feature"')).toThrow(BoundaryFileError);
    expect(() => parseBoundaries(gridCollection(someWards, 'code'), 'nameless.geojson', oneWardGeography)).not.toThrow();
    const lsoa = [...geography.lsoa11ToWard.keys()][0] as string;
    expect(attempt(gridCollection([...someWards.slice(0, 3), lsoa], 'code'))).toThrow(/mine\.geojson: mixes ward codes \(E05\d+\) and LSOA codes in code; a file holds one level/);
    expect(() => parseBoundaries(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'A' }, geometry: null }] }), 'plain.geojson', oneWardGeography)).toThrow(
      /plain\.geojson: feature 1 has no property holding a ward or LSOA code of the city \(properties: name\)/,
    );
  });
});
