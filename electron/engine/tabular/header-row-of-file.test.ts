import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStatus, RequestOf } from '../../../shared/api';
import { callOk } from '../../../test/support/engine-call';
import { createEngine, type Engine } from '../engine';
import { anyFilePolicy } from '../file-access';
import { openWorkspace } from '../workspace/workspace';

/**
 * The user's header row through the API: a title line as wide as the table fools detection into taking it
 * for the header; choosing row 2 puts the real titles in charge of the preview, the mapping and both kinds
 * of import, and a row that cannot be a header is refused by file, sheet and row with the workspace unchanged.
 */

const SURVEY = [
  'Voice survey,extract,of,June,2024',
  'Response ID,Submitted,Age,Locality,Are you happy?',
  'R1,2024-05-01,12,Ladywood,Yes',
  'R2,2024-05-02,15,Solihull,n',
  '',
].join('\r\n');

let folder: string;
let engine: Engine;
let survey: string;

async function importJob(request: RequestOf<'startImport'>): Promise<Extract<JobStatus, { kind: 'import' }>> {
  const { jobId } = await callOk(engine, 'startImport', request);
  const job = await engine.jobs.settle(jobId);
  if (job?.kind !== 'import') throw new Error('expected an import job');
  return job;
}

beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-header-row-'));
  engine = createEngine(await openWorkspace({ location: path.join(folder, 'workspace') }), anyFilePolicy());
  survey = path.join(folder, 'survey.csv');
  fs.writeFileSync(survey, SURVEY);
});

afterEach(async () => {
  await engine.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('a chosen header row', () => {
  it('replaces the detected header in the preview and its suggested mapping', async () => {
    const detected = await callOk(engine, 'previewFile', { path: survey, specId: 'voice-wellbeing-survey' });
    expect(detected.header.headerRowNumbers).toEqual([1]);
    const chosen = await callOk(engine, 'previewFile', { path: survey, specId: 'voice-wellbeing-survey', headerRow: 2 });
    expect(chosen.header).toEqual({ headerRowNumbers: [2], labels: ['Response ID', 'Submitted', 'Age', 'Locality', 'Are you happy?'], dataStartRowNumber: 3 });
    expect(chosen.mapping?.columns.map((column) => column.field)).toEqual(['response_id', 'submitted', 'age', 'locality', 'happy']);
    // The rows shown are the same: only the reading of them changes.
    expect(chosen.rows).toEqual(detected.rows);
  });

  it('is used by a specification import, whose findings name rows of the file', async () => {
    const job = await importJob({ path: survey, specId: 'voice-wellbeing-survey', headerRow: 2 });
    expect(job.state).toBe('succeeded');
    expect(job.result?.validation).toMatchObject({ valid: false, errors: 1 });
    const { report } = await callOk(engine, 'getValidationReport', { table: 'survey' });
    expect(report.findings.map((finding) => finding.cell)).toEqual(['survey!D4']);
    const { tables } = await callOk(engine, 'listTables', {});
    expect(tables[0]?.rowCount).toBe(2);
  });

  it('is used by a plain import: the lines above it are left out', async () => {
    const job = await importJob({ path: survey, headerRow: 2, tableName: 'plain_survey' });
    expect(job.state).toBe('succeeded');
    const { tables } = await callOk(engine, 'listTables', {});
    expect(tables[0]?.columns.map((column) => column.name)).toEqual(['Response ID', 'Submitted', 'Age', 'Locality', 'Are you happy?']);
    expect(tables[0]?.rowCount).toBe(2);
  });

  it('refuses a row past the end or an empty row, naming file, sheet and row, and leaves the workspace unchanged', async () => {
    const past = await engine.call('previewFile', { path: survey, headerRow: 9 });
    expect(past).toEqual({
      ok: false,
      error: {
        code: 'unusable-file',
        message: 'survey.csv, sheet "survey": row 9 cannot be the header row: the sheet\'s last row with anything in it is row 4.',
        details: { reason: 'header-row' },
      },
    });
    const withBlank = path.join(folder, 'blank.csv');
    fs.writeFileSync(withBlank, 'Title\n\na,b\n1,2\n');
    for (const request of [{ path: withBlank, headerRow: 2 }, { path: withBlank, headerRow: 2, specId: 'voice-wellbeing-survey' }]) {
      const job = await importJob(request);
      expect(job.state).toBe('failed');
      expect(job.error).toMatchObject({ code: 'unusable-file', message: 'blank.csv, sheet "blank": row 2 cannot be the header row: it is empty. Choose the row that holds the column titles.' });
    }
    expect((await callOk(engine, 'listTables', {})).tables).toEqual([]);
  });

  it('is refused by the contract when it is not a row number in the first 100', async () => {
    for (const headerRow of [0, 101, 1.5]) {
      expect(await engine.dispatch('previewFile', { path: survey, headerRow })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect(await engine.dispatch('startImport', { path: survey, headerRow })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
  });
});
