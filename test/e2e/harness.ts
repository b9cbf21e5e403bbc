import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { isEngineMethod } from '../../shared/api';
import type { VillageJson } from '../../shared/village';
import { createEngine, dispatchTo, type Engine } from '../../electron/engine/engine';
import { folderPolicy } from '../../electron/engine/file-access';
import { openWorkspace } from '../../electron/engine/workspace/workspace';
import { startHost, type RunningHost } from '../../electron/host/server';
import { PublishedFiles } from '../../electron/host/published-files';
import { createHostShell, droppedFilesFolder } from '../../electron/host/shell';

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');
export const RENDERER_FOLDER = path.join(REPOSITORY_ROOT, 'out', 'renderer');
export const SCREENSHOT_FOLDER = path.join(REPOSITORY_ROOT, 'test-results', 'screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const SAMPLES_FOLDER = path.join(REPOSITORY_ROOT, 'samples');
/** What the samples recipe reads: its extracts and the specification files it keeps beside them (not the answer key). */
const SAMPLES_RECIPE_INPUT = /\.(csv|xlsx)$|\.spec\.json$/;

/**
 * Runs a recipe the engine may read to the end through the typed contract, polling its job (expect.poll belongs
 * to tests, so set-up waits by hand); throws with the engine's message if it fails or is cancelled.
 */
export async function runRecipeToEnd(engine: Engine, recipePath: string): Promise<void> {
  const started = await engine.call('runRecipe', { path: recipePath });
  if (!started.ok) throw new Error(started.error.message);
  for (;;) {
    const job = await engine.call('getJob', { jobId: started.value.jobId });
    if (!job.ok) throw new Error(job.error.message);
    if (job.value.state === 'succeeded') return;
    if (job.value.state !== 'running') throw new Error(`The recipe ${job.value.state}: ${job.value.error?.message ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** A workbench with the samples recipe run to the end in its workspace, and the village.json the run published. */
export async function startWorkbenchWithSamplesRun(): Promise<{ workbench: Workbench; published: VillageJson }> {
  const workbench = await startWorkbench({ inputs: samplesRecipeInputs() });
  const recipe = path.join(workbench.inputsFolder, 'birmingham.recipe.json');
  workbench.engine.fileAccess.grant(recipe);
  await runRecipeToEnd(workbench.engine, recipe);
  const village = await workbench.engine.call('getVillage', {});
  if (!village.ok) throw new Error(village.error.message);
  return { workbench, published: village.value };
}

/** The samples recipe with everything it reads, as `startWorkbench` inputs: a test copies these, never a hand-kept list. */
export function samplesRecipeInputs(): Record<string, Buffer> {
  const inputs: Record<string, Buffer> = {};
  for (const name of fs.readdirSync(SAMPLES_FOLDER)) {
    if ((SAMPLES_RECIPE_INPUT.test(name) && name !== 'truth_links.csv') || name === 'birmingham.recipe.json') inputs[name] = fs.readFileSync(path.join(SAMPLES_FOLDER, name));
  }
  return inputs;
}

/**
 * The samples' series as `startWorkbench` inputs: everything the latest recipe reads, plus each earlier quarter's
 * recipe (`birmingham-<quarter>.recipe.json`) and its extracts under `periods/<quarter>/`, as the generator wrote them.
 */
export function samplesSeriesInputs(): Record<string, Buffer> {
  const inputs = samplesRecipeInputs();
  for (const name of fs.readdirSync(SAMPLES_FOLDER)) {
    if (/^birmingham-.+\.recipe\.json$/.test(name)) inputs[name] = fs.readFileSync(path.join(SAMPLES_FOLDER, name));
  }
  const periodsFolder = path.join(SAMPLES_FOLDER, 'periods');
  for (const quarter of fs.readdirSync(periodsFolder)) {
    for (const name of fs.readdirSync(path.join(periodsFolder, quarter))) {
      if (SAMPLES_RECIPE_INPUT.test(name)) inputs[path.join('periods', quarter, name)] = fs.readFileSync(path.join(periodsFolder, quarter, name));
    }
  }
  return inputs;
}

/**
 * Runs the samples' series as `npm run demo` does, through the typed contract: each earlier quarter's recipe
 * oldest first, then the latest (the recipes' period labels order the series, their file names sort the same way).
 */
export async function runSamplesSeries(workbench: Workbench): Promise<VillageJson> {
  const recipes = fs
    .readdirSync(workbench.inputsFolder)
    .filter((name) => /^birmingham-.+\.recipe\.json$/.test(name))
    .sort();
  for (const name of [...recipes, 'birmingham.recipe.json']) {
    const recipe = path.join(workbench.inputsFolder, name);
    workbench.engine.fileAccess.grant(recipe);
    await runRecipeToEnd(workbench.engine, recipe);
  }
  const village = await workbench.engine.call('getVillage', {});
  if (!village.ok) throw new Error(village.error.message);
  return village.value;
}

/** Flags that keep Chromium from reaching out on its own (updates, sync, safe browsing, QUIC probes). */
const QUIET_CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--lang=en-GB',
];

export interface Workbench {
  readonly folder: string;
  readonly inputsFolder: string;
  readonly engine: Engine;
  readonly host: RunningHost;
  readonly page: Page;
  /** Every URL the page asked for, in order. */
  readonly requests: string[];
  /** Requests to anywhere but the loopback host: the tests require this to stay empty. */
  offLoopbackRequests(): string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Calls the engine the way the window does, from the page through the loopback host with its token, so a
 * test can set the scene (choose and import files) without clicking through screens it is not about.
 */
export async function callFromPage<T>(workbench: Workbench, method: string, payload: unknown): Promise<T> {
  const result = await workbench.page.evaluate(
    async ({ method, payload, token }) => {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Workbench-Token': token },
        body: JSON.stringify(payload),
      });
      return response.json() as Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>;
    },
    { method, payload, token: workbench.host.token },
  );
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}

/** The usual council laptop: every screen must work at this size, and the screenshots are taken at it. */
export const LAPTOP_VIEWPORT = { width: 1366, height: 768 } as const;
export const DESKTOP_VIEWPORT = { width: 1920, height: 1080 } as const;

/** A workspace, engine, loopback host and Chromium page of its own, in a fresh temp folder. */
export async function startWorkbench(options: { inputs?: Record<string, string | Buffer>; viewport?: { width: number; height: number } } = {}): Promise<Workbench> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-e2e-'));
  const inputsFolder = path.join(folder, 'inputs');
  fs.mkdirSync(inputsFolder);
  for (const [name, content] of Object.entries(options.inputs ?? {})) {
    fs.mkdirSync(path.dirname(path.join(inputsFolder, name)), { recursive: true });
    fs.writeFileSync(path.join(inputsFolder, name), content);
  }

  const workspace = await openWorkspace({ location: path.join(folder, 'workspace') });
  const engine = createEngine(workspace, folderPolicy([inputsFolder]));
  const published = new PublishedFiles();
  const shell = createHostShell([inputsFolder], engine.fileAccess, droppedFilesFolder(workspace.folder), {
    locate: (runId) => engine.call('locateRunReport', runId === undefined ? {} : { runId }),
    published,
  });
  const host = await startHost({
    published,
    rendererFolder: RENDERER_FOLDER,
    dispatch: (method, payload) => (isEngineMethod(method) ? engine.dispatch(method, payload) : dispatchTo(shell, method, payload)),
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: QUIET_CHROMIUM_FLAGS });
  } catch (error) {
    await host.close();
    await engine.close();
    throw error;
  }
  const context = await browser.newContext({ viewport: options.viewport ?? LAPTOP_VIEWPORT, locale: 'en-GB' });
  const requests: string[] = [];
  const isLoopback = (url: string): boolean => url.startsWith(`${host.origin}/`) || url.startsWith('data:') || url.startsWith('blob:');
  // Record every request and refuse any that would leave the machine, so a stray CDN link fails loudly.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    return isLoopback(url) ? route.continue() : route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    if (!requests.includes(request.url())) requests.push(request.url());
  });
  const page = await context.newPage();
  fs.mkdirSync(SCREENSHOT_FOLDER, { recursive: true });

  return {
    folder,
    inputsFolder,
    engine,
    host,
    page,
    requests,
    offLoopbackRequests: () => requests.filter((url) => !isLoopback(url)),
    async screenshot(name) {
      const file = path.join(SCREENSHOT_FOLDER, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      await browser.close();
      await host.close();
      await engine.close();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
