import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nhsCheckDigit, upnCheckLetter } from '../../../shared/identifiers';
import { parseSpecification, type SpecField } from '../../../shared/spec';
import { loadDefaultGeography } from '../geography';
import { validateFile } from '../validate/validate-file';
import { fieldNameFor, inferSpecificationFromFile, specIdFor } from './infer-specification';

const TODAY = '2026-01-15';
const geography = loadDefaultGeography();
const wardNames = geography.wards.map((ward) => ward.name);
const wardCodes = geography.wards.map((ward) => ward.code);
const lsoa21Codes = [...geography.lsoa21ToWard.keys()].filter((code) => !geography.lsoa11ToWard.has(code));
const lsoaInBoth = [...geography.lsoa21ToWard.keys()].filter((code) => geography.lsoa11ToWard.has(code));

/** Valid NHS numbers: nine digits and their modulus-11 check digit (skipping stems no digit can complete). */
function nhsNumbers(count: number): string[] {
  const numbers: string[] = [];
  for (let stem = 401023100; numbers.length < count; stem += 7) {
    const check = nhsCheckDigit(String(stem));
    if (check !== null) numbers.push(`${stem}${check}`);
  }
  return numbers;
}

function upns(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const body = `33024${String(100000 + index * 37).padStart(6, '0')}${index % 10}`;
    return `${upnCheckLetter(body)}${body}`;
  });
}

let folder = '';
const file = (name: string): string => path.join(folder, name);

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-infer-'));
});

afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

function fieldOf(fields: readonly SpecField[], name: string): SpecField {
  const field = fields.find((candidate) => candidate.name === name);
  if (field === undefined) throw new Error(`no field ${name} among ${fields.map((candidate) => candidate.name).join(', ')}`);
  return field;
}

