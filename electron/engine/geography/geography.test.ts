import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import {
  DISPUTED_WARDS,
  findWardCode,
  loadDefaultGeography,
  majorityPopulationOverrides,
  withLocalityOverrides,
} from './geography';
import { normalisePostcode, parsePostcodeLookupCsv, postcodeDistrict } from './postcode';
import { resolveArea } from './resolve-area';
import { UnresolvedTally } from './unresolved';
import { normaliseWardName } from './ward-names';

const geography = loadDefaultGeography();

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and CRLF line ends', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n1,2,3\r\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', '2', '3'],
    ]);
  });
});

describe('loadDefaultGeography', () => {
  it('holds the reference counts: 69 wards, 10 localities, 639 LSOA11 and 659 LSOA21', () => {
    expect(geography.wards).toHaveLength(69);
    expect(geography.localities).toHaveLength(10);
    expect(geography.lsoa11ToWard.size).toBe(639);
    expect(geography.lsoa21ToWard.size).toBe(659);
    expect(geography.localityMap.localityOf.size).toBe(69);
  });

  it('assigns the eight Sutton wards to Sutton Coldfield and cites its source', () => {
    const sutton = geography.wards.filter((ward) => geography.localityMap.localityOf.get(ward.code) === 'Sutton Coldfield');
    expect(sutton.map((ward) => ward.name).every((name) => name.startsWith('Sutton '))).toBe(true);
    expect(sutton).toHaveLength(8);
    expect(geography.localityMap.source).toContain('BSol.mapR');
  });

  it('lists six disputed wards, each of them split across constituencies', () => {
    expect(DISPUTED_WARDS).toHaveLength(6);
    for (const disputed of DISPUTED_WARDS) {
      const ward = geography.wardByCode.get(disputed.wardCode);
      expect(ward?.name).toBe(disputed.wardName);
      expect(ward?.splitAcrossConstituencies).toBe(true);
      expect(geography.localityMap.localityOf.get(disputed.wardCode)).not.toBe(disputed.majorityPopulationLocality);
    }
  });
});

describe('normaliseWardName and findWardCode', () => {
  it('treats "&", "and", case and punctuation alike', () => {
    const spellings = ['Bordesley & Highgate', 'Bordesley and Highgate', 'BORDESLEY AND HIGHGATE', ' bordesley-&-highgate. '];
    expect(new Set(spellings.map(normaliseWardName)).size).toBe(1);
    for (const spelling of spellings) expect(findWardCode(geography, spelling)).toBe('E05011126');
  });

  it("finds wards written without apostrophes, in another order, or by their old village names", () => {
    expect(findWardCode(geography, 'Kings Norton North')).toBe('E05011148');
    expect(findWardCode(geography, "KING'S NORTON NTH")).toBe('E05011148');
    expect(findWardCode(geography, 'Yardley West and Stechford')).toBe('E05011186');
    expect(findWardCode(geography, 'Stechford & Yardley West')).toBe('E05011186');
    expect(findWardCode(geography, 'Nechells')).toBe('E05011155');
    expect(findWardCode(geography, 'Four Oaks')).toBe('E05011174');
    expect(findWardCode(geography, 'Highters Heath Ward')).toBe('E05011146');
  });

  it('does not guess at names that are not wards', () => {
    expect(findWardCode(geography, 'Yardley')).toBeUndefined();
    expect(findWardCode(geography, 'Solihull')).toBeUndefined();
  });
});

describe('withLocalityOverrides', () => {
  it('moves named wards, keeps the rest, and records the change in the source note', () => {
    const overridden = withLocalityOverrides(geography, majorityPopulationOverrides(), 'majority population');
    expect(overridden.localityMap.localityOf.get('E05011148')).toBe('Northfield');
    expect(overridden.localityMap.localityOf.get('E05011118')).toBe('Yardley');
    expect(overridden.localityMap.source).toContain('majority population');
    expect(geography.localityMap.localityOf.get('E05011148')).toBe('Selly Oak');
  });

  it('accepts ward names as keys', () => {
    const overridden = withLocalityOverrides(geography, { 'Small Heath': 'Hodge Hill' });
    expect(overridden.localityMap.overrides).toEqual({ E05011167: 'Hodge Hill' });
  });

  it('rejects unknown wards and localities, naming each', () => {
    expect(() => withLocalityOverrides(geography, { E05999999: 'Yardley', Nechells: 'Solihull' })).toThrow(
      /unknown ward "E05999999".*unknown locality "Solihull"/,
    );
  });
});

