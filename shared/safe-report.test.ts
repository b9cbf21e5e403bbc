import { describe, expect, it } from 'vitest';
import type { ValidationReport } from './findings';
import { safeReportCsv, safeReportFileName } from './safe-report';
import { neutraliseFormula } from './safe-text';

const report: ValidationReport = {
  specId: 'health-child-register',
  specVersion: '1.0',
  sheet: 'Register',
  valid: false,
  checkedOn: '2024-06-30',
  totals: { rowsRead: 3, rowsChecked: 3, rowsWithErrors: 1, rowsDropped: 0, findings: 3, errors: 2, warnings: 1, infos: 0 },
  countsByRule: [],
  // The partner called column C "NHS No"; column E's title matched no field, so it could be a row of data.
  countsByColumn: [
    { columnNumber: 3, columnLetter: 'C', label: 'NHS No', field: 'nhs_number', count: 1 },
    { columnNumber: 5, columnLetter: 'E', label: 'Jane Smith', field: null, count: 1 },
  ],
  countsByRuleAndColumn: [],
  findings: [
    { rule: 'nhs-number-check', severity: 'error', sheet: 'Register', rowNumber: 17, columnNumber: 3, columnLetter: 'C', cell: 'Register!C17', field: 'nhs_number', message: 'The NHS number fails its check digit, "so" it cannot be linked' },
    { rule: 'duplicate-row', severity: 'warning', sheet: '=cmd', rowNumber: null, columnNumber: null, columnLetter: null, cell: null, field: null, message: '-1 rows' },
    { rule: 'unexpected-personal-data', severity: 'error', sheet: 'Register', rowNumber: 1, columnNumber: 5, columnLetter: 'E', cell: 'Register!E1', field: null, message: 'Column may hold names' },
  ],
  maxListedPerRule: 1000,
};

const source = { fileName: 'register Q1.xlsx', sha256: '0f'.repeat(32) };

describe('the safe validation report', () => {
  it('starts with a header block: file, SHA-256, specification and version, date checked, totals', () => {
    const lines = safeReportCsv(report, source).split('\r\n');
    expect(lines.slice(0, 10)).toEqual([
      '\uFEFFValidation report',
      'File,register Q1.xlsx',
      `SHA-256,${'0f'.repeat(32)}`,
      'Sheet,Register',
      'Specification,health-child-register',
      'Specification version,1.0',
      'Checked on,2024-06-30',
      'Valid,No',
      'Rows read,3',
      'Rows checked,3',
    ]);
    expect(lines).toContain('Errors,2');
    expect(lines).toContain('Findings listed (at most 1000 per rule),3');
  });

  it("names a recognised column by the partner's own title, and an unrecognised one by its letter alone", () => {
    const lines = safeReportCsv(report, source).split('\r\n');
    const heading = lines.indexOf('Rule,Severity,Sheet,Cell,Row,Column,Column title,Message,Specification field');
    expect(lines[heading - 1]).toBe('');
    expect(lines[heading + 1]).toBe('nhs-number-check,error,Register,Register!C17,17,C,NHS No,"The NHS number fails its check digit, ""so"" it cannot be linked",nhs_number');
    expect(lines[heading + 3]).toBe('unexpected-personal-data,error,Register,Register!E1,1,E,,Column may hold names,');
    expect(safeReportCsv(report, source)).not.toContain('Jane Smith');
    expect(lines.at(-1)).toBe('');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    const lines = safeReportCsv(report, { fileName: '+file.csv', sha256: source.sha256 }).split('\r\n');
    expect(lines[1]).toBe("File,'+file.csv");
    expect(lines).toContain("duplicate-row,warning,'=cmd,,,,,'-1 rows,");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('plain')).toBe('plain');
  });
});

describe('safeReportFileName', () => {
  it('names the file after the table and the day it was checked', () => {
    expect(safeReportFileName('health_register', { checkedOn: '2024-06-30' } as ValidationReport)).toBe('health_register-validation-2024-06-30.csv');
  });
});
