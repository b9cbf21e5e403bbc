/**
 * Suggests which partner column feeds which specification field, so the user only corrects the few the
 * machine gets wrong. Evidence, strongest first: the mapping saved in the recipe last quarter, the field's
 * own name or title, a synonym partners are known to use, similar words, and what the values look like.
 */
import { normaliseLabel, type ColumnMapping, type SpecField, type Specification } from '../../../shared/spec';
import { createFieldCoercer, isBlankCell } from './coerce';
import type { RawCell, RawRow } from './raw';

export type MappingReason = 'saved' | 'name' | 'synonym' | 'similar-name' | 'values' | 'none';

export interface SuggestedColumn {
  readonly sourceLabel: string;
  readonly field: string | null;
  /** 0–1; 1 for a saved or exact match. */
  readonly confidence: number;
  readonly reason: MappingReason;
}

export interface SuggestedMapping extends ColumnMapping {
  readonly columns: SuggestedColumn[];
}

/** Below this a column is left unmapped for the user to decide. */
export const MAPPING_THRESHOLD = 0.5;
const SAMPLE_LIMIT = 200;
const VALUE_FIT = 0.8;

const ABBREVIATIONS: Readonly<Record<string, string[]>> = {
  no: ['number'],
  num: ['number'],
  nbr: ['number'],
  dob: ['date', 'birth'],
  ref: ['reference'],
  pc: ['postcode'],
  eth: ['ethnicity'],
  ethnic: ['ethnicity'],
  gender: ['sex'],
  fsm: ['free', 'school', 'meals'],
  sen: ['special', 'educational', 'needs'],
  ehcp: ['ehc', 'plan'],
};
const STOP_WORDS = new Set(['of', 'the', 'a', 'an', 'and', 'in', 'for']);

function tokens(label: string): Set<string> {
  const words = normaliseLabel(label).split(' ').filter((word) => word !== '');
  return new Set(words.flatMap((word) => ABBREVIATIONS[word] ?? [word]).filter((word) => !STOP_WORDS.has(word)));
}

function compact(label: string): string {
  return normaliseLabel(label).replace(/ /g, '');
}

/** Dice coefficient over word sets: 1 for the same words in any order. */
function wordSimilarity(left: Set<string>, right: Set<string>): number {
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return (2 * shared) / (left.size + right.size);
}

function nameEvidence(label: string, field: SpecField): { score: number; reason: MappingReason } {
  const source = compact(label);
  if (source === '') return { score: 0, reason: 'none' };
  if (source === compact(field.name) || source === compact(field.title)) return { score: 1, reason: 'name' };
  if (field.synonyms.some((synonym) => compact(synonym) === source)) return { score: 0.95, reason: 'synonym' };
  const labelWords = tokens(label);
  const similarity = Math.max(...[field.name.replace(/_/g, ' '), field.title, ...field.synonyms].map((name) => wordSimilarity(labelWords, tokens(name))));
  return similarity >= 0.6 ? { score: 0.85 * similarity, reason: 'similar-name' } : { score: 0, reason: 'none' };
}

const SHAPES: Partial<Record<NonNullable<SpecField['identifier']>, RegExp>> = {
  'nhs-number': /^\d{3}[\s-]?\d{3}[\s-]?\d{4}$/,
  upn: /^[A-Z]\d{11}[0-9A-Z]$/i,
  lsoa11: /^E01\d{6}$/i,
  lsoa21: /^E01\d{6}$/i,
  lsoa: /^E01\d{6}$/i,
  'ward-code': /^E05\d{6}$/i,
  postcode: /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i,
  'school-urn': /^\d{6}$/,
};

function cellText(cell: RawCell): string | null {
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  return null;
}

/**
 * How strongly the sample values alone point at the field: identifier shapes and code lists are telling,
 * dates less so, yes/no and plain numbers hardly at all (many fields share them).
 */
function valueEvidence(cells: readonly RawCell[], field: SpecField): number {
  if (cells.length === 0) return 0;
  const fraction = (test: (cell: RawCell) => boolean): number => cells.filter(test).length / cells.length;
  const shape = field.identifier === undefined ? undefined : SHAPES[field.identifier];
  if (shape !== undefined) {
    return fraction((cell) => shape.test(cellText(cell) ?? '')) >= VALUE_FIT ? 0.75 : 0;
  }
  const coerce = createFieldCoercer(field);
  const fits = fraction((cell) => coerce(cell).ok) >= VALUE_FIT;
  if (!fits) return 0;
  if (field.type === 'code') return 0.7;
  if (field.type === 'date') return 0.55;
  if (field.type === 'boolean') return 0.45;
  return 0;
}

/**
 * Suggests a mapping for the detected labels. `sampleRows` are data rows (index 0 = column A). A `saved`
 * mapping for the same specification wins for every label it knows, including columns it left out on purpose.
 */
export function suggestMapping(
  labels: readonly string[],
  sampleRows: readonly RawRow[],
  spec: Specification,
  saved?: ColumnMapping,
): SuggestedMapping {
  const chosen: (SuggestedColumn | undefined)[] = labels.map(() => undefined);
  const usedFields = new Set<string>();
  const fieldNames = new Set(spec.fields.map((field) => field.name));

  if (saved !== undefined && saved.specId === spec.id) {
    const savedByLabel = new Map(saved.columns.map((column) => [normaliseLabel(column.sourceLabel), column.field]));
    labels.forEach((label, index) => {
      const field = savedByLabel.get(normaliseLabel(label));
      if (field === undefined || (field !== null && (!fieldNames.has(field) || usedFields.has(field)))) return;
      chosen[index] = { sourceLabel: label, field, confidence: 1, reason: 'saved' };
      if (field !== null) usedFields.add(field);
    });
  }

  const candidates: { column: number; field: string; score: number; reason: MappingReason }[] = [];
  labels.forEach((label, column) => {
    if (chosen[column] !== undefined) return;
    const samples = sampleRows
      .map((row) => row.cells[column] ?? null)
      .filter((cell) => !isBlankCell(cell))
      .slice(0, SAMPLE_LIMIT);
    for (const field of spec.fields) {
      if (usedFields.has(field.name)) continue;
      const byName = nameEvidence(label, field);
      const byValues = valueEvidence(samples, field);
      const score = Math.min(1, Math.max(byName.score, byValues) + (byName.score > 0 && byValues > 0 ? 0.1 : 0));
      const reason = byName.score >= byValues ? byName.reason : 'values';
      if (score >= MAPPING_THRESHOLD) candidates.push({ column, field: field.name, score, reason });
    }
  });
  candidates.sort((left, right) => right.score - left.score || left.column - right.column);
  for (const candidate of candidates) {
    if (chosen[candidate.column] !== undefined || usedFields.has(candidate.field)) continue;
    chosen[candidate.column] = {
      sourceLabel: labels[candidate.column] as string,
      field: candidate.field,
      confidence: Math.round(candidate.score * 100) / 100,
      reason: candidate.reason,
    };
    usedFields.add(candidate.field);
  }
  return {
    specId: spec.id,
    columns: labels.map((label, index) => chosen[index] ?? { sourceLabel: label, field: null, confidence: 0, reason: 'none' }),
  };
}
