/**
 * The geography an import checks and resolves against, built once from the reference files that ship with
 * the engine. Validation (foreign keys) and resolution (ward_code) use the same Geography, so a ward name
 * the resolver accepts ("Kings Norton North") is never reported as unknown by the validator.
 */
import { findWardCode, loadDefaultGeography, type Geography } from '../geography';
import { normaliseWardName, type GeographyLookups } from './lookups';

/** A set of normalised ward names that also accepts every spelling the geography's resolver knows. */
class WardNameSet extends Set<string> {
  constructor(
    names: Iterable<string>,
    private readonly geography: Geography,
  ) {
    super(names);
  }

  override has(normalisedName: string): boolean {
    return super.has(normalisedName) || findWardCode(this.geography, normalisedName) !== undefined;
  }
}

export function lookupsFromGeography(geography: Geography): GeographyLookups {
  return {
    lsoa11: new Set(geography.lsoa11ToWard.keys()),
    lsoa21: new Set(geography.lsoa21ToWard.keys()),
    wardCodes: new Set(geography.wardByCode.keys()),
    wardNames: new WardNameSet(
      geography.wards.map((ward) => normaliseWardName(ward.name)),
      geography,
    ),
  };
}

export interface ReferenceData {
  readonly geography: Geography;
  readonly lookups: GeographyLookups;
}

let shipped: ReferenceData | undefined;

/** The shipped reference geography, read on first use (about 100 kB of CSV). */
export function defaultReferenceData(): ReferenceData {
  if (shipped === undefined) {
    const geography = loadDefaultGeography();
    shipped = { geography, lookups: lookupsFromGeography(geography) };
  }
  return shipped;
}
