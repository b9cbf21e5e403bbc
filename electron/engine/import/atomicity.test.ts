/**
 * A killed process must leave the workspace exactly as it was: the staging table, provenance and findings
 * live in one uncommitted DuckDB transaction, which the database discards when it is reopened.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSpecification } from '../specs/registry';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { importWithSpecification } from './spec-import';

const CHILD = path.resolve(import.meta.dirname, 'test-support/import-child.ts');
const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../../..');
let folder: string;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-kill-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

async function snapshot(workspace: Workspace): Promise<unknown> {
  const query = async (sql: string): Promise<unknown> => (await workspace.connection.runAndReadAll(sql)).getRowObjectsJson();
  const tables = (await query(
    "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY ALL",
  )) as { schema_name: string; table_name: string }[];
  const counts: Record<string, unknown> = {};
  // The audit trail is the one thing an interrupted import adds to: it says what was interrupted.
  for (const { schema_name: schema, table_name: table } of tables.filter((entry) => !(entry.schema_name === 'vw' && entry.table_name === 'audit'))) {
    counts[`${schema}.${table}`] = await query(`SELECT count(*) AS n FROM "${schema}"."${table}"`);
  }
  return { counts, imports: await query('SELECT * EXCLUDE (report_json) FROM vw.imports ORDER BY import_id') };
}

function surveyCsv(filePath: string, rows: number): void {
  const localities = ['Ladywood', 'Yardley', 'Hall Green', 'Hodge Hill', 'Perry Barr'];
  const lines = ['Response ID,Submitted,Age,Locality,Are you happy?'];
  for (let index = 0; index < rows; index += 1) lines.push(`R${index},2024-05-${String((index % 28) + 1).padStart(2, '0')},${8 + (index % 18)},${localities[index % 5]},${index % 3 === 0 ? 'No' : 'Yes'}`);
  fs.writeFileSync(filePath, `${lines.join('\r\n')}\r\n`);
}

describe('an import killed mid-way', () => {
  it('leaves the workspace exactly as before, and a reopened workspace has no staging leftovers', async () => {
    const location = path.join(folder, 'workspace');
    const small = path.join(folder, 'small.csv');
    surveyCsv(small, 20);
    const large = path.join(folder, 'large.csv');
    surveyCsv(large, 400_000);
    const spec = getSpecification('voice-wellbeing-survey');

    let workspace = await openWorkspace({ location });
    await importWithSpecification(workspace, { path: small, spec, tableName: 'survey', today: '2024-07-01' });
    const before = await snapshot(workspace);
    await workspace.close();

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, location, large, spec.id, 'survey'], { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('rows')) resolve();
      });
      child.on('exit', () => reject(new Error(`the child ended before appending rows: ${stdout} ${stderr}`)));
    });
    expect(stdout).not.toMatch(/done/);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // What a killed generic CSV import leaves behind: a plaintext UTF-8 copy in the staging folder.
    fs.writeFileSync(path.join(location, 'staging', 'left-behind.csv'), 'Response ID\r\nR1\r\n');
    workspace = await openWorkspace({ location });
    try {
      expect(await snapshot(workspace)).toEqual(before);
      expect(fs.readdirSync(workspace.stagingFolder)).toEqual([]);
      const audit = await workspace.connection.runAndReadAll(
        "SELECT action, outcome, subject FROM vw.audit WHERE json_extract_string(detail_json, '$.operation') IS NOT NULL ORDER BY occurred_at, outcome DESC",
      );
      expect(audit.getRowObjectsJson()).toEqual([
        { action: 'import', outcome: 'started', subject: 'survey' },
        { action: 'import', outcome: 'succeeded', subject: 'survey' },
        { action: 'import', outcome: 'started', subject: 'survey' },
        { action: 'import', outcome: 'interrupted', subject: 'survey' },
      ]);
      const again = await importWithSpecification(workspace, { path: small, spec, tableName: 'survey', today: '2024-07-01' });
      expect(again.counts.rowsImported).toBe(20);
    } finally {
      await workspace.close();
    }
  }, 120_000);
});
