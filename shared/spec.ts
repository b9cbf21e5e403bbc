/**
 * A data-sharing specification as data: what one kind of partner extract must contain, in the spirit of a
 * Frictionless Table Schema plus what information governance needs (identifier kinds and personal-data
 * classes). Specifications are JSON files parsed with `parseSpecification`; the window and the engine
 * share these types.
 */
import { z } from 'zod';
import { ruleFields, specRuleSchema } from './rules';

export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'code'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The kinds of identifier the validator knows how to check or recognise. */
export const IDENTIFIER_KINDS = [
  'nhs-number',
  'upn',
  'local-id',
  'forename',
  'surname',
  'full-name',
  'date-of-birth',
  'postcode',
  'lsoa11',
  'lsoa21',
  'lsoa',
  'ward-code',
  'ward-name',
  'school-urn',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/**
 * UK GDPR classes: a direct identifier names a child on its own (NHS number, name), a quasi-identifier does in
 * combination (date of birth, postcode), special-category data is health, ethnicity and the like (Article 9).
 */
export const PERSONAL_DATA_CLASSES = ['direct-identifier', 'quasi-identifier', 'special-category', 'none'] as const;
export type PersonalDataClass = (typeof PERSONAL_DATA_CLASSES)[number];

/** Geography lookups a field's values must be found in. `lsoa` accepts a 2011 or a 2021 code. */
export const FOREIGN_KEYS = ['lsoa11', 'lsoa21', 'lsoa', 'ward-code', 'ward-name'] as const;
export type ForeignKey = (typeof FOREIGN_KEYS)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isoDate = z.string().regex(ISO_DATE, 'must be a date written yyyy-mm-dd');

export const codeSchema = z.object({
  /** The canonical value stored after import, e.g. `WBRI` or `White British`. */
  code: z.string().min(1),
  /** Human-readable meaning, also accepted as a value. */
  label: z.string().default(''),
  /** Other spellings partners use for this code (matched ignoring case and extra spaces). */
  synonyms: z.array(z.string()).default([]),
});
export type SpecCode = z.output<typeof codeSchema>;

export const specFieldSchema = z
  .object({
    /** snake_case name: becomes the column name in the workspace. */
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case starting with a letter'),
    /** Short human title, shown in the mapping screen. */
    title: z.string().min(1),
    description: z.string().default(''),
    type: z.enum(FIELD_TYPES),
    /** A required field must be mapped, and every row must have a value. */
    required: z.boolean().default(false),
    /** Header names partners use for this field ("NHS No", "nhs_number"); matched ignoring case and punctuation. */
    synonyms: z.array(z.string()).default([]),
    /** The allowed values of a `code` field. */
    codes: z.array(codeSchema).optional(),
    /** A regular expression the whole (trimmed) value of a `string` field must match. */
    pattern: z.string().optional(),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().positive().optional(),
    /** Inclusive bounds for `integer` and `number` fields. */
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    /** Inclusive bounds for `date` fields, yyyy-mm-dd. */
    minDate: isoDate.optional(),
    maxDate: isoDate.optional(),
    /** A date after the day of validation is reported (dates of birth, referral dates). */
    notInFuture: z.boolean().default(false),
    /**
     * Allows two-digit years in `date` fields: yy below the pivot is 20yy, otherwise 19yy. Without it a
     * two-digit year is a type error, because "01/02/03" is too ambiguous to guess.
     */
    twoDigitYearPivot: z.number().int().min(0).max(100).optional(),
    /** Extra spellings of true/false for `boolean` fields, on top of Y/Yes/1/TRUE/T and N/No/0/FALSE/F. */
    trueValues: z.array(z.string()).default([]),
    falseValues: z.array(z.string()).default([]),
    /** No two rows may share a non-empty value. */
    unique: z.boolean().default(false),
    /** Numeric fields only: "*", "c", "<5" and similar are small-number suppression, kept as suppressed. */
    suppressible: z.boolean().default(false),
    /** What kind of identifier the field holds; drives check digits and personal-data screening. */
    identifier: z.enum(IDENTIFIER_KINDS).optional(),
    personalData: z.enum(PERSONAL_DATA_CLASSES),
    /** A geography the value must be found in. */
    foreignKey: z.enum(FOREIGN_KEYS).optional(),
  })
  .superRefine((field, context) => {
    const problem = (message: string): void => context.addIssue({ code: 'custom', message: `${field.name}: ${message}` });
    if (field.type === 'code' && (field.codes === undefined || field.codes.length === 0)) problem('a code field needs a code list');
    if (field.type !== 'code' && field.codes !== undefined) problem('only code fields have a code list');
    if (field.pattern !== undefined && !compiles(field.pattern)) problem('pattern is not a valid regular expression');
    if (field.pattern !== undefined && field.type !== 'string') problem('only string fields take a pattern');
    if (field.suppressible && field.type !== 'integer' && field.type !== 'number') problem('only numeric fields can be suppressible');
    if (field.minimum !== undefined && field.maximum !== undefined && field.minimum > field.maximum) problem('minimum is above maximum');
    if (field.minDate !== undefined && field.maxDate !== undefined && field.minDate > field.maxDate) problem('minDate is after maxDate');
    if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) problem('minLength is above maxLength');
    for (const ambiguous of ambiguousCodeSpellings(field.codes ?? [])) problem(`"${ambiguous}" spells more than one code`);
  });
