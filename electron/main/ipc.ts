import { ipcChannelFor, isEngineMethod, workbenchMethodNames, workbenchMethods, type WorkbenchMethodName } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/result';

/**
 * The main process's IPC handlers: thin by design. Each checks the payload against the shared schema and
 * relays it to the engine process, or, for shell methods, shows the native dialog. The sender check
 * happens where they are registered (see registerIpcHandlers).
 */

export interface MainDependencies {
  callEngine(method: string, payload: unknown): Promise<Result<unknown>>;
  /** Lets the engine read a file the user picked. */
  grantFile(filePath: string): Promise<void>;
  showOpenDialog(options: { multiple: boolean; purpose: 'import' | 'recipe' }): Promise<string[]>;
}

export type MainHandler = (payload: unknown) => Promise<Result<unknown>>;

export function createMainHandlers(dependencies: MainDependencies): Record<WorkbenchMethodName, MainHandler> {
  const handlers = {} as Record<WorkbenchMethodName, MainHandler>;
  for (const method of workbenchMethodNames) {
    handlers[method] = async (payload) => {
      const parsed = workbenchMethods[method].request.safeParse(payload ?? {});
      if (!parsed.success) return fail('invalid-request', `The request to ${method} is not valid`);
      if (isEngineMethod(method)) return dependencies.callEngine(method, parsed.data);
      const { multiple, purpose } = parsed.data as { multiple: boolean; purpose: 'import' | 'recipe' };
      const paths = await dependencies.showOpenDialog({ multiple, purpose });
      for (const filePath of paths) await dependencies.grantFile(filePath);
      return ok({ paths });
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
