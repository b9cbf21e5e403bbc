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
  totals: { rowsRead: 3, rowsChecked: 3, rowsWithErrors: 1, rowsDropped: 0, findings: 2, errors: 1, warnings: 1, infos: 0 },
  countsByRule: [],
  countsByColumn: [],
  countsByRuleAndColumn: [],
  findings: [
    { rule: 'nhs-number-check', severity: 'error', sheet: 'Register', rowNumber: 17, columnNumber: 3, columnLetter: 'C', cell: 'Register!C17', field: 'nhs_number', message: 'The NHS number fails its check digit, "so" it cannot be linked' },
    { rule: 'duplicate-row', severity: 'warning', sheet: '=cmd', rowNumber: null, columnNumber: null, columnLetter: null, cell: null, field: null, message: '-1 rows' },
  ],
  maxListedPerRule: 1000,
};

describe('safeReportCsv', () => {
  it('writes the engine’s safe columns with a BOM and CRLF, quoting where needed', () => {
    const lines = safeReportCsv(report).split('\r\n');
    expect(lines[0]).toBe('\uFEFFRule,Severity,Sheet,Cell,Row,Column,Field,Message');
    expect(lines[1]).toBe('nhs-number-check,error,Register,Register!C17,17,C,nhs_number,"The NHS number fails its check digit, ""so"" it cannot be linked"');
    expect(lines[3]).toBe('');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(safeReportCsv(report).split('\r\n')[2]).toBe("duplicate-row,warning,'=cmd,,,,,'-1 rows");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('plain')).toBe('plain');
  });

  it('names the file after the table and the day it was checked', () => {
    expect(safeReportFileName('health_register', report)).toBe('health_register-validation-2024-06-30.csv');
  });
});
