/**
 * The whole format-independent pipeline over a stream of raw row batches from any reader: find the header,
 * suggest (or apply) the column mapping, hold back the trailer, validate and coerce every row. The import
 * glue hands the typed rows to DuckDB through `onRows`, so each file is parsed once.
 */
import type { ValidationReport } from '../../../shared/findings';
import type { ColumnMapping, Specification } from '../../../shared/spec';
import { type DetectedHeader, detectHeaderWithHints, suggestMapping, type MergedRange, type RawRow, createTrailerFilter } from '../tabular';
import type { GeographyLookups } from './lookups';
import { createValidator, type CheckedRow } from './validator';

export interface ValidateStreamOptions {
  readonly spec: Specification;
  readonly sheet: string;
  readonly lookups: GeographyLookups;
  /** yyyy-mm-dd. */
  readonly today: string;
  /** The saved mapping from the recipe; without it (or for labels it does not know) a suggestion is used. */
  readonly mapping?: ColumnMapping;
  readonly mergedRanges?: readonly MergedRange[];
  readonly maxListedPerRule?: number;
  /** The header row the user chose (1-based): a requirement, unlike the specification's hints. */
  readonly headerRow?: number;
  /** Hints already found not to fit (the sheet), reported with the header's own. */
  readonly hintNotices?: readonly string[];
  /** Receives every checked, non-blank data row with its typed values, in order. */
  readonly onRows?: (rows: CheckedRow[]) => void | Promise<void>;
}

export interface ValidatedStream {
  readonly header: DetectedHeader;
  readonly mapping: ColumnMapping;
  readonly report: ValidationReport;
}

/** Rows read before the header is decided: notes blocks are short, but the lookahead for width needs some data. */
const HEADER_BUFFER_ROWS = 100;

export async function validateRowStream(batches: AsyncIterable<RawRow[]> | Iterable<RawRow[]>, options: ValidateStreamOptions): Promise<ValidatedStream> {
  const buffered: RawRow[] = [];
  let pipeline: Pipeline | null = null;
  for await (const batch of batches) {
    if (pipeline !== null) {
      await pipeline.push(batch);
      continue;
    }
    buffered.push(...batch);
    if (buffered.length >= HEADER_BUFFER_ROWS) pipeline = await startWithBuffered(buffered, options);
  }
  if (pipeline === null) pipeline = await startWithBuffered(buffered, options);
  return pipeline.finish();
}

async function startWithBuffered(buffered: readonly RawRow[], options: ValidateStreamOptions): Promise<Pipeline> {
  const pipeline = startPipeline(buffered, options);
  await pipeline.push(buffered.filter((row) => row.rowNumber >= pipeline.header.dataStartRowNumber));
  return pipeline;
}

interface Pipeline {
  readonly header: DetectedHeader;
  push(rows: readonly RawRow[]): Promise<void>;
  finish(): Promise<ValidatedStream>;
}

function startPipeline(firstRows: readonly RawRow[], options: ValidateStreamOptions): Pipeline {
  const { spec } = options;
  const { header, notice } = detectHeaderWithHints(firstRows, { spec, chosenRow: options.headerRow, mergedRanges: options.mergedRanges });
  const sampleRows = firstRows.filter((row) => row.rowNumber >= header.dataStartRowNumber);
  const suggested = suggestMapping(header.labels, sampleRows, spec, options.mapping);
  const mapping: ColumnMapping = {
    specId: spec.id,
    columns: suggested.columns.map(({ sourceLabel, field }) => ({ sourceLabel, field })),
  };
  const validator = createValidator({
    spec,
    mapping,
    sheet: options.sheet,
    labels: header.labels,
    headerRowNumber: header.headerRowNumbers[header.headerRowNumbers.length - 1],
    headerIssues: header.issues,
    lookups: options.lookups,
    today: options.today,
    maxListedPerRule: options.maxListedPerRule,
    hintNotices: [...(options.hintNotices ?? []), ...(notice === null ? [] : [notice])],
  });
  const trailer = createTrailerFilter({ columnCount: header.labels.length });

  async function check(rows: readonly RawRow[]): Promise<void> {
    const checked = rows.map((row) => validator.checkRow(row)).filter((row) => !row.blank);
    if (checked.length > 0 && options.onRows !== undefined) await options.onRows(checked);
  }

  return {
    header,
    async push(rows) {
      await check(trailer.push(rows));
    },
    async finish() {
      validator.recordDroppedRows(trailer.finish());
      return { header, mapping, report: validator.finish() };
    },
  };
}
