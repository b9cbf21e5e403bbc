import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upnCheckLetter } from '../../../shared/identifiers';
import { parseSpecification, type SpecificationInput } from '../../../shared/spec';
import { importWithSpecification } from '../import/spec-import';
import { validateFile } from './validate-file';
import { readValidationReport } from '../import/reports';
import { checkCrossTableRules, storeCrossTableFindings } from '../pipeline/cross-table-rules';
import { openWorkspace } from '../workspace/workspace';

/**
 * Declared rules beyond a single cell, on extracts made here in a shape of their own (a family-support
 * case list, semicolon-delimited): each broken rule is a finding at the cell it is about, naming the
 * other columns involved and the rule's id, with the severity the rule declares.
 */

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-rules-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

const CASES: SpecificationInput = {
  id: 'family-support-cases',
  title: 'Family support cases',
  version: '3',
  agency: 'Early help',
  fields: [
    { name: 'case_id', title: 'Case', type: 'string', required: true, personalData: 'none' },
    { name: 'child_id', title: 'Child', type: 'string', required: true, personalData: 'none' },
    { name: 'provision', title: 'Provision', type: 'code', personalData: 'none', codes: [{ code: 'E' }, { code: 'K' }, { code: 'N' }] },
    { name: 'plan_start', title: 'Plan start', type: 'date', personalData: 'none' },
    { name: 'referred', title: 'Referred', type: 'date', personalData: 'none' },
    { name: 'assessed', title: 'Assessed', type: 'date', personalData: 'none' },
    { name: 'closed', title: 'Closed', type: 'date', personalData: 'none' },
    { name: 'sessions', title: 'Sessions offered', type: 'integer', minimum: 0, personalData: 'none' },
    { name: 'missed', title: 'Sessions missed', type: 'integer', minimum: 0, personalData: 'none' },
    { name: 'cancelled', title: 'Sessions cancelled', type: 'integer', minimum: 0, personalData: 'none' },
    { name: 'outcome', title: 'Outcome', type: 'code', personalData: 'none', codes: [{ code: 'Open' }, { code: 'Stepped up' }, { code: 'Closed' }] },
  ],
  rules: [
    { id: 'plan-start-when-e', kind: 'required-when', field: 'plan_start', when: { field: 'provision', equals: 'E' }, message: 'A plan start date is needed when provision is E' },
    { id: 'assessed-after-referral', kind: 'date-order', earlier: 'referred', later: 'assessed', message: 'Assessed before it was referred', severity: 'warning' },
    { id: 'missed-within-offered', kind: 'sum-at-most', fields: ['missed', 'cancelled'], limit: 'sessions', message: 'More sessions missed or cancelled than offered' },
    {
      id: 'outcome-matches-closure',
      kind: 'allowed-combinations',
      fields: ['outcome', 'provision'],
      combinations: [['Open', 'N'], ['Open', 'K'], ['Open', 'E'], ['Stepped up', 'E'], ['Closed', 'N']],
      message: 'That outcome is not recorded with that provision',
    },
    { id: 'one-open-case', kind: 'at-most-one', key: ['child_id'], when: { not: { field: 'closed', isNotNull: true } }, message: 'A child has more than one open case' },
  ],
};

const HEADER = 'Case;Child;Provision;Plan start;Referred;Assessed;Closed;Sessions offered;Sessions missed;Sessions cancelled;Outcome';

describe('row rules', () => {
  it('reports each broken rule at its cell with the declared severity, and nothing for rows that keep them', async () => {
    const rows = [
      'C1;K1;E;2025-01-10;2025-01-02;2025-01-05;;10;2;1;Open', // keeps every rule
      'C2;K2;E;;2025-01-02;2025-01-05;;10;2;1;Open', // plan start missing with E
      'C3;K3;N;;2025-02-10;2025-02-01;2025-03-01;10;0;0;Closed', // assessed before referral
      'C4;K4;K;;2025-01-02;2025-01-05;;10;8;4;Open', // 12 of 10 sessions
      'C5;K5;K;;2025-01-02;2025-01-05;2025-02-01;10;0;0;Closed', // Closed with K is not allowed
      'C6;K1;N;;2025-03-02;2025-03-05;;4;0;0;Open', // a second open case for K1
      'C7;K5;N;;2025-03-02;2025-03-05;;4;0;0;Open', // K5's first case is closed, so this one is fine
    ];
    const file = path.join(folder, 'cases.csv');
    fs.writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
    const { report } = await validateFile({ path: file, spec: parseSpecification(CASES), today: '2025-06-30' });
    const declared = report.findings.filter((finding) => finding.rule.startsWith('rule-')).map(({ rule, severity, cell, message }) => ({ rule, severity, cell, message }));
    expect(declared).toEqual([
      { rule: 'rule-error', severity: 'error', cell: 'cases!D3', message: 'A plan start date is needed when provision is E (rule plan-start-when-e; columns D and C)' },
      { rule: 'rule-warning', severity: 'warning', cell: 'cases!F4', message: 'Assessed before it was referred (rule assessed-after-referral; columns E and F)' },
      { rule: 'rule-error', severity: 'error', cell: 'cases!H5', message: 'More sessions missed or cancelled than offered (rule missed-within-offered; columns I, J and H)' },
      { rule: 'rule-error', severity: 'error', cell: 'cases!K6', message: 'That outcome is not recorded with that provision (rule outcome-matches-closure; columns K and C)' },
      { rule: 'rule-error', severity: 'error', cell: 'cases!B7', message: 'A child has more than one open case (rule one-open-case; column B; first in row 2)' },
    ]);
    expect(report.valid).toBe(false);
    expect(report.countsByRule.filter((entry) => entry.rule.startsWith('rule-'))).toEqual([
      { rule: 'rule-error', severity: 'error', count: 4, listed: 4 },
      { rule: 'rule-warning', severity: 'warning', count: 1, listed: 1 },
    ]);
  });

  it('says which rules it could not check because their fields are not in the file', async () => {
    const file = path.join(folder, 'short.csv');
    fs.writeFileSync(file, 'Case;Child;Provision;Plan start\nC1;K1;E;\n');
    const { report } = await validateFile({ path: file, spec: parseSpecification(CASES), today: '2025-06-30' });
    expect(report.findings.filter((finding) => finding.rule === 'rule-info').map((finding) => finding.message)).toEqual([
      'Rule assessed-after-referral was not checked: referred, assessed are not in the file',
      'Rule missed-within-offered was not checked: missed, cancelled, sessions are not in the file',
      'Rule outcome-matches-closure was not checked: outcome is not in the file',
      'Rule one-open-case was not checked: closed is not in the file',
    ]);
    expect(report.findings.find((finding) => finding.rule === 'rule-error')?.cell).toBe('short!D2');
  });

  it('refuses a rule that names a field the specification does not have, by JSON path', () => {
    expect(() => parseSpecification({ ...CASES, rules: [{ id: 'x', kind: 'required-when', field: 'nope', when: { field: 'provision', equals: 'E' }, message: 'm' }] })).toThrow(
      /rule x names unknown field nope\n {2}→ at rules\[0\]/,
    );
    expect(() => parseSpecification({ ...CASES, rules: [{ id: 'x', kind: 'date-order', earlier: 'sessions', later: 'assessed', message: 'm' }] })).toThrow(/sessions is not a date field/);
  });
});

