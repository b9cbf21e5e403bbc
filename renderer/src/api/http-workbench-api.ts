import { MAX_LOOPBACK_DROP_BYTES, workbenchMethodNames, workbenchMethods, type DroppedFileHandle, type WorkbenchApi, type WorkbenchMethodName } from '../../../shared/api';
import { ERROR_CODES, fail, ok, type ErrorCode, type Result } from '../../../shared/result';
import { decodeWire, encodeWire } from '../../../shared/wire';

/**
 * Talks to the loopback host when the window runs in a normal browser (end-to-end tests) instead of Electron.
 * The host answers `POST /api/<method>` with a wire-encoded `Result`; any other status means it refused the request.
 */

export interface HttpWorkbenchApiOptions {
  /** Origin of the loopback host, e.g. `http://127.0.0.1:5123`. */
  readonly baseUrl: string;
  /** The per-launch secret from the address's fragment; null when the page was opened without one. */
  readonly token: string | null;
  readonly fetch: typeof fetch;
}

export const TOKEN_HEADER = 'X-Workbench-Token';

const MISSING_TOKEN_MESSAGE = 'This page was opened without its access key (reloading the page loses it), so the workbench will not answer it.';
const UNREACHABLE_MESSAGE = 'The workbench engine did not answer. Check the workbench is still running, then try again.';
const REFUSED_MESSAGE = 'The workbench refused this page’s request because the page is not the one it opened.';
const GARBLED_MESSAGE = 'The workbench engine sent an answer this window could not read. Try again; if it keeps happening, restart the workbench.';

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Checks the decoded body is a `Result` and its value matches the contract, because the wire is untyped. */
function readResult(method: WorkbenchMethodName, body: unknown): Result<unknown> {
  if (!isRecord(body) || typeof body.ok !== 'boolean') return fail('internal', GARBLED_MESSAGE);
  if (!body.ok) {
    const error = body.error;
    if (!isRecord(error) || typeof error.message !== 'string') return fail('internal', GARBLED_MESSAGE);
    const code = isErrorCode(error.code) ? error.code : 'internal';
    return isRecord(error.details) ? fail(code, error.message, error.details) : fail(code, error.message);
  }
  const checked = workbenchMethods[method].response.safeParse(body.value);
  return checked.success ? ok(checked.data) : fail('internal', GARBLED_MESSAGE);
}

export function createHttpWorkbenchApi(options: HttpWorkbenchApiOptions): WorkbenchApi {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call(method: WorkbenchMethodName, request: unknown): Promise<Result<unknown>> {
    if (options.token === null) return fail('forbidden', MISSING_TOKEN_MESSAGE);
    let response: Response;
    try {
      response = await options.fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: options.token },
        body: encodeWire(request ?? {}),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      return fail('internal', UNREACHABLE_MESSAGE);
    }
    if (!response.ok) {
      return response.status === 401 || response.status === 403 ? fail('forbidden', REFUSED_MESSAGE) : fail('internal', UNREACHABLE_MESSAGE);
    }
    try {
      return readResult(method, decodeWire(await response.text()));
    } catch {
      return fail('internal', GARBLED_MESSAGE);
    }
  }

  /** A page cannot learn a dropped file's path, so the host is handed the file's bytes to keep in the workspace. */
  async function acceptDroppedFiles(request: { readonly files: readonly DroppedFileHandle[] }): Promise<Result<unknown>> {
    const total = request.files.reduce((sum, file) => sum + file.size, 0);
    if (total > MAX_LOOPBACK_DROP_BYTES) {
      const megabytes = Math.round(MAX_LOOPBACK_DROP_BYTES / (1024 * 1024));
      return fail('invalid-request', `The dropped files come to more than ${megabytes} MB, too much to hand over through the browser. Put them in a folder the workbench offers and use Choose files… instead.`);
    }
    const files = await Promise.all(request.files.map(async (file) => ({ kind: 'bytes' as const, name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
    return call('acceptDroppedFiles', { files });
  }

  const methods = workbenchMethodNames.map((method) => [method, (request: unknown) => call(method, request)] as const);
  return { ...Object.fromEntries(methods), acceptDroppedFiles } as unknown as WorkbenchApi;
}
