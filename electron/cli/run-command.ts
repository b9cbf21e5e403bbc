/**
 * `village run <recipe> --out <dir> [--workspace W]`: runs a recipe end to end (import every source with its
 * specification, link, count, build the villages, suppress) and writes village.json, village.xlsx,
 * report.html and the sources' validation reports into <dir>. Progress goes to stderr, the summary to
 * stdout. Exit codes: 0 success, 1 failure, 2 unusable input (the message names the file).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseRecipe, RecipeError } from '../../shared/recipe';
import { writeOutputs } from '../engine/outputs/write-outputs';
import { RecipeFieldError } from '../engine/pipeline/catalog';
import { runRecipe } from '../engine/pipeline/run-recipe';
import { specificationImporter } from '../engine/pipeline/spec-importer';
import { PipelineCancelledError } from '../engine/pipeline/types';
import { UnusableFileError } from '../engine/tabular/raw';
import { defaultWorkspaceFolder } from '../engine/workspace/location';
import { openWorkspace, recordAudit } from '../engine/workspace/workspace';

export const RUN_USAGE = `Usage: village run <recipe.json> --out <folder> [--workspace <folder>]

Runs a recipe: imports every source with its specification, links records into people, builds the
village of 100 for the city and each locality with the recipe's indicators, applies disclosure control,
and writes village.json, village.xlsx, report.html and validation/ into the output folder.

Options:
  --out DIR         where the outputs go (created if missing)
  --workspace DIR   workspace folder (default: ${defaultWorkspaceFolder()})
  --help            show this help`;

class UsageError extends Error {}

function readRecipe(recipePath: string): { recipe: ReturnType<typeof parseRecipe>; sha256: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(recipePath);
  } catch (error) {
    throw new UsageError(`The recipe ${recipePath} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UsageError(`The recipe ${recipePath} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return { recipe: parseRecipe(json), sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    if (error instanceof RecipeError) throw new UsageError(`${recipePath}: ${error.message}`);
    throw error;
  }
}

export async function runCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' }, workspace: { type: 'string' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${RUN_USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${RUN_USAGE}\n`);
    return 0;
  }
  const [recipeArgument, ...extra] = parsed.positionals;
  if (recipeArgument === undefined || extra.length > 0 || parsed.values.out === undefined) {
    process.stderr.write(`village run needs one recipe file and --out <folder>.\n\n${RUN_USAGE}\n`);
    return 2;
  }
  const recipePath = path.resolve(recipeArgument);
  const outDir = path.resolve(parsed.values.out);
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  let workspace;
  try {
    const { recipe, sha256 } = readRecipe(recipePath);
    workspace = await openWorkspace({ location: parsed.values.workspace ?? defaultWorkspaceFolder() });
    const started = performance.now();
    const run = await runRecipe({
      workspace,
      recipe,
      recipePath,
      recipeSha256: sha256,
      importer: specificationImporter,
      signal: controller.signal,
      onProgress: (progress) => process.stderr.write(`${progress.message}\n`),
    });
    const written = await writeOutputs(run.village, run.imports, outDir, workspace);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const city = run.village.areas.find((area) => area.level === 'city');
    process.stdout.write(
      [
        `${recipe.title}: ${run.village.sources.length} sources, ${run.village.linkage.records.display} records linked into ${run.village.linkage.people.display} people, ` +
          `${run.village.areas.length} areas, ${run.village.indicators.length} indicators (${seconds} s).`,
        `City population ${city?.population.display ?? '?'}; records not placed in an area: ${run.unresolved.reduce((sum, group) => sum + group.records, 0).toLocaleString('en-GB')}.`,
        `Wrote ${written.length} files to ${outDir}:`,
        ...written.map((file) => `  ${file.file}  ${file.sha256.slice(0, 12)}…  ${file.bytes.toLocaleString('en-GB')} bytes`),
        `Stages: ${run.timings.map((timing) => `${timing.stage} ${(timing.milliseconds / 1000).toFixed(1)} s`).join(', ')}.`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`village run: ${message}\n`);
    if (workspace !== undefined) {
      await recordAudit(workspace.connection, {
        action: 'recipe-run',
        outcome: error instanceof PipelineCancelledError ? 'cancelled' : 'failed',
        subject: path.basename(recipePath),
        detail: { error: error instanceof Error ? error.name : 'Error' },
      }).catch(() => undefined);
    }
    if (error instanceof UsageError || error instanceof RecipeFieldError || error instanceof UnusableFileError) return 2;
    return 1;
  } finally {
    process.removeListener('SIGINT', cancel);
    await workspace?.close();
  }
}
