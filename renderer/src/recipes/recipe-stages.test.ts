import { describe, expect, it } from 'vitest';
import { addStage, stageText } from './recipe-stages';
import { runLabel, runRequest } from './recipe-runs';

describe('recipe stages', () => {
  it('names known stages in words and tidies unknown ones', () => {
    expect(stageText('linkage')).toBe('Linking people across sources');
    expect(stageText('ward_overrides')).toBe('Ward overrides');
    expect(stageText('linkage…')).toBe('Linking people across sources');
    expect(stageText('importing police_da (police_domestic_abuse.csv)')).toBe('Importing and validating police_da (police_domestic_abuse.csv)');
    expect(stageText('saving the run…')).toBe('Saving the run');
  });

  it('keeps each stage once, in the order it started', () => {
    let seen: readonly string[] = [];
    for (const stage of ['import…', 'importing a (a.csv)', 'importing b (b.csv)', 'linkage…', 'village…']) seen = addStage(seen, stage);
    expect(seen).toEqual(['import', 'linkage', 'village']);
  });
});

describe('runs', () => {
  it('asks for the latest run when none is chosen', () => {
    expect(runRequest('')).toEqual({});
    expect(runRequest('run-0123abcd')).toEqual({ runId: 'run-0123abcd' });
  });

  it('labels a run by its recipe and time', () => {
    const label = runLabel({ runId: 'run-0123abcd', recipeTitle: 'Birmingham', recipeSha256: 'a'.repeat(64), finishedAt: '2026-01-02T03:04:05Z', stages: [], sources: [], people: 10, peopleDisplay: '10' });
    expect(label).toMatch(/^Birmingham — 02\/01\/2026 \d\d:04$/);
  });
});
