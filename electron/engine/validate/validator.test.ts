import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/findings';
import type { ColumnMapping } from '../../../shared/spec';
import type { RawCell, RawRow } from '../tabular/raw';
import { childRegisterSpec } from '../tabular/test-spec';
import { loadGeographyLookups, type GeographyLookups } from './lookups';
import { createValidator, type ValidatorOptions } from './validator';

const LABELS = ['NHS number', 'UPN', 'DOB', 'Sex', 'LSOA', 'Ward', 'Referrals', 'FSM', 'URN'];
const FIELDS = ['nhs_number', 'upn', 'date_of_birth', 'sex', 'lsoa11', 'ward', 'referrals', 'fsm', 'school_urn'];
const spec = childRegisterSpec();
const fullMapping: ColumnMapping = { specId: spec.id, columns: LABELS.map((sourceLabel, index) => ({ sourceLabel, field: FIELDS[index] ?? null })) };
const GOOD_ROW: RawCell[] = ['999 000 0018', 'A330200100001', '03/04/2015', 'Girl', 'E01008881', 'Bordesley and Highgate', '*', 'Y', '103456'];

let lookups: GeographyLookups;
beforeAll(async () => {
  lookups = await loadGeographyLookups(path.resolve(import.meta.dirname, '../geography/reference'));
});

function validator(overrides: Partial<ValidatorOptions> = {}) {
  return createValidator({ spec, mapping: fullMapping, sheet: 'Children', labels: LABELS, lookups, today: '2024-06-30', ...overrides });
}

const row = (rowNumber: number, cells: RawCell[]): RawRow => ({ rowNumber, cells });
const withCell = (column: number, cell: RawCell): RawCell[] => GOOD_ROW.map((value, index) => (index === column ? cell : value));
const brief = (finding: Finding): string => `${finding.rule}@${finding.cell ?? finding.rowNumber ?? '-'}`;

describe('geography lookups', () => {
  it('loads the Birmingham reference tables', () => {
    expect(lookups.lsoa11.size).toBe(639);
    expect(lookups.lsoa21.size).toBe(659);
    expect(lookups.wardCodes.size).toBe(69);
    expect(lookups.wardNames.size).toBe(69);
  });
});

