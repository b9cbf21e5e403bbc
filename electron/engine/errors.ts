import type { ErrorCode, WorkbenchError } from '../../shared/result';

/**
 * An error the engine expects and can explain. Each kind carries the code the window shows, so the facade
 * turns any of them into an error value without a list of classes. Messages never carry cell values.
 */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly errorCode: ErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toWorkbenchError(): WorkbenchError {
    return this.details === undefined ? { code: this.errorCode, message: this.message } : { code: this.errorCode, message: this.message, details: this.details };
  }
}

/** The error value for anything a handler threw: an EngineError says its own code; anything else is internal. */
export function toWorkbenchError(error: unknown): WorkbenchError {
  if (error instanceof EngineError) return error.toWorkbenchError();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `The engine could not finish: ${message.split('\n')[0] ?? message}` };
}
