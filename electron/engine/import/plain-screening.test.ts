import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, JobStatus, ResponseOf } from '../../../shared/api';
import { nhsCheckDigit, upnCheckLetter } from '../../../shared/identifiers';
import { createEngine, type Engine } from '../engine';
import { anyFilePolicy } from '../file-access';
import { createPseudonymiser } from '../privacy/pseudonymise';
import { quoteIdentifier } from '../sql';
import { openWorkspace } from '../workspace/workspace';
import { ensureWorkspaceKey } from './workspace-key';

/**
 * Red-team break 2 (issue 20): an import with no specification screens every column for personal data with
 * the validator's detector (by label and by values), keys identifiers with the workspace key as a
 * specification import does, drops names and addresses, keeps postcodes as districts, says so in its
 * result, and the table's rows cannot be exported. Fixtures made here, in a shape unlike the samples.
 */

let folder: string;
let engine: Engine;

function nhsNumber(index: number): string {
  for (let body = 400_000_000 + index * 7; ; body += 1) {
    const check = nhsCheckDigit(String(body));
    if (check !== null) return `${body}${check}`;
  }
}

function upn(index: number): string {
  const body = `33011223${String(index).padStart(3, '0')}A`;
  return `${upnCheckLetter(body)}${body}`;
}

interface Child {
  nhs: string;
  upn: string;
  surname: string;
  forename: string;
  postcode: string;
  email: string;
  ward: string;
  incidents: number;
}

const children: Child[] = Array.from({ length: 30 }, (_, index) => ({
  nhs: nhsNumber(index),
  upn: upn(index),
  surname: `Quixleby${String.fromCharCode(97 + (index % 26))}`,
  forename: `Zandor${index}`,
  postcode: `B${10 + (index % 5)} ${index % 10}QT`,
  email: `child${index}@example.org`,
  ward: index < 20 ? 'Aston' : 'Nechells',
  incidents: index % 4,
}));

async function importPlain(filePath: string): Promise<ImportResult> {
  const started = await engine.dispatch('startImport', { path: filePath });
  if (!started.ok) throw new Error(started.error.message);
  const job = (await engine.jobs.settle((started.value as ResponseOf<'startImport'>).jobId)) as JobStatus;
  if (job.kind !== 'import' || job.result === null) throw new Error(job.error?.message ?? 'import failed');
  return job.result;
}

async function everyText(table: string): Promise<string> {
  const reader = await engine.workspace.connection.runAndReadAll(`SELECT * FROM main.${quoteIdentifier(table)}`);
  return JSON.stringify(reader.getRowsJson());
}

async function columnNames(table: string): Promise<string[]> {
  const reader = await engine.workspace.connection.runAndReadAll(`SELECT column_name FROM (DESCRIBE main.${quoteIdentifier(table)})`);
  return reader.getRows().map((row) => String(row[0]));
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-plain-screen-'));
  engine = createEngine(await openWorkspace({ location: path.join(folder, 'workspace') }), anyFilePolicy());
  // Labels as a partner writes them; the NHS numbers sit under an innocuous "Ref" label, found by value.
  const header = ['Ref', 'Pupil UPN', 'Surname', 'Forename', 'Home Postcode', 'Contact', 'Ward', 'Incidents'];
  const rows = children.map((child) => [child.nhs, child.upn, child.surname, child.forename, child.postcode, child.email, child.ward, child.incidents]);
  fs.writeFileSync(path.join(folder, 'referrals.csv'), [header, ...rows].map((row) => row.join(',')).join('\n') + '\n');
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([header, ...rows]), 'Referrals');
  fs.writeFileSync(path.join(folder, 'referrals.xlsx'), XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
});

