import { describe, expect, it } from 'vitest';
import type { JobStatus, WorkbenchApi } from '../../../shared/api';
import { fail, ok } from '../../../shared/result';
import { jobOutcome, pollJob, progressFraction } from './job-polling';

const progress = { phase: 'reading', rows: 10, bytesRead: 50, totalBytes: 100 };

function sqlJob(state: JobStatus['state'], overrides: Partial<Extract<JobStatus, { kind: 'sql' }>> = {}): Extract<JobStatus, { kind: 'sql' }> {
  return { jobId: 'job-0123456789', kind: 'sql', state, progress, error: null, result: null, ...overrides };
}

function scriptedApi(answers: ReturnType<WorkbenchApi['getJob']> extends Promise<infer R> ? R[] : never): Pick<WorkbenchApi, 'getJob'> & { calls: number } {
  const api = {
    calls: 0,
    async getJob() {
      const answer = answers[Math.min(api.calls, answers.length - 1)];
      api.calls += 1;
      if (answer === undefined) throw new Error('no answer scripted');
      return answer;
    },
  };
  return api;
}

const noSleep = async (): Promise<void> => {};

describe('pollJob', () => {
  it('reports each status and resolves with the final one', async () => {
    const api = scriptedApi([ok(sqlJob('running')), ok(sqlJob('running')), ok(sqlJob('failed', { error: { code: 'invalid-request', message: 'Only SELECT' } }))]);
    const seen: string[] = [];
    const result = await pollJob(api, 'job-0123456789', { kind: 'sql', onProgress: (job) => seen.push(job.state), signal: new AbortController().signal, sleep: noSleep });

    expect(seen).toEqual(['running', 'running', 'failed']);
    expect(result.ok && result.value.state).toBe('failed');
  });

  it('passes on an error from getJob', async () => {
    const api = scriptedApi([fail('not-found', 'There is no job')]);
    const result = await pollJob(api, 'job-0123456789', { kind: 'sql', onProgress: () => {}, signal: new AbortController().signal, sleep: noSleep });
    expect(result).toEqual({ ok: false, error: { code: 'not-found', message: 'There is no job' } });
  });

  it('stops asking once the screen lets go', async () => {
    const controller = new AbortController();
    const api = scriptedApi([ok(sqlJob('running'))]);
    const result = await pollJob(api, 'job-0123456789', {
      kind: 'sql',
      onProgress: () => controller.abort(),
      signal: controller.signal,
      sleep: noSleep,
    });
    expect(api.calls).toBe(1);
    expect(result.ok).toBe(false);
  });

  it('refuses a job of another kind', async () => {
    const importJob: JobStatus = { jobId: 'job-0123456789', kind: 'import', state: 'running', progress, error: null, result: null };
    const result = await pollJob(scriptedApi([ok(importJob)]), 'job-0123456789', { kind: 'sql', onProgress: () => {}, signal: new AbortController().signal, sleep: noSleep });
    expect(result.ok).toBe(false);
  });
});

describe('jobOutcome', () => {
  it('gives the result of a finished job and the error of a failed or cancelled one', () => {
    const result = { columns: [], arrow: new Uint8Array(), rowCount: 0, truncated: false, elapsedMs: 3 };
    expect(jobOutcome(sqlJob('succeeded', { result }))).toEqual({ ok: true, value: result });
    expect(jobOutcome(sqlJob('failed', { error: { code: 'invalid-request', message: 'Only SELECT' } }))).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: 'Only SELECT' },
    });
    const cancelled = jobOutcome(sqlJob('cancelled'));
    expect(!cancelled.ok && cancelled.error.code).toBe('cancelled');
  });
});

describe('progressFraction', () => {
  it('is the share of bytes read, or null when the total is unknown', () => {
    expect(progressFraction({ bytesRead: 25, totalBytes: 100 })).toBe(0.25);
    expect(progressFraction({ bytesRead: 150, totalBytes: 100 })).toBe(1);
    expect(progressFraction({ bytesRead: 0, totalBytes: 0 })).toBeNull();
  });
});
