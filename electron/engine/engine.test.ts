import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStatus, ResponseOf } from '../../shared/api';
import { anyFilePolicy, folderPolicy } from './file-access';
import { createEngine, type Engine } from './engine';
import { openWorkspace } from './workspace/workspace';

let folder: string;
let engine: Engine;

async function call<T>(method: string, payload: unknown): Promise<T> {
  const result = await engine.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function importAndWait(filePath: string, tableName?: string): Promise<Extract<JobStatus, { kind: 'import' }>> {
  const { jobId } = await call<ResponseOf<'startImport'>>('startImport', { path: filePath, ...(tableName ? { tableName } : {}) });
  await engine.jobs.settle(jobId);
  const job = await call<JobStatus>('getJob', { jobId });
  if (job.kind !== 'import') throw new Error(`expected an import job, got ${job.kind}`);
  return job;
}

function writeFile(name: string, content: string | Buffer): string {
  const filePath = path.join(folder, 'inputs', name);
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  fs.writeFileSync(filePath, content);
  return filePath;
}

beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-engine-'));
  engine = createEngine(await openWorkspace({ location: path.join(folder, 'workspace') }), anyFilePolicy());
});

afterEach(async () => {
  await engine.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('import and explore', () => {
  it('imports a CSV with provenance and lists it as a table', async () => {
    const csv = writeFile('referrals.csv', 'id,referral_date,locality\n1,01/02/2026,Ladywood\n2,13/02/2026,Hodge Hill\n');
    const job = await importAndWait(csv);
    expect(job.state).toBe('succeeded');
    expect(job.result?.table).toBe('referrals');
    const { tables } = await call<ResponseOf<'listTables'>>('listTables', {});
    expect(tables).toHaveLength(1);
    const [table] = tables;
    expect(table?.rowCount).toBe(2);
    expect(table?.columns.map((column) => column.type)).toEqual(['BIGINT', 'DATE', 'VARCHAR']);
    expect(table?.provenance?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(table?.provenance?.fileName).toBe('referrals.csv');
  });

  it('reads 01/02/2026 as 1 February (UK), never 2 January', async () => {
    await importAndWait(writeFile('dates.csv', 'd\n01/02/2026\n03/04/2026\n'));
    const page = await call<ResponseOf<'getTablePage'>>('getTablePage', { table: 'dates', startRow: 0, endRow: 10 });
    // Arrow's DATE (day count) reads back as epoch milliseconds.
    const firstDate = tableFromIPC(page.arrow).getChild('d')!.get(0) as number;
    expect(new Date(firstDate).toISOString().slice(0, 10)).toBe('2026-02-01');
  });

  it('decodes a Windows-1252 file, keeping the pound sign', async () => {
    await importAndWait(writeFile('cp1252.csv', Buffer.from('item,cost\nbus fare,\xa32\n', 'latin1')));
    const page = await call<ResponseOf<'getTablePage'>>('getTablePage', { table: 'cp1252', startRow: 0, endRow: 10 });
    expect(tableFromIPC(page.arrow).getChild('cost')!.get(0)).toBe('£2');
  });

  it('pages a sorted, filtered view with BIGINT and DATE kept exact', async () => {
    const lines = ['id,born,label'];
    for (let index = 0; index < 500; index += 1) {
      lines.push(`${9_007_199_254_740_993n + BigInt(index)},${String((index % 28) + 1).padStart(2, '0')}/03/2015,child ${index}`);
    }
    await importAndWait(writeFile('people.csv', lines.join('\n')));
    const page = await call<ResponseOf<'getTablePage'>>('getTablePage', {
      table: 'people',
      startRow: 0,
      endRow: 3,
      sort: [{ column: 'id', direction: 'desc' }],
      filter: { label: { kind: 'text', operator: 'contains', value: 'CHILD 4' } },
    });
    expect(page.rowCount).toBe(111);
    const arrow = tableFromIPC(page.arrow);
    expect(arrow.numRows).toBe(3);
    expect(arrow.getChild('id')!.get(0)).toBe(9_007_199_254_740_993n + 499n);
    expect(arrow.getChild('label')!.get(0)).toBe('child 499');

    const deeper = await call<ResponseOf<'getTablePage'>>('getTablePage', {
      table: 'people',
      startRow: 100,
      endRow: 200,
      sort: [{ column: 'id', direction: 'desc' }],
      filter: { label: { kind: 'text', operator: 'contains', value: 'CHILD 4' } },
    });
    expect(tableFromIPC(deeper.arrow).numRows).toBe(11);
  });

  it('rejects unknown tables and columns with clear error values', async () => {
    const missing = await engine.dispatch('getTablePage', { table: 'nope', startRow: 0, endRow: 10 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await importAndWait(writeFile('small.csv', 'a\n1\n'));
    const badColumn = await engine.dispatch('getTablePage', { table: 'small', startRow: 0, endRow: 10, sort: [{ column: 'a"; drop table small; --', direction: 'asc' }] });
    expect(badColumn).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const tooBig = await engine.dispatch('getTablePage', { table: 'small', startRow: 0, endRow: 1_000_000 });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const unknown = await engine.dispatch('dropEverything', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('leaves the previous table untouched when a re-import fails', async () => {
    const good = writeFile('extract.csv', 'a,b\n1,2\n');
    await importAndWait(good, 'extract');
    const broken = writeFile('broken.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02]));
    const job = await importAndWait(broken, 'extract');
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('unusable-file');
    expect(job.error?.message).toContain('broken.csv');
    const { tables } = await call<ResponseOf<'listTables'>>('listTables', {});
    expect(tables.map((table) => [table.name, table.rowCount, table.provenance?.fileName])).toEqual([['extract', 1, 'extract.csv']]);
    expect(fs.readdirSync(engine.workspace.stagingFolder)).toEqual([]);
  });

  it('refuses an empty file by name', async () => {
    const job = await importAndWait(writeFile('empty.csv', ''));
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/empty\.csv is empty/);
  });
});

describe('file access and hardening', () => {
  it('reads only files the policy allows', async () => {
    await engine.close();
    const allowed = path.join(folder, 'allowed');
    fs.mkdirSync(allowed, { recursive: true });
    engine = createEngine(await openWorkspace({ location: path.join(folder, 'workspace2') }), folderPolicy([allowed]));
    const outside = writeFile('outside.csv', 'a\n1\n');
    const denied = await engine.dispatch('startImport', { path: outside });
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const traversal = await engine.dispatch('startImport', { path: path.join(allowed, '..', 'inputs', 'outside.csv') });
    expect(traversal).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('confines DuckDB to the workspace folder and locks its configuration', async () => {
    const outside = writeFile('secret.csv', 'a\n1\n');
    const connection = engine.workspace.connection;
    await expect(connection.run(`SELECT * FROM read_csv('${outside}')`)).rejects.toThrow(/Permission|disabled/i);
    await expect(connection.run('SET enable_external_access = true')).rejects.toThrow();
    await expect(connection.run("SET allowed_directories = ['/']")).rejects.toThrow(/locked|Cannot change/i);
    await expect(connection.run('INSTALL httpfs')).rejects.toThrow();
    const settings = await connection.runAndReadAll(
      "SELECT name, value FROM duckdb_settings() WHERE name IN ('autoinstall_known_extensions','autoload_known_extensions','allow_community_extensions','lock_configuration','enable_external_access')",
    );
    expect(Object.fromEntries(settings.getRowObjectsJson().map((row) => [row.name, row.value]))).toEqual({
      allow_community_extensions: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      enable_external_access: 'false',
      lock_configuration: 'true',
    });
  });
});

describe('specification imports through the API', () => {
  const survey = 'Response ID,Submitted,Age,Locality,Are you happy?\r\nR1,2024-05-01,12,Ladywood,Yes\r\nR2,2024-05-02,15,Solihull,n\r\n';

  it('lists the specifications and previews a file with a suggested mapping', async () => {
    const { specifications } = await call<ResponseOf<'listSpecifications'>>('listSpecifications', {});
    expect(specifications.map((spec) => spec.id)).toContain('police-domestic-abuse');
    const preview = await call<ResponseOf<'previewFile'>>('previewFile', { path: writeFile('survey.csv', survey), specId: 'voice-wellbeing-survey', maxRows: 2 });
    expect(preview.rows).toEqual([
      { rowNumber: 1, cells: ['Response ID', 'Submitted', 'Age', 'Locality', 'Are you happy?'] },
      { rowNumber: 2, cells: ['R1', '2024-05-01', '12', 'Ladywood', 'Yes'] },
    ]);
    expect(preview.header.labels).toHaveLength(5);
    expect(preview.mapping?.columns.map((column) => column.field)).toEqual(['response_id', 'submitted', 'age', 'locality', 'happy']);
  });

  it('imports against a specification and serves its validation report', async () => {
    const { jobId } = await call<ResponseOf<'startImport'>>('startImport', { path: writeFile('survey.csv', survey), specId: 'voice-wellbeing-survey' });
    const job = (await engine.jobs.settle(jobId))!;
    expect(job.state).toBe('succeeded');
    if (job.kind !== 'import') throw new Error('expected an import job');
    expect(job.result?.validation).toMatchObject({ specId: 'voice-wellbeing-survey', valid: false, errors: 1 });
    const byTable = await call<ResponseOf<'getValidationReport'>>('getValidationReport', { table: 'survey' });
    expect(byTable.report.findings.map((finding) => finding.cell)).toEqual(['survey!D3']);
    const byId = await call<ResponseOf<'getValidationReport'>>('getValidationReport', { importId: job.result!.validation!.importId });
    expect(byId).toEqual(byTable);
    const { tables } = await call<ResponseOf<'listTables'>>('listTables', {});
    expect(tables[0]?.columns.map((column) => `${column.name} ${column.type}`)).toEqual([
      'source_row BIGINT', 'response_id VARCHAR', 'submitted DATE', 'age BIGINT', 'locality VARCHAR', 'happy BOOLEAN',
    ]);
  });

  it('refuses an unknown specification, a mapping without one, and a report for a plain import', async () => {
    expect(await engine.dispatch('startImport', { path: writeFile('a.csv', 'a\n1\n'), specId: 'no-such-spec' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const mapping = { specId: 'voice-wellbeing-survey', columns: [] };
    expect(await engine.dispatch('startImport', { path: writeFile('a.csv', 'a\n1\n'), mapping })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    await importAndWait(writeFile('plain.csv', 'a\n1\n'));
    expect(await engine.dispatch('getValidationReport', { table: 'plain' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await engine.dispatch('getValidationReport', {})).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
