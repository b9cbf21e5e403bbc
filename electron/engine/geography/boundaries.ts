/**
 * Ward boundaries as reference data: the shipped ONS May 2018 wards (reference/birmingham_wards_2018.geojson,
 * provenance in reference/README.md, source C1), or a recipe's own GeoJSON whose features carry a ward code
 * or an LSOA code (LSOAs are dissolved into wards by the geography's best-fit lookups). Every file is checked
 * against the ward list: each ward exactly once, nothing unknown, every ring closed and in longitude/latitude,
 * with an error naming the file and the feature. Localities are never read from a file: they are dissolved
 * from the wards by the run's ward→locality map, so a ward a recipe moves moves on the map too.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type AreaShape, type MapBoundaries, ONS_BOUNDARY_ATTRIBUTION, type PolygonRings, type Position } from '../../../shared/maps';
import { dissolvePolygons } from './dissolve';
import { DEFAULT_REFERENCE_DIRECTORY, type Geography, loadDefaultGeography } from './geography';

export const DEFAULT_BOUNDARY_FILE = 'birmingham_wards_2018.geojson';

export type BoundaryLevel = 'ward' | 'lsoa11' | 'lsoa21';

/** Ward shapes as a run uses them, and what they were read from (recorded in village.json). */
export interface WardBoundaries {
  readonly file: string;
  readonly sha256: string;
  /** The feature property that held the codes. */
  readonly codeProperty: string;
  readonly level: BoundaryLevel;
  readonly attribution: string;
  readonly wards: readonly { readonly code: string; readonly polygons: readonly PolygonRings[] }[];
}

export class BoundaryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoundaryFileError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ringOf(value: unknown, where: string): Position[] {
  if (!Array.isArray(value) || value.length < 4) throw new BoundaryFileError(`${where}: a ring needs at least 4 positions`);
  const ring = value.map((position, index): Position => {
    if (!Array.isArray(position) || position.length < 2) throw new BoundaryFileError(`${where}: position ${index + 1} is not [longitude, latitude]`);
    const [longitude, latitude] = position as unknown[];
    if (typeof longitude !== 'number' || typeof latitude !== 'number' || !Number.isFinite(longitude) || !Number.isFinite(latitude)) {
      throw new BoundaryFileError(`${where}: position ${index + 1} is not two numbers`);
    }
    if (Math.abs(longitude) > 180 || Math.abs(latitude) > 90) {
      throw new BoundaryFileError(`${where}: position ${index + 1} (${longitude}, ${latitude}) is not longitude/latitude; reproject the file to WGS84 (EPSG:4326)`);
    }
    return [longitude, latitude];
  });
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) throw new BoundaryFileError(`${where}: a ring is not closed (its last position differs from its first)`);
  return ring;
}

function polygonsOf(geometry: unknown, where: string): PolygonRings[] {
  if (!isRecord(geometry)) throw new BoundaryFileError(`${where}: has no geometry`);
  const polygonOf = (rings: unknown, at: string): PolygonRings => {
    if (!Array.isArray(rings) || rings.length === 0) throw new BoundaryFileError(`${at}: a polygon has no rings`);
    return rings.map((ring) => ringOf(ring, at));
  };
  if (geometry['type'] === 'Polygon') return [polygonOf(geometry['coordinates'], where)];
  if (geometry['type'] === 'MultiPolygon' && Array.isArray(geometry['coordinates'])) return geometry['coordinates'].map((polygon) => polygonOf(polygon, where));
  throw new BoundaryFileError(`${where}: its geometry is ${String(geometry['type'])}; only Polygon and MultiPolygon are areas`);
}

function levelOfCode(code: string, geography: Geography): BoundaryLevel | null {
  if (geography.wardByCode.has(code)) return 'ward';
  if (geography.lsoa11ToWard.has(code)) return 'lsoa11';
  if (geography.lsoa21ToWard.has(code)) return 'lsoa21';
  return null;
}

/**
 * What the file's codes are: wards, or LSOAs of 2021 or 2011. Most LSOA codes are the same in both years
 * (616 of Birmingham's), so the level is the one that holds every code; where both do, a "11" in the
 * property's name means 2011, otherwise 2021.
 */
