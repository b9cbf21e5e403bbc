import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBadFiles, type BadFile } from '../../../test/fixtures/bad/bad-files';
import { getSpecification } from '../specs/registry';
import { UnusableFileError } from '../tabular/raw';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { importWithSpecification } from './spec-import';

let folder: string;
let workspace: Workspace;
let files: BadFile[];
const spec = getSpecification('voice-wellbeing-survey');

/** Everything an import could change: user tables with their row counts, provenance and findings. */
async function snapshot(): Promise<unknown> {
  const tables = await workspace.connection.runAndReadAll(
    "SELECT table_name, estimated_size FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name",
  );
  const counts: Record<string, number> = {};
  for (const { table_name: name } of tables.getRowObjectsJson()) {
    const counted = await workspace.connection.runAndReadAll(`SELECT count(*) AS n FROM main."${String(name)}"`);
    counts[String(name)] = Number(counted.getRowObjectsJson()[0]?.n);
  }
  const imports = await workspace.connection.runAndReadAll('SELECT import_id, table_name, rows_imported FROM vw.imports ORDER BY import_id');
  const findings = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.findings');
  // A failed import may only add its own started/failed lines to the audit trail; nothing that succeeded.
  const audit = await workspace.connection.runAndReadAll("SELECT count(*) AS n FROM vw.audit WHERE outcome NOT IN ('started', 'failed', 'cancelled')");
  return { counts, imports: imports.getRowObjectsJson(), findings: findings.getRowObjectsJson(), audit: audit.getRowObjectsJson(), staging: fs.readdirSync(workspace.stagingFolder) };
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-bad-'));
  files = writeBadFiles(path.join(folder, 'bad'));
  workspace = await openWorkspace({ location: path.join(folder, 'workspace') });
  const good = path.join(folder, 'good.csv');
  fs.writeFileSync(good, 'Response ID,Submitted,Age,Locality,Are you happy?\r\nR9,2024-05-01,12,Ladywood,Yes\r\n');
  await importWithSpecification(workspace, { path: good, spec, tableName: 'survey', today: '2024-07-01' });
});

afterAll(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('the bad-file corpus', () => {
  it('covers every kind of bad file', () => {
    expect(files.map((file) => file.name)).toHaveLength(11);
  });

  it.each(['truncated.xlsx', 'password.xlsx', 'empty.csv', 'header-only.csv', '16384-columns.csv', 'megabyte-cell.csv', 'huge-shared-strings.xlsx', 'garbage.csv', 'really-a-workbook.csv', 'duplicate-headers.csv', 'formulas.xlsx'])(
    '%s: imports correctly or is refused by name, leaving the workspace as it was',
    async (name) => {
      const file = files.find((candidate) => candidate.name === name)!;
      const before = await snapshot();
      const table = `t_${name.replace(/[^a-z0-9]+/gi, '_')}`;
      const started = Date.now();
      const outcome = await importWithSpecification(workspace, { path: file.path, spec, tableName: table, today: '2024-07-01' }).then(
        (result) => ({ ok: true as const, result }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      expect(Date.now() - started).toBeLessThan(30_000);
      if (file.outcome.imports) {
        if (!outcome.ok) throw outcome.error;
        expect(outcome.result.counts.rowsImported).toBe(file.outcome.rows);
        const counted = await workspace.connection.runAndReadAll(`SELECT count(*) AS n FROM main."${table}"`);
        expect(Number(counted.getRowObjectsJson()[0]?.n)).toBe(file.outcome.rows);
        const rules = outcome.result.report.countsByRule.filter((count) => count.severity !== 'info').map((count) => count.rule);
        expect(rules).toEqual(file.outcome.findings ?? []);
        return;
      }
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(UnusableFileError);
      expect((error as UnusableFileError).code).toBe(file.outcome.reason);
      expect((error as Error).message).toMatch(file.outcome.message);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('uses the cached value of a formula and never evaluates one', async () => {
    const rows = await workspace.connection.runAndReadAll('SELECT source_row, age FROM main.t_formulas_xlsx ORDER BY source_row');
    expect(rows.getRowObjectsJson()).toEqual([
      { source_row: '2', age: '14' },
      { source_row: '3', age: null },
    ]);
  });

  it('leaves the workspace as it was when cancelled', async () => {
    const before = await snapshot();
    const controller = new AbortController();
    controller.abort();
    const file = files.find((candidate) => candidate.name === 'really-a-workbook.csv')!;
    await expect(importWithSpecification(workspace, { path: file.path, spec, tableName: 'cancelled', signal: controller.signal })).rejects.toThrow(/cancelled/);
    expect(await snapshot()).toEqual(before);
  });
});
