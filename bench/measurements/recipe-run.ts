/**
 * The whole recipe, as `village run` does it (runRecipe with the specification importer, then
 * writeOutputs), on the synthetic city in a fresh file-backed workspace, with the time of each stage the
 * pipeline reports and of each source's import. Then, on the same warm, linked workspace, the village
 * views are recomputed several times with the pipeline's recomputeVillage: the stages after linkage
 * (indicator counts from the per-person facts the run left, populations and the villages of city and
 * localities, disclosure control), as when a recipe's views change but not its data.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseRecipe, type Recipe } from '../../shared/recipe';
import { writeOutputs } from '../../electron/engine/outputs/write-outputs';
import { describeTable, SourceCatalog } from '../../electron/engine/pipeline/catalog';
import { recomputeVillage } from '../../electron/engine/pipeline/recompute';
import { runRecipe, sourceTableName } from '../../electron/engine/pipeline/run-recipe';
import { specificationImporter } from '../../electron/engine/pipeline/spec-importer';
import { openWorkspace } from '../../electron/engine/workspace/workspace';
import { VILLAGE_RECOMPUTE_SERIES, type MeasurementContext, type MeasurementOutcome } from '../protocol';
import { serialiseVillageJson } from '../../shared/village';

export const RECIPE_FILE_NAME = 'birmingham.recipe.json';

/** Times the gaps between the pipeline's progress messages that announce each source's import. */
class SourceImportClock {
  readonly seconds: Record<string, number> = {};
  private current: string | undefined;
  private since = 0;

  readonly onProgress = (progress: { stage: string; message: string }): void => {
    const now = performance.now();
    if (this.current !== undefined) this.seconds[`import of ${this.current} s`] = (now - this.since) / 1000;
    const importing = /^importing (\S+)/.exec(progress.message);
    this.current = progress.stage === 'import' && importing ? importing[1] : undefined;
    this.since = now;
  };
}

/**
 * The peak resident memory of each pipeline stage: sampled every 100 ms and at every progress message, and
 * credited to the stage running then (a sample, so a spike shorter than 100 ms can be missed).
 */
class StageMemory {
  readonly peakMb: Record<string, number> = {};
  private stage = 'start';
  private readonly timer = setInterval(() => this.sample(), 100).unref();

  readonly onProgress = (progress: { stage: string }): void => {
    this.sample();
    this.stage = progress.stage;
    this.sample();
  };

  sample(): void {
    const rssMb = process.memoryUsage.rss() / 1024 ** 2;
    const name = `peak RSS MB, ${this.stage}`;
    this.peakMb[name] = Math.max(this.peakMb[name] ?? 0, rssMb);
  }

  stop(finalStage: string): void {
    this.stage = finalStage;
    this.sample();
    clearInterval(this.timer);
  }
}

/** The imported tables as the pipeline's catalog, built once: a recompute finds them already described. */
async function describeSources(connection: DuckDBConnection, recipe: Recipe): Promise<SourceCatalog> {
  const catalog = new SourceCatalog();
  for (const source of recipe.sources) catalog.add(await describeTable(connection, source.id, sourceTableName(source.id)));
  return catalog;
}

export async function runWholeRecipe(context: MeasurementContext): Promise<MeasurementOutcome> {
  const recipePath = path.join(context.input, RECIPE_FILE_NAME);
  const bytes = readFileSync(recipePath);
  const recipe = parseRecipe(JSON.parse(bytes.toString('utf8')));
  const workspace = await openWorkspace({ location: path.join(context.scratchFolder, 'workspace') });
  try {
    const sources = new SourceImportClock();
    const memory = new StageMemory();
    const started = performance.now();
    const run = await runRecipe({
      workspace,
      recipe,
      recipePath,
      recipeSha256: createHash('sha256').update(bytes).digest('hex'),
      importer: specificationImporter,
      onProgress: (progress) => {
        sources.onProgress(progress);
        memory.onProgress(progress);
      },
    });
    memory.onProgress({ stage: 'outputs' });
    const outputsStarted = performance.now();
    await writeOutputs(run.village, serialiseVillageJson(run.village), run.imports, path.join(context.scratchFolder, 'outputs'), workspace);
    const finished = performance.now();
    memory.stop('outputs');

    const stages: Record<string, number> = Object.fromEntries(run.timings.map((timing) => [timing.stage, timing.milliseconds]));
    stages.outputs = finished - outputsStarted;
    const connection = await workspace.connect();
    const recomputeMs: number[] = [];
    const catalog = await describeSources(connection, recipe);
    // The first recompute warms caches; the target is about warm recomputes.
    await recomputeVillage(connection, recipe, catalog, run.geography);
    for (let sample = 0; sample < (context.options.warmRecomputes ?? 20); sample += 1) {
      const recomputeStarted = performance.now();
      await recomputeVillage(connection, recipe, catalog, run.geography);
      recomputeMs.push(performance.now() - recomputeStarted);
    }
    const rowsImported = run.imports.reduce((sum, source) => sum + source.provenance.rowsImported, 0);
    return {
      wallMs: finished - started,
      rows: rowsImported,
      stages,
      latencies: { [VILLAGE_RECOMPUTE_SERIES]: recomputeMs },
      figures: {
        ...sources.seconds,
        ...memory.peakMb,
        'records linked': run.linkage.quality.records,
        'people after linkage': run.linkage.quality.people,
        'areas published': run.village.areas.length,
      },
    };
  } finally {
    await workspace.close();
  }
}
