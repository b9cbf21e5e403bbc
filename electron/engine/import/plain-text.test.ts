import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdentifier } from '../sql';
import { UnusableFileError } from '../tabular/raw';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { importFile } from './import-file';

/**
 * The smaller red-team breaks of issue 20 on the plain path (an import with no specification): a 10 MB file
 * on one line, line ends that mix CR, LF and CRLF, and dates written month-first. Fixtures made here.
 */

let folder: string;
let workspace: Workspace;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-plain-text-'));
  workspace = await openWorkspace({ location: path.join(folder, 'workspace') });
});

afterAll(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

function write(name: string, content: string): string {
  const filePath = path.join(folder, name);
  fs.writeFileSync(filePath, content);
  return filePath;
}

async function rows(table: string): Promise<unknown[][]> {
  const reader = await workspace.connection.runAndReadAll(`SELECT * FROM main.${quoteIdentifier(table)}`);
  return reader.getRowsJson() as unknown[][];
}

async function types(table: string): Promise<string[]> {
  const reader = await workspace.connection.runAndReadAll(`SELECT column_type FROM (DESCRIBE main.${quoteIdentifier(table)})`);
  return reader.getRows().map((row) => String(row[0]));
}

describe('a 10 MB file on a single line', () => {
  it('is refused by name with the line it is about, before DuckDB reads it, and the workspace is unchanged', async () => {
    const filePath = write('one line.csv', 'ward,'.repeat(2_000_000));
    const before = await workspace.connection.runAndReadAll('SELECT count(*) FROM vw.imports');
    const failure = await importFile(workspace, { path: filePath }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnusableFileError);
    expect((failure as Error).message).toMatch(/^one line\.csv: line 1 is longer than 2 MB/);
    expect((failure as Error).message).not.toMatch(/staging|Out of Memory/i);
    const after = await workspace.connection.runAndReadAll('SELECT count(*) FROM vw.imports');
    expect(after.getRowsJson()).toEqual(before.getRowsJson());
  });

  it('still imports a long line under the limit (a 1 MB cell)', async () => {
    const result = await importFile(workspace, { path: write('big cell.csv', `note,ward\n${'x'.repeat(1_000_000)},Aston\n`) });
    expect(result.provenance.rowsImported).toBe(1);
  });
});

describe('line ends that mix CR, LF and CRLF', () => {
  it('imports every record, keeps a line break inside a quoted cell, and never names a staging path', async () => {
    const filePath = write('mixed.csv', 'ward,incidents,note\r\nAston,1,plain\rNechells,2,"two\r\nlines"\nLadywood,3,last\r\n');
    const result = await importFile(workspace, { path: filePath });
    expect(await rows(result.table)).toEqual([
      ['Aston', '1', 'plain'],
      ['Nechells', '2', 'two\r\nlines'],
      ['Ladywood', '3', 'last'],
    ]);
  });
});

describe('dates written month-first (US order)', () => {
  it('reads every date of a file month-first when its unambiguous dates say so, and says so', async () => {
    const filePath = write('us dates.csv', 'seen,born\n01/02/2023,12/25/2015\n03/04/2023,11/30/2016\n');
    const result = await importFile(workspace, { path: filePath });
    expect(await types(result.table)).toEqual(['DATE', 'DATE']);
    expect(await rows(result.table)).toEqual([
      ['2023-01-02', '2015-12-25'],
      ['2023-03-04', '2016-11-30'],
    ]);
    expect(result.dateOrder).toEqual({ order: 'month-first', ambiguous: 2 });
  });

  it('keeps the UK order when the dates say day-first, or when nothing says otherwise', async () => {
    const uk = await importFile(workspace, { path: write('uk dates.csv', 'seen,born\n01/02/2023,25/12/2015\n') });
    expect(await rows(uk.table)).toEqual([['2023-02-01', '2015-12-25']]);
    expect(uk.dateOrder).toEqual({ order: 'day-first', ambiguous: 1 });
  });

  it('keeps dates as sent, as text, when a file writes them both ways', async () => {
    const both = await importFile(workspace, { path: write('both orders.csv', 'seen,born\n13/02/2023,12/25/2015\n01/02/2023,11/30/2016\n') });
    expect(await types(both.table)).toEqual(['VARCHAR', 'VARCHAR']);
    expect(await rows(both.table)).toEqual([
      ['13/02/2023', '12/25/2015'],
      ['01/02/2023', '11/30/2016'],
    ]);
    expect(both.dateOrder).toEqual({ order: 'mixed', ambiguous: 1 });
  });
});
