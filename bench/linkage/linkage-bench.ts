/**
 * The linkage-only bench: `npm run bench -- --only linkage [--quick]`. The synthetic city (scale 1, about
 * 1.5M records; --quick: scale 0.1) is generated and run through the samples recipe once into a workspace kept
 * in bench/inputs/ (delete it to rebuild after the import changes). Each repetition then runs the pipeline's
 * linkage stage alone on that workspace in a child process of its own (./child.ts) and scores the result against
 * the generator's answer key. A full run writes bench/results/linkage-latest.{md,json}; --quick writes under
 * bench/tmp/.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRecipe } from '../../shared/recipe';
import { runRecipe } from '../../electron/engine/pipeline/run-recipe';
import { specificationImporter } from '../../electron/engine/pipeline/spec-importer';
import { openWorkspace } from '../../electron/engine/workspace/workspace';
import { BENCH_FOLDER, INPUT_FOLDER, REPOSITORY_ROOT, SAMPLES_SEED, syntheticCityWithRecipe } from '../inputs';
import { RESULT_MARKER } from '../protocol';
import { median } from '../stats';
import { RECIPE_FILE_NAME, type LinkageRunReport } from './protocol';
import type { PrecisionRecall } from '../../electron/engine/linkage';

/** The target: the city's linkage stage at scale 1 in at most this many seconds (median). */
export const LINKAGE_TARGET_SECONDS = 20;

const PROFILES = {
  full: { name: 'full', scale: 1, repetitions: 3 },
  quick: { name: 'quick', scale: 0.1, repetitions: 2 },
} as const;

/** The city imported by the samples recipe, once; later runs reuse it. */
async function preparedWorkspace(city: string, scale: number): Promise<string> {
  const folder = path.join(INPUT_FOLDER, `linkage-workspace-scale-${scale}-seed-${SAMPLES_SEED}`);
  if (fs.existsSync(path.join(folder, 'ready'))) return folder;
  fs.rmSync(folder, { recursive: true, force: true });
  const recipePath = path.join(city, RECIPE_FILE_NAME);
  const bytes = fs.readFileSync(recipePath);
  const workspace = await openWorkspace({ location: folder });
  const started = performance.now();
  try {
    await runRecipe({ workspace, recipe: parseRecipe(JSON.parse(bytes.toString('utf8'))), recipePath, recipeSha256: createHash('sha256').update(bytes).digest('hex'), importer: specificationImporter });
  } finally {
    await workspace.close();
  }
  fs.writeFileSync(path.join(folder, 'ready'), '');
  process.stderr.write(`  imported the city into ${path.relative(REPOSITORY_ROOT, folder)} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return folder;
}

function runChild(workspace: string, city: string): LinkageRunReport {
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(BENCH_FOLDER, 'linkage', 'child.ts'), workspace, city], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = output.split('\n').find((entry) => entry.startsWith(RESULT_MARKER));
  if (line === undefined) throw new Error('the linkage child ended without a result');
  return JSON.parse(line.slice(RESULT_MARKER.length)) as LinkageRunReport;
}

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);
const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const scoreRow = (label: string, score: PrecisionRecall): string => `| ${label} | ${percent(score.precision)} | ${percent(score.recall)} | ${score.correctPairs.toLocaleString('en-GB')} of ${score.truePairs.toLocaleString('en-GB')} |`;

function renderMarkdown(header: { generatedAt: string; machine: string; profile: string; scale: number }, runs: readonly LinkageRunReport[]): string {
  const wall = median(runs.map((run) => run.wallMs));
  const last = runs[runs.length - 1] as LinkageRunReport;
  const phases = Object.keys(last.phases);
  const met = wall <= LINKAGE_TARGET_SECONDS * 1000;
  return [
    `# Linkage bench (${header.profile}): the synthetic city at scale ${header.scale}, seed ${SAMPLES_SEED}`,
    '',
    `Generated ${header.generatedAt} on ${header.machine}. The pipeline's linkage stage alone (decisions, exact-key cascade, second pass,`,
    'Fellegi–Sunter model, clustering, review pairs, persons) on a workspace the samples recipe imported, one child process per run.',
    '',
    '| target | figure | verdict |',
    '|---|---|---|',
    `| city linkage (scale 1) ≤ ${LINKAGE_TARGET_SECONDS} s (median) | ${seconds(wall)} s | ${header.scale === 1 ? (met ? 'met' : '**not met**') : 'not measured at scale 1 (indicative)'} |`,
    '',
    `| runs | min s | median s | CPU s (median) | peak RSS MB | records | people | candidate pairs | probabilistic merges |`,
    '|---|---|---|---|---|---|---|---|---|',
    `| ${runs.length} | ${seconds(Math.min(...runs.map((run) => run.wallMs)))} | ${seconds(wall)} | ${seconds(median(runs.map((run) => run.cpuMs)))} | ${Math.round(Math.max(...runs.map((run) => run.maxRssMb)))} | ${last.records.toLocaleString('en-GB')} | ${last.people.toLocaleString('en-GB')} | ${last.candidatePairs.toLocaleString('en-GB')} | ${last.probabilisticMerges.toLocaleString('en-GB')} |`,
    '',
    'Phases (median seconds):',
    '',
    '| phase | s |',
    '|---|---|',
    ...phases.map((phase) => `| ${phase} | ${seconds(median(runs.map((run) => run.phases[phase] ?? 0)))} |`),
    '',
    'Against the generator\'s answer key (last run; pairwise, as samples/score-linkage.ts):',
    '',
    '| pairs | precision | recall | correct of true pairs |',
    '|---|---|---|---|',
    scoreRow('all sources, cross-source links', last.score.all),
    ...last.score.pairs.map((pair) => scoreRow(pair.label, pair.score)),
    scoreRow('within-source duplicates, all sources', last.score.withinSources),
    ...last.score.withinSource.map((entry) => scoreRow(entry.label, entry.score)),
    '',
  ].join('\n');
}

