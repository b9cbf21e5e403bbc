/**
 * Scores a recipe run's linkage against the samples' answer key (truth_links.csv): pairwise precision and
 * recall of cross-agency links, overall and per pair of sources, and of within-source duplicates per source. Only for synthetic samples; the product never
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
import { linkageScorecard, type PrecisionRecall } from '../electron/engine/linkage';
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

function line(label: string, score: PrecisionRecall): string {
  return `${label}: precision ${percent(score.precision)}, recall ${percent(score.recall)} (${score.correctPairs} of ${score.truePairs} true pairs, ${score.predictedPairs} predicted)`;
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
    const card = linkageScorecard(records.map((record) => record.predicted), records.map((record) => record.truth), records.map((record) => record.source));
    const lines = [line('all sources, cross-source links', card.all), ...card.pairs.map((pair) => line(`${pair.sourceA} ↔ ${pair.sourceB}`, pair.score))];
    lines.push(line('within-source duplicates, all sources', card.withinSources), ...card.withinSource.map((entry) => line(`within ${entry.source}`, entry.score)));
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await workspace.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