function levelOfFile(codes: readonly string[], codeProperty: string, geography: Geography, file: string): BoundaryLevel {
  const holdsAll = (level: BoundaryLevel): boolean =>
    codes.every((code) => (level === 'ward' ? geography.wardByCode : level === 'lsoa11' ? geography.lsoa11ToWard : geography.lsoa21ToWard).has(code));
  if (holdsAll('ward')) return 'ward';
  const lsoa21 = holdsAll('lsoa21');
  const lsoa11 = holdsAll('lsoa11');
  if (lsoa21 && lsoa11) return /11/.test(codeProperty) ? 'lsoa11' : 'lsoa21';
  if (lsoa21) return 'lsoa21';
  if (lsoa11) return 'lsoa11';
  const ward = codes.find((code) => geography.wardByCode.has(code));
  if (ward !== undefined) throw new BoundaryFileError(`${file}: mixes ward codes (${ward}) and LSOA codes in ${codeProperty}; a file holds one level`);
  const only2011 = codes.find((code) => !geography.lsoa21ToWard.has(code));
  const only2021 = codes.find((code) => !geography.lsoa11ToWard.has(code));
  throw new BoundaryFileError(`${file}: mixes LSOA 2011 codes (${only2011}) and LSOA 2021 codes (${only2021}) in ${codeProperty}; a file holds one edition`);
}

export interface BoundaryReadOptions {
  /** The property holding the codes; found from the first feature when not given. */
  readonly codeProperty?: string;
  readonly attribution?: string;
}

/**
 * Reads boundary GeoJSON text (`file` is the name used in messages) into ward shapes checked against the
 * geography's ward list.
 */
export function parseBoundaries(text: string, file: string, geography: Geography, options: BoundaryReadOptions = {}): WardBoundaries {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new BoundaryFileError(`${file}: is not GeoJSON (${error instanceof Error ? error.message : 'unreadable JSON'})`);
  }
  if (!isRecord(document) || document['type'] !== 'FeatureCollection' || !Array.isArray(document['features'])) {
    throw new BoundaryFileError(`${file}: is not a GeoJSON FeatureCollection`);
  }
  const features = document['features'] as unknown[];
  if (features.length === 0) throw new BoundaryFileError(`${file}: has no features`);
  const firstProperties = isRecord(features[0]) && isRecord(features[0]['properties']) ? features[0]['properties'] : {};
  const codeProperty =
    options.codeProperty ??
    Object.keys(firstProperties).find((key) => typeof firstProperties[key] === 'string' && levelOfCode(String(firstProperties[key]).trim(), geography) !== null);
  if (codeProperty === undefined) {
    throw new BoundaryFileError(
      `${file}: feature 1 has no property holding a ward or LSOA code of the city (properties: ${Object.keys(firstProperties).join(', ') || 'none'}); name it as geography.boundaries.codeProperty in the recipe`,
    );
  }
  const byCode = new Map<string, { index: number; polygons: PolygonRings[] }>();
  features.forEach((feature, index) => {
    const properties = isRecord(feature) && isRecord(feature['properties']) ? feature['properties'] : {};
    const raw = properties[codeProperty];
    const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
    const where = `${file}: feature ${index + 1}${code === '' ? '' : ` (${code})`}`;
    if (code === '') throw new BoundaryFileError(`${where}: has no ${codeProperty}`);
    if (levelOfCode(code, geography) === null) throw new BoundaryFileError(`${where}: ${codeProperty} ${code} is not a ward or LSOA of the city`);
    const earlier = byCode.get(code);
    if (earlier !== undefined) throw new BoundaryFileError(`${where}: ${code} appears twice (features ${earlier.index + 1} and ${index + 1})`);
    byCode.set(code, { index, polygons: polygonsOf(isRecord(feature) ? feature['geometry'] : undefined, where) });
  });
  const resolvedLevel = levelOfFile([...byCode.keys()], codeProperty, geography, file);
  const wardPolygons = new Map<string, PolygonRings[]>();
  if (resolvedLevel === 'ward') {
    for (const [code, entry] of byCode) wardPolygons.set(code, entry.polygons);
  } else {
    const lookup = resolvedLevel === 'lsoa11' ? geography.lsoa11ToWard : geography.lsoa21ToWard;
    const parts = new Map<string, PolygonRings[]>();
    for (const [code, entry] of byCode) {
      const ward = lookup.get(code) as string;
      parts.set(ward, [...(parts.get(ward) ?? []), ...entry.polygons]);
    }
    for (const [ward, polygons] of parts) wardPolygons.set(ward, dissolvePolygons(polygons));
  }
  const missing = geography.wards.filter((ward) => !wardPolygons.has(ward.code));
  if (missing.length > 0) {
    throw new BoundaryFileError(`${file}: has no boundary for ${missing.length} of the city's ${geography.wards.length} wards: ${missing.map((ward) => `${ward.code} ${ward.name}`).join(', ')}`);
  }
  return {
    file: basename(file),
    sha256: createHash('sha256').update(text).digest('hex'),
    codeProperty,
    level: resolvedLevel,
    attribution: options.attribution ?? ONS_BOUNDARY_ATTRIBUTION,
    wards: geography.wards.map((ward) => ({ code: ward.code, polygons: wardPolygons.get(ward.code) as PolygonRings[] })),
  };
}

