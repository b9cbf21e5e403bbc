/**
 * The city's geography as one immutable value: wards, the ten early-help localities, LSOA best-fit lookups
 * and the ward→locality map. The map is data, not code: published assignments disagree for six split wards
 * (reference/README.md, caveat 2), so a recipe can override it and every output can cite where it came from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from './csv';
import { normaliseWardName, orderInsensitiveWardName, WARD_NAME_ALIASES } from './ward-names';

export interface Ward {
  readonly code: string;
  readonly name: string;
  /** The single constituency the default (BSOL ICS) assignment gives the ward. */
  readonly constituencyCode: string;
  /** True when ONS lists the ward as overlapping more than one constituency. */
  readonly splitAcrossConstituencies: boolean;
  readonly intersectingConstituencyCodes: readonly string[];
}

export interface Locality {
  /** Short name, e.g. "Perry Barr"; the key used everywhere else. */
  readonly name: string;
  readonly constituencyCode: string;
  readonly constituencyName: string;
}

export interface LocalityMap {
  /** Ward code → locality name, for all 69 wards. */
  readonly localityOf: ReadonlyMap<string, string>;
  /** Where the assignment comes from, to print beside every output that uses it. */
  readonly source: string;
  /** Ward code → locality for the wards a recipe moved away from the default. */
  readonly overrides: Readonly<Record<string, string>>;
}

export interface Geography {
  readonly wards: readonly Ward[];
  readonly wardByCode: ReadonlyMap<string, Ward>;
  readonly localities: readonly Locality[];
  readonly lsoa11ToWard: ReadonlyMap<string, string>;
  readonly lsoa21ToWard: ReadonlyMap<string, string>;
  readonly localityMap: LocalityMap;
  /** Normalised ward name (both as written and with its parts reordered, plus aliases) → ward code. */
  readonly wardCodeByNormalisedName: ReadonlyMap<string, string>;
}

/** The CSV texts a Geography is built from; file names as in reference/. */
export interface ReferenceFiles {
  readonly wardsCsv: string;
  readonly constituenciesCsv: string;
  readonly lsoa11WardCsv: string;
  readonly lsoa21WardCsv: string;
}

export const DEFAULT_LOCALITY_SOURCE =
  'Birmingham and Solihull ICS ward list (BSol.mapR, data/BSol_ward_info.xlsx, sheet ward_list, 2023): each ward ' +
  'assigned to one 2010–2024 constituency; early-help localities taken to be those ten constituencies. Six split ' +
  'wards are disputed (Bordesley Green, King\'s Norton North, North Edgbaston, Small Heath, Tyseley & Hay Mills, ' +
  'Weoley & Selly Oak): see geography/reference/README.md, caveat 2.';

export interface DisputedWard {
  readonly wardCode: string;
  readonly wardName: string;
  /** The locality holding most of the ward's population by the reference README's overlay of LSOA points. */
  readonly majorityPopulationLocality: string;
  readonly note: string;
}

/** The six wards whose default locality differs from where most of their population lives (README caveat 2). */
export const DISPUTED_WARDS: readonly DisputedWard[] = [
  { wardCode: 'E05011127', wardName: 'Bordesley Green', majorityPopulationLocality: 'Ladywood', note: 'Ladywood holds about 55% of the population.' },
  { wardCode: 'E05011148', wardName: "King's Norton North", majorityPopulationLocality: 'Northfield', note: 'Northfield holds about 100% of the population.' },
  { wardCode: 'E05011157', wardName: 'North Edgbaston', majorityPopulationLocality: 'Ladywood', note: 'Split about 48/52 with Ladywood by population.' },
  { wardCode: 'E05011167', wardName: 'Small Heath', majorityPopulationLocality: 'Hodge Hill', note: 'Hodge Hill holds about 83% of the population.' },
  { wardCode: 'E05011182', wardName: 'Tyseley & Hay Mills', majorityPopulationLocality: 'Yardley', note: 'Yardley holds about 100% of the population.' },
  { wardCode: 'E05011184', wardName: 'Weoley & Selly Oak', majorityPopulationLocality: 'Northfield', note: 'Northfield holds about 71% of the population.' },
];

/** Overrides that move each disputed ward to its majority-population locality, ready for withLocalityOverrides. */
export function majorityPopulationOverrides(): Record<string, string> {
  return Object.fromEntries(DISPUTED_WARDS.map((ward) => [ward.wardCode, ward.majorityPopulationLocality]));
}

function required(record: Record<string, string>, column: string, file: string): string {
  const value = record[column]?.trim();
  if (!value) throw new Error(`${file}: a row has no ${column}`);
  return value;
}

function lsoaLookup(csv: string, codeColumn: string, file: string, wardCodes: ReadonlySet<string>): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const record of parseCsvRecords(csv)) {
    const wardCode = required(record, 'ward_code', file);
    if (!wardCodes.has(wardCode)) throw new Error(`${file}: ward ${wardCode} is not one of the city's wards`);
    lookup.set(required(record, codeColumn, file), wardCode);
  }
  return lookup;
}

function indexWardNames(wards: readonly Ward[]): Map<string, string> {
  const index = new Map<string, string>();
  const add = (name: string, code: string): void => {
    const normalised = normaliseWardName(name);
    for (const key of [normalised, orderInsensitiveWardName(normalised)]) {
      const existing = index.get(key);
      if (existing !== undefined && existing !== code) throw new Error(`Ward name "${name}" is ambiguous`);
      index.set(key, code);
    }
  };
  for (const ward of wards) add(ward.name, ward.code);
  for (const [alias, code] of Object.entries(WARD_NAME_ALIASES)) add(alias, code);
  return index;
}

