import { describe, expect, it } from 'vitest';
import { parseSpecification } from '../../../shared/spec';
import { editedMapping, mappingProblems } from './mapping-edits';

const spec = parseSpecification({
  id: 'register',
  title: 'Register',
  version: '1',
  agency: 'NHS',
  fields: [
    { name: 'nhs_number', title: 'NHS number', type: 'string', required: true, personalData: 'direct-identifier' },
    { name: 'sex', title: 'Sex', type: 'string', personalData: 'none' },
    { name: 'date_of_birth', title: 'Date of birth', type: 'date', required: true, personalData: 'quasi-identifier' },
  ],
});

const suggestion = {
  specId: 'register',
  columns: [
    { sourceLabel: 'NHS No', field: 'nhs_number', confidence: 1, reason: 'synonym' as const },
    { sourceLabel: 'Gender', field: null, confidence: 0, reason: 'none' as const },
    { sourceLabel: 'Birth', field: 'date_of_birth', confidence: 0.6, reason: 'similar-name' as const },
  ],
};

describe('editedMapping', () => {
  it('applies the officer’s changes over the suggestion, including leaving a column out', () => {
    const mapping = editedMapping(suggestion, new Map([['Gender', 'sex'], ['Birth', null]]));
    expect(mapping).toEqual({
      specId: 'register',
      columns: [
        { sourceLabel: 'NHS No', field: 'nhs_number' },
        { sourceLabel: 'Gender', field: 'sex' },
        { sourceLabel: 'Birth', field: null },
      ],
    });
  });
});

describe('mappingProblems', () => {
  it('names required fields left unmapped and fields fed twice', () => {
    const mapping = editedMapping(suggestion, new Map([['Gender', 'nhs_number'], ['Birth', null]]));
    expect(mappingProblems(spec, mapping)).toEqual({ requiredUnmapped: ['Date of birth'], mappedTwice: ['NHS number'] });
  });

  it('finds nothing wrong with the full suggestion', () => {
    expect(mappingProblems(spec, editedMapping(suggestion, new Map([['Gender', 'sex']])))).toEqual({ requiredUnmapped: [], mappedTwice: [] });
  });
});