describe('cross-table rules', () => {
  it('finds the EHC plan whose pupil is not on the census, comparing pseudonyms, and names its cell', async () => {
    const upn = (serial: number): string => {
      const body = `9300${String(serial).padStart(7, '0')}2`;
      return `${upnCheckLetter(body)}${body}`;
    };
    const pupil = { name: 'upn', title: 'UPN', type: 'string', identifier: 'upn', personalData: 'direct-identifier', required: true } as const;
    const census = parseSpecification({ id: 'trust-census', title: 'Trust census', version: '1', agency: 'Trust', fields: [pupil, { name: 'year_group', title: 'Year', type: 'integer', personalData: 'none' }] });
    const plans = parseSpecification({
      id: 'trust-plans',
      title: 'Trust EHC plans',
      version: '1',
      agency: 'Trust',
      fields: [{ name: 'plan_ref', title: 'Plan', type: 'string', personalData: 'none' }, pupil],
      rules: [{ id: 'plan-pupil-on-census', kind: 'exists-in', field: 'upn', table: { spec: 'trust-census', field: 'upn' }, message: 'The pupil with this plan is not on the census', severity: 'warning' }],
    });
    fs.writeFileSync(path.join(folder, 'census.csv'), `UPN,Year\n${upn(1)},3\n${upn(2)},4\n`);
    fs.writeFileSync(path.join(folder, 'plans.csv'), `Plan,UPN\nP1,${upn(2)}\nP2,${upn(3)}\nP3,\n`);
    const workspace = await openWorkspace({ location: ':memory:' });
    try {
      const onCensus = await importWithSpecification(workspace, { path: path.join(folder, 'census.csv'), spec: census, tableName: 'src_census', today: '2025-06-30' });
      const withPlans = await importWithSpecification(workspace, { path: path.join(folder, 'plans.csv'), spec: plans, tableName: 'src_plans', today: '2025-06-30' });
      expect(withPlans.report.findings.some((finding) => finding.rule.startsWith('rule-'))).toBe(false);
      const reports = await checkCrossTableRules(workspace.connection, [
        { id: 'census', table: 'src_census', spec: census, mapping: onCensus.mapping, report: onCensus.report },
        { id: 'plans', table: 'src_plans', spec: plans, mapping: withPlans.mapping, report: withPlans.report },
      ]);
      expect(reports.has('census')).toBe(false);
      const checked = reports.get('plans')!;
      expect(checked.findings.filter((finding) => finding.rule === 'rule-warning').map(({ cell, message }) => ({ cell, message }))).toEqual([
        { cell: 'plans!B3', message: 'The pupil with this plan is not on the census (rule plan-pupil-on-census; column B; not found in census.upn)' },
      ]);
      expect(checked.totals.warnings).toBe(withPlans.report.totals.warnings + 1);
      expect(checked.countsByColumn.find((entry) => entry.columnNumber === 2)).toMatchObject({ label: 'UPN', field: 'upn' });

      // The Validate screen reads the stored report and findings: the cross-table finding is among them.
      await storeCrossTableFindings(workspace.connection, withPlans.importId, withPlans.report, checked);
      const stored = await readValidationReport(workspace.connection, { importId: withPlans.importId });
      expect(stored.report.totals.warnings).toBe(checked.totals.warnings);
      const rows = await workspace.connection.runAndReadAll("SELECT cell, rule FROM vw.findings WHERE import_id = $id AND rule = 'rule-warning'", { id: withPlans.importId });
      expect(rows.getRowObjectsJson()).toEqual([{ cell: 'plans!B3', rule: 'rule-warning' }]);

      const alone = await checkCrossTableRules(workspace.connection, [{ id: 'plans', table: 'src_plans', spec: plans, mapping: withPlans.mapping, report: withPlans.report }]);
      expect(alone.get('plans')!.findings.at(-1)?.message).toBe('Rule plan-pupil-on-census was not checked: this run imports no extract with specification trust-census');
    } finally {
      await workspace.close();
    }
  });
});
