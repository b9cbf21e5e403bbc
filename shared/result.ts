/**
 * Errors cross the window/engine boundary as values, never as thrown exceptions: IPC and HTTP lose an
 * Error's class and stack, and a value forces every caller to handle the failure it can show the user.
 */

export const ERROR_CODES = [
  'invalid-request',
  'unknown-method',
  'forbidden',
  'not-found',
  'unusable-file',
  'import-failed',
  'cancelled',
  'busy',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WorkbenchError {
  readonly code: ErrorCode;
  /** A sentence the user can act on; never contains a cell value or an identifier. */
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WorkbenchError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}
