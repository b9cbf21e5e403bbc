/**
 * Compiles the recipe's closed condition language (shared/recipe.ts) to a SQL boolean expression about one
 * person. Every value is a bound parameter; every field name is checked against the imported table and then
 * quoted (SourceCatalog.column); the only operators are the ones written here.
 *
 * A leaf becomes an EXISTS over the person's links into the source's table:
 *   EXISTS (SELECT 1 FROM person_links l JOIN "<table>" t ON t.source_row = l.source_row
 *           WHERE l.source = $c0 AND l.person_id = <person> AND <test on t."<field>">)
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { Condition, ConditionValue } from '../../../shared/recipe';
import { quoteIdentifier } from '../sql';
import { RecipeFieldError, type SourceCatalog } from './catalog';

export const PERSON_LINKS_TABLE = 'person_links';

export interface CompiledCondition {
  readonly sql: string;
  readonly params: Record<string, DuckDBValue>;
}

/** Hands out parameter names, so several compiled conditions can share one statement. */
export class ParameterSet {
  readonly values: Record<string, DuckDBValue> = {};
  private next = 0;

  constructor(private readonly prefix = 'c') {}

  add(value: DuckDBValue): string {
    const name = `${this.prefix}${this.next}`;
    this.next += 1;
    this.values[name] = value;
    return `$${name}`;
  }
}

const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;

function valueFor(value: ConditionValue, columnType: string, parameters: ParameterSet, context: string): string {
  if (columnType === 'BOOLEAN') {
    if (typeof value !== 'boolean') throw new RecipeFieldError(`${context}: the field is true/false, so compare it with true or false`);
    return parameters.add(value);
  }
  if (NUMERIC_TYPES.test(columnType)) {
    if (typeof value !== 'number') throw new RecipeFieldError(`${context}: the field is a number, so compare it with a number`);
    return `CAST(${parameters.add(value)} AS DOUBLE)`;
  }
  if (columnType === 'DATE') {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw new RecipeFieldError(`${context}: the field is a date, so compare it with a date written yyyy-mm-dd`);
    }
    return `CAST(${parameters.add(value)} AS DATE)`;
  }
  if (columnType === 'VARCHAR') {
    if (typeof value !== 'string') throw new RecipeFieldError(`${context}: the field is text, so compare it with text (in quotes)`);
    return parameters.add(value);
  }
  throw new RecipeFieldError(`${context}: fields of type ${columnType} cannot be compared`);
}

function codesOf(column: string, columnType: string, context: string): string {
  if (columnType === 'VARCHAR') return `string_split_regex(upper(${column}), '[^A-Z0-9]+')`;
  if (columnType === 'VARCHAR[]') return `list_transform(${column}, code -> upper(trim(code)))`;
  throw new RecipeFieldError(`${context}: containsAny needs a text field holding a list of codes, not ${columnType}`);
}

/**
 * The SQL for `condition` about the person whose id is `personExpression` (an expression the caller
 * controls, e.g. `p.person_id`).
 */
export function compileCondition(
  condition: Condition,
  catalog: SourceCatalog,
  personExpression: string,
  parameters: ParameterSet,
  context: string,
): string {
  if ('anyOf' in condition) {
    return `(${condition.anyOf.map((part) => compileCondition(part, catalog, personExpression, parameters, context)).join(' OR ')})`;
  }
  if ('allOf' in condition) {
    return `(${condition.allOf.map((part) => compileCondition(part, catalog, personExpression, parameters, context)).join(' AND ')})`;
  }
  if ('not' in condition) return `(NOT ${compileCondition(condition.not, catalog, personExpression, parameters, context)})`;

  const table = catalog.tableSql(condition.source);
  const links = quoteIdentifier(PERSON_LINKS_TABLE);
  if ('sumOf' in condition) {
    const aggregate = leafAggregate(condition, catalog, 't', parameters, context);
    const source = parameters.add(condition.source);
    return `coalesce((SELECT ${aggregate} FROM ${links} l JOIN ${table} t ON t.source_row = l.source_row WHERE l.source = ${source} AND l.person_id = ${personExpression}), false)`;
  }
  const test = leafTest(condition, catalog, 't', parameters, context);
  const source = parameters.add(condition.source);
  return `EXISTS (SELECT 1 FROM ${links} l JOIN ${table} t ON t.source_row = l.source_row WHERE l.source = ${source} AND l.person_id = ${personExpression} AND ${test})`;
}

export type LeafCondition = Exclude<Condition, { anyOf: unknown } | { allOf: unknown } | { not: unknown }>;
/** A leaf that tests each record on its own (every leaf but the sum-over-records one). */
export type RowLeafCondition = Exclude<LeafCondition, { sumOf: unknown }>;

/**
 * A leaf as an aggregate over the person's records in its source (aliased `tableAlias`): true when some record
 * passes a row test, or, for `sumOf`, when the sums over all records reach the share.
 */
export function leafAggregate(condition: LeafCondition, catalog: SourceCatalog, tableAlias: string, parameters: ParameterSet, context: string): string {
  if (!('sumOf' in condition)) return `count(*) FILTER (WHERE ${leafTest(condition, catalog, tableAlias, parameters, context)}) > 0`;
  const numeric = (field: string): string => {
    const type = catalog.columnType(condition.source, field, context);
    if (!NUMERIC_TYPES.test(type)) throw new RecipeFieldError(`${context}: sumOf and per need number fields, and ${field} is ${type}`);
    return `${tableAlias}.${catalog.column(condition.source, field, context)}`;
  };
  const total = condition.sumOf.map((field) => `coalesce(sum(${numeric(field)}), 0)`).join(' + ');
  const per = `sum(${numeric(condition.per)})`;
  return `coalesce(${per} > 0 AND CAST(${total} AS DOUBLE) >= CAST(${parameters.add(condition.atLeast)} AS DOUBLE) * ${per}, false)`;
}

/**
 * The test a leaf applies to one row of its source's table (aliased `tableAlias`, a name the caller
 * controls): its field checked against the catalog and quoted, its value bound.
 */
export function leafTest(condition: RowLeafCondition, catalog: SourceCatalog, tableAlias: string, parameters: ParameterSet, context: string): string {
  if ('exists' in condition) return 'TRUE';
  const column = `${tableAlias}.${catalog.column(condition.source, condition.field, context)}`;
  const type = catalog.columnType(condition.source, condition.field, context);
  if ('equals' in condition) return `${column} = ${valueFor(condition.equals, type, parameters, context)}`;
  if ('in' in condition) return `${column} IN (${condition.in.map((value) => valueFor(value, type, parameters, context)).join(', ')})`;
  if ('containsAny' in condition) {
    const codes = codesOf(column, type, context);
    return `(${condition.containsAny.map((code) => `list_contains(${codes}, ${parameters.add(code.toUpperCase())})`).join(' OR ')})`;
  }
  return `${column} IS NOT NULL`;
}

/** Compiles one condition into a standalone expression with its own parameters. */
export function compileStandalone(condition: Condition, catalog: SourceCatalog, personExpression: string, context: string): CompiledCondition {
  const parameters = new ParameterSet();
  const sql = compileCondition(condition, catalog, personExpression, parameters, context);
  return { sql, params: parameters.values };
}
