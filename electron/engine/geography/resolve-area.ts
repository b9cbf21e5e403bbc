/**
 * Resolves one record to ward and locality from whatever geography it carries.
 *
 * Precedence (first field that resolves wins):
 *   1. ward code: the partner's own statement of the ward, usually geocoded from the full address;
 *   2. ward name: the same statement in words, matched through normaliseWardName and the alias list;
 *   3. LSOA 2021 code, 4. LSOA 2011 code, 5. an LSOA code of unknown vintage (2021 table tried first):
 *      exact codes, but the LSOA→ward lookups are ONS best-fit, so they rank below a stated ward;
 *   6. postcode, through the user's postcode lookup (its ward if given, else its LSOA).
 * Blank fields count as absent. When nothing resolves, the reason reported is "outside-birmingham" if any
 * field places the record elsewhere (a well-formed LSOA code that is not one of the city's, or a postcode the
 * lookup puts outside the city), otherwise the reason of the highest-precedence field that was present.
 */
import { findWardCode, type Geography } from './geography';
import { normalisePostcode, type PostcodeLookup } from './postcode';

export interface AreaFields {
  readonly lsoa11?: string | null;
  readonly lsoa21?: string | null;
  /** An LSOA code whose vintage (2011 or 2021) the source does not say. */
  readonly lsoa?: string | null;
  readonly wardCode?: string | null;
  readonly wardName?: string | null;
  readonly postcode?: string | null;
}

export type ResolvedVia = 'ward-code' | 'ward-name' | 'lsoa21' | 'lsoa11' | 'lsoa' | 'postcode';

export type UnresolvedReason =
  | 'missing'
  | 'unknown-lsoa'
  | 'unknown-ward-code'
  | 'unknown-ward-name'
  | 'unknown-postcode'
  | 'no-postcode-lookup'
  | 'outside-birmingham';

export type AreaResolution =
  | { readonly ok: true; readonly wardCode: string; readonly locality: string; readonly via: ResolvedVia }
  | { readonly ok: false; readonly reason: UnresolvedReason };

const WELL_FORMED_LSOA = /^[EW]01\d{6}$/;

type Attempt = { wardCode: string } | { reason: UnresolvedReason };

function present(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function lsoaAttempt(code: string, tables: readonly ReadonlyMap<string, string>[]): Attempt {
  const normalised = code.toUpperCase().replace(/\s+/g, '');
  for (const table of tables) {
    const wardCode = table.get(normalised);
    if (wardCode !== undefined) return { wardCode };
  }
  return { reason: WELL_FORMED_LSOA.test(normalised) ? 'outside-birmingham' : 'unknown-lsoa' };
}

function postcodeAttempt(postcode: string, geography: Geography, lookup: PostcodeLookup | undefined): Attempt {
  if (lookup === undefined) return { reason: 'no-postcode-lookup' };
  if (normalisePostcode(postcode) === null) return { reason: 'unknown-postcode' };
  const area = lookup.find(postcode);
  if (area === undefined) return { reason: 'unknown-postcode' };
  if (area.wardCode !== undefined && geography.wardByCode.has(area.wardCode)) return { wardCode: area.wardCode };
  const viaLsoa21 = area.lsoa21 === undefined ? undefined : geography.lsoa21ToWard.get(area.lsoa21);
  if (viaLsoa21 !== undefined) return { wardCode: viaLsoa21 };
  const viaLsoa11 = area.lsoa11 === undefined ? undefined : geography.lsoa11ToWard.get(area.lsoa11);
  if (viaLsoa11 !== undefined) return { wardCode: viaLsoa11 };
  return { reason: 'outside-birmingham' };
}

/** Resolves one record's area fields to a ward and its locality under the geography's current map. */
export function resolveArea(fields: AreaFields, geography: Geography, postcodeLookup?: PostcodeLookup): AreaResolution {
  const attempts: [ResolvedVia, () => Attempt][] = [];
  const wardCode = present(fields.wardCode);
  if (wardCode !== undefined) {
    attempts.push(['ward-code', () => {
      const code = wardCode.toUpperCase();
      return geography.wardByCode.has(code) ? { wardCode: code } : { reason: 'unknown-ward-code' };
    }]);
  }
  const wardName = present(fields.wardName);
  if (wardName !== undefined) {
    attempts.push(['ward-name', () => {
      const code = findWardCode(geography, wardName);
      return code !== undefined ? { wardCode: code } : { reason: 'unknown-ward-name' };
    }]);
  }
  const lsoa21 = present(fields.lsoa21);
  if (lsoa21 !== undefined) attempts.push(['lsoa21', () => lsoaAttempt(lsoa21, [geography.lsoa21ToWard])]);
  const lsoa11 = present(fields.lsoa11);
  if (lsoa11 !== undefined) attempts.push(['lsoa11', () => lsoaAttempt(lsoa11, [geography.lsoa11ToWard])]);
  const lsoa = present(fields.lsoa);
  if (lsoa !== undefined) {
    attempts.push(['lsoa', () => lsoaAttempt(lsoa, [geography.lsoa21ToWard, geography.lsoa11ToWard])]);
  }
  const postcode = present(fields.postcode);
  if (postcode !== undefined) attempts.push(['postcode', () => postcodeAttempt(postcode, geography, postcodeLookup)]);

  const reasons: UnresolvedReason[] = [];
  for (const [via, attempt] of attempts) {
    const outcome = attempt();
    if ('wardCode' in outcome) {
      const locality = geography.localityMap.localityOf.get(outcome.wardCode);
      if (locality === undefined) throw new Error(`Ward ${outcome.wardCode} has no locality in the current map`);
      return { ok: true, wardCode: outcome.wardCode, locality, via };
    }
    reasons.push(outcome.reason);
  }
  if (reasons.includes('outside-birmingham')) return { ok: false, reason: 'outside-birmingham' };
  return { ok: false, reason: reasons[0] ?? 'missing' };
}
