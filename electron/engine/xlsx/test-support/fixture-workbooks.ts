/**
 * The fixture workbooks both readers are checked against: written by SheetJS, by exceljs, and assembled by
 * hand from raw XML for what those writers never emit. Shared by the reader-level and the table-level
 * differential tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { handWorkbookZip, worksheetXml, type HandWorkbook } from './hand-workbook';

function writeWithSheetJs(directory: string, fileName: string, bookSST: boolean): void {
  const workbook = XLSX.utils.book_new();
  const main = XLSX.utils.aoa_to_sheet(
    [
      ['id', 'name', 'born', 'active', 'score'],
      [1, 'Amira & <Jo>', new Date(Date.UTC(2012, 3, 9)), true, 12.5],
      [2, 'Zoë "Z" O\'Neil', new Date(Date.UTC(2019, 11, 31, 13, 45)), false, -0.000123],
      [],
      [4, 'line one\nline two', null, null, 1.2345678901234568e21],
      [5, '😀 emoji', new Date(Date.UTC(1900, 0, 1)), true, 2 ** 53 + 2],
    ],
    { cellDates: true },
  );
  main['F2'] = { t: 'n', v: 3, f: '1+2' };
  main['G2'] = { t: 's', v: 'ab', f: '"a"&"b"' };
  main['H3'] = { t: 'e', v: 0x07 };
  main['Z7'] = { t: 's', v: 'far away' };
  main['!ref'] = 'A1:Z7';
  main['!merges'] = [
    { s: { r: 0, c: 0 }, e: { r: 0, c: 1 } },
    { s: { r: 3, c: 0 }, e: { r: 3, c: 4 } },
  ];
  XLSX.utils.book_append_sheet(workbook, main, 'Children');
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([['hidden', 1]]), 'Hidden one');
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([[null, null, 'very hidden']]), 'Secret');
  workbook.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }, { Hidden: 2 }] };
  const filePath = path.join(directory, fileName);
  fs.writeFileSync(filePath, XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', bookSST }));
}

async function writeWithExcelJs(directory: string, fileName: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Referrals');
  sheet.addRow(['ref', 'received', 'time', 'share', 'note', 'flag', 'total', 'check']);
  sheet.addRow([101, new Date(Date.UTC(2023, 0, 15)), 0.5, 0.25, 'plain', true, { formula: 'A2*2', result: 202 }, { error: '#N/A' }]);
  sheet.addRow([
    102,
    new Date(Date.UTC(2023, 6, 1, 9, 30)),
    1.75,
    -1.5,
    { richText: [{ text: 'rich ' }, { font: { bold: true }, text: 'bold' }, { text: ' & plain' }] },
    false,
    { formula: 'A3*2', result: 204 },
    { error: '#DIV/0!' },
  ]);
  sheet.getColumn(2).numFmt = 'dd/mm/yyyy';
  sheet.getCell('B3').numFmt = 'yyyy-mm-dd hh:mm';
  sheet.getColumn(3).numFmt = '[h]:mm';
  sheet.getColumn(4).numFmt = '0.00%;[Red]-0.00%';
  sheet.getCell('A2').numFmt = '"Ref "0';
  sheet.getCell('A3').numFmt = '#,##0';
  sheet.getCell('CV5').value = 'column CV';
  sheet.getCell('A7').value = { formula: 'UPPER("x")', result: 'X' };
  sheet.mergeCells('A5:C6');
  const hidden = workbook.addWorksheet('Lookup', { state: 'hidden' });
  hidden.addRow(['code', 'label']);
  hidden.addRow(['E01009001', 'Aston']);
  const filePath = path.join(directory, fileName);
  await workbook.xlsx.writeFile(filePath);
}

/** Every construct the hand-assembled fixtures add on top of what the two writers produce. */
const HAND_WORKBOOKS: Readonly<Record<string, HandWorkbook>> = {
  'inline-strings-and-positions.xlsx': {
    sheets: [
      {
        name: 'Inline',
        xml: worksheetXml(
          '<row r="1"><c r="A1" t="inlineStr"><is><t>plain inline</t></is></c>' +
            '<c r="B1" t="inlineStr"><is><r><t>rich</t></r><r><rPr><b/></rPr><t xml:space="preserve"> run &amp; more </t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></is></c>' +
            '<c t="inlineStr"><is><t>no r: column C</t></is></c><c><v>4</v></c><c r="F1" s="0"/><c r="G1"><v>7</v></c></row>' +
            '<row><c><v>1</v></c><c t="inlineStr"><is><t/></is></c><c t="str"><v>after empty inline</v></c></row>' +
            '<row r="5" spans="1:3"/>' +
            '<row><c r="B6"><v>2.5</v></c></row>' +
            '<row r="8"><c r="C8" t="inlineStr"><is><t>tab&#9;and&#x41;</t></is></c></row>',
        ),
      },
    ],
  },
  'dates-and-formats.xlsx': {
    numberFormats: { 164: 'dd/mm/yyyy', 165: '[$-809]dd mmmm yyyy;@', 166: '0.00;[Red]-0.00', 167: '"day "0', 168: 'h:mm AM/PM', 169: '[h]:mm:ss', 170: '#,##0 "ms"' },
    cellStyleFormatIds: [0, 14, 164, 165, 166, 167, 168, 169, 170, 22, 45, 47, 4, 10],
    sheets: [
      {
        name: 'Dates',
        xml: worksheetXml(
          Array.from({ length: 14 }, (_, style) => `<row r="${style + 1}"><c r="A${style + 1}" s="${style}"><v>45000.75</v></c><c r="B${style + 1}" s="${style}"><v>-3</v></c></row>`).join('') +
            '<row r="20"><c r="A20" s="1" t="d"><v>2024-02-29</v></c><c r="B20" s="9" t="d"><v>2024-03-01T06:00:00</v></c><c r="C20" s="1" t="d"><v>1900-01-01</v></c></row>',
        ),
      },
    ],
  },
  'date-1904.xlsx': {
    date1904: true,
    cellStyleFormatIds: [0, 14],
    sheets: [{ name: 'Mac', xml: worksheetXml('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>43000</v></c><c r="C1"><v>43000</v></c></row>') }],
  },
  'errors-booleans-formulas.xlsx': {
    sharedStrings: ['<t>shared</t>'],
    sheets: [
      {
        name: 'Calc',
        xml: worksheetXml(
          '<row r="1">' +
            ['#DIV/0!', '#N/A', '#REF!', '#NAME?', '#VALUE!', '#NUM!', '#NULL!'].map((code, index) => `<c r="${String.fromCharCode(65 + index)}1" t="e"><v>${code}</v></c>`).join('') +
            '</row><row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c>' +
            '<c r="C2"><f>SUM(A3:B3)</f><v>3</v></c><c r="D2" t="str"><f>A1&amp;"x"</f><v>x &amp; y</v></c>' +
            '<c r="E2"><f>NOW()</f></c><c r="F2" t="s"><f>T(G2)</f><v>0</v></c><c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
            '<row r="3"><c r="A3"><f t="shared" ref="A3:B3" si="0">ROW()</f><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>3</v></c></row>',
        ),
      },
    ],
  },
  'shared-string-escapes.xlsx': {
    sharedStrings: [
      '<t>line1_x000D_\nline2</t>',
      '<t>literal _x005F_x000D_ stays</t>',
      '<t>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;</t>',
      '<t xml:space="preserve">  padded  </t>',
      '<r><t>run one</t></r><r><rPr><i/></rPr><t xml:space="preserve"> run two</t></r>',
      '<t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/>',
      '<t/>',
      '<t>tab_x0009_inside</t>',
      '<t>Smith &amp; Sons, B12 9QT</t>',
    ],
    sheets: [
      {
        name: 'Strings',
        xml: worksheetXml(Array.from({ length: 9 }, (_, index) => `<row r="${index + 1}"><c r="A${index + 1}" t="s"><v>${index}</v></c></row>`).join('')),
      },
    ],
  },
  'last-column-and-merges.xlsx': {
    sheets: [
      {
        name: 'Wide',
        xml: worksheetXml(
          '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" t="str"><v>last column</v></c></row><row r="1048576"><c r="B1048576"><v>9</v></c></row>',
          '<mergeCells count="2"><mergeCell ref="A1:C2"/><mergeCell ref="XFC3:XFD4"/></mergeCells>',
        ),
      },
      { name: 'Empty', xml: worksheetXml('') },
    ],
  },
  'namespace-prefixes.xlsx': {
    sheets: [
      {
        name: 'Prefixed',
        xml:
          '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
          '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>prefixed</x:t></x:is></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row>' +
          '</x:sheetData></x:worksheet>',
      },
    ],
  },
};

