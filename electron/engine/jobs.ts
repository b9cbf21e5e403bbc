import { randomUUID } from 'node:crypto';
import type { JobKind, JobProgress, JobResultOf, JobStatus } from '../../shared/api';
import type { WorkbenchError } from '../../shared/result';

/**
 * Long work (imports now, recipe runs later) runs as jobs the window polls. Polling works the same over
 * Electron IPC and the loopback HTTP host, and a window that reloads can pick a running job up again.
 */

export interface JobContext {
  readonly signal: AbortSignal;
  report(progress: Partial<JobProgress>): void;
}

interface JobRecord {
  status: JobStatus;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

const FINISHED_JOBS_KEPT = 50;

export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(private readonly toError: (error: unknown) => WorkbenchError) {}

  start<K extends JobKind>(kind: K, run: (context: JobContext) => Promise<JobResultOf<K>>): string {
    const jobId = `job-${randomUUID()}`;
    const controller = new AbortController();
    // `kind` and the result type agree by construction of start<K>, which TypeScript cannot see through the union.
    const status = {
      jobId,
      kind,
      state: 'running',
      progress: { phase: 'starting', rows: 0, bytesRead: 0, totalBytes: 0 },
      result: null,
      error: null,
    } as JobStatus;
    const record: JobRecord = {
      status,
      controller,
      done: Promise.resolve()
        .then(() =>
          run({
            signal: controller.signal,
            report: (progress) => {
              record.status = { ...record.status, progress: { ...record.status.progress, ...progress } };
            },
          }),
        )
        .then(
          (result) => {
            record.status = { ...record.status, state: 'succeeded', result, progress: { ...record.status.progress, phase: 'done' } } as JobStatus;
          },
          (error: unknown) => {
            const workbenchError = this.toError(error);
            const state = controller.signal.aborted || workbenchError.code === 'cancelled' ? 'cancelled' : 'failed';
            record.status = { ...record.status, state, error: workbenchError };
          },
        )
        .finally(() => this.forgetOldJobs()),
    };
    this.jobs.set(jobId, record);
    return jobId;
  }

  status(jobId: string): JobStatus | null {
    return this.jobs.get(jobId)?.status ?? null;
  }

  cancel(jobId: string): boolean {
    const record = this.jobs.get(jobId);
    if (!record || record.status.state !== 'running') return false;
    record.controller.abort();
    return true;
  }

  /** Resolves when the job has finished, whatever its outcome (used by the CLI and tests). */
  async settle(jobId: string): Promise<JobStatus | null> {
    const record = this.jobs.get(jobId);
    if (!record) return null;
    await record.done;
    return record.status;
  }

  async cancelAll(): Promise<void> {
    for (const record of this.jobs.values()) record.controller.abort();
    await Promise.all([...this.jobs.values()].map((record) => record.done));
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.entries()].filter(([, record]) => record.status.state !== 'running');
    for (const [jobId] of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT))) this.jobs.delete(jobId);
  }
}
