import { describe, expect, it } from 'vitest';
import { conditionSources, MAX_CONDITION_DEPTH, parseRecipe, RecipeError, type Condition, type RecipeInput } from './recipe';

function minimal(): RecipeInput {
  return {
    version: 1,
    title: 'Test',
    referenceDate: '2024-06-30',
    sources: [
      { id: 'register', file: 'register.csv', spec: 'health-child-register', attributes: { dateOfBirth: 'date_of_birth' } },
      { id: 'population', file: 'population.xlsx', spec: 'population-estimates' },
    ],
    population: { source: 'population', sexField: 'sex', ageFields: { age_0: 0, age_1: 1 } },
    village: { sexCategories: ['Male', 'Female'], ageBands: [{ label: '0-1', min: 0, max: 1 }], partitions: ['sex', 'ageBand'] },
    linkage: { sources: ['register'] },
    indicators: [
      { id: 'known', name: 'Known', description: 'On the register', ageRange: [0, 1], numerator: { source: 'register', exists: true }, denominator: 'population' },
    ],
  };
}

function problems(input: unknown): string {
  try {
    parseRecipe(input);
  } catch (error) {
    expect(error).toBeInstanceOf(RecipeError);
    return (error as Error).message;
  }
  throw new Error('expected the recipe to be rejected');
}

describe('recipe schema', () => {
  it('accepts a minimal recipe and fills defaults', () => {
    const minimalRecipe = parseRecipe(minimal());
    expect(minimalRecipe.village.size).toBe(100);
    expect(minimalRecipe.disclosure).toEqual({ threshold: 5, symbol: 'c' });
    expect(minimalRecipe.indicators[0]).toMatchObject({ kind: 'people', unit: 100, levels: ['city', 'locality'], estimate: 'observed' });
  });

  it('rejects unknown fields anywhere, naming them', () => {
    expect(problems({ ...minimal(), colour: 'blue' })).toMatch(/colour/);
    const input = minimal();
    expect(problems({ ...input, disclosure: { threshold: 5, symbol: 'c', rounding: 5 } })).toMatch(/rounding/);
    expect(problems({ ...input, indicators: [{ ...(input.indicators?.[0] as object), numerator: { source: 'register', exists: true, sql: '1=1' } }] })).toMatch(/indicators/);
  });

  it('rejects unknown and unlinked sources with the names of those declared', () => {
    const input = minimal();
    const unknown = problems({ ...input, indicators: [{ ...(input.indicators?.[0] as object), numerator: { source: 'police', exists: true } }] });
    expect(unknown).toMatch(/unknown source "police" \(declared sources: register, population\)/);
    const unlinked = problems({ ...input, indicators: [{ ...(input.indicators?.[0] as object), numerator: { source: 'population', exists: true } }] });
    expect(unlinked).toMatch(/uses source "population", which is not in linkage.sources/);
    expect(problems({ ...input, linkage: { sources: ['register', 'nobody'] } })).toMatch(/unknown source "nobody"/);
    expect(problems({ ...input, population: { ...input.population, source: 'census' } })).toMatch(/unknown source "census"/);
  });

  it('rejects field names that are not plain snake_case, so nothing odd can reach SQL', () => {
    const input = minimal();
    for (const field of ['fsm" OR 1=1 --', 'a b', 'Field', '1st', 'x;drop table persons']) {
      const message = problems({ ...input, indicators: [{ ...(input.indicators?.[0] as object), numerator: { source: 'register', field, equals: 'Y' } }] });
      expect(message).toMatch(/indicators/);
    }
    expect(problems({ ...input, population: { ...input.population, sexField: 'sex"' } })).toMatch(/snake_case/);
  });

  it('rejects operators outside the closed language and codes that are not letters and digits', () => {
    const input = minimal();
    const base = input.indicators?.[0] as object;
    expect(problems({ ...input, indicators: [{ ...base, numerator: { source: 'register', field: 'sex', like: '%' } }] })).toMatch(/indicators/);
    expect(problems({ ...input, indicators: [{ ...base, numerator: { source: 'register', field: 'factors', containsAny: ["3B') OR ('1"] } }] })).toMatch(/letters and digits/);
  });

  it('checks dates, age bands, age ranges and duplicates', () => {
    const input = minimal();
    expect(problems({ ...input, referenceDate: '30/06/2024' })).toMatch(/yyyy-mm-dd/);
    expect(problems({ ...input, referenceDate: '2023-02-29' })).toMatch(/real calendar date/);
    expect(problems({ ...input, village: { ...input.village, ageBands: [{ label: 'a', min: 0, max: 5 }, { label: 'b', min: 5, max: 9 }] } })).toMatch(/overlaps/);
    expect(problems({ ...input, indicators: [{ ...(input.indicators?.[0] as object), ageRange: [10, 5] }] })).toMatch(/backwards/);
    expect(problems({ ...input, sources: [...input.sources, { id: 'register', file: 'x.csv', spec: 'x' }] })).toMatch(/declared twice/);
    expect(problems({ ...input, village: { ...input.village, partitions: ['ethnicity'] } })).toMatch(/population.ethnicity/);
  });

  it('lists the sources a condition uses', () => {
    expect(
      conditionSources({ anyOf: [{ source: 'a', exists: true }, { not: { source: 'b', field: 'x', isNotNull: true } }, { allOf: [{ source: 'a', field: 'y', equals: 1 }] }] }),
    ).toEqual(['a', 'b']);
  });

  it('takes a specification id or a file path for a source, with rules of its own', () => {
    const input = minimal();
    const [register, population] = input.sources;
    const withFile = parseRecipe({
      ...input,
      sources: [
        { ...register!, spec: 'agreements/register.spec.json', rules: [{ id: 'dob-needed', kind: 'required-when', field: 'date_of_birth', when: { field: 'nhs_number', isNotNull: true }, message: 'A date of birth is needed' }] },
        population!,
      ],
    });
    expect(withFile.sources[0]?.spec).toBe('agreements/register.spec.json');
    expect(withFile.sources[0]?.rules?.[0]).toMatchObject({ kind: 'required-when', severity: 'error' });
    expect(problems({ ...input, sources: [{ ...register!, spec: 'Register Spec' }, population!] })).toMatch(/must be a specification id \(kebab-case\) or a specification file path ending in \.json/);
  });
});

