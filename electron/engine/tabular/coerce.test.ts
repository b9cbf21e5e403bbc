import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpecification, type SpecField } from '../../../shared/spec';
import { coerceDate, createFieldCoercer, excelSerialToIsoDate, isoDateToEpochDays, isoFromParts, parseNumberText } from './coerce';
import type { RawCell } from './raw';

function field(overrides: Partial<SpecField> & Pick<SpecField, 'type'>): SpecField {
  const spec = parseSpecification({
    id: 'test',
    title: 'Test',
    version: '1',
    agency: 'Test',
    fields: [{ name: 'value', title: 'Value', personalData: 'none', ...overrides }],
  });
  return spec.fields[0]!;
}

const value = (result: ReturnType<ReturnType<typeof createFieldCoercer>>): unknown => (result.ok ? result.value : `error:${result.rule}`);

describe('dates', () => {
  it.each([
    ['03/04/2020', '2020-04-03'],
    ['3/4/2020', '2020-04-03'],
    ['03-04-2020', '2020-04-03'],
    ['03.04.2020', '2020-04-03'],
    ['2020-04-03', '2020-04-03'],
    ['2020/04/03', '2020-04-03'],
    ['3 Apr 2020', '2020-04-03'],
    ['3rd April 2020', '2020-04-03'],
    ['03-Apr-2020', '2020-04-03'],
    ['03/04/2020 00:00', '2020-04-03'],
    ['2020-04-03T10:15:00Z', '2020-04-03'],
    [' 29/02/2024 ', '2024-02-29'],
    ['43924', '2020-04-03'],
  ])('reads %j day-first as %s', (text, iso) => {
    expect(value(coerceDate(text))).toBe(iso);
  });

  it('never reads month-first: 12/31/2020 is an error that says why', () => {
    const result = coerceDate('12/31/2020');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/month-first/);
  });

  it.each(['31/02/2020', '29/02/2023', '00/01/2020', '1/13/2020', 'tomorrow', '2020', '3 Foo 2020'])('rejects %j', (text) => {
    expect(coerceDate(text).ok).toBe(false);
  });

  it('accepts two-digit years only with a pivot', () => {
    expect(coerceDate('03/04/20').ok).toBe(false);
    expect(value(coerceDate('03/04/20', 50))).toBe('2020-04-03');
    expect(value(coerceDate('03/04/67', 50))).toBe('1967-04-03');
  });

  it('reads Excel date cells and bare serials, ignoring the time of day', () => {
    expect(value(coerceDate({ kind: 'date', serial: 43924.75 }))).toBe('2020-04-03');
    expect(value(coerceDate(1))).toBe('1900-01-01');
    expect(value(coerceDate(59))).toBe('1900-02-28');
    expect(value(coerceDate(61))).toBe('1900-03-01');
    expect(coerceDate(60).ok).toBe(false);
    expect(coerceDate({ kind: 'error', code: '#N/A' }).ok).toBe(false);
  });

  it('round-trips every day between 1900 and 2100 through the serial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 73050 }), (serial) => {
        const iso = excelSerialToIsoDate(serial)!;
        const [year, month, day] = iso.split('-').map(Number);
        expect(isoFromParts(year!, month!, day!)).toBe(iso);
        expect(isoDateToEpochDays(iso)).toBe(serial - 25569);
      }),
    );
  });

  it('gives DuckDB days since 1970', () => {
    expect(isoDateToEpochDays('1970-01-01')).toBe(0);
    expect(isoDateToEpochDays('2020-04-03')).toBe(18355);
  });
});

describe('numbers and suppression', () => {
  const count = createFieldCoercer(field({ type: 'integer', suppressible: true }));
  const strictCount = createFieldCoercer(field({ type: 'integer' }));
  const rate = createFieldCoercer(field({ type: 'number' }));

  it.each([
    ['12', 12],
    [' 12 ', 12],
    ['1,234', 1234],
    ['-3', -3],
    [40, 40],
    ['', null],
    [null, null],
  ] as [RawCell, unknown][])('reads %j as %j', (cell, expected) => {
    expect(value(count(cell))).toBe(expected);
  });

  it.each(['*', 'c', 'C', '<5', '< 10', 'x', '-', '..'])('keeps %j as suppressed where the field allows it', (marker) => {
    expect(value(count(marker))).toEqual({ suppressed: true, marker });
  });

  it('calls a suppression marker a type error where the field does not allow it', () => {
    const result = strictCount('*');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/may not be suppressed/);
  });

  it('rejects fractions in whole numbers, words, and misplaced separators', () => {
    expect(value(count('2.5'))).toBe('error:type-error');
    expect(value(count('twelve'))).toBe('error:type-error');
    expect(value(count({ kind: 'date', serial: 4000 }))).toBe('error:type-error');
    expect(parseNumberText('1,23')).toBeNull();
    expect(value(rate('2.5'))).toBe(2.5);
    expect(value(rate('1,234.5'))).toBe(1234.5);
  });
});

describe('booleans', () => {
  const flag = createFieldCoercer(field({ type: 'boolean', trueValues: ['Eligible'], falseValues: ['Not eligible'] }));

  it.each(['Y', 'yes', '1', 'TRUE', 't', ' Yes ', 'eligible', true, 1] as RawCell[])('reads %j as true', (cell) => {
    expect(value(flag(cell))).toBe(true);
  });

  it.each(['N', 'No', '0', 'false', 'F', 'NOT ELIGIBLE', false, 0] as RawCell[])('reads %j as false', (cell) => {
    expect(value(flag(cell))).toBe(false);
  });

  it('rejects anything else', () => {
    expect(value(flag('maybe'))).toBe('error:type-error');
    expect(value(flag(2))).toBe('error:type-error');
  });
});

describe('codes and text', () => {
  const ethnicity = createFieldCoercer(
    field({
      type: 'code',
      codes: [
        { code: 'White British', label: 'White - British', synonyms: ['WBRI', 'A'] },
        { code: 'Pakistani', label: 'Asian or Asian British - Pakistani', synonyms: ['APKN', 'J'] },
      ],
    }),
  );

  it('maps DfE and NHS codes and labels to the common group, ignoring case and spaces', () => {
    expect(value(ethnicity('WBRI'))).toBe('White British');
    expect(value(ethnicity(' a '))).toBe('White British');
    expect(value(ethnicity('white  british'))).toBe('White British');
    expect(value(ethnicity('White - British'))).toBe('White British');
    expect(value(ethnicity('apkn'))).toBe('Pakistani');
  });

  it('calls an unknown code a constraint error without quoting it', () => {
    const result = ethnicity('ZZZZ');
    expect(result).toMatchObject({ ok: false, rule: 'constraint-error' });
    if (!result.ok) expect(result.message).not.toContain('ZZZZ');
  });

  it('trims and collapses spaces in text and normalises identifiers', () => {
    expect(value(createFieldCoercer(field({ type: 'string' }))('  Acocks   Green  '))).toBe('Acocks Green');
    expect(value(createFieldCoercer(field({ type: 'string', identifier: 'nhs-number' }))('999 000 0018'))).toBe('9990000018');
    expect(value(createFieldCoercer(field({ type: 'string', identifier: 'nhs-number' }))(9990000018))).toBe('9990000018');
    expect(value(createFieldCoercer(field({ type: 'string', identifier: 'postcode' }))('b11aa'))).toBe('B1 1AA');
    expect(value(createFieldCoercer(field({ type: 'string', identifier: 'lsoa11' }))(' e01008881'))).toBe('E01008881');
  });
});