describe('inferring a specification from a pipe-delimited social-care extract', () => {
  const rows = 40;
  const nhs = nhsNumbers(rows);
  const sources = ['Police', 'School', 'Health visitor', 'Self'];
  function writeExtract(name: string, nhsAt: (index: number) => string): string {
    const lines = ['Client Ref|NHS No|Legal Forename|Family Name|D.O.B.|Home Post Code|Home Ward|Referral Date|Referral Source|Looked After|Prior Referrals'];
    for (let index = 0; index < rows; index += 1) {
      lines.push(
        [
          `CR${String(5000 + index)}`,
          nhsAt(index),
          ['Amara', 'Bilal', 'Chloe', 'Dev'][index % 4],
          ['Khan', 'Smith', 'Okafor'][index % 3],
          `${String((index % 27) + 1).padStart(2, '0')}/0${(index % 9) + 1}/20${String(10 + (index % 12))}`,
          `B${(index % 30) + 1} ${index % 10}AB`,
          wardNames[index % wardNames.length],
          `${String((index % 28) + 1).padStart(2, '0')}/11/2025`,
          sources[index % sources.length],
          index % 5 === 0 ? 'Y' : 'N',
          index % 7 === 0 ? '*' : String(index % 4),
        ].join('|'),
      );
    }
    fs.writeFileSync(file(name), `${lines.join('\r\n')}\r\n`);
    return file(name);
  }

  it('finds the identifiers by check digit and lookup, the types, the code list and what is required', async () => {
    const sample = writeExtract('cin_extract_q3.txt', (index) => (index % 10 === 3 ? '' : (nhs[index] as string)));
    const inferred = await inferSpecificationFromFile({ path: sample, today: TODAY });
    const { specification: spec } = inferred;
    expect(() => parseSpecification(spec)).not.toThrow();
    expect(spec.id).toBe('cin-extract-q3');
    expect(inferred.rowsSampled).toBe(rows);
    expect(spec.header).toBeUndefined();
    expect(spec.fields.map((field) => field.name)).toEqual([
      'client_ref', 'nhs_no', 'legal_forename', 'family_name', 'd_o_b', 'home_post_code', 'home_ward', 'referral_date', 'referral_source', 'looked_after', 'prior_referrals',
    ]);
    expect(fieldOf(spec.fields, 'client_ref')).toMatchObject({ type: 'string', identifier: 'local-id', personalData: 'direct-identifier', required: true, unique: true, pattern: 'CR\\d{4}' });
    expect(fieldOf(spec.fields, 'nhs_no')).toMatchObject({ type: 'string', identifier: 'nhs-number', personalData: 'direct-identifier', required: false, unique: true });
    expect(fieldOf(spec.fields, 'nhs_no').synonyms).toEqual(expect.arrayContaining(['NHS No', 'NHS number', 'NHSNumber']));
    expect(fieldOf(spec.fields, 'legal_forename')).toMatchObject({ identifier: 'forename', personalData: 'direct-identifier', unique: false });
    expect(fieldOf(spec.fields, 'family_name')).toMatchObject({ identifier: 'surname', personalData: 'direct-identifier' });
    expect(fieldOf(spec.fields, 'd_o_b')).toMatchObject({ type: 'date', identifier: 'date-of-birth', personalData: 'quasi-identifier', notInFuture: true });
    expect(fieldOf(spec.fields, 'home_post_code')).toMatchObject({ type: 'string', identifier: 'postcode', personalData: 'quasi-identifier' });
    expect(fieldOf(spec.fields, 'home_ward')).toMatchObject({ type: 'string', identifier: 'ward-name', foreignKey: 'ward-name', personalData: 'none' });
    expect(fieldOf(spec.fields, 'referral_date')).toMatchObject({ type: 'date', required: true });
    expect(fieldOf(spec.fields, 'referral_source').type).toBe('code');
    expect(fieldOf(spec.fields, 'referral_source').codes?.map((code) => code.code)).toEqual(['Health visitor', 'Police', 'School', 'Self']);
    expect(fieldOf(spec.fields, 'looked_after').type).toBe('boolean');
    expect(fieldOf(spec.fields, 'prior_referrals')).toMatchObject({ type: 'integer', suppressible: true, minimum: 0 });
    const nhsEvidence = inferred.evidence.find((entry) => entry.field === 'nhs_no');
    expect(nhsEvidence?.reasons.join(' ')).toMatch(/modulus-11/);

    // The draft describes the file it came from: validating the sample against it finds nothing wrong.
    const checked = await validateFile({ path: sample, spec, today: TODAY });
    expect(checked.report.countsByRule.filter((count) => count.severity === 'error')).toEqual([]);
    expect(checked.report.totals.rowsChecked).toBe(rows);
  });

  it('still says NHS number when a few values fail the check digit, and the check then reports exactly those cells', async () => {
    const sample = writeExtract('cin_bad_nhs.txt', (index) => (index === 5 ? '4010231001' : (nhs[index] as string)));
    const { specification: spec } = await inferSpecificationFromFile({ path: sample, today: TODAY });
    expect(fieldOf(spec.fields, 'nhs_no').identifier).toBe('nhs-number');
    const checked = await validateFile({ path: sample, spec, today: TODAY });
    expect(checked.report.findings.filter((finding) => finding.severity === 'error').map((finding) => [finding.rule, finding.cell])).toEqual([['nhs-number-check', 'cin_bad_nhs!B7']]);
  });
});

