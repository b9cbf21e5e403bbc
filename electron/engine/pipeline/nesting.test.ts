import { describe, expect, it } from 'vitest';
import { parseRecipe, type Condition, type RecipeInput } from '../../../shared/recipe';
import { isSubsetCondition, nestedIndicatorPairs } from './nesting';

/** Red-team break 4 (issue 20): which indicators count a subset of another's people. */

const inNeed: Condition = { source: 'social_care', exists: true };
const lookedAfter: Condition = { source: 'social_care', field: 'looked_after', equals: true };
const police: Condition = { source: 'police_da', exists: true };

function recipe(indicators: RecipeInput['indicators']): ReturnType<typeof parseRecipe> {
  return parseRecipe({
    version: 1,
    title: 't',
    referenceDate: '2024-06-30',
    sources: [
      { id: 'social_care', file: 'a.csv', spec: 'a' },
      { id: 'police_da', file: 'b.csv', spec: 'b' },
      { id: 'census', file: 'c.csv', spec: 'c' },
    ],
    population: { source: 'census', sexField: 'sex', ageFields: { age_0: 0 } },
    village: { sexCategories: ['F', 'M'], ageBands: [{ label: 'all', min: 0, max: 17 }], partitions: ['sex'] },
    linkage: { sources: ['social_care', 'police_da', 'census'] },
    indicators,
  } satisfies RecipeInput);
}

const indicator = (id: string, numerator: Condition, extra: Record<string, unknown> = {}): NonNullable<RecipeInput['indicators']>[number] => ({
  id,
  name: id,
  description: id,
  ageRange: [0, 17],
  numerator,
  denominator: 'population',
  ...extra,
});

describe('isSubsetCondition', () => {
  it('follows the condition language: leaves within exists, allOf, anyOf and not', () => {
    expect(isSubsetCondition(lookedAfter, inNeed)).toBe(true);
    expect(isSubsetCondition(inNeed, lookedAfter)).toBe(false);
    expect(isSubsetCondition({ allOf: [inNeed, { not: lookedAfter }] }, inNeed)).toBe(true);
    expect(isSubsetCondition({ allOf: [police, lookedAfter] }, { anyOf: [inNeed, police] })).toBe(true);
    expect(isSubsetCondition(inNeed, { anyOf: [police, inNeed] })).toBe(true);
    expect(isSubsetCondition({ anyOf: [lookedAfter, police] }, inNeed)).toBe(false);
    expect(isSubsetCondition({ not: inNeed }, { not: lookedAfter })).toBe(true);
    expect(isSubsetCondition({ not: lookedAfter }, { not: inNeed })).toBe(false);
    expect(isSubsetCondition(police, inNeed)).toBe(false);
    expect(isSubsetCondition({ allOf: [lookedAfter, police] }, { allOf: [police, inNeed] })).toBe(true);
  });
});

describe('nestedIndicatorPairs', () => {
  it('relates child in need to looked after and to "not looked after", a partition of it', () => {
    const pairs = nestedIndicatorPairs(
      recipe([
        indicator('child_in_need', inNeed),
        indicator('looked_after', lookedAfter),
        indicator('in_need_not_looked_after', { allOf: [inNeed, { not: lookedAfter }] }),
        indicator('police', police),
        indicator('young_in_need', inNeed, { ageRange: [0, 4] }),
        indicator('estimated', lookedAfter, { denominator: { persons: inNeed }, estimate: 'rate-applied-to-population' }),
      ]),
    );
    expect(pairs).toEqual([
      { parent: 'child_in_need', child: 'looked_after', difference: 'in_need_not_looked_after' },
      { parent: 'child_in_need', child: 'in_need_not_looked_after', difference: 'looked_after' },
    ]);
  });

  it('counts a persons denominator in: looked after among those in need is within child in need', () => {
    const pairs = nestedIndicatorPairs(recipe([indicator('child_in_need', inNeed), indicator('police_among_in_need', police, { denominator: { persons: inNeed } })]));
    expect(pairs).toEqual([{ parent: 'child_in_need', child: 'police_among_in_need', difference: null }]);
  });
});