export type SpecField = z.output<typeof specFieldSchema>;

export const specificationSchema = z
  .object({
    /** Stable id used by recipes and mappings, e.g. `health-child-register`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case kebab-case'),
    title: z.string().min(1),
    /** Version of the data-sharing specification, shown on every report. */
    version: z.string().min(1),
    description: z.string().default(''),
    /** The partner agency that sends this extract. */
    agency: z.string().min(1),
    fields: z.array(specFieldSchema).min(1),
    /** Fields that together identify a row; checked for uniqueness like `uniqueKeys`. */
    primaryKey: z.array(z.string()).optional(),
    /** Further combinations of fields that must be unique across rows. */
    uniqueKeys: z.array(z.array(z.string()).min(1)).default([]),
    /**
     * Whether columns the specification does not name may arrive. Even when allowed, an unmapped column
     * that looks like personal data is reported.
     */
    allowExtraFields: z.boolean().default(false),
    /** Hints for header detection when the partner's layout is known. */
    header: z
      .object({
        /** 1-based row of the (lower) header row. */
        rowNumber: z.number().int().positive().optional(),
        /** 2 when group titles sit in a row above the column titles. */
        rowCount: z.union([z.literal(1), z.literal(2)]).optional(),
        /** The sheet to read from a workbook. */
        sheet: z.string().optional(),
      })
      .optional(),
    /** Cell texts that mean "no value" in this extract (e.g. "NA", "-"), as in a Table Schema; compared after trimming. */
    missingValues: z.array(z.string()).default([]),
    /** Row and cross-table rules beyond a single cell (shared/rules.ts). */
    rules: z.array(specRuleSchema).default([]),
  })
  .superRefine((spec, context) => {
    const names = new Set<string>();
    for (const field of spec.fields) {
      if (names.has(field.name)) context.addIssue({ code: 'custom', message: `field ${field.name} appears twice` });
      names.add(field.name);
    }
    for (const key of [spec.primaryKey ?? [], ...spec.uniqueKeys]) {
      for (const name of key) {
        if (!names.has(name)) context.addIssue({ code: 'custom', message: `key names unknown field ${name}` });
      }
    }
    const ruleIds = new Set<string>();
    spec.rules.forEach((rule, index) => {
      if (ruleIds.has(rule.id)) context.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `rule ${rule.id} appears twice` });
      ruleIds.add(rule.id);
      for (const name of ruleFields(rule)) {
        if (!names.has(name)) context.addIssue({ code: 'custom', path: ['rules', index], message: `rule ${rule.id} names unknown field ${name}` });
      }
      if (rule.kind === 'date-order') {
        for (const name of [rule.earlier, rule.later]) {
          if (spec.fields.find((field) => field.name === name)?.type !== 'date' && names.has(name)) context.addIssue({ code: 'custom', path: ['rules', index], message: `rule ${rule.id}: ${name} is not a date field` });
        }
      }
      if (rule.kind === 'sum-at-most') {
        for (const name of [...rule.fields, rule.limit]) {
          const type = spec.fields.find((field) => field.name === name)?.type;
          if (names.has(name) && type !== 'integer' && type !== 'number') context.addIssue({ code: 'custom', path: ['rules', index], message: `rule ${rule.id}: ${name} is not a numeric field` });
        }
      }
      if (rule.kind === 'allowed-combinations' && rule.combinations.some((combination) => combination.length !== rule.fields.length)) {
        context.addIssue({ code: 'custom', path: ['rules', index, 'combinations'], message: `rule ${rule.id}: each combination needs one value per field (${rule.fields.length})` });
      }
    });
  });
