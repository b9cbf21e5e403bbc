/**
 * Faults: `village run` killed with SIGKILL at seeded points of a second run of the samples recipe — during
 * import, linkage and the writing of the run's outputs. After every kill the workspace, reopened as the engine
 * opens it, holds exactly what the first run left (tables, rows, contents, imports, stored runs; only the audit
 * trail grows), the audit says the run was interrupted and its tables were put back, nothing is left in
 * staging, the stash or the runs folder, and every file under --out is the complete file of the first run.
 * A last run left to finish changes the state, so the comparison can fail.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VillageJson } from '../../shared/village';
import { createEngine } from '../../electron/engine/engine';
import { anyFilePolicy } from '../../electron/engine/file-access';
import { qualifiedName } from '../../electron/engine/sql';
import { openWorkspace, type Workspace } from '../../electron/engine/workspace/workspace';
import { mulberry32 } from '../support/random';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'electron/cli/village.ts');
const SEED = 0x8;
/**
 * Where the kills go, one per entry. For import and linkage a progress phase of the group and a moment within
 * it are seeded; for outputs, a moment within the writing of the run's files into `<workspace>/runs/<runId>/`
 * (timed from its folder appearing, as measured on the first run).
 */
const KILL_GROUPS = ['import', 'import', 'linkage', 'outputs'] as const;
type Group = (typeof KILL_GROUPS)[number];

let folder: string;
let recipe: string;
let location: string;
let out: string;
const children = new Set<ChildProcess>();

function groupOf(phase: string): Group | null {
  if (phase.startsWith('importing ')) return 'import';
  if (phase === 'linkage…') return 'linkage';
  return null;
}

/** The run's outputs written so far (final names only, not the writer's temporary files). */
function outputsIn(runFolder: string): string[] {
  if (!fs.existsSync(runFolder)) return [];
  return fs.readdirSync(runFolder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.name.endsWith('.partial')).map((entry) => entry.name);
}

/** Calls `onFolder` as soon as a new run's outputs folder appears under `<workspace>/runs`. */
function watchRuns(onFolder: (runFolder: string) => void): fs.FSWatcher {
  const runs = path.join(location, 'runs');
  const known = new Set(fs.readdirSync(runs));
  return fs.watch(runs, (_event, name) => {
    if (name === null || known.has(name) || !fs.existsSync(path.join(runs, name))) return;
    known.add(name);
    onFolder(path.join(runs, name));
  });
}

interface Phase {
  readonly phase: string;
  readonly at: number;
}

interface Running {
  readonly child: ChildProcess;
  readonly phases: Phase[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `village run` in a child process; each progress line on stderr is timed from the start. */
function startRun(onPhase?: (phase: string, running: Running) => void): Running {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'run', recipe, '--out', out, '--workspace', location], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  let partial = '';
  const running: Running = {
    child,
    phases: [],
    exited: new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        children.delete(child);
        resolve({ code, signal, stdout, stderr });
      }),
    ),
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const phase of lines) {
      running.phases.push({ phase, at: performance.now() - started });
      onPhase?.(phase, running);
    }
  });
  return running;
}

async function rows(workspace: Workspace, sql: string): Promise<Record<string, unknown>[]> {
  return (await workspace.connection.runAndReadAll(sql)).getRowObjectsJson();
}

/** Everything but the audit trail: every table with its row count and a hash of its rows, imports and runs. */
async function snapshot(workspace: Workspace): Promise<Record<string, unknown>> {
  const tables = await rows(workspace, "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY ALL");
  const state: Record<string, unknown> = {};
  for (const { schema_name: schema, table_name: table } of tables) {
    if (schema === 'vw' && table === 'audit') continue;
    const name = qualifiedName(String(schema), String(table));
    state[name] = (await rows(workspace, `SELECT count(*) AS n, CAST(sum(hash(CAST(t AS VARCHAR))) AS VARCHAR) AS h FROM ${name} t`))[0];
  }
  state['imports'] = await rows(workspace, 'SELECT * EXCLUDE (report_json) FROM vw.imports ORDER BY import_id');
  state['recipe_runs'] = await rows(workspace, 'SELECT run_id, recipe_sha256, finished_at, summary_json FROM vw.recipe_runs ORDER BY run_id');
  return state;
}

