import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus, ResponseOf } from '../../../shared/api';
import { createEngine, type Engine } from '../engine';
import { anyFilePolicy } from '../file-access';
import { openWorkspace } from '../workspace/workspace';

let engine: Engine;

async function runSql(sql: string, rowLimit?: number): Promise<JobStatus> {
  const started = await engine.dispatch('runSql', { sql, ...(rowLimit === undefined ? {} : { rowLimit }) });
  if (!started.ok) throw new Error(started.error.message);
  const { jobId } = started.value as ResponseOf<'runSql'>;
  return (await engine.jobs.settle(jobId))!;
}

beforeAll(async () => {
  engine = createEngine(await openWorkspace({ location: ':memory:' }), anyFilePolicy());
  await engine.workspace.connection.run(
    `CREATE TABLE children AS SELECT range AS id, 9007199254740993 + range AS big, DATE '2010-01-01' + CAST(range % 3650 AS INTEGER) AS born,
            CASE WHEN range % 10 = 0 THEN NULL ELSE ['Ladywood', 'Hodge Hill', 'Selly Oak'][1 + range % 3] END AS locality
       FROM range(5000)`,
  );
});
afterAll(async () => engine.close());

describe('SQL console', () => {
  it('runs a SELECT, keeps BIGINT and DATE exact, and says when rows were cut off', async () => {
    const job = await runSql('SELECT id, big, born FROM children ORDER BY id', 100);
    expect(job.state).toBe('succeeded');
    if (job.kind !== 'sql' || job.result === null) throw new Error('expected an SQL result');
    expect(job.result.rowCount).toBe(100);
    expect(job.result.truncated).toBe(true);
    const table = tableFromIPC(job.result.arrow);
    expect(table.getChild('big')!.get(0)).toBe(9_007_199_254_740_993n);
    expect(new Date(table.getChild('born')!.get(1) as number).toISOString().slice(0, 10)).toBe('2010-01-02');
    const all = await runSql('WITH counted AS (SELECT locality, count(*) AS n FROM children GROUP BY ALL) SELECT * FROM counted ORDER BY n');
    expect(all.kind === 'sql' && all.result?.truncated).toBe(false);
  });

  it.each([
    ['DROP TABLE children'],
    ['DELETE FROM children'],
    ['CREATE TABLE x AS SELECT 1'],
    ['INSERT INTO children (id) VALUES (1)'],
    ["COPY children TO 'out.csv'"],
    ['SET threads = 1'],
    ['CHECKPOINT'],
    ['CALL pragma_version()'],
    ["ATTACH 'other.duckdb'"],
    ['SELECT 1; DROP TABLE children'],
  ])('refuses %s without running it', async (sql) => {
    const job = await runSql(sql);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('invalid-request');
    const still = await engine.workspace.connection.runAndReadAll('SELECT count(*) AS n FROM children');
    expect(Number(still.getRowObjectsJson()[0]?.n)).toBe(5000);
  });

  it('reports a syntax error as a clear error value', async () => {
    const job = await runSql('SELEC * FROM children');
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/syntax/i);
  });

  it('cancels a long query', async () => {
    const started = await engine.dispatch('runSql', { sql: 'SELECT count(*) FROM range(10000000000) a, range(10) b' });
    if (!started.ok) throw new Error(started.error.message);
    const { jobId } = started.value as ResponseOf<'runSql'>;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await engine.dispatch('cancelJob', { jobId });
    const job = await engine.jobs.settle(jobId);
    expect(job?.state).toBe('cancelled');
  });
});

describe('column profile', () => {
  it('counts nulls and distinct values and bins dates', async () => {
    const result = await engine.dispatch('profileColumn', { table: 'children', column: 'born' });
    if (!result.ok) throw new Error(result.error.message);
    const profile = result.value as ResponseOf<'profileColumn'>;
    expect(profile).toMatchObject({ rowCount: 5000, nulls: 0, min: '2010-01-01', max: '2019-12-29' });
    expect(profile.histogram.kind).toBe('bins');
    expect(profile.histogram.bars.reduce((sum, bar) => sum + bar.count, 0)).toBe(5000);
  });

  it('lists the most frequent values of text', async () => {
    const result = await engine.dispatch('profileColumn', { table: 'children', column: 'locality' });
    if (!result.ok) throw new Error(result.error.message);
    const profile = result.value as ResponseOf<'profileColumn'>;
    expect(profile.nulls).toBe(500);
    expect(profile.histogram.kind).toBe('top-values');
    expect(profile.histogram.bars.map((bar) => bar.label).sort()).toEqual(['Hodge Hill', 'Ladywood', 'Selly Oak']);
  });

  it('refuses columns that do not exist', async () => {
    expect(await engine.dispatch('profileColumn', { table: 'children', column: 'id"; DROP TABLE children; --' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
