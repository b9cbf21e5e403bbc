import type { JobKind, JobStatus, WorkbenchApi } from '../../../shared/api';
import { ERROR_CODES, fail, ok, type ErrorCode, type Result } from '../../../shared/result';

/** How often a running job is asked for progress: often enough for a live bar, rare enough to stay idle. */
export const POLL_INTERVAL_MS = 200;

export type JobOf<K extends JobKind> = Extract<JobStatus, { kind: K }>;

export interface PollOptions<K extends JobKind> {
  readonly kind: K;
  readonly onProgress: (status: JobOf<K>) => void;
  /** Stops polling (the screen was left); the job itself is cancelled only through cancelJob. */
  readonly signal: AbortSignal;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `getJob` until the job stops running and resolves with its final status. The window stays
 * responsive because each poll is one small request with a pause between; nothing blocks.
 */
export async function pollJob<K extends JobKind>(api: Pick<WorkbenchApi, 'getJob'>, jobId: string, options: PollOptions<K>): Promise<Result<JobOf<K>>> {
  const sleep = options.sleep ?? defaultSleep;
  for (;;) {
    if (options.signal.aborted) return fail('cancelled', 'The screen stopped following this task.');
    const status = await api.getJob({ jobId });
    if (!status.ok) return status;
    if (status.value.kind !== options.kind) return fail('internal', `The workbench reported a ${status.value.kind} task where a ${options.kind} task was expected.`);
    const job = status.value as JobOf<K>;
    options.onProgress(job);
    if (job.state !== 'running') return ok(job);
    await sleep(POLL_INTERVAL_MS);
  }
}

function knownCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'internal';
}

/** A job's end as a result: its value when it succeeded, its error otherwise. */
export function jobOutcome<K extends JobKind>(job: JobOf<K>): Result<NonNullable<JobOf<K>['result']>> {
  if (job.state === 'succeeded' && job.result !== null) return ok(job.result as NonNullable<JobOf<K>['result']>);
  if (job.state === 'cancelled') return fail('cancelled', job.error?.message ?? 'The task was cancelled; nothing was changed.');
  if (job.error !== null) return fail(knownCode(job.error.code), job.error.message);
  return fail('internal', 'The task ended without a result.');
}

/** Progress as a fraction 0–1 when the engine knows the total, else null (an indeterminate bar). */
export function progressFraction(progress: { bytesRead: number; totalBytes: number }): number | null {
  if (progress.totalBytes <= 0) return null;
  return Math.min(1, Math.max(0, progress.bytesRead / progress.totalBytes));
}