/** Opens the workspace as the engine does (recovery first) and hands it to `inspect`. */
async function reopened<T>(inspect: (workspace: Workspace) => Promise<T>): Promise<T> {
  const workspace = await openWorkspace({ location, threads: 1 });
  const engine = createEngine(workspace, anyFilePolicy());
  try {
    const info = await engine.dispatch('getWorkspaceInfo', {});
    expect(info.ok).toBe(true);
    return await inspect(workspace);
  } finally {
    await engine.close();
  }
}

/** The samples run's outputs: village.json, village.xlsx, report.html and two validation reports per extract (12). */
const OUTPUT_FILES = 27;

/** Every file under --out with its SHA-256; each must be a complete output (JSON parses, workbooks open). */
function outputs(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.relative(out, path.join(entry.parentPath, entry.name));
    const bytes = fs.readFileSync(path.join(out, file));
    if (file.endsWith('.json')) expect(() => JSON.parse(bytes.toString('utf8')), file).not.toThrow();
    if (file.endsWith('.xlsx')) expect(XLSX.read(bytes).SheetNames.length, file).toBeGreaterThan(1);
    if (file.endsWith('.html')) expect(bytes.toString('utf8'), file).toMatch(/<\/html>\s*$/);
    files[file] = createHash('sha256').update(bytes).digest('hex');
  }
  return files;
}

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-recipe-kill-'));
  const data = path.join(folder, 'data');
  fs.cpSync(path.join(ROOT, 'samples'), data, { recursive: true, filter: (source) => !source.includes(`${path.sep}generator`) && !source.includes(`${path.sep}full`) });
  recipe = path.join(data, 'birmingham.recipe.json');
  location = path.join(folder, 'ws');
  out = path.join(folder, 'out');
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('a recipe run killed mid-way', () => {
  it('leaves the workspace exactly as the previous run left it, every time, and says it was interrupted', async () => {
    // The first run, timing how long writing its outputs folder takes (OUTPUT_FILES files).
    fs.mkdirSync(path.join(location, 'runs'), { recursive: true });
    let writing = { started: 0, ended: 0 };
    const timer = watchRuns((runFolder) => {
      writing = { started: performance.now(), ended: 0 };
      const poll = setInterval(() => {
        if (outputsIn(runFolder).length < OUTPUT_FILES) return;
        writing.ended = performance.now();
        clearInterval(poll);
      }, 2);
    });
    const first = startRun();
    const firstEnd = await first.exited;
    timer.close();
    expect(firstEnd.code, firstEnd.stderr).toBe(0);
    const writingLasts = writing.ended - writing.started;
    expect(writingLasts).toBeGreaterThan(0);
    const baseline = await reopened(snapshot);
    const baselineOutputs = outputs();
    expect(Object.keys(baselineOutputs)).toHaveLength(OUTPUT_FILES);
    const [storedRun] = fs.readdirSync(path.join(location, 'runs'));

    // How long each phase of a full run lasts here: the kill points are drawn inside them.
    const timeline = first.phases.map((entry, index) => ({ ...entry, group: groupOf(entry.phase), lasts: (first.phases[index + 1]?.at ?? entry.at) - entry.at }));
    const random = mulberry32(SEED);
    const plan = KILL_GROUPS.map((group) => {
      if (group === 'outputs') return { group, phase: 'writing the run’s outputs', index: -1, delay: random() * writingLasts * 0.6 };
      // Only phases long enough that the kill lands inside them, seen through the CLI's progress polling.
      const candidates = timeline.filter((entry) => entry.group === group && entry.lasts >= 100);
      expect(candidates.length, `phases of ${group} in ${first.phases.map((entry) => entry.phase).join(', ')}`).toBeGreaterThan(0);
      const target = candidates[Math.floor(random() * candidates.length)]!;
      return { group, phase: target.phase, index: timeline.indexOf(target), delay: random() * target.lasts * 0.5 };
    });

    // One source changes, so a run that finished would change the state.
    const survey = path.join(path.dirname(recipe), 'voice_wellbeing_survey.csv');
    const lines = fs.readFileSync(survey, 'utf8').split(/(?<=\n)/);
    fs.writeFileSync(survey, lines.slice(0, -1).join(''));

    for (const [number, kill] of plan.entries()) {
      let armed = false;
      let killedIn = '';
      let killedRunFolder: string | null = null;
      const arm = (running: Running, where: () => string): void => {
        if (armed) return;
        armed = true;
        setTimeout(() => {
          killedIn = where();
          running.child.kill('SIGKILL');
        }, kill.delay);
      };
      const running = startRun((phase, self) => {
        const index = timeline.findIndex((entry) => entry.phase === phase);
        if (kill.group !== 'outputs' && index >= kill.index) arm(self, () => self.phases.at(-1)?.phase ?? '');
      });
      // The outputs folder appears seconds after the start, so watching from here misses nothing.
      const watcher = watchRuns((runFolder) => {
        killedRunFolder = runFolder;
        if (kill.group === 'outputs') arm(running, () => `the run's outputs, ${outputsIn(runFolder).length} of ${OUTPUT_FILES} files written`);
      });
      const end = await running.exited;
      watcher.close();
      const context = `kill ${number + 1} planned in ${kill.phase} after ${kill.delay.toFixed(0)} ms, landed in ${killedIn}; saw ${running.phases.map((entry) => entry.phase).join(', ')}`;
      expect(end.signal, context).toBe('SIGKILL');
      expect(end.stderr, context).not.toMatch(/exporting…/);
      if (kill.group === 'outputs') {
        // The kill came while the run's files were being written: some of them are missing.
        expect(killedRunFolder, context).not.toBeNull();
        expect(outputsIn(killedRunFolder ?? '').length, context).toBeLessThan(OUTPUT_FILES);
      } else {
        expect(groupOf(killedIn), context).toBe(kill.group);
      }

      await reopened(async (workspace) => {
        expect(await snapshot(workspace), context).toEqual(baseline);
        const interrupted = await rows(
          workspace,
          `SELECT s.subject, i.outcome FROM vw.audit s JOIN vw.audit i ON json_extract_string(i.detail_json, '$.operation') = json_extract_string(s.detail_json, '$.operation')
            WHERE s.action = 'recipe-run' AND s.outcome = 'started' AND i.outcome <> 'started' ORDER BY s.occurred_at`,
        );
        expect(interrupted.map((row) => row.outcome), context).toEqual(['succeeded', ...Array<string>(number + 1).fill('interrupted')]);
        expect(await rows(workspace, "SELECT count(*) AS n FROM vw.audit WHERE action = 'recipe-run-restore' AND outcome = 'succeeded'"), context).toEqual([{ n: String(number + 1) }]);
      });
      expect(fs.readdirSync(path.join(location, 'staging')), context).toEqual([]);
      expect(fs.readdirSync(path.join(location, 'runs')), context).toEqual([storedRun]);
      expect(outputs(), context).toEqual(baselineOutputs);
    }

    const last = await startRun().exited;
    expect(last.code, last.stderr).toBe(0);
    const after = await reopened(snapshot);
    expect(after).not.toEqual(baseline);
    expect(after[qualifiedName('main', 'src_wellbeing_survey')]).not.toEqual(baseline[qualifiedName('main', 'src_wellbeing_survey')]);
    expect(after['recipe_runs']).toHaveLength(2);
    const written = outputs();
    expect(Object.keys(written).sort()).toEqual(Object.keys(baselineOutputs).sort());
    const village = JSON.parse(fs.readFileSync(path.join(out, 'village.json'), 'utf8')) as VillageJson;
    expect(village.sources.find((source) => source.id === 'wellbeing_survey')?.sha256).toBe(createHash('sha256').update(fs.readFileSync(survey)).digest('hex'));
  }, 240_000);
});
