/**
 * The specification import hashes the file in the read that imports it (no pass before): the recorded
 * SHA-256 is the file's, the audit trail's start names the file and its commit names the hash.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../shared/api';
import { getSpecification } from '../specs/registry';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { importWithSpecification } from './spec-import';

const SAMPLES = path.resolve(import.meta.dirname, '../../../samples');
let folder: string;
let workspace: Workspace;

beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-provenance-'));
  workspace = await openWorkspace({ location: path.join(folder, 'workspace') });
});
afterEach(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const sha256Of = (filePath: string): string => createHash('sha256').update(fs.readFileSync(filePath)).digest('hex');

function surveyCsv(filePath: string, rows: number, prefix: Buffer = Buffer.alloc(0)): void {
  const lines = ['Response ID,Submitted,Age,Locality,Are you happy?'];
  for (let index = 0; index < rows; index += 1) lines.push(`R${index},2024-05-${String((index % 28) + 1).padStart(2, '0')},${8 + (index % 18)},Ladywood,${index % 3 === 0 ? 'No' : 'Yes'}`);
  fs.writeFileSync(filePath, Buffer.concat([prefix, Buffer.from(`${lines.join('\r\n')}\r\n`)]));
}

async function recorded(table: string): Promise<{ sha256: string; audit: { outcome: string; detail: Record<string, unknown> }[] }> {
  const imports = (await workspace.connection.runAndReadAll('SELECT sha256 FROM vw.imports WHERE table_name = $table', { table })).getRowObjectsJson();
  const audit = (await workspace.connection.runAndReadAll("SELECT outcome, detail_json FROM vw.audit WHERE action = 'import' AND subject = $table ORDER BY occurred_at, outcome DESC", { table })).getRowObjectsJson();
  return {
    sha256: String(imports[0]?.sha256),
    audit: audit.map((row) => ({ outcome: String(row.outcome), detail: JSON.parse(String(row.detail_json)) as Record<string, unknown> })),
  };
}

describe('the hash a specification import records', () => {
  it.each([
    ['a CSV of many read chunks', Buffer.alloc(0)],
    ['a CSV with a UTF-8 byte-order mark', Buffer.from([0xef, 0xbb, 0xbf])],
  ])('is the SHA-256 of %s, computed in the one read that imports it', async (_label, prefix) => {
    const filePath = path.join(folder, 'survey.csv');
    surveyCsv(filePath, 6_000, prefix);
    const phases: string[] = [];
    const result = await importWithSpecification(workspace, {
      path: filePath,
      spec: getSpecification('voice-wellbeing-survey'),
      tableName: 'survey',
      today: '2024-07-01',
      onProgress: (progress: Partial<JobProgress>) => {
        if (progress.phase !== undefined && phases.at(-1) !== progress.phase) phases.push(progress.phase);
      },
    });
    const expected = sha256Of(filePath);
    expect(result.provenance.sha256).toBe(expected);
    expect(result.counts.rowsImported).toBe(6_000);
    const { sha256, audit } = await recorded('survey');
    expect(sha256).toBe(expected);
    expect(audit.map((entry) => entry.outcome)).toEqual(['started', 'succeeded']);
    expect(audit[0]?.detail).not.toHaveProperty('sha256');
    expect(audit[1]?.detail.sha256).toBe(expected);
    expect(phases).toEqual(['reading', 'committing']);
  });

  it('is the SHA-256 of a workbook, hashed alongside its read', async () => {
    const filePath = path.join(SAMPLES, 'population_estimates.xlsx');
    const result = await importWithSpecification(workspace, { path: filePath, spec: getSpecification('population-estimates'), sheet: 'Age and sex', tableName: 'population' });
    expect(result.provenance.sha256).toBe(sha256Of(filePath));
    expect((await recorded('population')).sha256).toBe(sha256Of(filePath));
  });

  it('records nothing for a file whose read fails part-way', async () => {
    const filePath = path.join(folder, 'broken.csv');
    surveyCsv(filePath, 3_000);
    fs.appendFileSync(filePath, 'R9,2024-05-01,9,Ladywood,"never closed\r\n');
    await expect(importWithSpecification(workspace, { path: filePath, spec: getSpecification('voice-wellbeing-survey'), tableName: 'survey', today: '2024-07-01' })).rejects.toThrow(/never closed/);
    const { audit } = await recorded('survey');
    expect(audit.map((entry) => entry.outcome)).toEqual(['started', 'failed']);
    expect((await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.imports')).getRowObjectsJson()[0]?.n).toBe('0');
  });
});
