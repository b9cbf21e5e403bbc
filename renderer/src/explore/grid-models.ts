import type { SortModelItem } from 'ag-grid-community';
import type { ColumnFilter, FilterModel, SortSpec } from '../../../shared/grid';
import { fail, ok, type Result } from '../../../shared/result';
import type { ColumnKind } from './column-kinds';

/**
 * Translates AG Grid's sort and filter models into the engine's own shapes. The engine accepts one condition
 * per column and a fixed set of operators, so the grid's filters offer only those (see `FILTER_OPTIONS`), and
 * anything else is refused here with a message rather than silently dropped.
 */

export const FILTER_OPTIONS = {
  text: ['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank'],
  number: ['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual', 'inRange', 'blank', 'notBlank'],
  date: ['equals', 'notEqual', 'lessThan', 'greaterThan', 'inRange', 'blank', 'notBlank'],
} as const satisfies Record<ColumnKind, readonly ColumnFilter['operator'][]>;

type OperatorOf<K extends ColumnKind> = (typeof FILTER_OPTIONS)[K][number];

const NO_VALUE_OPERATORS = new Set<string>(['blank', 'notBlank']);

export function toSortSpecs(sortModel: readonly SortModelItem[]): SortSpec[] {
  return sortModel.map((item) => ({ column: item.colId, direction: item.sort === 'desc' ? 'desc' : 'asc' }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function operatorFor<K extends ColumnKind>(kind: K, type: unknown): OperatorOf<K> | null {
  const options: readonly string[] = FILTER_OPTIONS[kind];
  return typeof type === 'string' && options.includes(type) ? (type as OperatorOf<K>) : null;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** AG Grid's date filter gives `YYYY-MM-DD hh:mm:ss`; the engine wants the date part. */
function optionalIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const day = value.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}

function columnFilterFrom(kind: ColumnKind, model: Record<string, unknown>): ColumnFilter | null {
  switch (kind) {
    case 'text': {
      const operator = operatorFor('text', model.type);
      if (operator === null) return null;
      if (NO_VALUE_OPERATORS.has(operator)) return { kind: 'text', operator };
      return typeof model.filter === 'string' ? { kind: 'text', operator, value: model.filter } : null;
    }
    case 'number': {
      const operator = operatorFor('number', model.type);
      if (operator === null) return null;
      if (NO_VALUE_OPERATORS.has(operator)) return { kind: 'number', operator };
      const value = optionalNumber(model.filter);
      const valueTo = optionalNumber(model.filterTo);
      if (value === undefined || (operator === 'inRange' && valueTo === undefined)) return null;
      return operator === 'inRange' ? { kind: 'number', operator, value, valueTo } : { kind: 'number', operator, value };
    }
    case 'date': {
      const operator = operatorFor('date', model.type);
      if (operator === null) return null;
      if (NO_VALUE_OPERATORS.has(operator)) return { kind: 'date', operator };
      const value = optionalIsoDate(model.dateFrom);
      const valueTo = optionalIsoDate(model.dateTo);
      if (value === undefined || (operator === 'inRange' && valueTo === undefined)) return null;
      return operator === 'inRange' ? { kind: 'date', operator, value, valueTo } : { kind: 'date', operator, value };
    }
  }
}

/**
 * @param kindOf the kind of each column by its id, so a text filter cannot be sent for a number column.
 */
export function toFilterModel(filterModel: unknown, kindOf: (column: string) => ColumnKind | undefined): Result<FilterModel> {
  if (filterModel === null || filterModel === undefined) return ok({});
  if (!isRecord(filterModel)) return fail('invalid-request', 'The grid’s filters could not be read. Clear the filters and try again.');
  const entries: [string, ColumnFilter][] = [];
  for (const [column, model] of Object.entries(filterModel)) {
    const kind = kindOf(column);
    if (kind === undefined || !isRecord(model)) {
      return fail('invalid-request', `The filter on ${column} could not be read. Clear it and try again.`);
    }
    if (Array.isArray(model.conditions)) {
      return fail('invalid-request', `The filter on ${column} has more than one condition; the workbench supports one condition per column. Remove one and try again.`);
    }
    const columnFilter = columnFilterFrom(kind, model);
    if (columnFilter === null) {
      return fail('invalid-request', `The filter on ${column} is incomplete or not supported. Check its value, or clear it and try again.`);
    }
    entries.push([column, columnFilter]);
  }
  // fromEntries defines own properties, so a column called __proto__ cannot touch the prototype.
  return ok(Object.fromEntries(entries));
}

const OPERATOR_WORDS: Record<ColumnFilter['operator'], string> = {
  contains: 'contains',
  notContains: 'does not contain',
  equals: 'is',
  notEqual: 'is not',
  startsWith: 'starts with',
  endsWith: 'ends with',
  blank: 'is empty',
  notBlank: 'is not empty',
  lessThan: 'is less than',
  lessThanOrEqual: 'is at most',
  greaterThan: 'is more than',
  greaterThanOrEqual: 'is at least',
  inRange: 'is between',
};

/** The filter in plain words, e.g. "sex is F and age is between 5 and 11". */
export function describeFilter(filter: FilterModel): string {
  return Object.entries(filter)
    .map(([column, condition]) => {
      const words = `${column} ${OPERATOR_WORDS[condition.operator]}`;
      if (condition.value === undefined) return words;
      const valueTo = 'valueTo' in condition && condition.valueTo !== undefined ? ` and ${condition.valueTo}` : '';
      return `${words} ${condition.value}${valueTo}`;
    })
    .join(' and ');
}
