/**
 * What the mapping screen shows before an import: the first rows as display strings, the header the
 * pipeline would detect, and the mapping it would suggest for a specification. Reads only the top of the
 * file (the streaming readers stop when asked), so a preview of a 500,000-row sheet is instant.
 */
import type { FilePreview } from '../../../shared/api';
import type { Specification } from '../../../shared/spec';
import { excelSerialToIsoDate, detectHeaderWithHints, checkHeaderRow, suggestMapping, type RawCell, type RawRow, listSheetsOf, openRowSource, type RowSource, inspectSourceFile } from '../tabular';

/** Rows read for header detection and mapping suggestions, whatever the number displayed. */
const SAMPLE_ROWS = 100;

export function displayCell(cell: RawCell | undefined): string {
  if (cell === undefined || cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell.kind === 'date') return excelSerialToIsoDate(cell.serial) ?? String(cell.serial);
  return cell.code;
}

/** The first `wanted` rows of a source; the reader is stopped (and its file closed) as soon as they are read. */
export async function readFirstRows(source: RowSource, wanted: number): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  const iterator = (Symbol.asyncIterator in source.batches ? source.batches[Symbol.asyncIterator]() : source.batches[Symbol.iterator]()) as
    | AsyncIterator<RawRow[]>
    | Iterator<RawRow[]>;
  try {
    while (rows.length < wanted) {
      const next = await iterator.next();
      if (next.done === true) break;
      rows.push(...next.value);
    }
  } finally {
    await iterator.return?.();
  }
  return rows.slice(0, wanted);
}

/** `headerRow`: the user's choice of header row (1-based), checked and used instead of the detected one. */
export async function previewFile(options: { path: string; sheet?: string; spec?: Specification; headerRow?: number; maxRows: number }): Promise<FilePreview> {
  const facts = inspectSourceFile(options.path);
  const sheets = await listSheetsOf(facts);
  const controller = new AbortController();
  const hint = facts.format === 'text' ? undefined : options.spec?.header?.sheet;
  const sheet = options.sheet ?? (hint !== undefined && sheets.some((candidate) => candidate.name === hint) ? hint : undefined);
  const source = await openRowSource(facts, { ...(sheet === undefined ? {} : { sheet }), signal: controller.signal });
  const wanted = Math.max(SAMPLE_ROWS, options.maxRows);
  const sample = await readFirstRows(source, wanted);
  // The sample reaches row SAMPLE_ROWS at least, and a chosen header row is at most MAX_HEADER_ROW (the same 100).
  if (options.headerRow !== undefined) checkHeaderRow(sample, options.headerRow, { fileName: facts.fileName, sheet: source.sheet });
  const { header } = detectHeaderWithHints(sample, { spec: options.spec, chosenRow: options.headerRow, mergedRanges: source.mergedRanges });
  const dataRows = sample.filter((row) => row.rowNumber >= header.dataStartRowNumber);
  const suggestion = options.spec === undefined ? null : suggestMapping(header.labels, dataRows, options.spec);
  return {
    sheet: source.sheet,
    sheets: sheets.map(({ name, hidden }) => ({ name, hidden })),
    rows: sample.slice(0, options.maxRows).map((row) => ({ rowNumber: row.rowNumber, cells: row.cells.map(displayCell) })),
    header: { headerRowNumbers: header.headerRowNumbers, labels: header.labels, dataStartRowNumber: header.dataStartRowNumber },
    mapping:
      suggestion === null
        ? null
        : {
            specId: suggestion.specId,
            columns: suggestion.columns.map(({ sourceLabel, field, confidence, reason }) => ({ sourceLabel, field, confidence, reason })),
          },
  };
}
