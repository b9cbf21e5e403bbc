import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validationReportSchema } from '../../../shared/findings';
import { readCsvRows } from '../tabular/csv-reader';
import type { RawRow } from '../tabular/raw';
import { childRegisterSpec } from '../tabular/test-spec';
import { loadGeographyLookups, type GeographyLookups } from './lookups';
import { neutraliseFormula } from '../../../shared/safe-text';
import { writeReportJson, writeSafeReportCsv, writeSafeReportXlsx } from '../outputs/validation-reports';
import { validateRowStream } from './validate-stream';
import type { CheckedRow } from './validator';

const fixture = (name: string): string => path.resolve(import.meta.dirname, '../../../test/fixtures/tabular', name);
const spec = childRegisterSpec();
let lookups: GeographyLookups;
let temp = '';

beforeAll(async () => {
  lookups = await loadGeographyLookups(path.resolve(import.meta.dirname, '../geography/reference'));
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-'));
});
afterAll(() => {
  fs.rmSync(temp, { recursive: true, force: true });
});

const options = (): { spec: typeof spec; lookups: GeographyLookups; today: string } => ({ spec, lookups, today: '2024-06-30' });

describe('validateRowStream', () => {
  it('skips the notes, maps the columns and checks every row of a CSV', async () => {
    const typed: CheckedRow[] = [];
    const { header, mapping, report } = await validateRowStream(readCsvRows(fixture('notes-above-header.csv')), {
      ...options(),
      sheet: 'notes-above-header.csv',
      onRows: (rows) => {
        typed.push(...rows);
      },
    });
    expect(header.headerRowNumbers).toEqual([5]);
    expect(mapping.columns.map((column) => column.field)).toEqual(['nhs_number', 'date_of_birth', 'sex', 'lsoa11', 'ward']);
    expect(typed.map((row) => row.rowNumber)).toEqual([6, 7, 8]);
    expect(typed[1]?.values.slice(0, 6)).toEqual(['9990000026', null, '2016-11-14', 'M', 'E01008882', 'Bordesley and Highgate']);
    expect(report.valid).toBe(true);
    expect(report.totals).toMatchObject({ rowsRead: 3, rowsChecked: 3, findings: 0 });
  });

  it('reports the totals and notes rows it left out', async () => {
    const totalsSpec = childRegisterSpec({ allowExtraFields: true });
    const { report } = await validateRowStream(readCsvRows(fixture('totals-row.csv')), { ...options(), spec: totalsSpec, sheet: 'totals.csv' });
    expect(report.totals).toMatchObject({ rowsRead: 2, rowsDropped: 3 });
    expect(report.findings.filter((finding) => finding.rule === 'dropped-row').map((finding) => finding.rowNumber)).toEqual([4, 5, 6]);
  });

  it('works for a header-only file and for rows arriving in many batches', async () => {
    const headerOnly = await validateRowStream(readCsvRows(fixture('header-only.csv')), { ...options(), sheet: 'h.csv' });
    expect(headerOnly.report.totals.rowsRead).toBe(0);
    const rows: RawRow[] = [{ rowNumber: 1, cells: ['NHS number', 'DOB'] }];
    for (let index = 0; index < 250; index += 1) rows.push({ rowNumber: index + 2, cells: [`9990000${String(index).padStart(3, '0')}`, '01/01/2015'] });
    const batches = Array.from({ length: Math.ceil(rows.length / 10) }, (_, index) => rows.slice(index * 10, index * 10 + 10));
    const { report } = await validateRowStream(batches, { ...options(), sheet: 'many' });
    expect(report.totals.rowsRead).toBe(250);
  });
});

