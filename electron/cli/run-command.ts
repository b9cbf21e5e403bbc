/**
 * `village run <recipe> --out <dir> [--workspace W]`: runs a recipe end to end (import every source with its
 * specification, link, count, build the villages, suppress) through the engine's run store, exactly as the
 * window runs it: the tables it replaces are stashed and restored if it fails, is cancelled (Ctrl+C) or is
 * killed, and the finished run is kept in the workspace. Then the stored run's village.json, village.xlsx,
 * report.html and the sources' validation reports are exported into <dir>. Progress goes to stderr, the
 * summary to stdout. Exit codes: 0 success, 1 failure, 2 unusable input (the message names the file).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RecipeRunSummary } from '../../shared/api';
import { periodSchema, type RunPeriod } from '../../shared/recipe';
import type { Result } from '../../shared/result';
import { createEngine, type Engine } from '../engine/engine';
import { anyFilePolicy } from '../engine/file-access';
import { defaultWorkspaceFolder } from '../engine/workspace/location';
import { openWorkspace } from '../engine/workspace/workspace';

export const RUN_USAGE = `Usage: village run <recipe.json> --out <folder> [--workspace <folder>]
                  [--period LABEL --period-start YYYY-MM-DD --period-end YYYY-MM-DD [--reference-date YYYY-MM-DD]]

Runs a recipe: imports every source with its specification, links records into people, builds the
village of 100 for the city and each locality with the recipe's indicators, applies disclosure control,
and writes village.json, village.xlsx, report.html and validation/ into the output folder.

Options:
  --out DIR         where the outputs go (created if missing)
  --workspace DIR   workspace folder (default: ${defaultWorkspaceFolder()})
  --period LABEL    the period the extracts describe, e.g. "2025/26 Q2" (replaces the recipe's period);
                    runs of the same recipe form a series, and a re-run of a period replaces its figures
  --period-start D  its first day, --period-end D its last day
  --reference-date D  the day ages are taken on (default: the period's last day)
  --help            show this help`;

/** A failure with the exit code it maps to: 2 when the input (recipe or a source file) is unusable. */
class RunFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const UNUSABLE_INPUT = new Set(['invalid-request', 'unusable-file', 'forbidden']);

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new RunFailure(result.error.message, UNUSABLE_INPUT.has(result.error.code) ? 2 : 1);
  return result.value;
}

/** Runs the recipe as a job of the engine, printing each new progress phase; Ctrl+C cancels it. */
async function runAsJob(engine: Engine, recipePath: string, period: RunPeriod | undefined): Promise<RecipeRunSummary> {
  const { jobId } = unwrap(await engine.call('runRecipe', { path: recipePath, ...(period === undefined ? {} : { period }) }));
  const cancel = (): void => void engine.call('cancelJob', { jobId });
  process.once('SIGINT', cancel);
  try {
    let phase = '';
    for (;;) {
      const status = unwrap(await engine.call('getJob', { jobId }));
      if (status.progress.phase !== phase && status.state === 'running') {
        phase = status.progress.phase;
        process.stderr.write(`${phase}\n`);
      }
      if (status.state !== 'running') {
        if (status.kind === 'recipe' && status.state === 'succeeded' && status.result !== null) return status.result;
        const code = status.error?.code ?? 'internal';
        throw new RunFailure(status.error?.message ?? `The run ended ${status.state}`, UNUSABLE_INPUT.has(code) ? 2 : 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}

/** The run-time period from --period and its dates, undefined without --period, or what is wrong with them. */
function periodFromArguments(values: Readonly<Record<string, string | boolean | undefined>>): RunPeriod | undefined | string {
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
  const label = text('period');
  const dates = ['period-start', 'period-end', 'reference-date'].filter((name) => text(name) !== undefined);
  if (label === undefined) return dates.length === 0 ? undefined : `--${dates.join(', --')} need --period LABEL`;
  const end = text('period-end');
  const result = periodSchema.safeParse({ label, start: text('period-start'), end, referenceDate: text('reference-date') ?? end });
  if (result.success) return result.data;
  const names: Record<string, string> = { label: '--period', start: '--period-start', end: '--period-end', referenceDate: '--reference-date' };
  return result.error.issues.map((issue) => `${names[String(issue.path[0])] ?? '--period'}: ${issue.message}`).join('\n');
}

export async function runCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        workspace: { type: 'string' },
        period: { type: 'string' },
        'period-start': { type: 'string' },
        'period-end': { type: 'string' },
        'reference-date': { type: 'string' },
        help: { type: 'boolean' },
      },
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
  const period = periodFromArguments(parsed.values);
  if (typeof period === 'string') {
    process.stderr.write(`${period}\n\n${RUN_USAGE}\n`);
    return 2;
  }
  const recipePath = path.resolve(recipeArgument);
  const outDir = path.resolve(parsed.values.out);
  let engine: Engine | undefined;
  try {
    const workspace = await openWorkspace({ location: parsed.values.workspace ?? defaultWorkspaceFolder() });
    engine = createEngine(workspace, anyFilePolicy());
    const started = performance.now();
    const summary = await runAsJob(engine, recipePath, period);
    const village = unwrap(await engine.call('getVillage', { runId: summary.runId }));
    process.stderr.write('exporting…\n');
    const written = unwrap(await engine.call('exportRunOutputs', { runId: summary.runId, folder: outDir })).files;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const city = village.areas.find((area) => area.level === 'city');
    const unplaced = village.unresolved.reduce((sum, group) => sum + (group.records.value ?? 0), 0);
    const withheld = village.unresolved.some((group) => group.records.value === null);
    process.stdout.write(
      [
        `${village.title}: ${village.sources.length} sources, ${village.linkage.records.display} records linked into ${village.linkage.people.display} people, ` +
          `${village.areas.length} areas, ${village.indicators.length} indicators (${seconds} s).`,
        `City population ${city?.population.display ?? '?'}; records not placed in an area: ${unplaced.toLocaleString('en-GB')}${withheld ? ' (plus groups too small to publish)' : ''}.`,
        `Run ${summary.runId} kept in the workspace.`,
        `Period ${village.period.label} (${village.period.start} to ${village.period.end}); the series has ${village.periods.length} period${village.periods.length === 1 ? '' : 's'}: ${village.periods.map((entry) => entry.label).join(', ')}.`,
        `Wrote ${written.length} files to ${outDir}:`,
        ...written.map((file) => `  ${file.file}  ${file.sha256.slice(0, 12)}…  ${file.bytes.toLocaleString('en-GB')} bytes`),
        `Stages: ${summary.stages.map((stage) => `${stage.stage} ${stage.seconds.toFixed(1)} s`).join(', ')}.`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    process.stderr.write(`village run: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof RunFailure ? error.exitCode : 1;
  } finally {
    await engine?.close();
  }
}