afterAll(async () => {
  await engine.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe.each(['referrals.csv', 'referrals.xlsx'])('a plain import of %s', (fileName) => {
  let result: ImportResult;
  beforeAll(async () => {
    result = await importPlain(path.join(folder, fileName));
  });

  it('keeps no NHS number, UPN, surname, forename, full postcode or email as sent', async () => {
    const text = await everyText(result.table);
    for (const child of children) {
      for (const value of [child.nhs, child.upn, child.surname, child.forename, child.postcode, child.email]) expect(text).not.toContain(value);
    }
  });

  it('keys NHS numbers and UPNs with the workspace key exactly as a specification import does, in the file order', async () => {
    const pseudonymiser = createPseudonymiser(await ensureWorkspaceKey(engine.workspace));
    const reader = await engine.workspace.connection.runAndReadAll(`SELECT ref_pseudonym, pupil_upn_pseudonym, home_postcode_district, "Ward", "Incidents" FROM main.${quoteIdentifier(result.table)}`);
    expect(reader.getRowsJson()).toEqual(
      children.map((child) => [pseudonymiser.pseudonym('nhs', child.nhs), pseudonymiser.pseudonym('upn', child.upn), child.postcode.split(' ')[0], child.ward, expect.anything()]),
    );
    expect(await columnNames(result.table)).toEqual(['ref_pseudonym', 'pupil_upn_pseudonym', 'home_postcode_district', 'contact_pseudonym', 'Ward', 'Incidents']);
  });

  it('says in its result what it found and what it did with each column', () => {
    expect(result.personalData).toEqual([
      { column: 'Ref', found: 'NHS numbers', action: 'pseudonymised', storedAs: 'ref_pseudonym' },
      { column: 'Pupil UPN', found: 'unique pupil numbers', action: 'pseudonymised', storedAs: 'pupil_upn_pseudonym' },
      { column: 'Surname', found: 'names', action: 'dropped', storedAs: null },
      { column: 'Forename', found: 'names', action: 'dropped', storedAs: null },
      { column: 'Home Postcode', found: 'postcodes', action: 'reduced to district', storedAs: 'home_postcode_district' },
      { column: 'Contact', found: 'email addresses', action: 'pseudonymised', storedAs: 'contact_pseudonym' },
    ]);
  });

  it('refuses a row export of the table, and still exports its groups', async () => {
    const rows = await engine.dispatch('exportView', { view: { kind: 'table', table: result.table, groupBy: [], sort: [], filter: {} }, format: 'csv' });
    expect(rows.ok ? '' : rows.error.message).toMatch(/person-level data \(ref_pseudonym, pupil_upn_pseudonym/);
    const grouped = await engine.dispatch('exportView', { view: { kind: 'table', table: result.table, groupBy: ['Ward'], sort: [], filter: {} }, format: 'csv' });
    expect(grouped.ok).toBe(true);
    const byIdentifier = await engine.dispatch('exportView', { view: { kind: 'table', table: result.table, groupBy: ['ref_pseudonym'], sort: [], filter: {} }, format: 'csv' });
    expect(byIdentifier.ok ? '' : byIdentifier.error.message).toMatch(/group per person/);
  });
});

describe('person ids and columns already pseudonymised', () => {
  it('keys a Child ID column and keeps a partner\'s own pseudonyms as sent', async () => {
    fs.writeFileSync(path.join(folder, 'episodes.csv'), 'Child ID,child_pseudonym,locality\nC-0042,p9,Aston\nC-0043,p10,Aston\n');
    const result = await importPlain(path.join(folder, 'episodes.csv'));
    expect(result.personalData).toEqual([{ column: 'Child ID', found: 'person identifiers', action: 'pseudonymised', storedAs: 'child_id_pseudonym' }]);
    expect(await columnNames(result.table)).toEqual(['child_id_pseudonym', 'child_pseudonym', 'locality']);
    expect(await everyText(result.table)).not.toContain('C-0042');
  });
});

describe('a plain import with nothing personal', () => {
  it('leaves every column as it was and reports nothing', async () => {
    fs.writeFileSync(path.join(folder, 'wards.csv'), 'ward,incidents,rate\nAston,3,0.5\nNechells,12,1.25\n');
    const result = await importPlain(path.join(folder, 'wards.csv'));
    expect(result.personalData).toEqual([]);
    expect(await columnNames(result.table)).toEqual(['ward', 'incidents', 'rate']);
  });
});
