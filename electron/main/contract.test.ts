import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineMethodNames, ipcChannelFor, shellMethodNames, workbenchMethodNames, workbenchMethods } from '../../shared/api';
import { fail, ok } from '../../shared/result';
import { createEngine, type Engine } from '../engine/engine';
import { anyFilePolicy, chosenFilesPolicy } from '../engine/file-access';
import { openWorkspace } from '../engine/workspace/workspace';
import { PublishedFiles } from '../host/published-files';
import { createHostShell, droppedFilesFolder, type HostReports } from '../host/shell';
import { createPreloadApi } from '../preload/api';
import { createMainHandlers, registerIpcHandlers, type MainHandler } from './ipc';

let engine: Engine;
/** Dependencies of a main process whose save dialog is always cancelled. */
const noSaving = { grantSave: async () => undefined, showSaveDialog: async () => null, openPath: async () => '' };
/** A host shell's reports when no recipe has been run. */
const noReports: HostReports = { locate: async () => fail('not-found', 'No recipe has been run in this workspace yet'), published: new PublishedFiles() };

beforeAll(async () => {
  engine = createEngine(await openWorkspace({ location: ':memory:' }), anyFilePolicy());
});
afterAll(async () => engine.close());

describe('the WorkbenchApi contract', () => {
  it('gives every method a request and a response schema', () => {
    for (const method of workbenchMethodNames) {
      expect(typeof workbenchMethods[method].request.safeParse, method).toBe('function');
      expect(typeof workbenchMethods[method].response.safeParse, method).toBe('function');
    }
  });

  it('splits methods between the engine and the shell with nothing left over', () => {
    expect([...engineMethodNames, ...shellMethodNames].sort()).toEqual([...workbenchMethodNames].sort());
    expect(Object.keys(engine.handlers).sort()).toEqual([...engineMethodNames].sort());
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-contract-'));
    expect(Object.keys(createHostShell([], chosenFilesPolicy(), droppedFilesFolder(folder), noReports)).sort()).toEqual([...shellMethodNames].sort());
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('has exactly one main-process IPC handler per method, on its own channel', () => {
    const registered: string[] = [];
    registerIpcHandlers(
      { handle: (channel) => void registered.push(channel) },
      createMainHandlers({ ...noSaving, callEngine: async () => ok({}), grantFile: async () => undefined, showOpenDialog: async () => [] }),
      () => true,
    );
    expect(registered.sort()).toEqual(workbenchMethodNames.map(ipcChannelFor).sort());
    expect(new Set(registered).size).toBe(registered.length);
  });

  it('exposes exactly the contract methods in the preload, each on its own channel', async () => {
    const calls: string[] = [];
    const api = createPreloadApi(
      async (channel) => {
        calls.push(channel);
        return ok({});
      },
      () => '/home/officer/extracts/police.csv',
    );
    expect(Object.keys(api).sort()).toEqual([...workbenchMethodNames].sort());
    for (const method of Object.values(api)) await (method as (payload: unknown) => Promise<unknown>)({ files: [{ name: 'police.csv', size: 1, arrayBuffer: async () => new ArrayBuffer(1) }] });
    expect(calls.sort()).toEqual(workbenchMethodNames.map(ipcChannelFor).sort());
    expect(Object.keys(api)).not.toContain('invoke');
  });
});

describe('main-process IPC handlers', () => {
  function handlersWithEngineSpy() {
    const engineCalls: string[] = [];
    const granted: string[] = [];
    const handlers = createMainHandlers({
      ...noSaving,
      callEngine: async (method) => {
        engineCalls.push(method);
        return ok({ tables: [] });
      },
      grantFile: async (filePath) => void granted.push(filePath),
      showOpenDialog: async () => ['/home/officer/extracts/police.csv'],
    });
    return { handlers, engineCalls, granted };
  }

  it('refuses senders that are not the app window before doing anything', async () => {
    const { handlers, engineCalls } = handlersWithEngineSpy();
    const listeners = new Map<string, (event: { senderFrame: { url: string } | null }, payload: unknown) => Promise<unknown>>();
    registerIpcHandlers({ handle: (channel, listener) => void listeners.set(channel, listener) }, handlers, (frame) => frame?.url.startsWith('app://workbench/') ?? false);
    const listTables = listeners.get(ipcChannelFor('listTables'))!;
    await expect(listTables({ senderFrame: { url: 'https://evil.example/' } }, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(listTables({ senderFrame: null }, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(engineCalls).toEqual([]);
    await expect(listTables({ senderFrame: { url: 'app://workbench/index.html' } }, {})).resolves.toMatchObject({ ok: true });
    expect(engineCalls).toEqual(['listTables']);
  });

  it('validates payloads against the shared schema before relaying', async () => {
    const { handlers, engineCalls } = handlersWithEngineSpy();
    const page = handlers.getTablePage as MainHandler;
    await expect(page({ table: 'x', startRow: -1, endRow: 10 })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    await expect(page('not an object')).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(engineCalls).toEqual([]);
  });

  it('grants the engine exactly the files picked in the native dialog', async () => {
    const { handlers, granted } = handlersWithEngineSpy();
    await expect(handlers.chooseFiles({ purpose: 'import' })).resolves.toEqual(ok({ paths: ['/home/officer/extracts/police.csv'] }));
    await expect(handlers.chooseFiles({ purpose: 'nothing-else' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(granted).toEqual(['/home/officer/extracts/police.csv']);
  });
});

describe('the loopback host shell', () => {
  it('offers only importable files in its folders and grants them', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-shell-'));
    fs.writeFileSync(path.join(folder, 'b.csv'), 'a\n1\n');
    fs.writeFileSync(path.join(folder, 'a.xlsx'), 'x');
    fs.writeFileSync(path.join(folder, 'notes.md'), '#');
    const policy = chosenFilesPolicy();
    const { paths } = await createHostShell([folder], policy, droppedFilesFolder(path.join(folder, 'workspace')), noReports).chooseFiles({ purpose: 'import', multiple: true });
    expect(paths.map((filePath) => path.basename(filePath))).toEqual(['a.xlsx', 'b.csv']);
    expect(policy.allows(path.join(folder, 'b.csv'))).toBe(true);
    expect(policy.allows(path.join(folder, 'notes.md'))).toBe(false);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});

describe('dropped files', () => {
  const droppedFile = (name: string, fakePath: string) => ({ name, size: 1, arrayBuffer: async () => new ArrayBuffer(1), fakePath });

  it('the preload turns a dropped File into its path itself, and refuses a File that has none', async () => {
    const sent: unknown[] = [];
    const api = createPreloadApi(
      async (channel, payload) => {
        sent.push({ channel, payload });
        return ok({ paths: [] });
      },
      (file) => (file as ReturnType<typeof droppedFile>).fakePath,
    );
    await api.acceptDroppedFiles({ files: [droppedFile('police.csv', '/home/officer/extracts/police.csv')] });
    expect(sent).toEqual([{ channel: ipcChannelFor('acceptDroppedFiles'), payload: { files: [{ kind: 'path', path: '/home/officer/extracts/police.csv' }] } }]);
    const made = await api.acceptDroppedFiles({ files: [droppedFile('made-up.csv', '')] });
    expect(made).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('made-up.csv did not come from a folder on this computer') } });
    expect(sent).toHaveLength(1);
  });

  it('the main process grants a dropped file exactly as a picked one, and refuses folders, other kinds of file and bytes', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-drop-main-'));
    const extract = path.join(folder, 'police.csv');
    fs.writeFileSync(extract, 'a\n1\n');
    fs.writeFileSync(path.join(folder, 'notes.md'), '#');
    fs.mkdirSync(path.join(folder, 'folder.csv'));
    const granted: string[] = [];
    const handlers = createMainHandlers({ ...noSaving, callEngine: async () => ok({}), grantFile: async (filePath) => void granted.push(filePath), showOpenDialog: async () => [] });
    await expect(handlers.acceptDroppedFiles({ files: [{ kind: 'path', path: extract }] })).resolves.toEqual(ok({ paths: [extract] }));
    expect(granted).toEqual([extract]);
    for (const [file, message] of [
      ['notes.md', 'notes.md was dropped, but the workbench imports only'],
      ['folder.csv', 'folder.csv is a folder, not a file'],
      ['gone.csv', 'gone.csv cannot be found any more'],
    ] as const) {
      await expect(handlers.acceptDroppedFiles({ files: [{ kind: 'path', path: path.join(folder, file) }] })).resolves.toMatchObject({ ok: false, error: { code: 'unusable-file', message: expect.stringContaining(message) } });
    }
    await expect(handlers.acceptDroppedFiles({ files: [{ kind: 'bytes', name: 'x.csv', bytes: new Uint8Array([97]) }] })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(granted).toEqual([extract]);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('the loopback host keeps dropped bytes under their own name inside the workspace and grants them; it refuses paths', async () => {
    const workspaceFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-drop-host-'));
    const dropped = droppedFilesFolder(workspaceFolder);
    const policy = chosenFilesPolicy();
    const shell = createHostShell([], policy, dropped, noReports);
    const { paths } = await shell.acceptDroppedFiles({ files: [{ kind: 'bytes', name: '../../Police DA.csv', bytes: new TextEncoder().encode('a\n1\n') }] });
    expect(paths).toHaveLength(1);
    const [stored] = paths as [string];
    expect(path.basename(stored)).toBe('Police DA.csv');
    expect(stored.startsWith(dropped + path.sep)).toBe(true);
    expect(fs.readFileSync(stored, 'utf8')).toBe('a\n1\n');
    expect(fs.readdirSync(path.dirname(stored))).toEqual(['Police DA.csv']);
    expect(policy.allows(stored)).toBe(true);
    await expect(shell.acceptDroppedFiles({ files: [{ kind: 'bytes', name: 'run.sh', bytes: new Uint8Array([35]) }] })).rejects.toThrow(/run\.sh was dropped, but the workbench imports only/);
    await expect(shell.acceptDroppedFiles({ files: [{ kind: 'path', path: '/etc/hosts' }] })).rejects.toThrow(/may only read files you chose/);
    expect(policy.allows('/etc/hosts')).toBe(false);
    // A new host session starts with no dropped files: their grants did not outlive the last one.
    createHostShell([], chosenFilesPolicy(), dropped, noReports);
    expect(fs.existsSync(dropped)).toBe(false);
    fs.rmSync(workspaceFolder, { recursive: true, force: true });
  });
});

describe('saving through a save dialog', () => {
  it('the main process lets the engine write only the path chosen in the native save dialog', async () => {
    const grantedForSaving: string[] = [];
    const asked: unknown[] = [];
    const handlers = createMainHandlers({
      callEngine: async () => ok({}),
      grantFile: async () => undefined,
      showOpenDialog: async () => [],
      grantSave: async (filePath) => void grantedForSaving.push(filePath),
      openPath: async () => '',
      showSaveDialog: async (options) => {
        asked.push(options);
        return asked.length === 1 ? '/home/officer/recipes/q3.recipe.json' : null;
      },
    });
    await expect(handlers.chooseSavePath({ purpose: 'recipe', suggestedName: 'q3.recipe.json' })).resolves.toEqual(ok({ path: '/home/officer/recipes/q3.recipe.json' }));
    await expect(handlers.chooseSavePath({ purpose: 'recipe', suggestedName: 'q3.recipe.json' })).resolves.toEqual(ok({ path: null }));
    await expect(handlers.chooseSavePath({ purpose: 'extract', suggestedName: 'x.csv' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(asked).toEqual([{ purpose: 'recipe', suggestedName: 'q3.recipe.json' }, { purpose: 'recipe', suggestedName: 'q3.recipe.json' }]);
    expect(grantedForSaving).toEqual(['/home/officer/recipes/q3.recipe.json']);
  });

  it('the loopback host offers the suggested name in its first folder, never an existing file, granted for saving only', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-save-host-'));
    fs.writeFileSync(path.join(folder, 'q3.recipe.json'), '{}');
    const policy = chosenFilesPolicy();
    const shell = createHostShell([folder], policy, droppedFilesFolder(path.join(folder, 'workspace')), noReports);
    const { path: chosen } = await shell.chooseSavePath({ purpose: 'recipe', suggestedName: 'q3.recipe.json' });
    expect(chosen).toBe(path.join(folder, 'q3 (2).recipe.json'));
    expect(policy.allowsSave(chosen as string)).toBe(true);
    expect(policy.allowsSave(path.join(folder, 'q3.recipe.json'))).toBe(false);
    expect(policy.allows(chosen as string)).toBe(false);
    await expect(createHostShell([], chosenFilesPolicy(), droppedFilesFolder(folder), noReports).chooseSavePath({ purpose: 'recipe', suggestedName: 'q3.recipe.json' })).rejects.toThrow(/may only save where you chose to/);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('the loopback host offers specifications as JSON files, *.spec.json first, and numbers a saved name keeping .spec.json', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-spec-host-'));
    for (const name of ['a.json', 'youth.spec.json', 'extract.csv']) fs.writeFileSync(path.join(folder, name), '{}');
    const policy = chosenFilesPolicy();
    const shell = createHostShell([folder], policy, droppedFilesFolder(path.join(folder, 'workspace')), noReports);
    const { paths } = await shell.chooseFiles({ purpose: 'specification', multiple: false });
    expect(paths).toEqual([path.join(folder, 'youth.spec.json'), path.join(folder, 'a.json')]);
    const { path: chosen } = await shell.chooseSavePath({ purpose: 'specification', suggestedName: 'youth.spec.json' });
    expect(chosen).toBe(path.join(folder, 'youth (2).spec.json'));
    expect(policy.allowsSave(chosen as string)).toBe(true);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});

describe("opening a run's report", () => {
  function handlersOpening(located: unknown) {
    const engineCalls: { method: string; payload: unknown }[] = [];
    const opened: string[] = [];
    const handlers = createMainHandlers({
      ...noSaving,
      grantFile: async () => undefined,
      showOpenDialog: async () => [],
      callEngine: async (method, payload) => {
        engineCalls.push({ method, payload });
        return located === null ? fail('not-found', 'No recipe has been run in this workspace yet') : ok(located);
      },
      openPath: async (filePath) => {
        opened.push(filePath);
        return '';
      },
    });
    return { handlers, engineCalls, opened };
  }

  it('opens the report.html the engine names for the run, whatever path the window sends', async () => {
    const { handlers, engineCalls, opened } = handlersOpening({ runId: 'run-7', path: '/ws/runs/run-7/report.html' });
    await expect(handlers.openRunReport({ runId: 'run-7', path: '/etc/passwd' })).resolves.toEqual(ok({ runId: 'run-7', url: null }));
    expect(engineCalls).toEqual([{ method: 'locateRunReport', payload: { runId: 'run-7' } }]);
    expect(opened).toEqual(['/ws/runs/run-7/report.html']);
  });

  it('opens nothing when the engine has no report, names another file, or the request is not valid', async () => {
    const none = handlersOpening(null);
    await expect(none.handlers.openRunReport({})).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    const other = handlersOpening({ runId: 'run-7', path: '/ws/runs/run-7/village.xlsx' });
    await expect(other.handlers.openRunReport({})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    await expect(other.handlers.openRunReport({ runId: 7 })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect([...none.opened, ...other.opened]).toEqual([]);
  });
});

