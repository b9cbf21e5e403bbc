/**
 * Edits to a specification being written in the window, as pure functions over the parsed form
 * (every default filled in), so each form control changes one property and the rest stays consistent:
 * a renamed field keeps its place in the keys, a field that stops being a code list loses its codes.
 */
import { specificationSchema, type FieldType, type SpecCode, type SpecField, type Specification } from '../../../shared/spec';

export function replaceField(draft: Specification, index: number, field: SpecField): Specification {
  const previous = draft.fields[index];
  if (previous === undefined) return draft;
  const fields = draft.fields.map((candidate, position) => (position === index ? field : candidate));
  if (previous.name === field.name) return { ...draft, fields };
  const rename = (name: string): string => (name === previous.name ? field.name : name);
  return {
    ...draft,
    fields,
    ...(draft.primaryKey === undefined ? {} : { primaryKey: draft.primaryKey.map(rename) }),
    uniqueKeys: draft.uniqueKeys.map((key) => key.map(rename)),
  };
}

/** Properties that belong to one type only are dropped when the type changes, so the draft stays checkable. */
export function withType(field: SpecField, type: FieldType): SpecField {
  const { codes, pattern, minLength, maxLength, minimum, maximum, minDate, maxDate, twoDigitYearPivot, ...rest } = field;
  return {
    ...rest,
    type,
    notInFuture: type === 'date' ? field.notInFuture : false,
    suppressible: type === 'integer' || type === 'number' ? field.suppressible : false,
    trueValues: type === 'boolean' ? field.trueValues : [],
    falseValues: type === 'boolean' ? field.falseValues : [],
    ...(type === 'code' ? { codes: codes ?? [] } : {}),
    ...(type === 'string' ? { ...(pattern === undefined ? {} : { pattern }), ...(minLength === undefined ? {} : { minLength }), ...(maxLength === undefined ? {} : { maxLength }) } : {}),
    ...(type === 'integer' || type === 'number' ? { ...(minimum === undefined ? {} : { minimum }), ...(maximum === undefined ? {} : { maximum }) } : {}),
    ...(type === 'date'
      ? { ...(minDate === undefined ? {} : { minDate }), ...(maxDate === undefined ? {} : { maxDate }), ...(twoDigitYearPivot === undefined ? {} : { twoDigitYearPivot }) }
      : {}),
  };
}

/** Sets or (with undefined) removes an optional property. */
export function withOptional<K extends keyof SpecField>(field: SpecField, key: K, value: SpecField[K] | undefined): SpecField {
  const next = { ...field };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

export function newField(draft: Specification): SpecField {
  const taken = new Set(draft.fields.map((field) => field.name));
  let name = 'new_field';
  for (let suffix = 2; taken.has(name); suffix += 1) name = `new_field_${suffix}`;
  return {
    name,
    title: 'New field',
    description: '',
    type: 'string',
    required: false,
    synonyms: [],
    notInFuture: false,
    trueValues: [],
    falseValues: [],
    unique: false,
    suppressible: false,
    personalData: 'none',
  };
}

export function removeField(draft: Specification, index: number): Specification {
  const removed = draft.fields[index];
  if (removed === undefined) return draft;
  const fields = draft.fields.filter((_, position) => position !== index);
  const primaryKey = draft.primaryKey?.filter((name) => name !== removed.name);
  return {
    ...draft,
    fields,
    ...(primaryKey === undefined ? {} : { primaryKey }),
    uniqueKeys: draft.uniqueKeys.map((key) => key.filter((name) => name !== removed.name)).filter((key) => key.length > 0),
  };
}

export function moveField(draft: Specification, index: number, offset: -1 | 1): Specification {
  const target = index + offset;
  if (target < 0 || target >= draft.fields.length) return draft;
  const fields = [...draft.fields];
  [fields[index], fields[target]] = [fields[target] as SpecField, fields[index] as SpecField];
  return { ...draft, fields };
}

/** One entry per non-empty line, trimmed: how lists (synonyms, yes/no spellings) are typed. */
export function linesToList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Comma-separated names, trimmed: how keys and code synonyms are typed. */
export function commasToList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** A number typed into a box: empty for none, NaN kept so the check can say it is not a number. */
export function numberOrUndefined(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

export function emptyCode(): SpecCode {
  return { code: '', label: '', synonyms: [] };
}

export interface DraftProblem {
  /** The field the problem belongs to (its position), or null for the specification itself. */
  readonly fieldIndex: number | null;
  /** The property at fault when known, e.g. `name`. */
  readonly property: string | null;
  readonly message: string;
}

/** What stops the draft being a specification, from the shared schema, placed on the field and property at fault. */
export function draftProblems(draft: Specification): DraftProblem[] {
  const result = specificationSchema.safeParse(draft);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const [first, second, third] = issue.path;
    if (first === 'fields' && typeof second === 'number') {
      const field = draft.fields[second];
      const property = typeof third === 'string' ? third : null;
      const prefix = `${field?.name ?? `field ${second + 1}`}: `;
      const message = issue.message.startsWith(prefix) ? issue.message : `${prefix}${property === null ? '' : `${property} `}${issue.message}`;
      return { fieldIndex: second, property, message };
    }
    return { fieldIndex: null, property: typeof first === 'string' ? first : null, message: `${issue.path.length === 0 ? '' : `${issue.path.join('.')}: `}${issue.message}` };
  });
}