describe('probabilistic linkage settings', () => {
  const withProbabilistic = (probabilistic: Record<string, unknown>): unknown => ({ ...minimal(), linkage: { sources: ['register'], probabilistic } });

  it('refuses a reviewFrom at or above the threshold, naming the field and both values', () => {
    const message = problems(withProbabilistic({ threshold: 0.9, reviewFrom: 0.95 }));
    expect(message).toContain('linkage.probabilistic.reviewFrom');
    expect(message).toContain('reviewFrom (0.95) must be below the match threshold (threshold 0.9)');
    expect(problems(withProbabilistic({ threshold: 0.5, reviewFrom: 0.5 }))).toContain('must be below the match threshold');
    // The default threshold (0.95) applies when only reviewFrom is given.
    expect(problems(withProbabilistic({ reviewFrom: 0.96 }))).toContain('(threshold 0.95)');
  });

  it('refuses values outside 0–1 (match weights instead of probabilities), naming the field', () => {
    expect(problems(withProbabilistic({ threshold: 12 }))).toContain('linkage.probabilistic.threshold');
    expect(problems(withProbabilistic({ reviewFrom: -3 }))).toContain('linkage.probabilistic.reviewFrom');
  });

  it('accepts a review band below the threshold', () => {
    const recipe = parseRecipe(withProbabilistic({ threshold: 0.9, reviewFrom: 0.5 }));
    expect(recipe.linkage.probabilistic).toMatchObject({ threshold: 0.9, reviewFrom: 0.5 });
  });
});

describe('deeply nested conditions (issue 20)', () => {
  function nested(depth: number, wrap: (inner: Condition) => Condition): Condition {
    let condition: Condition = { source: 'register', exists: true };
    for (let level = 0; level < depth; level += 1) condition = wrap(condition);
    return condition;
  }

  it('refuses conditions nested deeper than the bound with a clear error, not a stack overflow', () => {
    for (const wrap of [(inner: Condition): Condition => ({ not: inner }), (inner: Condition): Condition => ({ allOf: [inner, { source: 'register', exists: true }] }), (inner: Condition): Condition => ({ anyOf: [inner] })]) {
      const input = minimal();
      input.indicators = [{ ...input.indicators![0]!, numerator: nested(1000, wrap) } as NonNullable<RecipeInput['indicators']>[number]];
      expect(problems(input)).toMatch(new RegExp(`conditions nest at most ${MAX_CONDITION_DEPTH} deep[\\s\\S]*indicators\\[0\\]\\.numerator`));
    }
  });

  it('accepts conditions nested up to the bound, in a numerator and a denominator', () => {
    const input = minimal();
    input.indicators = [{ ...input.indicators![0]!, numerator: nested(MAX_CONDITION_DEPTH - 1, (inner) => ({ not: inner })), denominator: { persons: nested(MAX_CONDITION_DEPTH - 1, (inner) => ({ anyOf: [inner] })) } } as NonNullable<RecipeInput['indicators']>[number]];
    expect(parseRecipe(input).indicators).toHaveLength(1);
    input.indicators = [{ ...input.indicators[0]!, denominator: { persons: nested(MAX_CONDITION_DEPTH + 1, (inner) => ({ anyOf: [inner] })) } } as NonNullable<RecipeInput['indicators']>[number]];
    expect(problems(input)).toMatch(/conditions nest at most[\s\S]*indicators\[0\]\.denominator/);
  });
});
