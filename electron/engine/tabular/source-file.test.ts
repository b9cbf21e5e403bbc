import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { importFile } from '../import/import-file';
import { hashAndCheckText } from './source-file';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/tabular', import.meta.url));
/** The read stream's chunk size in `hashAndCheckText`. */
const CHUNK_BYTES = 1 << 20;

let folder = '';
let workspace: Workspace;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-source-file-'));
  workspace = await openWorkspace({ location: path.join(folder, 'workspace') });
});

afterAll(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

function write(name: string, bytes: Buffer): string {
  const filePath = path.join(folder, name);
  fs.writeFileSync(filePath, bytes);
  return filePath;
}

describe('hashAndCheckText', () => {
  it.each([
    ['plain UTF-8', Buffer.from('Name,Town\nZoë,Bordesley Green £5\n'), true],
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name\nZoë\n')]), false],
    ['Windows-1252 (£ is byte 0xA3)', Buffer.from([0x4e, 0x0a, 0xa3, 0x35, 0x0a]), false],
    ['a NUL byte', Buffer.from('a,b\n1,\u0000\n'), false],
    ['a multi-byte character cut short at the end', Buffer.from([0x61, 0x0a, 0xe2, 0x82]), false],
    // A three-byte € split across the first and second chunks of the read.
    ['a character split across chunks', Buffer.concat([Buffer.alloc(CHUNK_BYTES - 1, 0x61), Buffer.from('€\n')]), true],
    ['an invalid byte after the first chunk', Buffer.concat([Buffer.alloc(CHUNK_BYTES + 10, 0x61), Buffer.from([0xff])]), false],
  ])('%s: readable as is = %s, and the hash is the file’s SHA-256', async (_name, bytes, readable) => {
    const filePath = write(`check-${String(readable)}-${bytes.length}.csv`, bytes);
    const hashed = await hashAndCheckText(filePath);
    expect(hashed.readableAsIs).toBe(readable);
    expect(hashed.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('importFile of text files staged as they are or transcoded', () => {
  it.each([
    ['utf8.csv', 'clean UTF-8: staged without a rewrite'],
    ['utf8-bom.csv', 'the byte-order mark is dropped'],
    ['cp1252.csv', 'Windows-1252 is transcoded'],
  ])('%s (%s) gives the same table as the other encodings', async (fileName) => {
    const filePath = path.join(FIXTURES, fileName);
    const bytes = fs.readFileSync(filePath);
    const result = await importFile(workspace, { path: filePath, tableName: `t_${fileName.replace(/\W/g, '_')}` });
    const rows = await workspace.connection.runAndReadAll(`SELECT * FROM main."${result.table}"`);
    expect(rows.columnNames()).toEqual(['id', 'comment', 'cost']);
    expect(rows.getRowsJson().slice(0, 2)).toEqual([
      ['1', 'Café “quoted” – ‘single’', '£5'],
      ['2', '€10 — done', '£7'],
    ]);
    expect(result.provenance.rowsImported).toBeGreaterThan(0);
    expect(fs.readdirSync(workspace.stagingFolder)).toEqual([]);
    // The source file is never touched, whether linked or copied.
    expect(fs.readFileSync(filePath)).toEqual(bytes);
  });
});
