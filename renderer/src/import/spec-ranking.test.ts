import { describe, expect, it } from 'vitest';
import { parseSpecification, type Specification } from '../../../shared/spec';
import { bestFit, rankFits, specFit } from './spec-ranking';

function spec(id: string, fields: { name: string; required?: boolean }[]): Specification {
  return parseSpecification({
    id,
    title: id,
    version: '1',
    agency: 'Test',
    fields: fields.map((field) => ({ name: field.name, title: field.name, type: 'string', required: field.required ?? false, personalData: 'none' })),
  });
}

const register = spec('register', [{ name: 'nhs_number', required: true }, { name: 'date_of_birth', required: true }, { name: 'sex' }]);
const census = spec('census', [{ name: 'upn', required: true }, { name: 'date_of_birth' }, { name: 'sex' }, { name: 'school' }, { name: 'year_group' }]);

const column = (sourceLabel: string, field: string | null, confidence: number) => ({ sourceLabel, field, confidence, reason: field === null ? ('none' as const) : ('name' as const) });

describe('specFit', () => {
  it('spreads the engine’s confidences over the larger of file columns and spec fields', () => {
    const fit = specFit(register, { specId: 'register', columns: [column('NHS No', 'nhs_number', 1), column('DOB', 'date_of_birth', 0.9), column('Sex', 'sex', 0.8)] });
    expect(fit.score).toBeCloseTo(0.9);
    expect(fit).toMatchObject({ mappedColumns: 3, requiredUnmapped: 0 });
  });

  it('counts required fields no column feeds', () => {
    const fit = specFit(census, { specId: 'census', columns: [column('NHS No', null, 0), column('DOB', 'date_of_birth', 1), column('Sex', 'sex', 1)] });
    expect(fit.requiredUnmapped).toBe(1);
    expect(fit.score).toBeCloseTo(2 / 5);
  });
});

describe('rankFits and bestFit', () => {
  const fits = [
    { specId: 'census', score: 0.95, mappedColumns: 4, requiredUnmapped: 1 },
    { specId: 'register', score: 0.7, mappedColumns: 3, requiredUnmapped: 0 },
    { specId: 'survey', score: 0, mappedColumns: 0, requiredUnmapped: 0 },
  ];

  it('puts specifications whose required fields are all mapped first', () => {
    expect(rankFits(fits).map((fit) => fit.specId)).toEqual(['register', 'survey', 'census']);
  });

  it('never suggests a specification that maps no column', () => {
    expect(bestFit(fits)?.specId).toBe('register');
    expect(bestFit([fits[2]!])).toBeNull();
  });
});