describe('inferring from a workbook with a title block and a totals row', () => {
  it('starts below the title block, reads Excel dates and codes, and keeps the sheet as a hint', async () => {
    const pupils = upns(24);
    const aoa: unknown[][] = [
      ['Spring attendance return 2025'],
      ['Produced by the school information team. Do not share outside the partnership.'],
      [],
      ['Pupil UPN', 'School URN', 'Ethnicity', 'LSOA', 'Ward code', 'Start date', 'Sessions possible', 'Attendance rate'],
    ];
    pupils.forEach((upn, index) => {
      aoa.push([
        upn,
        String(103000 + (index % 3)),
        ['WBRI', 'APKN', 'BAFR'][index % 3],
        lsoa21Codes[index % lsoa21Codes.length],
        wardCodes[index % wardCodes.length],
        new Date(Date.UTC(2024, 8, 2 + index)),
        120 + index,
        0.8 + index / 1000,
      ]);
    });
    aoa.push(['Total', '', '', '', '', '', pupils.reduce((sum, _, index) => sum + 120 + index, 0), '']);
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(aoa, { cellDates: true }), 'Cover');
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(aoa, { cellDates: true }), 'Pupils');
    const sample = file('Attendance Return (Spring).xlsx');
    fs.writeFileSync(sample, XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

    const inferred = await inferSpecificationFromFile({ path: sample, sheet: 'Pupils', today: TODAY });
    const { specification: spec } = inferred;
    expect(inferred.header.headerRowNumbers).toEqual([4]);
    expect(inferred.rowsSampled).toBe(pupils.length);
    expect(spec.id).toBe('attendance-return-spring');
    expect(spec.header).toEqual({ sheet: 'Pupils' });
    expect(fieldOf(spec.fields, 'pupil_upn')).toMatchObject({ type: 'string', identifier: 'upn', personalData: 'direct-identifier', unique: true, required: true });
    expect(fieldOf(spec.fields, 'school_urn')).toMatchObject({ type: 'string', identifier: 'school-urn', unique: false });
    expect(fieldOf(spec.fields, 'ethnicity')).toMatchObject({ type: 'code', personalData: 'special-category' });
    expect(fieldOf(spec.fields, 'lsoa')).toMatchObject({ identifier: 'lsoa21', foreignKey: 'lsoa21', personalData: 'quasi-identifier' });
    expect(fieldOf(spec.fields, 'ward_code')).toMatchObject({ identifier: 'ward-code', foreignKey: 'ward-code' });
    expect(fieldOf(spec.fields, 'start_date').type).toBe('date');
    expect(fieldOf(spec.fields, 'sessions_possible')).toMatchObject({ type: 'integer', unique: true, suppressible: false });
    expect(fieldOf(spec.fields, 'attendance_rate').type).toBe('number');

    const checked = await validateFile({ path: sample, spec, sheet: 'Pupils', today: TODAY });
    expect(checked.report.totals.errors).toBe(0);
    expect(checked.report.totals.rowsChecked).toBe(pupils.length);
  });
});

describe('inferring from columns whose names say nothing', () => {
  it('recognises identifiers and places by their values alone', async () => {
    const nhs = nhsNumbers(30);
    const lines = ['F1,F2,F3,F4,F5,F6,F7,F8'];
    nhs.forEach((number, index) => {
      lines.push(
        [
          number,
          `B${(index % 20) + 1} ${index % 9}XY`,
          lsoaInBoth[index % lsoaInBoth.length],
          `"${wardNames[(index * 7) % wardNames.length]}"`,
          index % 2 === 0 ? 'TRUE' : 'FALSE',
          String(index % 3),
          `${String((index % 28) + 1).padStart(2, '0')}/0${(index % 9) + 1}/20${String(8 + (index % 10)).padStart(2, '0')}`,
          `${String((index % 28) + 1).padStart(2, '0')}/0${(index % 9) + 1}/1975`,
        ].join(','),
      );
    });
    const sample = file('export (1).csv');
    fs.writeFileSync(sample, `${lines.join('\n')}\n`);
    const { specification: spec } = await inferSpecificationFromFile({ path: sample, today: TODAY });
    expect(spec.id).toBe('export-1');
    expect(fieldOf(spec.fields, 'f1')).toMatchObject({ identifier: 'nhs-number', type: 'string', personalData: 'direct-identifier' });
    expect(fieldOf(spec.fields, 'f2')).toMatchObject({ identifier: 'postcode', personalData: 'quasi-identifier' });
    // Codes found in both the 2011 and the 2021 lists could be either vintage.
    expect(fieldOf(spec.fields, 'f3')).toMatchObject({ identifier: 'lsoa', foreignKey: 'lsoa' });
    expect(fieldOf(spec.fields, 'f4')).toMatchObject({ identifier: 'ward-name', foreignKey: 'ward-name' });
    expect(fieldOf(spec.fields, 'f5').type).toBe('boolean');
    // Small whole numbers stay numbers rather than a code list.
    expect(fieldOf(spec.fields, 'f6')).toMatchObject({ type: 'integer', unique: false });
    // Dates spread over recent years are a cohort's births; dates from one year long ago are not.
    expect(fieldOf(spec.fields, 'f7')).toMatchObject({ type: 'date', identifier: 'date-of-birth', personalData: 'quasi-identifier' });
    expect(fieldOf(spec.fields, 'f8')).toMatchObject({ type: 'date', personalData: 'none' });
    expect(fieldOf(spec.fields, 'f8')).not.toHaveProperty('identifier');
    const checked = await validateFile({ path: sample, spec, today: TODAY });
    expect(checked.report.totals.errors).toBe(0);
  });

  it('types a column labelled date of birth as dates even when some values are not, so the check reports them', async () => {
    const sample = file('dob.csv');
    fs.writeFileSync(sample, 'Ref,DOB\nA1,01/02/2015\nA2,not known\nA3,2016-05-04\n');
    const inferred = await inferSpecificationFromFile({ path: sample, today: TODAY });
    expect(fieldOf(inferred.specification.fields, 'dob')).toMatchObject({ type: 'date', identifier: 'date-of-birth' });
    expect(inferred.evidence.find((entry) => entry.field === 'dob')?.reasons).toContain('Date: a date of birth, though not every value reads as a date (the check reports those)');
    const checked = await validateFile({ path: sample, spec: inferred.specification, today: TODAY });
    expect(checked.report.findings.filter((finding) => finding.severity === 'error').map((finding) => [finding.rule, finding.cell])).toEqual([['type-error', 'dob!B3']]);
  });

  it('keeps leading zeros as text, and a column of words with no small set as free text', async () => {
    const lines = ['Code,Notes'];
    for (let index = 0; index < 20; index += 1) lines.push(`0${index + 10},Visit number ${index} recorded`);
    const sample = file('odd.csv');
    fs.writeFileSync(sample, `${lines.join('\n')}\n`);
    const { specification: spec } = await inferSpecificationFromFile({ path: sample, today: TODAY });
    expect(fieldOf(spec.fields, 'code')).toMatchObject({ type: 'string', unique: true });
    expect(fieldOf(spec.fields, 'notes').type).toBe('string');
  });
});

