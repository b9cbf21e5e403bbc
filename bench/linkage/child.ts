/**
 * One timed run of the linkage stage alone, in a process of its own: `node --import tsx bench/linkage/child.ts
 * <workspace folder> <city folder>`. The workspace already holds the city's imported sources (prepared once by
 * ./linkage-bench.ts); this reads the officer's decisions, links, writes the review pairs and builds persons,
 * exactly the pipeline's linkage stage, then scores person_links against the generator's answer key. Prints one
 * RESULT_MARKER line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseRecipe } from '../../shared/recipe';
import { linkageScorecard } from '../../electron/engine/linkage';
import { describeTable, SourceCatalog } from '../../electron/engine/pipeline/catalog';
import { linkageStage, sourceTableName } from '../../electron/engine/pipeline/run-recipe';
import { openWorkspace } from '../../electron/engine/workspace/workspace';
import { RESULT_MARKER } from '../protocol';
import { readTruth, RECIPE_FILE_NAME, type LinkageRunReport } from './protocol';

const [workspaceFolder, cityFolder] = process.argv.slice(2);
if (workspaceFolder === undefined || cityFolder === undefined) throw new Error('usage: bench/linkage/child.ts <workspace folder> <city folder>');
const recipe = parseRecipe(JSON.parse(fs.readFileSync(path.join(cityFolder, RECIPE_FILE_NAME), 'utf8')));
const workspace = await openWorkspace({ location: workspaceFolder });
try {
  const connection = await workspace.connect();
  const catalog = new SourceCatalog();
  for (const source of recipe.sources) catalog.add(await describeTable(connection, source.id, sourceTableName(source.id)));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcome = await linkageStage(connection, recipe, catalog);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);

  const truth = readTruth(cityFolder);
  const fileOf = new Map(recipe.sources.map((source) => [source.id, source.file]));
  const { source, sourceRow } = outcome.input;
  const card = linkageScorecard(
    outcome.result.personIds,
    source.map((id, index) => truth.get(`${fileOf.get(id) ?? ''}|${sourceRow[index] as number}`) ?? null),
    source,
  );
  const report: LinkageRunReport = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    records: outcome.quality.records,
    people: outcome.quality.people,
    phases: outcome.phases,
    probabilisticMerges: outcome.probabilisticMerges,
    candidatePairs: outcome.model?.pairs.length ?? 0,
    score: {
      all: card.all,
      withinSources: card.withinSources,
      pairs: card.pairs.map((pair) => ({ label: `${pair.sourceA} ↔ ${pair.sourceB}`, score: pair.score })),
      withinSource: card.withinSource.map((entry) => ({ label: `within ${entry.source}`, score: entry.score })),
    },
  };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(report)}\n`);
} finally {
  await workspace.close();
}
