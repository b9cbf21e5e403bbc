/**
 * Validation of a file against its specification: the sheet chosen, the user's header row checked, the
 * rows streamed through the arithmetic-totals filter and `validateRowStream`. `validateFile` runs it without
 * any workspace (`village validate`); the import runs the same pipeline and appends the checked rows.
 */
import { RULE_SEVERITY, type Finding, type ValidationReport } from '../../../shared/findings';
import type { JobProgress } from '../../../shared/api';
import type { ColumnMapping, Specification } from '../../../shared/spec';
import { type DetectedHeader, checkHeaderRowOfFile, ImportCancelledError, UnusableFileError, listSheetsOf, openRowSource, inspectSourceFile, type SourceFileFacts, dropArithmeticTotalsRow } from '../tabular';
import { defaultReferenceData, type ReferenceData } from './reference-data';
import { validateRowStream } from './validate-stream';

export interface ValidateFileOptions {
  readonly path: string;
  readonly spec: Specification;
  /** Defaults to the specification's sheet hint, else the first visible sheet. */
  readonly sheet?: string;
  readonly mapping?: ColumnMapping;
  /** The user's header row (1-based), checked against the file and used instead of the detected one. */
  readonly headerRow?: number;
  /** yyyy-mm-dd; the day "in the future" is judged against. Defaults to today. */
  readonly today?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Partial<JobProgress>) => void;
  readonly referenceData?: ReferenceData;
  /** Every finding is listed up to this many per rule (default 1,000); all are counted. */
  readonly maxListedPerRule?: number;
}

export interface ValidatedFile {
  readonly facts: SourceFileFacts;
  readonly sheet: string;
  readonly header: DetectedHeader;
  readonly mapping: ColumnMapping;
  readonly report: ValidationReport;
}

const DEFAULT_MAX_LISTED = 1000;

export function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export function cancelledOr(error: unknown, signal: AbortSignal | undefined, fileName: string): unknown {
  if (signal?.aborted || (error instanceof UnusableFileError && error.code === 'cancelled')) return new ImportCancelledError(fileName);
  return error;
}

/**
 * The sheet to read: the user's choice (a sheet the workbook lacks is refused), else the specification's
 * sheet hint when the workbook has it, else the first visible sheet, with a notice naming the missing hint.
 */
async function chooseSheet(facts: SourceFileFacts, options: ValidateFileOptions): Promise<{ sheet: string | undefined; notice: string | null }> {
  if (options.sheet !== undefined) return { sheet: options.sheet, notice: null };
  const hint = options.spec.header?.sheet;
  if (hint === undefined || facts.format === 'text') return { sheet: undefined, notice: null };
  const sheets = await listSheetsOf(facts);
  if (sheets.some((candidate) => candidate.name === hint)) return { sheet: hint, notice: null };
  const first = sheets.find((candidate) => !candidate.hidden);
  return {
    sheet: undefined,
    notice: `The specification names the sheet "${hint}", which ${facts.fileName} does not have; the first visible sheet${first === undefined ? '' : ` "${first.name}"`} was read instead`,
  };
}

export interface PipelineResult extends Omit<ValidatedFile, 'facts'> {
  /** The file's SHA-256, when asked for (`hashSource`): for delimited text, of the bytes the reader parsed. */
  readonly sha256: string | null;
}

/**
 * Runs the pipeline over the file; `onRows` receives the checked rows (the import appends them), and
 * `hashSource` hashes the file in the same read, for the import's provenance.
 */
