import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { upnCheckLetter } from '../../../shared/identifiers';
import { loadSpecifications } from '../specs/registry';
import { openWorkspace } from '../workspace/workspace';
import { importWithSpecification } from './spec-import';
import { validateFile } from '../validate/validate-file';

/**
 * The failures a new user met with partner extracts the bundled specifications did not describe, each on a
 * fixture made here in that shape (never the samples' own layouts): hints are hints, a census can carry a
 * ward, and a realistic police reference passes.
 */

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-hints-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

const spec = (id: string) => loadSpecifications().find((candidate) => candidate.id === id)!;
const TODAY = '2025-06-30';

function upn(serial: number): string {
  const body = `3300${String(serial).padStart(7, '0')}1`;
  return `${upnCheckLetter(body)}${body}`;
}

function writeWorkbook(name: string, sheets: Record<string, unknown[][]>): string {
  const workbook = XLSX.utils.book_new();
  for (const [sheet, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), sheet);
  const file = path.join(folder, name);
  fs.writeFileSync(file, XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  return file;
}

const WARDS = ['Bartley Green', 'Harborne', 'Sparkhill', 'Erdington'];

function censusRows(count: number, withWard: boolean): unknown[][] {
  const header = ['UPN', 'Date of Birth', 'Gender', 'NC Year', ...(withWard ? ['Home Ward'] : [])];
  const rows = Array.from({ length: count }, (_, index) => [upn(index + 1), `0${1 + (index % 9)}/03/2015`, index % 2 === 0 ? 'F' : 'M', '4', ...(withWard ? [WARDS[index % WARDS.length]] : [])]);
  return [header, ...rows];
}

describe('hints are hints', () => {
  it('reads the first visible sheet when the workbook lacks the hinted sheet, and says so', async () => {
    // A trust's census whose only sheet is named for its own term, not "Spring Census 2024".
    const file = writeWorkbook('trust census.xlsx', { 'Summer 2025 pupils': censusRows(12, false) });
    const { report, sheet } = await validateFile({ path: file, spec: spec('education-school-census'), today: TODAY });
    expect(sheet).toBe('Summer 2025 pupils');
    expect(report.totals.rowsChecked).toBe(12);
    expect(report.valid).toBe(true);
    const notice = report.findings.find((finding) => finding.rule === 'hint-not-followed');
    expect(notice).toMatchObject({ severity: 'info', rowNumber: null });
    expect(notice?.message).toBe(
      'The specification names the sheet "Spring Census 2024", which trust census.xlsx does not have; the first visible sheet "Summer 2025 pupils" was read instead',
    );
  });

  it('still refuses a sheet the user named that the workbook lacks', async () => {
    const file = writeWorkbook('census.xlsx', { Pupils: censusRows(2, false) });
    await expect(validateFile({ path: file, spec: spec('education-school-census'), sheet: 'Spring', today: TODAY })).rejects.toThrow(/has no sheet "Spring"/);
  });

  it('keeps every row of a pipe-delimited social-care extract with one plain header row', async () => {
    // The specification hints a two-row header at row 4; this partner sends one header row at the top.
    const lines = ['Child ID|DOB|Gender|Referral Date|Referral Source'];
    for (let index = 0; index < 150; index += 1) lines.push(`${5000 + index}|${String(1 + (index % 28)).padStart(2, '0')}/06/2012|${index % 2 === 0 ? 'F' : 'M'}|0${1 + (index % 9)}/02/2025|Schools`);
    const file = path.join(folder, 'episodes.txt');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { report, header } = await validateFile({ path: file, spec: spec('socialcare-episodes'), today: TODAY });
    expect(header.headerRowNumbers).toEqual([1]);
    expect(report.totals.rowsChecked).toBe(150);
    expect(report.totals.errors).toBe(0);
    expect(report.findings.find((finding) => finding.rule === 'hint-not-followed')?.message).toBe(
      'The specification expects a two-row header ending at row 4, but rows 3–4 hold values, not column titles, unlike the header found at row 1, which was used instead',
    );
  });

  it('follows the hinted header when those rows are the header', async () => {
    const lines = ['Episodes extract', 'Run 2025-06-01', 'Child|Child|Referral', 'Child ID|DOB|Referral Date', '17|01/02/2013|03/04/2025'];
    const file = path.join(folder, 'hinted.txt');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { report, header } = await validateFile({ path: file, spec: spec('socialcare-episodes'), today: TODAY });
    expect(header.headerRowNumbers).toEqual([3, 4]);
    expect(report.totals.rowsChecked).toBe(1);
    expect(report.findings.some((finding) => finding.rule === 'hint-not-followed')).toBe(false);
  });

  it('uses the header row the user chose, whatever the hints say', async () => {
    const lines = ['Extract of episodes for the partnership', 'Child ID|DOB|Referral Date', '17|01/02/2013|03/04/2025', '18|01/02/2014|03/05/2025'];
    const file = path.join(folder, 'chosen.txt');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { header, report } = await validateFile({ path: file, spec: { ...spec('socialcare-episodes'), header: { rowNumber: 2 } }, headerRow: 2, today: TODAY });
    expect(header.headerRowNumbers).toEqual([2]);
    expect(report.totals.rowsChecked).toBe(2);
  });
});

describe('a census that carries a ward name', () => {
  it('maps "Home Ward" to the census ward field and places every pupil in a ward', async () => {
    const file = writeWorkbook('census with wards.xlsx', { Census: censusRows(8, true) });
    const workspace = await openWorkspace({ location: ':memory:' });
    try {
      const imported = await importWithSpecification(workspace, { path: file, spec: spec('education-school-census'), tableName: 'census', today: TODAY });
      expect(imported.report.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
      expect(imported.mapping.columns.find((column) => column.sourceLabel === 'Home Ward')?.field).toBe('home_ward');
      const reader = await workspace.connection.runAndReadAll('SELECT count(*) AS pupils, count(ward_code) AS placed FROM main.census');
      expect(reader.getRowObjectsJson()[0]).toEqual({ pupils: '8', placed: '8' });
    } finally {
      await workspace.close();
    }
  });
});

describe('police incident references', () => {
  it('accepts a force-style reference such as WMP/2025/40001 and still rejects a malformed one', async () => {
    const lines = ['Incident Ref,Incident Date,DOB,Ward', 'WMP/2025/40001,03/02/2025,09/09/2015,Harborne', 'DA/2024/000123,03/02/2024,09/09/2016,Harborne', 'incident 7,03/02/2024,09/09/2016,Harborne'];
    const file = path.join(folder, 'police.csv');
    fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const { report } = await validateFile({ path: file, spec: spec('police-domestic-abuse'), today: TODAY });
    const patternErrors = report.findings.filter((finding) => finding.rule === 'constraint-error');
    expect(patternErrors.map((finding) => finding.cell)).toEqual(['police!A4']);
  });
});
