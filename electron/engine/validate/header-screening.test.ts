import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus, ResponseOf } from '../../../shared/api';
import { nhsCheckDigit } from '../../../shared/identifiers';
import { runValidate, VALIDATION_REPORT_FILES } from '../../cli/validate';
import { createEngine, type Engine } from '../engine';
import { anyFilePolicy } from '../file-access';
import { openWorkspace } from '../workspace/workspace';

/**
 * Red-team break 6 (issue 20): an extract sent without its header row has its first record taken as the
 * header. Its values must not reach any report as labels (validation.json and the safe CSV and xlsx, the
 * stored report in vw.imports, the findings, the audit trail), and the header that looks like data is
 * itself reported. Fixtures made here: a child register without its header, with two name columns.
 */

let folder: string;
let engine: Engine;

function nhsNumber(index: number): string {
  for (let body = 611_000_000 + index * 13; ; body += 1) {
    const check = nhsCheckDigit(String(body));
    if (check !== null) return `${body}${check}`;
  }
}

// NHS number, date of birth, sex, ethnicity, GP practice, postcode, LSOA, then surname and forename.
const records = Array.from({ length: 12 }, (_, index) => [nhsNumber(index), `${String(index + 1).padStart(2, '0')}/03/2016`, index % 2 ? 'M' : 'F', 'A', 'M85001', `B${12 + index} ${index}QT`, 'E01009000', `Quixleby${index}`, `Zandor${index}`]);
const first = records[0] as string[];
/** The first record's values: each must stay out of every report. */
const markers = [first[0], first[1], first[5], first[7], first[8]] as string[];

function expectNoMarker(text: string, where: string): void {
  for (const marker of markers) expect(text, `${where} holds ${marker}`).not.toContain(marker);
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-headerless-'));
  fs.writeFileSync(path.join(folder, 'register.csv'), records.map((record) => record.join(',')).join('\r\n') + '\r\n');
  engine = createEngine(await openWorkspace({ location: path.join(folder, 'workspace') }), anyFilePolicy());
});

afterAll(async () => {
  await engine.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('a headerless extract checked against its specification', () => {
  it('keeps the first record out of validation.json and the safe CSV and xlsx, and reports the header as data', async () => {
    const out = path.join(folder, 'reports');
    const sink = new PassThrough();
    sink.resume();
    await runValidate({ file: path.join(folder, 'register.csv'), specId: 'health-child-register', out, today: '2024-07-01' }, sink, sink);
    const json = fs.readFileSync(path.join(out, VALIDATION_REPORT_FILES.json), 'utf8');
    expectNoMarker(json, 'validation.json');
    expectNoMarker(fs.readFileSync(path.join(out, VALIDATION_REPORT_FILES.csv), 'utf8'), 'validation-safe.csv');
    const workbook = XLSX.read(fs.readFileSync(path.join(out, VALIDATION_REPORT_FILES.xlsx)));
    expectNoMarker(JSON.stringify(workbook.SheetNames.map((name) => XLSX.utils.sheet_to_json(workbook.Sheets[name]!, { header: 1 }))), 'validation-safe.xlsx');
    const report = JSON.parse(json) as { valid: boolean; findings: { rule: string; rowNumber: number | null; message: string }[] };
    expect(report.valid).toBe(false);
    const headerFinding = report.findings.find((finding) => finding.rule === 'header-looks-like-data');
    expect(headerFinding).toMatchObject({ rowNumber: 1 });
    expect(headerFinding?.message).toMatch(/Row 1, read as the header, looks like a record.*column A.*NHS number.*column F.*postcode/);
  });

  it('keeps it out of the stored import: vw.imports (report and mapping), vw.findings and the audit trail', async () => {
    const started = await engine.dispatch('startImport', { path: path.join(folder, 'register.csv'), specId: 'health-child-register' });
    if (!started.ok) throw new Error(started.error.message);
    const job = (await engine.jobs.settle((started.value as ResponseOf<'startImport'>).jobId)) as JobStatus;
    expect(job.state, job.error?.message).toBe('succeeded');
    for (const table of ['vw.imports', 'vw.findings', 'vw.audit']) {
      const rows = await engine.workspace.connection.runAndReadAll(`SELECT * FROM ${table}`);
      expectNoMarker(JSON.stringify(rows.getRowsJson()), table);
    }
    const stored = await engine.workspace.connection.runAndReadAll('SELECT report_json FROM vw.imports');
    expect(String(stored.getRows()[0]?.[0])).toContain('header-looks-like-data');
  });
});

describe('a headerless extract imported with no specification', () => {
  it('is refused by name, saying row 1 looks like a record, and leaves the workspace as it was', async () => {
    const before = await engine.workspace.connection.runAndReadAll('SELECT count(*) FROM vw.imports');
    const started = await engine.dispatch('startImport', { path: path.join(folder, 'register.csv'), tableName: 'plain_register' });
    if (!started.ok) throw new Error(started.error.message);
    const job = (await engine.jobs.settle((started.value as ResponseOf<'startImport'>).jobId)) as JobStatus;
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/register\.csv: row 1, read as the header, looks like a record/);
    expectNoMarker(job.error?.message ?? '', 'the error');
    const after = await engine.workspace.connection.runAndReadAll('SELECT count(*) FROM vw.imports');
    expect(after.getRowsJson()).toEqual(before.getRowsJson());
  });
});
