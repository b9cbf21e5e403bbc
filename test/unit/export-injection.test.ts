import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, safeCell } from '../../shared/safe-text';

/**
 * OWASP CSV injection: any exported text cell beginning with = + - @, tab or carriage return must reach
 * the spreadsheet as inert text, and numbers must stay exactly the numbers they were.
 */

const dangerousText = fc
  .tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string({ maxLength: 30 }))
  .map(([start, rest]) => `${start}${rest}`);
const cell = fc.oneof(dangerousText, fc.string({ maxLength: 30 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());

describe('exported cells', () => {
  it('neutralises formula-like text and leaves numbers numeric, through a real xlsx round trip', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }), (rows) => {
        const sheet = XLSX.utils.aoa_to_sheet(rows.map((row) => row.map(safeCell)));
        const workbook = XLSX.utils.book_new();
        XLSX.utils.book_append_sheet(workbook, sheet, 'Export');
        const reread = XLSX.read(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }), { type: 'buffer', cellFormula: true });
        const back = reread.Sheets.Export!;
        rows.forEach((row, rowIndex) =>
          row.forEach((value, columnIndex) => {
            const found = back[XLSX.utils.encode_cell({ r: rowIndex, c: columnIndex })] as XLSX.CellObject | undefined;
            expect(found?.f).toBeUndefined();
            if (typeof value === 'number') {
              expect(found?.t).toBe('n');
              expect(found?.v).toBe(Object.is(value, -0) ? 0 : value);
            } else if (value !== '') {
              expect(found?.t).toBe('s');
              expect(String(found?.v)).not.toMatch(/^[=+\-@\t\r]/);
              const expected = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
              expect(String(found?.v)).toBe(expected.replace(/\r\n/g, '\n'));
            }
          }),
        );
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('neutralises in CSV form too', () => {
    fc.assert(
      fc.property(dangerousText, (text) => {
        expect(neutraliseFormula(text).startsWith("'")).toBe(true);
      }),
      { seed: 11 },
    );
  });
});