/** Reads a boundary file from disk; a missing file is named in the error. */
export function readBoundaryFile(filePath: string, geography: Geography, options: BoundaryReadOptions = {}): WardBoundaries {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch {
    throw new BoundaryFileError(`${filePath}: the boundary file cannot be read`);
  }
  return parseBoundaries(text, filePath, geography, options);
}

/** The shipped ward boundaries, checked against the geography (the engine does this when it starts). */
export function loadDefaultBoundaries(geography: Geography, referenceDirectory: string = DEFAULT_REFERENCE_DIRECTORY): WardBoundaries {
  const boundaries = readBoundaryFile(join(referenceDirectory, DEFAULT_BOUNDARY_FILE), geography, { codeProperty: 'ward_code' });
  return { ...boundaries, file: DEFAULT_BOUNDARY_FILE };
}

export const DEFAULT_LOCALITY_BOUNDARY_FILE = 'birmingham_localities.geojson';

let shippedLocalities: ReadonlyMap<string, readonly PolygonRings[]> | null = null;

/**
 * The ten localities as the true union of their wards (reference/birmingham_localities.geojson, C1), for a
 * run on the shipped wards and the shipped ward→locality map: the dissolve of simplified wards leaves
 * hairline slivers where neighbours' simplified boundaries part, the union made before simplifying does not.
 */
function shippedLocalityShapes(referenceDirectory: string = DEFAULT_REFERENCE_DIRECTORY): ReadonlyMap<string, readonly PolygonRings[]> {
  if (shippedLocalities !== null) return shippedLocalities;
  const file = join(referenceDirectory, DEFAULT_LOCALITY_BOUNDARY_FILE);
  const document = JSON.parse(readFileSync(file, 'utf8')) as { features?: { properties?: { locality?: unknown }; geometry?: unknown }[] };
  const shapes = new Map<string, readonly PolygonRings[]>();
  (document.features ?? []).forEach((feature, index) => {
    const name = feature.properties?.locality;
    if (typeof name !== 'string') throw new BoundaryFileError(`${file}: feature ${index + 1} has no locality`);
    shapes.set(name, polygonsOf(feature.geometry, `${file}: feature ${index + 1} (${name})`));
  });
  shippedLocalities = shapes;
  return shapes;
}

/**
 * The window's and the report's shapes: the wards with names and localities from the run's ward list, and
 * each locality dissolved from its wards under that list (a moved ward moves with it). On the shipped wards
 * under the shipped map, the localities are the reference union instead, which has no slivers.
 */
export function mapBoundaries(
  boundaries: Pick<WardBoundaries, 'file' | 'sha256' | 'attribution' | 'wards'>,
  wards: readonly { readonly code: string; readonly name: string; readonly locality: string }[],
): MapBoundaries {
  const shapeOf = new Map(boundaries.wards.map((ward) => [ward.code, ward.polygons]));
  const wardShapes: AreaShape[] = wards.map((ward) => ({ code: ward.code, name: ward.name, parent: ward.locality === '' ? null : ward.locality, polygons: shapeOf.get(ward.code) ?? [] }));
  const localityNames = [...new Set(wards.map((ward) => ward.locality).filter((locality) => locality !== ''))];
  const shipped = boundaries.file === DEFAULT_BOUNDARY_FILE;
  const union = shipped && usesShippedMap(wards) ? shippedLocalityShapes() : null;
  const localities: AreaShape[] = localityNames.map((locality) => ({
    code: locality,
    name: locality,
    parent: null,
    polygons: union?.get(locality) ?? dissolvePolygons(wardShapes.filter((ward) => ward.parent === locality).flatMap((ward) => ward.polygons)),
  }));
  return {
    source: shipped
      ? `ONS May 2018 ward boundaries (simplified to about 15 m); localities ${union === null ? 'dissolved from them by the run\'s ward→locality map' : 'as the union of their wards under the shipped ward→locality map'}.`
      : `${boundaries.file} (SHA-256 ${boundaries.sha256}); localities dissolved from its wards by the run's ward→locality map.`,
    attribution: boundaries.attribution,
    wards: wardShapes,
    localities,
  };
}

let shippedMap: ReadonlyMap<string, string> | null = null;

/** True when every ward is in the locality the shipped wards.csv gives it (no recipe moved one). */
function usesShippedMap(wards: readonly { readonly code: string; readonly locality: string }[]): boolean {
  shippedMap ??= loadDefaultGeography().localityMap.localityOf;
  const reference = shippedMap;
  return wards.length === reference.size && wards.every((ward) => reference.get(ward.code) === ward.locality);
}
