/**
 * A recipe source remembers the header row chosen on the Import screen: a survey extract with a title line as
 * wide as its table (which fools header detection) imports through the recipe only when the source says
 * `headerRow: 2`. The run is stopped once the survey is in, so only the import stage is exercised.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRecipe, type RecipeInput } from '../../../shared/recipe';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { runRecipe } from './run-recipe';
import { specificationImporter } from './spec-importer';
import { PipelineCancelledError, type SourceImporter } from './types';

const SURVEY_WITH_TITLE = [
  'Voice survey,extract,of,June,2024',
  'Response ID,Submitted,Age,Locality,Are you happy?',
  'R1,2024-05-01,12,Ladywood,Yes',
  'R2,2024-05-02,15,Hodge Hill,No',
  'R3,2024-05-03,9,Ladywood,Yes',
  '',
].join('\r\n');

let folder: string;
let workspace: Workspace;

beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-recipe-header-row-'));
  workspace = await openWorkspace({ location: path.join(folder, 'workspace') });
  fs.writeFileSync(path.join(folder, 'survey.csv'), SURVEY_WITH_TITLE);
});

afterEach(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

function recipeWithSurvey(headerRow: number | undefined): RecipeInput {
  return {
    version: 1,
    title: 'Header row',
    referenceDate: '2024-06-30',
    sources: [
      { id: 'survey', file: 'survey.csv', spec: 'voice-wellbeing-survey', ...(headerRow === undefined ? {} : { headerRow }) },
      { id: 'population', file: 'population.csv', spec: 'population-estimates' },
    ],
    population: { source: 'population', sexField: 'sex', ageFields: { age_0: 0 } },
    village: { partitions: ['sex'], sexCategories: ['Male', 'Female'], ageBands: [{ label: '0-25', min: 0, max: 25 }] },
    linkage: { sources: ['survey'] },
  };
}

/** Imports the survey for real and stops the run before any other source is read. */
async function importSurveyThroughRecipe(headerRow: number | undefined): Promise<unknown> {
  const controller = new AbortController();
  const importer: SourceImporter = async (target, request) => {
    if (request.specId !== 'voice-wellbeing-survey') throw new Error(`only the survey is imported here, not ${request.specId}`);
    const imported = await specificationImporter(target, request);
    controller.abort();
    return imported;
  };
  return runRecipe({
    workspace,
    recipe: parseRecipe(recipeWithSurvey(headerRow)),
    recipePath: path.join(folder, 'header-row.recipe.json'),
    recipeSha256: 'c'.repeat(64),
    importer,
    signal: controller.signal,
  }).catch((error: unknown) => error);
}

async function surveyRows(): Promise<Record<string, unknown>[]> {
  const reader = await workspace.connection.runAndReadAll('SELECT response_id, age, locality FROM src_survey ORDER BY source_row');
  return reader.getRowObjectsJS();
}

describe('a recipe source with headerRow', () => {
  it('imports the rows under the chosen header', async () => {
    const outcome = await importSurveyThroughRecipe(2);
    expect(outcome).toBeInstanceOf(PipelineCancelledError);
    expect(await surveyRows()).toEqual([
      { response_id: 'R1', age: 12n, locality: 'Ladywood' },
      { response_id: 'R2', age: 15n, locality: 'Hodge Hill' },
      { response_id: 'R3', age: 9n, locality: 'Ladywood' },
    ]);
  });

  it('without it, the title line is taken for the header and the survey does not import correctly', async () => {
    const outcome = await importSurveyThroughRecipe(undefined);
    expect(outcome).toBeInstanceOf(PipelineCancelledError);
    // The real header line becomes a data row and no column is recognised, so every field is empty.
    const rows = await surveyRows();
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.response_id === null && row.age === null && row.locality === null)).toBe(true);
  });

  it('is refused outside 1 to 100, like the import request', () => {
    for (const headerRow of [0, 101, 1.5]) expect(() => parseRecipe(recipeWithSurvey(headerRow))).toThrow(/Rows are numbered from 1|one of the first 100 rows|expected int[\s\S]*sources\[0\]\.headerRow/);
  });
});