describe('createValidator', () => {
  it('passes a clean row and returns its typed values in field order', () => {
    const check = validator();
    const checked = check.checkRow(row(2, GOOD_ROW));
    expect(checked.hasErrors).toBe(false);
    expect(checked.values).toEqual([
      '9990000018', 'A330200100001', '2015-04-03', 'F', 'E01008881', 'Bordesley and Highgate', { suppressed: true, marker: '*' }, true, '103456',
    ]);
    const report = check.finish();
    expect(report.valid).toBe(true);
    expect(report.findings).toEqual([]);
    expect(report.totals).toMatchObject({ rowsRead: 1, rowsChecked: 1, rowsWithErrors: 0, findings: 0 });
  });

  it.each([
    [0, '9990000019', 'nhs-number-check', 'Children!A17'],
    [0, '99900000', 'nhs-number-check', 'Children!A17'],
    [0, null, 'required-value', 'Children!A17'],
    [1, 'B330200100001', 'upn-check', 'Children!B17'],
    [2, '12/31/2015', 'type-error', 'Children!C17'],
    [2, '01/01/2025', 'date-in-future', 'Children!C17'],
    [2, '31/12/1999', 'date-out-of-range', 'Children!C17'],
    [3, 'X', 'constraint-error', 'Children!D17'],
    [4, 'E99999999', 'foreign-key-error', 'Children!E17'],
    [5, 'Atlantis', 'foreign-key-error', 'Children!F17'],
    [6, '51', 'constraint-error', 'Children!G17'],
    [6, 'lots', 'type-error', 'Children!G17'],
    [7, 'maybe', 'type-error', 'Children!H17'],
    [8, '12345', 'constraint-error', 'Children!I17'],
  ] as [number, RawCell, string, string][])('column %i value %j breaks %s at %s', (column, cell, rule, reference) => {
    const check = validator();
    check.checkRow(row(17, withCell(column, cell)));
    const report = check.finish();
    expect(report.findings.map(brief)).toEqual([`${rule}@${reference}`]);
    expect(report.findings[0]?.field).toBe(FIELDS[column]);
    if (cell !== null) expect(report.findings[0]?.message).not.toContain(String(cell));
  });

  it('reports repeated identifiers and repeated rows once each, naming the first row', () => {
    const check = validator();
    check.checkRow(row(2, GOOD_ROW));
    check.checkRow(row(3, withCell(1, 'P330200100002')));
    check.checkRow(row(4, GOOD_ROW));
    const report = check.finish();
    // Row 4 repeats row 2 whole: one finding, the key error (so the file stays invalid), saying the row repeats too.
    expect(report.findings.map(brief)).toEqual(['unique-error@Children!A3', 'unique-error@Children!A4']);
    expect(report.findings[0]?.message).toBe('Value repeats row 2');
    expect(report.findings[1]?.message).toBe('Value repeats row 2, and the whole row repeats it');
    expect(report.totals.rowsWithErrors).toBe(2);
  });

  it('tells all-digit identifiers apart by every digit, leading zeros included, however long', () => {
    const check = validator();
    const ids = ['0123', '123', '00123', '0123', '12345678901234', '123456789012345678', '123456789012345678', '12345678901234', '123'];
    ids.forEach((id, index) => check.checkRow(row(index + 2, withCell(1, `Pupil ${index}`).map((cell, column) => (column === 0 ? id : cell)))));
    const repeats = check.finish().findings.filter((finding) => finding.rule === 'unique-error');
    expect(repeats.map((finding) => `${finding.rowNumber}:${finding.message}`)).toEqual(['5:Value repeats row 2', '8:Value repeats row 7', '9:Value repeats row 6', '10:Value repeats row 3']);
  });

  it('reports a repeated row as a duplicate row when no unique key repeats with it', () => {
    const check = validator();
    const noIdentifier = withCell(0, null);
    check.checkRow(row(2, noIdentifier));
    check.checkRow(row(3, noIdentifier));
    const findings = check.finish().findings.filter((finding) => finding.rule === 'duplicate-row' || finding.rule === 'unique-error');
    expect(findings.map(brief)).toEqual(['duplicate-row@3']);
    expect(findings[0]?.message).toBe('Row repeats row 2 in every mapped column');
  });

  it('reports label problems: missing required field, extra column, blank and duplicate labels', () => {
    const labels = ['NHS number', 'Sex', 'Shoe size', 'column_4', 'Sex_2'];
    const mapping = { specId: spec.id, columns: [{ sourceLabel: 'NHS number', field: 'nhs_number' }, { sourceLabel: 'Sex', field: 'sex' }] };
    const check = validator({
      labels,
      mapping,
      headerRowNumber: 3,
      headerIssues: [
        { rule: 'blank-label', columnNumber: 4 },
        { rule: 'duplicate-label', columnNumber: 5, duplicateOfColumn: 2 },
      ],
    });
    const report = check.finish();
    expect(report.findings.map(brief)).toEqual([
      'blank-label@Children!D3',
      'duplicate-label@Children!E3',
      'missing-label@-',
      'extra-label@Children!C3',
      'extra-label@Children!D3',
      'extra-label@Children!E3',
    ]);
    expect(report.findings[2]?.message).toContain('date_of_birth');
    expect(report.valid).toBe(false);
  });

  it('allows extra columns when the specification does, but still screens them for personal data', () => {
    const open = childRegisterSpec({ allowExtraFields: true });
    const check = createValidator({
      spec: open,
      mapping: { specId: open.id, columns: [{ sourceLabel: 'NHS number', field: 'nhs_number' }, { sourceLabel: 'DOB', field: 'date_of_birth' }] },
      sheet: 'Children',
      labels: ['NHS number', 'DOB', 'Notes', 'Carer surname'],
      lookups,
      today: '2024-06-30',
    });
    check.checkRow(row(2, ['9990000018', '01/02/2015', 'Seen at clinic', 'Synthetic']));
    expect(check.finish().findings.map(brief)).toEqual(['unexpected-personal-data@Children!D1']);
  });

  it('flags a mapped column whose values are personal data its field should not hold', () => {
    const check = validator();
    for (let rowNumber = 2; rowNumber < 5; rowNumber += 1) check.checkRow(row(rowNumber, withCell(5, `parent${rowNumber}@example.org`)));
    const personal = check.finish().findings.filter((finding) => finding.rule === 'unexpected-personal-data');
    expect(personal.map(brief)).toEqual(['unexpected-personal-data@Children!F1']);
    expect(personal[0]?.message).toMatch(/email addresses \(judged by its values\) and is mapped to ward/);
  });

  it('counts every finding but lists only the first N per rule', () => {
    const check = validator({ maxListedPerRule: 3 });
    for (let rowNumber = 2; rowNumber < 12; rowNumber += 1) {
      check.checkRow(row(rowNumber, [`99900000${String(rowNumber).padStart(2, '0')}`, ...withCell(3, 'X').slice(1)]));
    }
    const report = check.finish();
    const byRule = Object.fromEntries(report.countsByRule.map((entry) => [entry.rule, [entry.count, entry.listed]]));
    expect(byRule['constraint-error']).toEqual([10, 3]);
    expect(report.findings.filter((finding) => finding.rule === 'constraint-error')).toHaveLength(3);
    expect(report.countsByColumn.find((entry) => entry.columnLetter === 'D')).toMatchObject({ label: 'Sex', field: 'sex', count: 10 });
    expect(report.countsByRuleAndColumn).toContainEqual({ rule: 'constraint-error', columnNumber: 4, columnLetter: 'D', field: 'sex', count: 10 });
    expect(report.totals.rowsWithErrors).toBe(10);
  });

  it('skips blank rows, flags cells beyond the header and records dropped rows', () => {
    const check = validator();
    check.checkRow(row(2, [null, '  ']));
    check.checkRow(row(3, [...GOOD_ROW, null, 'stray']));
    check.recordDroppedRows([{ rowNumber: 4, reason: 'totals' }]);
    const report = check.finish();
    expect(report.findings.map(brief)).toEqual(['blank-row@2', 'extra-cell@Children!K3', 'dropped-row@4']);
    expect(report.totals).toMatchObject({ rowsRead: 2, rowsChecked: 1, rowsDropped: 1, infos: 2, warnings: 1, errors: 0 });
    expect(report.valid).toBe(true);
  });

  it('refuses a mapping for another specification or one that feeds a field twice', () => {
    expect(() => validator({ mapping: { specId: 'other', columns: [] } })).toThrow(/not test-child-register/);
    const twice = { specId: spec.id, columns: [{ sourceLabel: 'NHS number', field: 'nhs_number' }, { sourceLabel: 'UPN', field: 'nhs_number' }] };
    expect(() => validator({ mapping: twice })).toThrow(/more than one column/);
    expect(() => validator({ today: '30/06/2024' })).toThrow(/yyyy-mm-dd/);
  });
});