describe('postcodes', () => {
  it('normalises spacing and case, and finds the district', () => {
    expect(normalisePostcode(' b12  9qt ')).toBe('B12 9QT');
    expect(normalisePostcode('B129QT')).toBe('B12 9QT');
    expect(normalisePostcode('B12')).toBeNull();
    expect(postcodeDistrict('B12 9QT')).toBe('B12');
    expect(postcodeDistrict('b1 1bb')).toBe('B1');
    expect(postcodeDistrict('B12')).toBe('B12');
    expect(postcodeDistrict('not a postcode')).toBeNull();
  });

  it('reads an ONSPD-style extract and skips malformed rows', () => {
    const lookup = parsePostcodeLookupCsv('PCDS,oslaua,LSOA21CD,lsoa11cd\nB12 9QT,E08000025,E01008881,E01008881\nnope,,,\n');
    expect(lookup.size).toBe(1);
    expect(lookup.skippedRows).toBe(1);
    expect(lookup.find('b129qt')).toEqual({ lsoa21: 'E01008881', lsoa11: 'E01008881' });
  });

  it('refuses a lookup without an LSOA column', () => {
    expect(() => parsePostcodeLookupCsv('pcds,osward\nB12 9QT,E05011186\n')).toThrow(/no LSOA column/);
  });
});

describe('resolveArea', () => {
  const lookup = parsePostcodeLookupCsv('pcds,lsoa21cd\nB12 9QT,E01008881\nCV1 1AA,E01009999\n');

  it('resolves each kind of field', () => {
    expect(resolveArea({ lsoa11: 'E01008882' }, geography)).toEqual({ ok: true, wardCode: 'E05011182', locality: 'Hall Green', via: 'lsoa11' });
    expect(resolveArea({ lsoa21: 'e01008881' }, geography)).toMatchObject({ ok: true, wardCode: 'E05011186', via: 'lsoa21' });
    expect(resolveArea({ lsoa: 'E01008881' }, geography)).toMatchObject({ ok: true, via: 'lsoa' });
    expect(resolveArea({ wardCode: 'e05011155' }, geography)).toMatchObject({ ok: true, wardCode: 'E05011155', locality: 'Ladywood' });
    expect(resolveArea({ wardName: 'SOHO AND JEWELLERY QUARTER' }, geography)).toMatchObject({ ok: true, via: 'ward-name' });
    expect(resolveArea({ postcode: 'b12 9qt' }, geography, lookup)).toMatchObject({ ok: true, wardCode: 'E05011186', via: 'postcode' });
  });

  it('prefers a stated ward code over an LSOA best fit', () => {
    expect(resolveArea({ wardCode: 'E05011155', lsoa11: 'E01008882' }, geography)).toMatchObject({ wardCode: 'E05011155', via: 'ward-code' });
  });

  it('falls through a field that does not resolve to the next one', () => {
    expect(resolveArea({ wardName: 'Somewhere', lsoa11: 'E01008882' }, geography)).toMatchObject({ ok: true, via: 'lsoa11' });
  });

  it('follows the locality map in force', () => {
    const overridden = withLocalityOverrides(geography, { 'Tyseley & Hay Mills': 'Yardley' });
    expect(resolveArea({ lsoa11: 'E01008882' }, overridden)).toMatchObject({ locality: 'Yardley' });
  });

  it('gives a reason for every failure', () => {
    expect(resolveArea({}, geography)).toEqual({ ok: false, reason: 'missing' });
    expect(resolveArea({ lsoa11: '  ', wardName: '' }, geography)).toEqual({ ok: false, reason: 'missing' });
    expect(resolveArea({ lsoa11: 'E0100' }, geography)).toEqual({ ok: false, reason: 'unknown-lsoa' });
    expect(resolveArea({ lsoa11: 'E01000001' }, geography)).toEqual({ ok: false, reason: 'outside-birmingham' });
    expect(resolveArea({ wardCode: 'E05000001' }, geography)).toEqual({ ok: false, reason: 'unknown-ward-code' });
    expect(resolveArea({ wardName: 'Narnia' }, geography)).toEqual({ ok: false, reason: 'unknown-ward-name' });
    expect(resolveArea({ postcode: 'B12 9QT' }, geography)).toEqual({ ok: false, reason: 'no-postcode-lookup' });
    expect(resolveArea({ postcode: 'B99 9ZZ' }, geography, lookup)).toEqual({ ok: false, reason: 'unknown-postcode' });
    expect(resolveArea({ postcode: 'CV1 1AA' }, geography, lookup)).toEqual({ ok: false, reason: 'outside-birmingham' });
    expect(resolveArea({ wardName: 'Narnia', lsoa21: 'E01000001' }, geography)).toEqual({ ok: false, reason: 'outside-birmingham' });
  });
});

describe('UnresolvedTally', () => {
  it('counts per source and reason and keeps a bounded list of row references', () => {
    const tally = new UnresolvedTally(2);
    tally.addUnresolved('police', 'missing', 'row 2');
    tally.addUnresolved('police', 'missing', 'row 3');
    tally.addUnresolved('police', 'missing', 'row 4');
    tally.addUnresolved('health', 'unknown-lsoa', 'row 9');
    tally.addResolved('police');
    expect(tally.totalUnresolved).toBe(4);
    expect(tally.groupsBySource()).toEqual([
      { source: 'health', reason: 'unknown-lsoa', count: 1, examples: ['row 9'] },
      { source: 'police', reason: 'missing', count: 3, examples: ['row 2', 'row 3'] },
    ]);
    expect(tally.summaryBySource()).toEqual([
      { source: 'health', resolved: 0, unresolved: 1, unresolvedShare: 1 },
      { source: 'police', resolved: 1, unresolved: 3, unresolvedShare: 0.75 },
    ]);
  });
});
