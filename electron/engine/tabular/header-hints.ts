/**
 * A specification's header hints are preferences, not requirements: partners move their header, drop the
 * notes block or flatten a two-row header between quarters. The hinted rows are used when they look like a
 * header and describe the specification's fields at least as well as the header detection finds on its own;
 * otherwise detection wins and the notice says so. A header row the user chose is a requirement.
 */
import { normaliseLabel, type Specification } from '../../../shared/spec';
import { detectHeader, isAllLabels, type DetectedHeader } from './header';
import type { MergedRange, RawRow } from './raw';

export interface HintedHeader {
  readonly header: DetectedHeader;
  /** Set when the specification's header hint was overruled: what was read instead, in plain words. */
  readonly notice: string | null;
}

/** How many labels name a field of the specification (by name, title or synonym). */
function labelsMatchingFields(labels: readonly string[], spec: Specification): number {
  const known = new Set(spec.fields.flatMap((field) => [field.name, field.title, ...field.synonyms].map(normaliseLabel)));
  return labels.filter((label) => known.has(normaliseLabel(label))).length;
}

function rowsText(rowNumbers: readonly number[]): string {
  return rowNumbers.length === 1 ? `row ${rowNumbers[0]}` : `rows ${rowNumbers[0]}–${rowNumbers[rowNumbers.length - 1]}`;
}

export function detectHeaderWithHints(
  rows: readonly RawRow[],
  options: { readonly spec?: Specification | undefined; readonly chosenRow?: number | undefined; readonly mergedRanges?: readonly MergedRange[] | undefined },
): HintedHeader {
  const merges = options.mergedRanges === undefined ? {} : { mergedRanges: options.mergedRanges };
  const hint = options.spec?.header;
  const rowCount = hint?.rowCount === undefined ? {} : { headerRowCount: hint.rowCount };
  if (options.chosenRow !== undefined) return { header: detectHeader(rows, { ...merges, headerRowNumber: options.chosenRow, ...rowCount }), notice: null };
  const detected = detectHeader(rows, merges);
  if (hint?.rowNumber === undefined || options.spec === undefined) return { header: detected, notice: null };
  const hinted = detectHeader(rows, { ...merges, headerRowNumber: hint.rowNumber, ...rowCount });
  if (hinted.headerRowNumbers.join() === detected.headerRowNumbers.join()) return { header: hinted, notice: null };
  const hintedRows = rows.filter((row) => hinted.headerRowNumbers.includes(row.rowNumber));
  const looksLikeHeader = hintedRows.length > 0 && hintedRows.every(isAllLabels);
  const describesFields = labelsMatchingFields(hinted.labels, options.spec) >= labelsMatchingFields(detected.labels, options.spec);
  if (looksLikeHeader && describesFields) return { header: hinted, notice: null };
  const expected = `${hint.rowCount === 2 ? 'a two-row header ending at' : 'the header at'} row ${hint.rowNumber}`;
  const plural = hinted.headerRowNumbers.length > 1;
  const why = looksLikeHeader ? `${plural ? 'name' : 'names'} fewer of its fields than` : `${plural ? 'hold' : 'holds'} values, not column titles, unlike`;
  return {
    header: detected,
    notice: `The specification expects ${expected}, but ${rowsText(hinted.headerRowNumbers)} ${why} the header found at ${rowsText(detected.headerRowNumbers)}, which was used instead`,
  };
}