export async function runLinkageBench(options: { readonly quick: boolean }): Promise<void> {
  const profile = options.quick ? PROFILES.quick : PROFILES.full;
  process.stderr.write(`linkage: preparing the city at scale ${profile.scale}\n`);
  const city = await syntheticCityWithRecipe(profile.scale);
  const workspace = await preparedWorkspace(city, profile.scale);
  const runs: LinkageRunReport[] = [];
  for (let repetition = 0; repetition < profile.repetitions; repetition += 1) {
    process.stderr.write(`  linkage, run ${repetition + 1} of ${profile.repetitions}… `);
    const report = runChild(workspace, city);
    runs.push(report);
    process.stderr.write(`${seconds(report.wallMs)} s, ${Math.round(report.maxRssMb)} MB\n`);
  }
  const cpus = os.cpus();
  const header = {
    generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    machine: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, load average ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}`,
    profile: profile.name,
    scale: profile.scale,
  };
  const folder = profile.name === 'full' ? path.join(BENCH_FOLDER, 'results') : path.join(BENCH_FOLDER, 'tmp');
  const name = profile.name === 'full' ? 'linkage-latest' : 'linkage-quick-latest';
  fs.mkdirSync(folder, { recursive: true });
  const markdown = renderMarkdown(header, runs);
  fs.writeFileSync(path.join(folder, `${name}.md`), markdown);
  fs.writeFileSync(path.join(folder, `${name}.json`), `${JSON.stringify({ ...header, targetSeconds: LINKAGE_TARGET_SECONDS, medianSeconds: median(runs.map((run) => run.wallMs)) / 1000, runs }, null, 2)}\n`);
  process.stdout.write(markdown);
  process.stderr.write(`\nWritten to ${path.relative(REPOSITORY_ROOT, path.join(folder, name))}.{md,json}\n`);
}
