import { describe, expect, it } from 'vitest';
import { parseSpecification, type SpecificationInput } from './spec';
import { describeChange, diffSpecifications } from './spec-diff';

const version1: SpecificationInput = {
  id: 'youth-service-contacts',
  title: 'Youth service contacts',
  version: '1.0',
  agency: 'Youth service',
  fields: [
    { name: 'client_ref', title: 'Client ref', type: 'string', identifier: 'local-id', personalData: 'direct-identifier', required: true },
    { name: 'contact_type', title: 'Contact type', type: 'code', personalData: 'none', codes: [{ code: 'Face to face' }, { code: 'Phone' }] },
    { name: 'notes', title: 'Notes', type: 'string', personalData: 'none' },
  ],
};

describe('diffSpecifications', () => {
  it('finds nothing between a specification and itself', () => {
    const spec = parseSpecification(version1);
    expect(diffSpecifications(spec, parseSpecification(structuredClone(version1)))).toEqual([]);
  });

  it('names each added and removed field and each changed property, of the specification and of its fields', () => {
    const before = parseSpecification(version1);
    const after = parseSpecification({
      ...version1,
      version: '1.1',
      fields: [
        { ...version1.fields[0]!, required: false, synonyms: ['Client reference'] },
        { ...version1.fields[1]!, codes: [{ code: 'Face to face' }, { code: 'Phone' }, { code: 'Online' }] },
        { name: 'contact_date', title: 'Contact date', type: 'date', personalData: 'none', notInFuture: true },
      ],
    });
    const lines = diffSpecifications(before, after).map(describeChange);
    expect(lines).toEqual([
      'Specification: version changed from 1.0 to 1.1',
      'Field notes removed',
      'client_ref: required changed from yes to no',
      'client_ref: synonyms changed from (none) to Client reference',
      'contact_type: codes changed from Face to face, Phone to Face to face, Phone, Online',
      'Field contact_date added',
    ]);
  });

  it('sees a bound or a pattern appear, and a header hint change', () => {
    const before = parseSpecification(version1);
    const after = parseSpecification({ ...version1, header: { sheet: 'Contacts' }, fields: [{ ...version1.fields[0]!, pattern: 'CR\\d+' }, version1.fields[1]!, version1.fields[2]!] });
    expect(diffSpecifications(before, after).map(describeChange)).toEqual([
      'Specification: header changed from (none) to sheet Contacts',
      'client_ref: pattern changed from (none) to CR\\d+',
    ]);
  });
});
