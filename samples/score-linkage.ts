/**
 * Scores a recipe run's linkage against the samples' answer key (truth_links.csv): pairwise precision and
 * recall of cross-agency links, overall and per pair of sources. Only for synthetic samples; the product never
 * reads the answer key.
 *
 *   npx tsx samples/score-linkage.ts --workspace out/demo-workspace --recipe samples/birmingham.recipe.json
 *
 * The truth is read from the folder of the recipe (where `npm run samples` writes truth_links.csv).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseRecipe } from '../shared/recipe';
import { precisionRecall } from '../electron/engine/linkage';
import { PERSON_LINKS_TABLE } from '../electron/engine/pipeline/conditions';
import { openWorkspace } from '../electron/engine/workspace/workspace';

interface ScoredRecord {
  readonly source: string;
  readonly predicted: string;
  readonly truth: string | null;
}

function readTruth(folder: string): Map<string, string> {
  const truth = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(folder, 'truth_links.csv'), 'utf8').split(/\r?\n/).slice(1)) {
    const [file, , row, person] = line.split(',');
    if (file !== undefined && row !== undefined && person !== undefined) truth.set(`${file}|${row}`, person);
  }
  return truth;
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(2)}%`;
}

function score(records: readonly ScoredRecord[]): ReturnType<typeof precisionRecall> {
  return precisionRecall(
    records.map((record) => record.predicted),
    records.map((record) => record.truth),
    records.map((record) => record.source),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { workspace: { type: 'string' }, recipe: { type: 'string' } } });
  if (values.workspace === undefined || values.recipe === undefined) {
    throw new Error('Usage: npx tsx samples/score-linkage.ts --workspace <folder> --recipe <samples folder>/birmingham.recipe.json');
  }
  const recipe = parseRecipe(JSON.parse(fs.readFileSync(values.recipe, 'utf8')));
  const fileOf = new Map(recipe.sources.map((source) => [source.id, source.file]));
  const truth = readTruth(path.dirname(path.resolve(values.recipe)));
  const workspace = await openWorkspace({ location: values.workspace });
  try {
    const reader = await workspace.connection.runAndReadAll(`SELECT source, source_row, person_id FROM ${PERSON_LINKS_TABLE}`);
    const records: ScoredRecord[] = reader.getRowObjectsJson().map((row) => ({
      source: String(row.source),
      predicted: String(row.person_id),
      truth: truth.get(`${fileOf.get(String(row.source)) ?? ''}|${String(row.source_row)}`) ?? null,
    }));
    const all = score(records);
    const lines = [`all sources: precision ${percent(all.precision)}, recall ${percent(all.recall)} (${all.correctPairs} of ${all.truePairs} true pairs, ${all.predictedPairs} predicted)`];
    const sources = [...new Set(records.map((record) => record.source))].sort();
    for (const [index, left] of sources.entries()) {
      for (const right of sources.slice(index + 1)) {
        const pair = score(records.filter((record) => record.source === left || record.source === right));
        if (pair.truePairs === 0 && pair.predictedPairs === 0) continue;
        lines.push(`${left} ↔ ${right}: precision ${percent(pair.precision)}, recall ${percent(pair.recall)} (${pair.correctPairs}/${pair.truePairs})`);
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await workspace.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
