import { createEngine } from '../engine/engine';
import { chosenFilesPolicy } from '../engine/file-access';
import { openWorkspace } from '../engine/workspace/workspace';
import type { FromEngineMessage, ToEngineMessage } from './protocol';

/**
 * Entry point of the engine's Electron utility process. Spreadsheet parsing and long queries run here,
 * never in the main process, so the window stays responsive and untrusted files are parsed away from the
 * process that holds the window's privileges. This file uses only Node: `process.parentPort` is the
 * message port Electron gives a utility process.
 */

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: ToEngineMessage }) => void): void;
  postMessage(message: FromEngineMessage): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) throw new Error('The engine process must be started by Electron as a utility process');

const workspaceFolder = process.argv[process.argv.indexOf('--workspace') + 1];

async function start(port: ParentPortLike): Promise<void> {
  if (!workspaceFolder || process.argv.indexOf('--workspace') < 0) throw new Error('The engine process needs --workspace <folder>');
  const fileAccess = chosenFilesPolicy();
  const engine = createEngine(await openWorkspace({ location: workspaceFolder }), fileAccess);
  port.on('message', ({ data }) => {
    if (data.type === 'grant') {
      if (data.access === 'save') fileAccess.grantSave(data.path);
      else fileAccess.grant(data.path);
      return;
    }
    void engine.dispatch(data.method, data.payload).then((result) => port.postMessage({ type: 'result', id: data.id, result }));
  });
  port.postMessage({ type: 'ready', location: engine.workspace.location });
}

start(parentPort).catch((error: unknown) => {
  parentPort.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
});
