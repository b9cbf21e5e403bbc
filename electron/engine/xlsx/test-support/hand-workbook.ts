/**
 * Assembles .xlsx packages from raw XML strings, so tests can cover what Excel and other producers write
 * but SheetJS and exceljs never emit (inline rich text, cells without `r`, `t="d"`, 1904 dates, …).
 */
import { buildZip, type ZipLayoutOptions, type ZipSourceEntry } from './zip-writer';

const MAIN_NAMESPACE = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIP_NAMESPACE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export interface HandSheet {
  readonly name: string;
  readonly state?: 'hidden' | 'veryHidden';
  /** The whole worksheet XML; see `worksheetXml` for the usual wrapper. */
  readonly xml: string;
}

export interface HandWorkbook {
  readonly sheets: readonly HandSheet[];
  /** Inner XML of each `<si>` element. */
  readonly sharedStrings?: readonly string[];
  /** Custom number formats by id, and the `numFmtId` of each cell style (index = `s`). */
  readonly numberFormats?: Readonly<Record<number, string>>;
  readonly cellStyleFormatIds?: readonly number[];
  readonly date1904?: boolean;
  /** Replaces a generated part, e.g. to inject a DTD. */
  readonly overrides?: Readonly<Record<string, string>>;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** A worksheet with the given `<sheetData>` content, and optional markup after it (e.g. `<mergeCells>`). */
export function worksheetXml(sheetData: string, afterSheetData = ''): string {
  return `${XML_DECLARATION}<worksheet xmlns="${MAIN_NAMESPACE}" xmlns:r="${RELATIONSHIP_NAMESPACE}"><sheetData>${sheetData}</sheetData>${afterSheetData}</worksheet>`;
}

export function handWorkbookEntries(workbook: HandWorkbook): ZipSourceEntry[] {
  const sheetEntries = workbook.sheets.map((sheet, index) => ({ sheet, path: `xl/worksheets/sheet${index + 1}.xml`, id: `rId${index + 1}` }));
  const stylesId = `rId${sheetEntries.length + 1}`;
  const sharedStringsId = `rId${sheetEntries.length + 2}`;

  const contentTypes =
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    sheetEntries.map(({ path }) => `<Override PartName="/${path}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    (workbook.sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
    '</Types>';
  const packageRels =
    `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
    `<Relationship Id="rId1" Type="${RELATIONSHIP_NAMESPACE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbookXml =
    `${XML_DECLARATION}<workbook xmlns="${MAIN_NAMESPACE}" xmlns:r="${RELATIONSHIP_NAMESPACE}">` +
    (workbook.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>') +
    '<sheets>' +
    sheetEntries
      .map(({ sheet, id }, index) => `<sheet name="${escapeAttribute(sheet.name)}" sheetId="${index + 1}"${sheet.state ? ` state="${sheet.state}"` : ''} r:id="${id}"/>`)
      .join('') +
    '</sheets></workbook>';
  const workbookRels =
    `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
    sheetEntries.map(({ path, id }) => `<Relationship Id="${id}" Type="${RELATIONSHIP_NAMESPACE}/worksheet" Target="${path.slice(3)}"/>`).join('') +
    `<Relationship Id="${stylesId}" Type="${RELATIONSHIP_NAMESPACE}/styles" Target="styles.xml"/>` +
    (workbook.sharedStrings ? `<Relationship Id="${sharedStringsId}" Type="${RELATIONSHIP_NAMESPACE}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
    '</Relationships>';
  const numberFormats = Object.entries(workbook.numberFormats ?? {});
  const styleFormatIds = workbook.cellStyleFormatIds ?? [0];
  const styles =
    `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NAMESPACE}">` +
    (numberFormats.length > 0
      ? `<numFmts count="${numberFormats.length}">${numberFormats.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${escapeAttribute(code)}"/>`).join('')}</numFmts>`
      : '') +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${styleFormatIds.length}">${styleFormatIds.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('')}</cellXfs>` +
    '</styleSheet>';
  const sharedStrings = workbook.sharedStrings
    ? `${XML_DECLARATION}<sst xmlns="${MAIN_NAMESPACE}" uniqueCount="${workbook.sharedStrings.length}">${workbook.sharedStrings.map((item) => `<si>${item}</si>`).join('')}</sst>`
    : undefined;

  const parts: Record<string, string> = {
    '[Content_Types].xml': contentTypes,
    '_rels/.rels': packageRels,
    'xl/workbook.xml': workbookXml,
    'xl/_rels/workbook.xml.rels': workbookRels,
    'xl/styles.xml': styles,
    ...(sharedStrings ? { 'xl/sharedStrings.xml': sharedStrings } : {}),
    ...Object.fromEntries(sheetEntries.map(({ sheet, path }) => [path, sheet.xml])),
    ...workbook.overrides,
  };
  return Object.entries(parts).map(([name, data]) => ({ name, data }));
}

export function handWorkbookZip(workbook: HandWorkbook, layout: ZipLayoutOptions = {}): Buffer {
  return buildZip(handWorkbookEntries(workbook), layout);
}
