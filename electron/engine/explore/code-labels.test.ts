import { describe, expect, it } from 'vitest';
import { getSpecification } from '../specs/registry';
import { codeLabelsOf } from './code-labels';

describe('labels for the codes in a table', () => {
  it("takes a code column's labels from the specification the table was imported with", () => {
    const senField = getSpecification('education-school-census').fields.find((field) => field.name === 'sen_provision');
    const labels = codeLabelsOf([{ name: 'sen_provision', type: 'VARCHAR' }, { name: 'upn_pseudonym', type: 'VARCHAR' }], 'education-school-census');
    expect(Object.keys(labels)).toEqual(['sen_provision']);
    for (const code of senField?.codes ?? []) if (code.label !== '' && code.label !== code.code) expect(labels.sen_provision?.[code.code]).toBe(code.label);
    expect(Object.keys(labels.sen_provision ?? {}).length).toBeGreaterThan(1);
  });

  it('names the wards of any text column named as a ward, with or without a specification', () => {
    const labels = codeLabelsOf([{ name: 'home_ward_cd', type: 'VARCHAR' }, { name: 'ward_count', type: 'BIGINT' }, { name: 'Ward', type: 'VARCHAR' }], null);
    expect(labels.home_ward_cd?.E05011118).toBe(labels.Ward?.E05011118);
    expect(Object.keys(labels.home_ward_cd ?? {})).toHaveLength(69);
    expect(labels.ward_count).toBeUndefined();
  });

  it('keeps bare codes for a specification this build does not ship', () => {
    expect(codeLabelsOf([{ name: 'sen_provision', type: 'VARCHAR' }], 'a-partner-own-spec')).toEqual({});
  });
});
