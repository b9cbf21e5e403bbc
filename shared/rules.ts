/**
 * Rules beyond a single cell, declared in a specification (or a recipe source) as data: the closed row
 * condition language below, and a handful of rule kinds that cover what data-sharing agreements and the DfE
 * return validators ask of a row or a table. Each rule has an id, a severity and a message; its findings name
 * the cells involved. Documented in docs/specifications.md.
 */
import { z } from 'zod';

const fieldName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a snake_case field name');
const scalar = z.union([z.string(), z.number().finite(), z.boolean()]);
export type RowConditionValue = z.infer<typeof scalar>;

/**
 * A test on one row, the row-level twin of the recipe's condition language: `equals` / `in` compare a field's
 * value (codes and text ignoring case and spacing), `isNotNull` asks for a value; `anyOf`, `allOf` and `not`
 * combine them.
 */
export type RowCondition =
  | { readonly anyOf: readonly RowCondition[] }
  | { readonly allOf: readonly RowCondition[] }
  | { readonly not: RowCondition }
  | { readonly field: string; readonly equals: RowConditionValue }
  | { readonly field: string; readonly in: readonly RowConditionValue[] }
  | { readonly field: string; readonly isNotNull: true };

export const rowConditionSchema: z.ZodType<RowCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ anyOf: z.array(rowConditionSchema).min(1) }),
    z.strictObject({ allOf: z.array(rowConditionSchema).min(1) }),
    z.strictObject({ not: rowConditionSchema }),
    z.strictObject({ field: fieldName, equals: scalar }),
    z.strictObject({ field: fieldName, in: z.array(scalar).min(1).max(500) }),
    z.strictObject({ field: fieldName, isNotNull: z.literal(true) }),
  ]),
);

/** Every field a condition reads. */
export function rowConditionFields(condition: RowCondition): string[] {
  if ('anyOf' in condition) return condition.anyOf.flatMap(rowConditionFields);
  if ('allOf' in condition) return condition.allOf.flatMap(rowConditionFields);
  if ('not' in condition) return rowConditionFields(condition.not);
  return [condition.field];
}

const common = {
  /** Stable id, shown in every finding, e.g. `ehc-start-when-plan`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case kebab-case'),
  severity: z.enum(['error', 'warning', 'info']).default('error'),
  /** What is wrong, for the person fixing the file; never repeat a value. */
  message: z.string().min(1),
  /** The rule applies only to rows that satisfy this condition. */
  when: rowConditionSchema.optional(),
};

export const specRuleSchema = z.discriminatedUnion('kind', [
  /** `field` must have a value (in rows that satisfy `when`, which this kind requires). */
  z.strictObject({ ...common, kind: z.literal('required-when'), field: fieldName, when: rowConditionSchema }),
  /** When both dates are present, `earlier` is on or before `later` (strictly before with `allowEqual: false`). */
  z.strictObject({ ...common, kind: z.literal('date-order'), earlier: fieldName, later: fieldName, allowEqual: z.boolean().default(true) }),
  /** The sum of `fields` (empty ones count 0) is at most `limit`, when `limit` has a value: absences within sessions possible. */
  z.strictObject({ ...common, kind: z.literal('sum-at-most'), fields: z.array(fieldName).min(1), limit: fieldName }),
  /** When every one of `fields` has a value, their combination is one of `combinations`. */
  z.strictObject({ ...common, kind: z.literal('allowed-combinations'), fields: z.array(fieldName).min(2), combinations: z.array(z.array(scalar).min(2)).min(1) }),
  /** At most one row per `key` satisfies `when`: at most one open episode per child. */
  z.strictObject({ ...common, kind: z.literal('at-most-one'), key: z.array(fieldName).min(1), when: rowConditionSchema }),
  /**
   * Cross-table: `field`'s value must exist in `table.field` of the extract imported with specification
   * `table.spec` in the same recipe run (identifiers are compared as their pseudonyms).
   */
  z.strictObject({ ...common, kind: z.literal('exists-in'), field: fieldName, table: z.strictObject({ spec: z.string().min(1), field: fieldName }) }),
]);
export type SpecRule = z.output<typeof specRuleSchema>;
export type SpecRuleInput = z.input<typeof specRuleSchema>;

/** The fields of its own table a rule reads. */
export function ruleFields(rule: SpecRule): string[] {
  const own: string[] = (() => {
    switch (rule.kind) {
      case 'required-when':
        return [rule.field];
      case 'date-order':
        return [rule.earlier, rule.later];
      case 'sum-at-most':
        return [...rule.fields, rule.limit];
      case 'allowed-combinations':
        return rule.fields;
      case 'at-most-one':
        return rule.key;
      case 'exists-in':
        return [rule.field];
    }
  })();
  return [...new Set([...own, ...(rule.when === undefined ? [] : rowConditionFields(rule.when))])];
}