describe('personal data and reports safe to send back', () => {
  const MARKERS = ['Zebedee', 'Marker', 'Markerwick', '900777', 'marker.q', 'quiet-marker', 'E99999999', '9990000018'];

  it('flags each unexpected personal column once and never writes a cell value', async () => {
    const { report } = await validateRowStream(readCsvRows(fixture('personal-data.csv')), { ...options(), sheet: 'My Sheet' });
    const personal = report.findings.filter((finding) => finding.rule === 'unexpected-personal-data');
    expect(personal.map((finding) => finding.cell)).toEqual(["'My Sheet'!B1", "'My Sheet'!C1", "'My Sheet'!D1", "'My Sheet'!E1", "'My Sheet'!G1"]);
    expect(personal.map((finding) => finding.message.match(/hold ([a-z ]+) \(/)?.[1])).toEqual([
      'names', 'addresses', 'phone numbers', 'email addresses', 'email addresses',
    ]);
    expect(report.findings.find((finding) => finding.rule === 'foreign-key-error')?.cell).toBe("'My Sheet'!F4");
    expect(validationReportSchema.parse(report)).toEqual(report);

    const jsonPath = path.join(temp, 'report.json');
    const csvPath = path.join(temp, 'report.csv');
    const xlsxPath = path.join(temp, 'report.xlsx');
    await writeReportJson(report, jsonPath);
    const source = { fileName: 'personal-data.csv', sha256: 'ab'.repeat(32) };
    await writeSafeReportCsv(report, source, csvPath);
    await writeSafeReportXlsx(report, source, xlsxPath);

    const workbook = XLSX.read(fs.readFileSync(xlsxPath));
    expect(workbook.SheetNames).toEqual(['Summary', 'Findings']);
    const workbookText = workbook.SheetNames.map((name) => XLSX.utils.sheet_to_csv(workbook.Sheets[name]!)).join('\n');
    expect(workbookText).toContain("'My Sheet'!D1");
    for (const text of [fs.readFileSync(jsonPath, 'utf8'), fs.readFileSync(csvPath, 'utf8'), workbookText]) {
      for (const marker of MARKERS) expect(text).not.toContain(marker);
    }
    expect(JSON.parse(fs.readFileSync(jsonPath, 'utf8'))).toEqual(report);
    const csvLines = fs.readFileSync(csvPath, 'utf8').split('\r\n');
    expect(csvLines.slice(0, 3)).toEqual(['\uFEFFValidation report', 'File,personal-data.csv', `SHA-256,${'ab'.repeat(32)}`]);
    expect(csvLines).toContain('Rule,Severity,Sheet,Cell,Row,Column,Column title,Message,Specification field');
  });

  it('neutralises text a spreadsheet could run as a formula', async () => {
    expect(neutraliseFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    for (const start of ['+', '-', '@', '\t', '\r']) expect(neutraliseFormula(`${start}1`)).toBe(`'${start}1`);
    expect(neutraliseFormula('Value is fine')).toBe('Value is fine');
    const { report } = await validateRowStream([[{ rowNumber: 1, cells: ['NHS number'] }, { rowNumber: 2, cells: ['1'] }]], { ...options(), sheet: '=cmd' });
    const csvPath = path.join(temp, 'formula.csv');
    await writeSafeReportCsv(report, { fileName: '=cmd.csv', sha256: 'cd'.repeat(32) }, csvPath);
    const cells = fs.readFileSync(csvPath, 'utf8').split('\r\n').slice(1).flatMap((line) => line.split(','));
    expect(cells.some((cell) => /^"?[=+\-@]/.test(cell))).toBe(false);
    expect(cells).toContain("'=cmd");
  });
});

describe('dates written month-first (issue 20)', () => {
  const rowsOf = (dates: readonly string[]): RawRow[] => [
    { rowNumber: 1, cells: ['NHS number', 'DOB'] },
    ...dates.map((date, index) => ({ rowNumber: index + 2, cells: ['9990000018', date] })),
  ];

  it('flags the dates that could be read either way when the column\'s unambiguous dates are month-first', async () => {
    const { report } = await validateRowStream([rowsOf(['12/25/2015', '03/04/2016', '11/30/2014', '05/06/2015', '07/07/2015'])], { ...options(), sheet: 'us.csv' });
    const flagged = report.findings.filter((finding) => finding.rule === 'date-order');
    expect(flagged.map((finding) => finding.cell)).toEqual(['us.csv!B3', 'us.csv!B5']);
    expect(flagged[0]?.severity).toBe('warning');
    expect(flagged[0]?.message).toMatch(/month-first \(US order\).*day and month swapped.*2 of this column's dates/);
    expect(JSON.stringify(report)).not.toContain('03/04/2016');
  });

  it('flags nothing when the column is day-first, or has no unambiguous date', async () => {
    for (const dates of [['25/12/2015', '03/04/2016'], ['03/04/2016', '05/06/2015']]) {
      const { report } = await validateRowStream([rowsOf(dates)], { ...options(), sheet: 'uk.csv' });
      expect(report.findings.filter((finding) => finding.rule === 'date-order')).toEqual([]);
    }
  });
});
