import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecipe } from '../../../shared/recipe';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { runRecipe } from './run-recipe';
import { specificationImporter } from './spec-importer';

/**
 * A recipe's postcode lookup reaches every import: police records whose ward name cannot be resolved are
 * placed through their postcode instead. The lookup here is synthetic (every police postcode → one LSOA);
 * what is tested is that the recipe's file is read and used, and that a missing file is refused by name.
 */

const samples = path.resolve(import.meta.dirname, '../../../samples');
let folder: string;

function trimmedRecipe(postcodeLookup?: string): unknown {
  const recipe = JSON.parse(fs.readFileSync(path.join(samples, 'birmingham.recipe.json'), 'utf8')) as Record<string, unknown> & {
    sources: { id: string }[];
    indicators: { id: string }[];
    geography?: Record<string, unknown>;
  };
  return {
    ...recipe,
    sources: recipe.sources.filter((source) => ['police_da', 'social_care', 'population', 'population_ethnicity'].includes(source.id)),
    linkage: { sources: ['police_da', 'social_care'] },
    personAttributes: { priority: ['social_care', 'police_da'] },
    indicators: recipe.indicators.filter((indicator) => indicator.id === 'domestic_abuse_notification'),
    outcomes: [],
    geography: { ...(recipe.geography ?? {}), ...(postcodeLookup === undefined ? {} : { postcodeLookup }) },
  };
}

async function unresolvedPoliceRows(recipeJson: unknown, name: string): Promise<Record<string, number>> {
  const recipePath = path.join(folder, 'data', `${name}.recipe.json`);
  fs.writeFileSync(recipePath, JSON.stringify(recipeJson));
  const workspace: Workspace = await openWorkspace({ location: path.join(folder, `ws-${name}`), threads: 2 });
  try {
    await runRecipe({ workspace, recipe: parseRecipe(recipeJson), recipePath, recipeSha256: '0'.repeat(64), importer: specificationImporter });
    const result = await workspace.connection.runAndReadAll(
      'SELECT area_unresolved_reason AS reason, count(*) AS n FROM src_police_da WHERE area_unresolved_reason IS NOT NULL GROUP BY ALL ORDER BY ALL',
    );
    return Object.fromEntries(result.getRowObjectsJson().map((row) => [String(row.reason), Number(row.n)]));
  } finally {
    await workspace.close();
  }
}

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-postcode-lookup-'));
  fs.mkdirSync(path.join(folder, 'data'));
  for (const file of ['police_domestic_abuse.csv', 'socialcare_episodes.xlsx', 'population_estimates.xlsx']) fs.copyFileSync(path.join(samples, file), path.join(folder, 'data', file));
  const police = fs.readFileSync(path.join(samples, 'police_domestic_abuse.csv'), 'latin1').split(/\r?\n/).slice(1);
  const postcodes = [...new Set(police.map((line) => line.split(',')[5]?.trim() ?? '').filter((postcode) => /^B\d/.test(postcode)))];
  fs.writeFileSync(path.join(folder, 'data', 'postcodes.csv'), `pcds,lsoa21cd\n${postcodes.map((postcode) => `${postcode},E01008881`).join('\n')}\n`);
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe("a recipe's postcode lookup", () => {
  it('places records the ward name could not, through their postcode', async () => {
    const without = await unresolvedPoliceRows(trimmedRecipe(), 'without');
    const withLookup = await unresolvedPoliceRows(trimmedRecipe('postcodes.csv'), 'with');
    const total = (counts: Record<string, number>): number => Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(total(without)).toBeGreaterThan(0);
    expect(total(withLookup)).toBeLessThan(total(without));
    expect(withLookup['no-postcode-lookup']).toBeUndefined();
  }, 120_000);

  it('refuses a lookup file that does not exist, naming it', async () => {
    await expect(unresolvedPoliceRows(trimmedRecipe('missing-lookup.csv'), 'missing')).rejects.toThrow(/postcode lookup missing-lookup\.csv cannot be read/);
  }, 60_000);
});
