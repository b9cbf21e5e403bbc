import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/findings';
import { parseSpecification, type SpecificationInput } from '../../../shared/spec';
import { csvSheetName, readCsvRows } from '../tabular/csv-reader';
import { validateRowStream } from './validate-stream';
import type { CheckedRow } from './validator';

const fixture = (name: string): string => path.resolve(import.meta.dirname, '../../../test/fixtures/tabular', name);
const noGeography = { lsoa11: new Set<string>(), lsoa21: new Set<string>(), wardCodes: new Set<string>(), wardNames: new Set<string>() };

async function run(name: string, fields: SpecificationInput['fields']): Promise<{ rows: CheckedRow[]; findings: Finding[] }> {
  const spec = parseSpecification({ id: 'fixture', title: 'Fixture', version: '1', agency: 'Test', fields, allowExtraFields: true });
  const rows: CheckedRow[] = [];
  const { report } = await validateRowStream(readCsvRows(fixture(name)), {
    spec,
    sheet: csvSheetName(name),
    lookups: noGeography,
    today: '2024-06-30',
    onRows: (batch) => {
      rows.push(...batch);
    },
  });
  return { rows, findings: report.findings };
}

const rule = (finding: Finding): string => `${finding.rule}@${finding.cell}`;

describe('the fixture corpus through the whole pipeline', () => {
  it('reads UK dates day-first and reports month-first, impossible and two-digit ones', async () => {
    const { rows, findings } = await run('uk-dates.csv', [
      { name: 'id', title: 'ID', type: 'integer', personalData: 'none' },
      { name: 'event_date', title: 'Event date', type: 'date', personalData: 'none' },
    ]);
    expect(rows.map((row) => row.values[1])).toEqual([
      '2020-04-03', '2020-04-03', '2020-04-03', '2020-04-03', '2020-04-03', '2020-04-03', '2020-04-03', null, null, null, '2020-04-03',
    ]);
    expect(findings.map(rule)).toEqual(["type-error@'uk-dates'!B9", "type-error@'uk-dates'!B10", "type-error@'uk-dates'!B11"]);
  });

  it('keeps suppressed counts as suppressed and reads thousands separators and padded numbers', async () => {
    const { rows, findings } = await run('suppressed.csv', [
      { name: 'ward', title: 'Ward', type: 'string', personalData: 'none' },
      { name: 'count', title: 'Count', type: 'integer', suppressible: true, personalData: 'none' },
    ]);
    expect(rows.map((row) => row.values[1])).toEqual([
      5,
      { suppressed: true, marker: '*' },
      { suppressed: true, marker: 'c' },
      { suppressed: true, marker: '<5' },
      { suppressed: true, marker: 'x' },
      { suppressed: true, marker: '-' },
      1234,
      12,
    ]);
    expect(rows.at(-1)?.values[0]).toBe("Brandwood & King's Heath");
    expect(findings).toEqual([]);
  });

  it('reads yes/no spellings and reports the one that is neither', async () => {
    const { rows, findings } = await run('booleans.csv', [
      { name: 'id', title: 'ID', type: 'integer', personalData: 'none' },
      { name: 'flag', title: 'Flag', type: 'boolean', personalData: 'none' },
    ]);
    expect(rows.map((row) => row.values[1])).toEqual([true, true, true, true, true, false, false, false, false, false, null]);
    expect(findings.map(rule)).toEqual(['type-error@booleans!B12']);
  });

  it('reports bad NHS number and UPN check characters', async () => {
    const { findings } = await run('bad-check-digits.csv', [
      { name: 'nhs_number', title: 'NHS number', type: 'string', identifier: 'nhs-number', personalData: 'direct-identifier' },
      { name: 'upn', title: 'UPN', type: 'string', identifier: 'upn', personalData: 'direct-identifier' },
    ]);
    expect(findings.map(rule)).toEqual([
      "nhs-number-check@'bad-check-digits'!A3",
      "upn-check@'bad-check-digits'!B3",
      "nhs-number-check@'bad-check-digits'!A4",
    ]);
  });

  it('reports renamed duplicate and blank labels', async () => {
    const { findings } = await run('duplicate-headers.csv', [{ name: 'id', title: 'ID', type: 'integer', personalData: 'none' }]);
    expect(findings.map(rule)).toEqual([
      "duplicate-label@'duplicate-headers'!C1",
      "blank-label@'duplicate-headers'!D1",
      "duplicate-label@'duplicate-headers'!E1",
    ]);
  });
});
