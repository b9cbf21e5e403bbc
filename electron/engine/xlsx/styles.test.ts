import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { isDateFormatCode, parseDateStyles } from './styles';

const DATE_CODES = ['dd/mm/yyyy', 'd-mmm-yy', 'yyyy-mm-dd hh:mm:ss', '[$-809]dd mmmm yyyy;@', 'h:mm AM/PM', '[h]:mm:ss', '[mm]:ss', 'mm:ss.0', 'DD/MM/YYYY', '[Red][<=31]d'];
const NUMBER_CODES = ['General', '0.00', '#,##0', '0%', '0.00E+00', '"day "0', '\\d0', '0.00;[Red]-0.00', '[$£-809]#,##0.00', '_(* #,##0_);_(* (#,##0)', '@', '# ?/?', '#,##0 "ms"'];

describe('isDateFormatCode', () => {
  it.each(DATE_CODES)('sees a date in %s, as SheetJS does', (code) => {
    expect(isDateFormatCode(code)).toBe(true);
    expect(XLSX.SSF.is_date(code)).toBe(true);
  });

  it.each(NUMBER_CODES)('sees no date in %s, as SheetJS does', (code) => {
    expect(isDateFormatCode(code)).toBe(false);
    expect(XLSX.SSF.is_date(code)).toBe(false);
  });
});

describe('parseDateStyles', () => {
  it('marks cellXfs entries with built-in or custom date formats, ignoring cellStyleXfs', () => {
    const styles =
      '<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.0&quot;kg&quot;"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf/><xf numFmtId="47"></xf></cellXfs></styleSheet>';
    expect(Array.from(parseDateStyles(styles))).toEqual([0, 1, 1, 0, 0, 1]);
  });

  it('lets a custom format replace a built-in id', () => {
    const styles = '<styleSheet><numFmts><numFmt numFmtId="14" formatCode="0.00"/></numFmts><cellXfs><xf numFmtId="14"/></cellXfs></styleSheet>';
    expect(Array.from(parseDateStyles(styles))).toEqual([0]);
  });
});