/** Builds a Geography from the reference CSV texts, checking that every lookup points at a known ward. */
export function buildGeography(files: ReferenceFiles): Geography {
  const localities: Locality[] = parseCsvRecords(files.constituenciesCsv).map((record) => ({
    name: required(record, 'locality', 'constituencies.csv'),
    constituencyCode: required(record, 'constituency_code', 'constituencies.csv'),
    constituencyName: required(record, 'constituency_name', 'constituencies.csv'),
  }));
  const localityNames = new Set(localities.map((locality) => locality.name));

  const localityOf = new Map<string, string>();
  const wards: Ward[] = parseCsvRecords(files.wardsCsv).map((record) => {
    const code = required(record, 'ward_code', 'wards.csv');
    const locality = required(record, 'locality', 'wards.csv');
    if (!localityNames.has(locality)) throw new Error(`wards.csv: ward ${code} names unknown locality "${locality}"`);
    localityOf.set(code, locality);
    return {
      code,
      name: required(record, 'ward_name', 'wards.csv'),
      constituencyCode: required(record, 'constituency_code', 'wards.csv'),
      splitAcrossConstituencies: record['ward_split_across_constituencies']?.trim() === 'Y',
      intersectingConstituencyCodes: (record['ons_intersecting_constituency_codes'] ?? '')
        .split(';')
        .map((code) => code.trim())
        .filter((code) => code !== ''),
    };
  });
  const wardByCode = new Map(wards.map((ward) => [ward.code, ward]));
  const wardCodes = new Set(wardByCode.keys());

  return {
    wards,
    wardByCode,
    localities,
    lsoa11ToWard: lsoaLookup(files.lsoa11WardCsv, 'lsoa11_code', 'lsoa11_ward.csv', wardCodes),
    lsoa21ToWard: lsoaLookup(files.lsoa21WardCsv, 'lsoa21_code', 'lsoa21_ward.csv', wardCodes),
    localityMap: { localityOf, source: DEFAULT_LOCALITY_SOURCE, overrides: {} },
    wardCodeByNormalisedName: indexWardNames(wards),
  };
}

/** The reference folder beside this module; pass another directory when the files are packaged elsewhere. */
export const DEFAULT_REFERENCE_DIRECTORY = fileURLToPath(new URL('./reference/', import.meta.url));

/** Reads the shipped reference CSVs (synchronously: they total about 100 kB) into a Geography. */
export function loadDefaultGeography(referenceDirectory: string = DEFAULT_REFERENCE_DIRECTORY): Geography {
  const read = (file: string): string => readFileSync(join(referenceDirectory, file), 'utf8');
  return buildGeography({
    wardsCsv: read('wards.csv'),
    constituenciesCsv: read('constituencies.csv'),
    lsoa11WardCsv: read('lsoa11_ward.csv'),
    lsoa21WardCsv: read('lsoa21_ward.csv'),
  });
}

/** Looks a ward up by code or by any accepted spelling of its name. */
export function findWardCode(geography: Geography, codeOrName: string): string | undefined {
  const trimmed = codeOrName.trim().toUpperCase();
  if (geography.wardByCode.has(trimmed)) return trimmed;
  const normalised = normaliseWardName(codeOrName);
  return (
    geography.wardCodeByNormalisedName.get(normalised) ??
    geography.wardCodeByNormalisedName.get(orderInsensitiveWardName(normalised))
  );
}

/**
 * A copy of the geography with some wards moved to other localities. Keys may be ward codes or ward names;
 * values must be one of the ten locality names. Throws, naming every problem, when any entry is unknown,
 * so a mistyped recipe fails loudly instead of silently keeping the default.
 */
export function withLocalityOverrides(
  geography: Geography,
  overrides: Readonly<Record<string, string>>,
  sourceNote = 'recipe override',
): Geography {
  if (Object.keys(overrides).length === 0) return geography;
  const localityNames = new Set(geography.localities.map((locality) => locality.name));
  const problems: string[] = [];
  const resolved: Record<string, string> = { ...geography.localityMap.overrides };
  for (const [wardKey, locality] of Object.entries(overrides)) {
    const wardCode = findWardCode(geography, wardKey);
    if (wardCode === undefined) problems.push(`unknown ward "${wardKey}"`);
    if (!localityNames.has(locality)) problems.push(`unknown locality "${locality}" for ward "${wardKey}"`);
    if (wardCode !== undefined && localityNames.has(locality)) resolved[wardCode] = locality;
  }
  if (problems.length > 0) throw new Error(`Invalid locality overrides: ${problems.join('; ')}`);

  const localityOf = new Map(geography.localityMap.localityOf);
  for (const [wardCode, locality] of Object.entries(resolved)) localityOf.set(wardCode, locality);
  const moved = Object.entries(overrides)
    .map(([wardKey, locality]) => `${geography.wardByCode.get(findWardCode(geography, wardKey) ?? '')?.name} → ${locality}`)
    .join(', ');
  return {
    ...geography,
    localityMap: {
      localityOf,
      source: `${geography.localityMap.source} Overridden (${sourceNote}): ${moved}.`,
      overrides: resolved,
    },
  };
}

/** The locality of a ward under the geography's current map. */
export function localityOfWard(geography: Geography, wardCode: string): string | undefined {
  return geography.localityMap.localityOf.get(wardCode);
}
