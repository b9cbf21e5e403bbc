/**
 * What changed between two versions of a specification, property by property, so a data-sharing lead
 * can see (and tell the partner) what a new version asks of the extract before saving it.
 */
import { z } from 'zod';
import type { SpecField, Specification } from './spec';

export const specChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field-added'), field: z.string() }),
  z.object({ kind: z.literal('field-removed'), field: z.string() }),
  /** `field` is null for a property of the specification itself (title, version, keys…). */
  z.object({ kind: z.literal('property-changed'), field: z.string().nullable(), property: z.string(), before: z.string(), after: z.string() }),
]);
export type SpecChange = z.infer<typeof specChangeSchema>;

const SPEC_PROPERTIES = ['title', 'version', 'description', 'agency', 'allowExtraFields', 'primaryKey', 'uniqueKeys', 'header'] as const;
const FIELD_PROPERTIES = [
  'title', 'description', 'type', 'required', 'unique', 'synonyms', 'codes', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minDate', 'maxDate',
  'notInFuture', 'twoDigitYearPivot', 'trueValues', 'falseValues', 'suppressible', 'identifier', 'personalData', 'foreignKey',
] as const satisfies readonly (keyof SpecField)[];

/** A property's value as a person reads it: "(none)" for absent, lists joined, code lists by their codes. */
export function describeValue(property: string, value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (property === 'codes' && Array.isArray(value)) return value.map((entry: { code: string }) => entry.code).join(', ') || '(none)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map((item) => (Array.isArray(item) ? `(${item.join(' + ')})` : String(item))).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
    return entries.length === 0 ? '(none)' : entries.map(([key, inner]) => `${key} ${String(inner)}`).join(', ');
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function same(left: unknown, right: unknown): boolean {
  return JSON.stringify(left ?? null) === JSON.stringify(right ?? null);
}

/** Every difference from `before` to `after`: fields matched by name, then each property compared. */
export function diffSpecifications(before: Specification, after: Specification): SpecChange[] {
  const changes: SpecChange[] = [];
  for (const property of SPEC_PROPERTIES) {
    if (!same(before[property], after[property])) {
      changes.push({ kind: 'property-changed', field: null, property, before: describeValue(property, before[property]), after: describeValue(property, after[property]) });
    }
  }
  const afterNames = new Set(after.fields.map((field) => field.name));
  const beforeByName = new Map(before.fields.map((field) => [field.name, field]));
  for (const field of before.fields) if (!afterNames.has(field.name)) changes.push({ kind: 'field-removed', field: field.name });
  for (const field of after.fields) {
    const previous = beforeByName.get(field.name);
    if (previous === undefined) {
      changes.push({ kind: 'field-added', field: field.name });
      continue;
    }
    for (const property of FIELD_PROPERTIES) {
      if (!same(previous[property], field[property])) {
        changes.push({ kind: 'property-changed', field: field.name, property, before: describeValue(property, previous[property]), after: describeValue(property, field[property]) });
      }
    }
  }
  return changes;
}

/** One line per change, e.g. "sex: type changed from string to code". */
export function describeChange(change: SpecChange): string {
  switch (change.kind) {
    case 'field-added':
      return `Field ${change.field} added`;
    case 'field-removed':
      return `Field ${change.field} removed`;
    case 'property-changed':
      return `${change.field === null ? 'Specification' : change.field}: ${change.property} changed from ${change.before} to ${change.after}`;
  }
}