export async function runPipeline(
  facts: SourceFileFacts,
  options: ValidateFileOptions,
  onRows?: Parameters<typeof validateRowStream>[1]['onRows'],
  hashSource = false,
): Promise<PipelineResult> {
  const report = options.onProgress ?? (() => undefined);
  const referenceData = options.referenceData ?? defaultReferenceData();
  const { sheet, notice: sheetNotice } = await chooseSheet(facts, options);
  if (options.headerRow !== undefined) await checkHeaderRowOfFile(facts, { sheet, headerRow: options.headerRow, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  const { spec } = options;
  const source = await openRowSource(facts, {
    sheet,
    signal: options.signal,
    onBytes: (bytesRead) => report({ bytesRead }),
    hash: hashSource,
  });
  const totals = dropArithmeticTotalsRow(source.batches);
  let rows = 0;
  const validated = await validateRowStream(totals.batches, {
    spec,
    sheet: source.sheet,
    lookups: referenceData.lookups,
    today: options.today ?? todayIso(),
    ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
    ...(source.mergedRanges === undefined ? {} : { mergedRanges: source.mergedRanges }),
    maxListedPerRule: options.maxListedPerRule ?? DEFAULT_MAX_LISTED,
    ...(options.headerRow === undefined ? {} : { headerRow: options.headerRow }),
    hintNotices: sheetNotice === null ? [] : [sheetNotice],
    onRows: async (checked) => {
      if (options.signal?.aborted) throw new ImportCancelledError(facts.fileName);
      rows += checked.length;
      report({ rows });
      if (onRows !== undefined) await onRows(checked);
    },
  });
  const sha256 = source.sha256 === undefined ? null : await source.sha256();
  return {
    sha256,
    sheet: source.sheet,
    header: validated.header,
    mapping: validated.mapping,
    report: withDroppedTotals(validated.report, totals.dropped),
  };
}

/** Adds the arithmetic totals rows to the report exactly as the trailer filter reports the rows it drops. */
function withDroppedTotals(report: ValidationReport, rowNumbers: readonly number[]): ValidationReport {
  if (rowNumbers.length === 0) return report;
  const rule = 'dropped-row';
  const existing = report.countsByRule.find((entry) => entry.rule === rule);
  const listedSoFar = existing?.listed ?? 0;
  const room = Math.max(0, report.maxListedPerRule - listedSoFar);
  const added: Finding[] = rowNumbers.slice(0, room).map((rowNumber) => ({
    rule,
    severity: RULE_SEVERITY[rule],
    sheet: report.sheet,
    rowNumber,
    columnNumber: null,
    columnLetter: null,
    cell: null,
    field: null,
    message: 'Totals row below the data (its numbers are the sums of the columns above) was left out of the import',
  }));
  const count = { rule, severity: RULE_SEVERITY[rule], count: (existing?.count ?? 0) + rowNumbers.length, listed: listedSoFar + added.length } as const;
  const countsByRule = existing === undefined ? [...report.countsByRule, count] : report.countsByRule.map((entry) => (entry.rule === rule ? count : entry));
  const pair = report.countsByRuleAndColumn.find((entry) => entry.rule === rule);
  const pairCount = { rule, columnNumber: null, columnLetter: null, field: null, count: (pair?.count ?? 0) + rowNumbers.length } as const;
  return {
    ...report,
    totals: {
      ...report.totals,
      rowsDropped: report.totals.rowsDropped + rowNumbers.length,
      findings: report.totals.findings + rowNumbers.length,
      infos: report.totals.infos + rowNumbers.length,
    },
    countsByRule,
    countsByRuleAndColumn: pair === undefined ? [...report.countsByRuleAndColumn, pairCount] : report.countsByRuleAndColumn.map((entry) => (entry === pair ? pairCount : entry)),
    findings: [...report.findings, ...added],
  };
}

/** Validates a file against a specification without touching any workspace (the CLI's `validate`). */
export async function validateFile(options: ValidateFileOptions): Promise<ValidatedFile> {
  const facts = inspectSourceFile(options.path);
  try {
    const { sha256: _unhashed, ...validated } = await runPipeline(facts, options);
    return { facts, ...validated };
  } catch (error) {
    throw cancelledOr(error, options.signal, facts.fileName);
  }
}