describe('patterns from the shape of reference numbers', () => {
  it('writes a pattern every value fits, literal where the values agree, and checks it like any other', async () => {
    const lines = ['Incident Ref,Crime Number,Officer Notes'];
    for (let index = 0; index < 15; index += 1) lines.push(`WMP/202${index % 3}/${40001 + index * 70},20/${1000 + index * 977}X/25,Seen at home by ${index}`);
    lines.push('WMP/2024/41234,20/55555Y/25,Phoned');
    const sample = file('police incidents.csv');
    fs.writeFileSync(sample, `${lines.join('\n')}\n`);
    const { specification: spec } = await inferSpecificationFromFile({ path: sample, today: TODAY });
    expect(fieldOf(spec.fields, 'incident_ref').pattern).toBe('WMP\\/\\d{4}\\/\\d{5}');
    expect(fieldOf(spec.fields, 'crime_number').pattern).toBe('\\d{2}\\/\\d{4,}[A-Z]\\/\\d{2}');
    expect(fieldOf(spec.fields, 'officer_notes')).not.toHaveProperty('pattern');
    expect((await validateFile({ path: sample, spec, today: TODAY })).report.totals.errors).toBe(0);
    fs.appendFileSync(sample, 'WMP-2024-41235,20/55556Y/25,Letter\n');
    const checked = await validateFile({ path: sample, spec, today: TODAY });
    expect(checked.report.findings.filter((finding) => finding.severity === 'error').map((finding) => [finding.rule, finding.cell])).toEqual([['constraint-error', "'police incidents'!A18"]]);
  });
});

describe('names made from labels', () => {
  it('makes snake_case field names and kebab-case ids', () => {
    expect(fieldNameFor('NHS No.', 2)).toBe('nhs_no');
    expect(fieldNameFor('1st contact', 3)).toBe('field_1st_contact');
    expect(fieldNameFor('  ', 4)).toBe('column_4');
    expect(fieldNameFor('Café & Bar', 5)).toBe('cafe_and_bar');
    expect(specIdFor('CIN extract Q3')).toBe('cin-extract-q3');
    expect(specIdFor('___')).toBe('draft-specification');
  });
});
