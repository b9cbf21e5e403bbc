import type { Result } from '../../shared/result';

/** Messages between the main process and the engine's utility process. */
export type ToEngineMessage =
  | { readonly type: 'call'; readonly id: number; readonly method: string; readonly payload: unknown }
  /** A file the user picked in a native dialog: the engine may now read it (or, for 'save', write it). */
  | { readonly type: 'grant'; readonly path: string; readonly access?: 'read' | 'save' };

export type FromEngineMessage =
  | { readonly type: 'ready'; readonly location: string }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> };
