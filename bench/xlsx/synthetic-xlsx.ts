/**
 * Writes a synthetic children's-services extract as .xlsx, fast enough for a million rows: sheet XML is
 * generated as text in slices of rows and deflated straight into the zip, never held whole in memory.
 * The shape mirrors the file measured in shared/performance.md: 11 columns of ids, dates (date-styled),
 * codes, LSOA-like strings, booleans and floats, strings held in the shared string table.
 */
import { ZipFileWriter } from '../../electron/engine/xlsx/test-support/zip-writer';
import { mulberry32 } from '../../test/support/random';

export interface SyntheticXlsxOptions {
  /** Data rows below the header row. */
  readonly rows: number;
  /** Seed of the pseudo-random generator, so runs are comparable. */
  readonly seed?: number;
}

export const SYNTHETIC_COLUMNS = [
  'child_id',
  'nhs_number',
  'date_of_birth',
  'sex',
  'ethnicity',
  'lsoa_code',
  'ward_name',
  'postcode',
  'in_care',
  'deprivation_score',
  'referral_time',
] as const;

const ROWS_PER_SLICE = 4_000;
const SEXES = ['M', 'F', 'NB'];
const ETHNICITIES = ['WBRI', 'WIRI', 'WOTH', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT'];
const WARD_STEMS = ['Acocks Green', 'Allens Cross', 'Alum Rock', 'Aston', 'Balsall Heath West', 'Bordesley & Highgate', 'Bournville & Cotteridge', 'Handsworth Wood', 'Hodge Hill', 'Ladywood', 'Perry Barr', 'Sparkhill', 'Sutton Vesey', 'Yardley East'];

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function columnLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

interface SharedStringTable {
  readonly strings: string[];
  readonly indexOf: Map<string, number>;
}

function sharedStringTable(): SharedStringTable {
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  const add = (text: string) => {
    if (!indexOf.has(text)) {
      indexOf.set(text, strings.length);
      strings.push(text);
    }
  };
  SYNTHETIC_COLUMNS.forEach(add);
  SEXES.forEach(add);
  ETHNICITIES.forEach(add);
  for (let i = 0; i < 640; i++) add(`E0100${String(9000 + i).padStart(4, '0')}`);
  WARD_STEMS.forEach(add);
  for (let i = 0; i < 5_000; i++) add(`B${1 + (i % 76)} ${i % 10}${'ABDEFGHJLNPQRSTUWXYZ'[i % 20]}${'ABDEFGHJLNPQRSTUWXYZ'[(i * 7) % 20]}`);
  return { strings, indexOf };
}

function pick<T>(values: readonly T[], random: () => number): T {
  return values[Math.floor(random() * values.length)]!;
}

function* sheetXml(rows: number, table: SharedStringTable, seed: number): Generator<Buffer> {
  const random = mulberry32(seed);
  const shared = (text: string) => table.indexOf.get(text)!;
  const lsoas = table.strings.filter((text) => text.startsWith('E0100'));
  const postcodes = table.strings.filter((text) => /^B\d/.test(text));
  const lastRef = `K${rows + 1}`;
  let xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="A1:${lastRef}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>` +
    '<row r="1" spans="1:11">' +
    SYNTHETIC_COLUMNS.map((name, column) => `<c r="${columnLetter(column)}1" t="s"><v>${shared(name)}</v></c>`).join('') +
    '</row>';
  for (let index = 0; index < rows; index++) {
    const r = index + 2;
    const dateOfBirth = 36_526 + Math.floor(random() * 9_131);
    const referral = 44_927 + Math.floor(random() * 1_095) + Math.round(random() * 86_400) / 86_400;
    const score = Math.round(random() * 1_000_000) / 10_000;
    xml +=
      `<row r="${r}" spans="1:11">` +
      `<c r="A${r}"><v>${100_000 + index}</v></c>` +
      `<c r="B${r}"><v>${4_000_000_000 + Math.floor(random() * 999_999_999)}</v></c>` +
      `<c r="C${r}" s="1"><v>${dateOfBirth}</v></c>` +
      `<c r="D${r}" t="s"><v>${shared(pick(SEXES, random))}</v></c>` +
      `<c r="E${r}" t="s"><v>${shared(pick(ETHNICITIES, random))}</v></c>` +
      `<c r="F${r}" t="s"><v>${shared(pick(lsoas, random))}</v></c>` +
      `<c r="G${r}" t="s"><v>${shared(pick(WARD_STEMS, random))}</v></c>` +
      `<c r="H${r}" t="s"><v>${shared(pick(postcodes, random))}</v></c>` +
      `<c r="I${r}" t="b"><v>${random() < 0.07 ? 1 : 0}</v></c>` +
      `<c r="J${r}"><v>${score}</v></c>` +
      `<c r="K${r}" s="2"><v>${referral}</v></c>` +
      '</row>';
    if ((index + 1) % ROWS_PER_SLICE === 0) {
      yield Buffer.from(xml, 'utf8');
      xml = '';
    }
  }
  xml += `</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
  yield Buffer.from(xml, 'utf8');
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';
const PACKAGE_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<sheets><sheet name="Children" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>';
const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts>' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
  '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>';

function sharedStringsXml(table: SharedStringTable): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="${table.strings.length}">` +
    table.strings.map((text) => `<si><t>${xmlEscape(text)}</t></si>`).join('') +
    '</sst>'
  );
}

/**
 * Writes the workbook to `filePath` (one sheet, "Children", header row plus `rows` data rows). The shared
 * strings come before the sheet in the zip, as Excel writes them, so streaming readers need no temp files.
 */
export async function writeSyntheticXlsx(filePath: string, options: SyntheticXlsxOptions): Promise<void> {
  const table = sharedStringTable();
  const writer = ZipFileWriter.create(filePath);
  await writer.addEntry('[Content_Types].xml', CONTENT_TYPES);
  await writer.addEntry('_rels/.rels', PACKAGE_RELS);
  await writer.addEntry('xl/workbook.xml', WORKBOOK);
  await writer.addEntry('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
  await writer.addEntry('xl/styles.xml', STYLES);
  await writer.addEntry('xl/sharedStrings.xml', sharedStringsXml(table));
  await writer.addStreamedEntry('xl/worksheets/sheet1.xml', sheetXml(options.rows, table, options.seed ?? 20_240_101));
  await writer.close();
}
