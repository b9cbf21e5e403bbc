import fs from 'node:fs';
import path from 'node:path';
import { engineMethods, ipcChannelFor, isEngineMethod, workbenchMethodNames, workbenchMethods, type ParsedRequestOf, type ShellMethodName, type WorkbenchMethodName } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/result';
import { IMPORTABLE_EXTENSIONS } from '../host/shell';

/**
 * The main process's IPC handlers: thin by design. Each checks the payload against the shared schema and
 * relays it to the engine process, or, for shell methods, shows the native dialog. The sender check
 * happens where they are registered (see registerIpcHandlers).
 */

export interface MainDependencies {
  callEngine(method: string, payload: unknown): Promise<Result<unknown>>;
  /** Lets the engine read a file the user picked. */
  grantFile(filePath: string): Promise<void>;
  showOpenDialog(options: { multiple: boolean; purpose: ParsedRequestOf<'chooseFiles'>['purpose'] }): Promise<string[]>;
  /** Lets the engine write the path the user chose in a save dialog. */
  grantSave(filePath: string): Promise<void>;
  /** The native save dialog; null when the user cancels. */
  showSaveDialog(options: { purpose: ParsedRequestOf<'chooseSavePath'>['purpose']; suggestedName: string }): Promise<string | null>;
  /** Electron's shell.openPath: opens a file in the system's default application; '' on success, else why not. */
  openPath(filePath: string): Promise<string>;
}

export type MainHandler = (payload: unknown) => Promise<Result<unknown>>;

/**
 * Why a dropped path cannot be taken, or null when it is an importable file. The preload sends only paths
 * webUtils found for Files the operating system handed over, so this re-checks what a drop can be: one
 * existing file with an importable extension (never a folder).
 */
export function droppedPathProblem(filePath: string): string | null {
  const name = path.basename(filePath);
  if (!path.isAbsolute(filePath)) return `${name} was not dropped from a folder on this computer`;
  if (!IMPORTABLE_EXTENSIONS.includes(path.extname(filePath).toLowerCase())) return `${name} was dropped, but the workbench imports only ${IMPORTABLE_EXTENSIONS.join(', ')} files`;
  try {
    if (!fs.statSync(filePath).isFile()) return `${name} is a folder, not a file`;
  } catch {
    return `${name} cannot be found any more`;
  }
  return null;
}

type ShellHandler<M extends ShellMethodName> = (request: ParsedRequestOf<M>) => Promise<Result<unknown>>;

export function createMainHandlers(dependencies: MainDependencies): Record<WorkbenchMethodName, MainHandler> {
  const shell: { [M in ShellMethodName]: ShellHandler<M> } = {
    async chooseFiles({ multiple, purpose }) {
      const paths = await dependencies.showOpenDialog({ multiple, purpose });
      for (const filePath of paths) await dependencies.grantFile(filePath);
      return ok({ paths });
    },
    async chooseSavePath({ purpose, suggestedName }) {
      const chosen = await dependencies.showSaveDialog({ purpose, suggestedName });
      if (chosen !== null) await dependencies.grantSave(chosen);
      return ok({ path: chosen });
    },
    // The path comes from the engine (the report it wrote for that run), never from the window.
    async openRunReport({ runId }) {
      const located = await dependencies.callEngine('locateRunReport', runId === undefined ? {} : { runId });
      if (!located.ok) return located;
      const report = engineMethods.locateRunReport.response.safeParse(located.value);
      if (!report.success || path.basename(report.data.path) !== 'report.html') return fail('internal', 'The engine did not name a report.html for the run');
      const problem = await dependencies.openPath(report.data.path);
      if (problem !== '') return fail('unusable-file', `The report could not be opened in the browser: ${problem}`);
      return ok({ runId: report.data.runId, url: null });
    },
    // A dropped file is treated exactly like one picked in the dialog: checked, then granted.
    async acceptDroppedFiles({ files }) {
      const paths: string[] = [];
      for (const file of files) {
        if (file.kind !== 'path') return fail('invalid-request', 'The desktop window sends dropped files by path');
        const problem = droppedPathProblem(file.path);
        if (problem !== null) return fail('unusable-file', `${problem}.`);
        paths.push(path.resolve(file.path));
      }
      for (const filePath of paths) await dependencies.grantFile(filePath);
      return ok({ paths });
    },
  };
  const handlers = {} as Record<WorkbenchMethodName, MainHandler>;
  for (const method of workbenchMethodNames) {
    handlers[method] = async (payload) => {
      const parsed = workbenchMethods[method].request.safeParse(payload ?? {});
      if (!parsed.success) return fail('invalid-request', `The request to ${method} is not valid`);
      if (isEngineMethod(method)) return dependencies.callEngine(method, parsed.data);
      return (shell[method] as ShellHandler<typeof method>)(parsed.data as never);
    };
  }
  return handlers;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null }, payload: unknown) => Promise<unknown>): void;
}

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Record<WorkbenchMethodName, MainHandler>,
  isTrustedSender: (frame: { url: string } | null) => boolean,
): void {
  for (const method of workbenchMethodNames) {
    ipcMain.handle(ipcChannelFor(method), async (event, payload) => {
      if (!isTrustedSender(event.senderFrame)) return fail('forbidden', 'This window may not use the workbench');
      return handlers[method](payload);
    });
  }
}
