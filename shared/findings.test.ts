import { describe, expect, it } from 'vitest';
import { cellReference, columnLetter, FINDING_RULES, RULE_SEVERITY, validationReportSchema } from './findings';

describe('columnLetter', () => {
  it.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [53, 'BA'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ])('column %i is %s', (column, letters) => {
    expect(columnLetter(column)).toBe(letters);
  });

  it('refuses columns Excel does not have', () => {
    expect(() => columnLetter(0)).toThrow(RangeError);
    expect(() => columnLetter(16385)).toThrow(RangeError);
    expect(() => columnLetter(1.5)).toThrow(RangeError);
  });
});

describe('cellReference', () => {
  it('leaves plain sheet names unquoted', () => {
    expect(cellReference('Sheet1', 3, 17)).toBe('Sheet1!C17');
  });

  it('quotes names with spaces and doubles apostrophes, as Excel does', () => {
    expect(cellReference('My Sheet', 3, 17)).toBe("'My Sheet'!C17");
    expect(cellReference("Child's data", 1, 1)).toBe("'Child''s data'!A1");
  });

  it('quotes names Excel would read as a reference or that start with a digit', () => {
    expect(cellReference('AB12', 1, 2)).toBe("'AB12'!A2");
    expect(cellReference('2024 Q1', 1, 2)).toBe("'2024 Q1'!A2");
    expect(cellReference('data.csv', 2, 5)).toBe('data.csv!B5');
  });
});

describe('rule catalogue', () => {
  it('gives every rule a severity', () => {
    for (const rule of FINDING_RULES) expect(['error', 'warning', 'info']).toContain(RULE_SEVERITY[rule]);
  });

  it('rejects a report whose finding names an unknown rule', () => {
    const report = {
      specId: 's', specVersion: '1', sheet: 'Sheet1', valid: false, checkedOn: '2024-01-01',
      totals: { rowsRead: 1, rowsChecked: 1, rowsWithErrors: 1, rowsDropped: 0, findings: 1, errors: 1, warnings: 0, infos: 0 },
      countsByRule: [], countsByColumn: [], countsByRuleAndColumn: [], maxListedPerRule: 100,
      findings: [{ rule: 'made-up', severity: 'error', sheet: 'Sheet1', rowNumber: 2, columnNumber: 1, columnLetter: 'A', cell: 'Sheet1!A2', field: null, message: 'x' }],
    };
    expect(validationReportSchema.safeParse(report).success).toBe(false);
    report.findings[0]!.rule = 'type-error';
    expect(validationReportSchema.safeParse(report).success).toBe(true);
  });
});