/** The file names `writeFixtureWorkbooks` writes. */
export const FIXTURE_WORKBOOKS: readonly string[] = ['sheetjs-inline.xlsx', 'sheetjs-shared.xlsx', 'exceljs.xlsx', ...Object.keys(HAND_WORKBOOKS)];

/** Writes every fixture workbook (`FIXTURE_WORKBOOKS`) into `directory`. */
export async function writeFixtureWorkbooks(directory: string): Promise<void> {
  writeWithSheetJs(directory, 'sheetjs-inline.xlsx', false);
  writeWithSheetJs(directory, 'sheetjs-shared.xlsx', true);
  await writeWithExcelJs(directory, 'exceljs.xlsx');
  for (const [fileName, workbook] of Object.entries(HAND_WORKBOOKS)) {
    fs.writeFileSync(path.join(directory, fileName), handWorkbookZip(workbook));
  }
}

const SAMPLES_DIRECTORY = fileURLToPath(new URL('../../../../samples', import.meta.url));
/** SheetJS needs ~30 s per 10 MB of xlsx; bigger samples belong to the benchmark, not to unit tests. */
const MAX_SAMPLE_BYTES = 8 * 1024 * 1024;

/** The generated sample workbooks in samples/ small enough for a differential test (none when not generated). */
export function sampleWorkbooks(): string[] {
  if (!fs.existsSync(SAMPLES_DIRECTORY)) return [];
  return fs
    .readdirSync(SAMPLES_DIRECTORY)
    .filter((name) => name.toLowerCase().endsWith('.xlsx'))
    .map((name) => path.join(SAMPLES_DIRECTORY, name))
    .filter((filePath) => fs.statSync(filePath).size <= MAX_SAMPLE_BYTES);
}