export type Specification = z.output<typeof specificationSchema>;
/** What a specification author writes: defaults may be left out. */
export type SpecificationInput = z.input<typeof specificationSchema>;

export const columnMappingSchema = z.object({
  specId: z.string(),
  columns: z.array(
    z.object({
      /** The detected header label (after flattening and de-duplication). */
      sourceLabel: z.string(),
      /** The specification field it feeds, or null to leave the column out. */
      field: z.string().nullable(),
    }),
  ),
});
/** Partner headers → specification fields; saved in the recipe so next quarter's file maps in one step. */
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** Parses and checks a specification, throwing an Error whose message lists every problem. */
export function parseSpecification(json: unknown): Specification {
  const result = specificationSchema.safeParse(json);
  if (!result.success) throw new Error(`Invalid specification:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/**
 * How labels and code spellings are compared: case, surrounding and repeated spaces, and punctuation other
 * than letters and digits do not matter ("NHS No." = "nhs_no" = "NHS  NO").
 */
export function normaliseLabel(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Code values compare ignoring case and spacing, but keep punctuation ("<5" and "5" are different codes). */
export function normaliseCode(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase();
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function ambiguousCodeSpellings(codes: readonly SpecCode[]): string[] {
  const owner = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const entry of codes) {
    const spellings = new Set([entry.code, entry.label, ...entry.synonyms].filter((text) => text.trim() !== '').map(normaliseCode));
    for (const spelling of spellings) {
      const previous = owner.get(spelling);
      if (previous !== undefined && previous !== entry.code) ambiguous.add(spelling);
      owner.set(spelling, entry.code);
    }
  }
  return [...ambiguous];
}

/** One problem with a specification: where it is (a JSON path such as `fields[2].pattern`) and what rule it breaks. */
export interface SpecificationProblem {
  readonly path: string;
  readonly message: string;
}

/** Checks a specification without throwing: the parsed specification, or every problem with its JSON path. */
export function checkSpecification(json: unknown): { ok: true; spec: Specification } | { ok: false; problems: SpecificationProblem[] } {
  const result = specificationSchema.safeParse(json);
  if (result.success) return { ok: true, spec: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })) };
}

function jsonPath(parts: readonly PropertyKey[]): string {
  let text = '';
  for (const part of parts) text += typeof part === 'number' ? `[${part}]` : `${text === '' ? '' : '.'}${String(part)}`;
  return text === '' ? '(the whole file)' : text;
}

/**
 * A recipe's or the command line's reference to a specification: a file (ends in `.json` or names a folder)
 * or the id of a bundled or workspace specification.
 */
export function isSpecificationPath(reference: string): boolean {
  return /\.json$/i.test(reference) || reference.includes('/') || reference.includes('\\');
}

/**
 * What changed between two versions of a specification, one plain line per change: fields added or removed,
 * each property of a field that differs, and the specification's own properties (header hints, keys, rules).
 */
export function specificationChanges(before: Specification, after: Specification): string[] {
  const changes: string[] = [];
  const describe = (value: unknown): string => (value === undefined ? '(none)' : JSON.stringify(value));
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'fields') continue;
    const left = (before as Record<string, unknown>)[key];
    const right = (after as Record<string, unknown>)[key];
    if (JSON.stringify(left) !== JSON.stringify(right)) changes.push(`${key}: ${describe(left)} → ${describe(right)}`);
  }
  const beforeFields = new Map(before.fields.map((field) => [field.name, field]));
  const afterFields = new Map(after.fields.map((field) => [field.name, field]));
  for (const [name, field] of beforeFields) {
    const next = afterFields.get(name);
    if (next === undefined) {
      changes.push(`field ${name} removed`);
      continue;
    }
    for (const property of new Set([...Object.keys(field), ...Object.keys(next)])) {
      const left = (field as Record<string, unknown>)[property];
      const right = (next as Record<string, unknown>)[property];
      if (JSON.stringify(left) !== JSON.stringify(right)) changes.push(`field ${name}.${property}: ${describe(left)} → ${describe(right)}`);
    }
  }
  for (const name of afterFields.keys()) if (!beforeFields.has(name)) changes.push(`field ${name} added`);
  return changes;
}
