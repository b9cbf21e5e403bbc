/**
 * The rules a specification declares beyond a single cell (shared/rules.ts), checked in the same pass as the
 * cells: each row's typed values are tested against every rule, and a broken rule is reported at the cell
 * it is about, naming the other columns involved. `at-most-one` keeps a short key per matching row, as the
 * uniqueness checks do; `exists-in` compares with another table and is checked by the recipe run.
 */
import { columnLetter, type FindingRule } from '../../../shared/findings';
import type { RowCondition, SpecRule } from '../../../shared/rules';
import { ruleFields } from '../../../shared/rules';
import { normaliseCode, type Specification } from '../../../shared/spec';
import { isSuppressed, type CoercedValue } from '../tabular';

export type RuleReporter = (rule: FindingRule, rowNumber: number | null, columnIndex: number | null, message: string) => void;

export const RULE_FINDING: Readonly<Record<SpecRule['severity'], FindingRule>> = { error: 'rule-error', warning: 'rule-warning', info: 'rule-info' };

export interface RowRules {
  check(rowNumber: number, values: readonly CoercedValue[]): void;
}

type Lookup = (field: string) => CoercedValue;

function present(value: CoercedValue): boolean {
  return value !== null && !isSuppressed(value);
}

function sameValue(value: CoercedValue, expected: string | number | boolean): boolean {
  if (!present(value)) return false;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof expected === 'number' || typeof expected === 'boolean') {
    return typeof value === typeof expected ? value === expected : normaliseCode(String(value)) === normaliseCode(String(expected));
  }
  return normaliseCode(String(value)) === normaliseCode(expected);
}

export function rowConditionHolds(condition: RowCondition, valueOf: Lookup): boolean {
  if ('anyOf' in condition) return condition.anyOf.some((inner) => rowConditionHolds(inner, valueOf));
  if ('allOf' in condition) return condition.allOf.every((inner) => rowConditionHolds(inner, valueOf));
  if ('not' in condition) return !rowConditionHolds(condition.not, valueOf);
  const value = valueOf(condition.field);
  if ('equals' in condition) return sameValue(value, condition.equals);
  if ('in' in condition) return condition.in.some((expected) => sameValue(value, expected));
  return present(value);
}

function keyText(value: CoercedValue): string {
  return `${typeof value}:${String(value)}`;
}

export function createRowRules(spec: Specification, columnOfField: ReadonlyMap<string, number>, report: RuleReporter): RowRules {
  const fieldIndex = new Map(spec.fields.map((field, index) => [field.name, index]));
  const checkable: SpecRule[] = [];
  for (const rule of spec.rules) {
    // Compared with another table by the recipe run (pipeline/cross-table-rules.ts).
    if (rule.kind === 'exists-in') continue;
    const missing = ruleFields(rule).filter((name) => !columnOfField.has(name));
    if (missing.length > 0) {
      report('rule-info', null, null, `Rule ${rule.id} was not checked: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the file`);
      continue;
    }
    checkable.push(rule);
  }
  const firstOpenRow = new Map<string, Map<string, number>>();
  const column = (name: string): number => columnOfField.get(name) as number;
  const letters = (names: readonly string[]): string => {
    const unique = [...new Set(names.map((name) => columnLetter(column(name) + 1)))];
    return unique.length === 1 ? `column ${unique[0]}` : `columns ${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
  };

  return {
    check(rowNumber, values) {
      const valueOf: Lookup = (name) => values[fieldIndex.get(name) ?? -1] ?? null;
      for (const rule of checkable) {
        if (rule.when !== undefined && !rowConditionHolds(rule.when, valueOf)) continue;
        const broken = (at: string, involved: readonly string[]): void =>
          report(RULE_FINDING[rule.severity], rowNumber, column(at), `${rule.message} (rule ${rule.id}; ${letters(involved)})`);
        switch (rule.kind) {
          case 'required-when':
            if (!present(valueOf(rule.field))) broken(rule.field, ruleFields(rule));
            break;
          case 'date-order': {
            const earlier = valueOf(rule.earlier);
            const later = valueOf(rule.later);
            if (typeof earlier === 'string' && typeof later === 'string' && (rule.allowEqual ? earlier > later : earlier >= later)) broken(rule.later, [rule.earlier, rule.later]);
            break;
          }
          case 'sum-at-most': {
            const limit = valueOf(rule.limit);
            if (typeof limit !== 'number') break;
            const total = rule.fields.reduce((sum, name) => {
              const value = valueOf(name);
              return sum + (typeof value === 'number' ? value : 0);
            }, 0);
            if (total > limit) broken(rule.limit, [...rule.fields, rule.limit]);
            break;
          }
          case 'allowed-combinations': {
            const parts = rule.fields.map(valueOf);
            if (!parts.every(present)) break;
            if (!rule.combinations.some((combination) => combination.every((expected, index) => sameValue(parts[index] ?? null, expected)))) broken(rule.fields[0] as string, rule.fields);
            break;
          }
          case 'at-most-one': {
            const parts = rule.key.map(valueOf);
            if (!parts.every(present)) break;
            const key = parts.map(keyText).join('\u0000');
            let seen = firstOpenRow.get(rule.id);
            if (seen === undefined) {
              seen = new Map();
              firstOpenRow.set(rule.id, seen);
            }
            const first = seen.get(key);
            if (first === undefined) seen.set(key, rowNumber);
            else report(RULE_FINDING[rule.severity], rowNumber, column(rule.key[0] as string), `${rule.message} (rule ${rule.id}; ${letters(rule.key)}; first in row ${first})`);
            break;
          }
          case 'exists-in':
            break;
        }
      }
    },
  };
}
