import path from 'node:path';
import { parseArgs } from 'node:util';
import { isEngineMethod } from '../../shared/api';
import { createEngine, dispatchTo } from '../engine/engine';
import { folderPolicy } from '../engine/file-access';
import { defaultWorkspaceFolder } from '../engine/workspace/location';
import { openWorkspace } from '../engine/workspace/workspace';
import { startHost } from './server';
import { PublishedFiles } from './published-files';
import { createHostShell, droppedFilesFolder } from './shell';

const usage = `Usage: npm run host -- [--workspace DIR] [--allow DIR ...] [--port N]
Serves the workbench window on http://127.0.0.1 for a browser, with the API behind a per-run token.
  --workspace DIR  workspace folder (default: ${defaultWorkspaceFolder()})
  --allow DIR      a folder whose files the window may import (repeatable)
  --port N         port to listen on (default: a random free port)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      allow: { type: 'string', multiple: true },
      port: { type: 'string' },
      renderer: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const workspace = await openWorkspace({ location: values.workspace ?? defaultWorkspaceFolder() });
  const folders = values.allow ?? [];
  const engine = createEngine(workspace, folderPolicy(folders));
  const published = new PublishedFiles();
  const shell = createHostShell(folders, engine.fileAccess, droppedFilesFolder(workspace.folder), {
    locate: (runId) => engine.call('locateRunReport', runId === undefined ? {} : { runId }),
    published,
  });
  const host = await startHost({
    published,
    dispatch: (method, payload) => (isEngineMethod(method) ? engine.dispatch(method, payload) : dispatchTo(shell, method, payload)),
    rendererFolder: values.renderer ?? path.resolve(import.meta.dirname, '../../out/renderer'),
    ...(values.port === undefined ? {} : { port: Number(values.port) }),
  });
  process.stdout.write(`Village Workbench is at ${host.url}\n`);
  const stop = async (): Promise<void> => {
    await host.close();
    await engine.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`village host: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
