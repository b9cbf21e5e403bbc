import { describe, expect, it } from 'vitest';
import { recipeSchema } from '../../../shared/recipe';
import { fileNameOf, recipeSourceFor, recipeSourceText, sourceIdFor } from './recipe-source';

const mapping = { specId: 'education-ehc-plans', columns: [{ sourceLabel: 'UPN', field: 'upn' }, { sourceLabel: 'Notes', field: null }] };

describe('fileNameOf', () => {
  it('takes the last part of POSIX and Windows paths', () => {
    expect(fileNameOf('/home/officer/extracts/ehc.csv')).toBe('ehc.csv');
    expect(fileNameOf('C:\\Users\\officer\\ehc plans.xlsx')).toBe('ehc plans.xlsx');
  });
});

describe('sourceIdFor', () => {
  it('makes a snake_case id that starts with a letter', () => {
    expect(sourceIdFor('Education_EHC_Plans')).toBe('education_ehc_plans');
    expect(sourceIdFor('2024_census')).toBe('census');
    expect(sourceIdFor('___')).toBe('source');
  });
});

describe('recipeSourceFor', () => {
  it('produces a source entry the recipe schema accepts', () => {
    const source = recipeSourceFor({ table: 'education_ehc_plans', filePath: '/x/ehc.csv', sheet: 'ehc', headerRow: null, specId: 'education-ehc-plans', mapping });
    expect(source).toEqual({ id: 'education_ehc_plans', file: 'ehc.csv', sheet: 'ehc', spec: 'education-ehc-plans', mapping });
    const recipe = recipeSchema.safeParse({
      version: 1,
      title: 't',
      referenceDate: '2024-06-30',
      sources: [source],
    });
    const sourceIssues = recipe.success ? [] : recipe.error.issues.filter((issue) => issue.path[0] === 'sources');
    expect(sourceIssues).toEqual([]);
  });

  it('leaves the sheet out when there is none and prints indented JSON', () => {
    const text = recipeSourceText({ table: 'ehc', filePath: 'ehc.csv', sheet: null, headerRow: 3, specId: 'education-ehc-plans', mapping });
    expect(JSON.parse(text)).not.toHaveProperty('sheet');
    expect(JSON.parse(text)).toHaveProperty('headerRow', 3);
    expect(text).toContain('\n  "id": "ehc"');
  });
});
