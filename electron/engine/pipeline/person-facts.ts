/**
 * Per-person facts: one row per person of the person index, with one BOOLEAN column per distinct leaf
 * condition of the recipe's people indicators (does the person have a linked record in the leaf's source that
 * passes its test?) and one per distinct age window (is the person in the indicator's age range on its day?):
 *   person_facts(person_id, ward_code, f0, f1, …, w0, w1, …)
 *   person_fact_leaves(column_name, leaf)   -- which leaf or window (as JSON) each column holds
 *   person_fact_counts(ward_code, f0, …, w0, …, people)   -- people per ward and combination of facts
 * Built once per run, one grouped join per source instead of a correlated EXISTS per person and leaf. People
 * with the same ward and facts count alike in every indicator, so counting every indicator, and recomputing
 * the village on a warm workspace, is one scan of person_fact_counts (a few thousand rows at city scale).
 * A leaf the table does not hold (a recipe whose indicators changed since the run) rebuilds it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Condition, PeopleIndicator, Recipe } from '../../../shared/recipe';
import { quoteIdentifier } from '../sql';
import type { SourceCatalog } from './catalog';
import { type LeafCondition, leafAggregate, ParameterSet, PERSON_LINKS_TABLE } from './conditions';
import { ageSql, PERSONS_TABLE } from './persons';

export const PERSON_FACTS_TABLE = 'person_facts';
export const PERSON_FACT_LEAVES_TABLE = 'person_fact_leaves';
export const PERSON_FACT_COUNTS_TABLE = 'person_fact_counts';

export interface FactLeaf {
  readonly condition: LeafCondition;
  /** The leaf as JSON: equal leaves of different indicators share one column. */
  readonly key: string;
  /** Where the leaf is first used, for error messages (e.g. `indicator "poverty"`). */
  readonly context: string;
}

/** The leaves of a condition, in the order the condition compiler visits them. */
export function leavesOf(condition: Condition): LeafCondition[] {
  if ('anyOf' in condition) return condition.anyOf.flatMap(leavesOf);
  if ('allOf' in condition) return condition.allOf.flatMap(leavesOf);
  if ('not' in condition) return leavesOf(condition.not);
  return [condition];
}

/** A leaf's identity: its fields in a fixed order, so key order in the recipe file does not matter. */
export function leafKey(leaf: LeafCondition): string {
  return JSON.stringify(Object.keys(leaf).sort().map((name) => [name, (leaf as Record<string, unknown>)[name]]));
}

/** An indicator's age range on its day: people with a date of birth by their age, others by their sources' ranges. */
export interface AgeWindow {
  readonly onDay: string;
  readonly min: number;
  readonly max: number;
  readonly key: string;
}

export function ageWindowOf(indicator: PeopleIndicator, recipe: Recipe): AgeWindow {
  const onDay = indicator.ageAt ?? recipe.referenceDate;
  const [min, max] = indicator.ageRange;
  return { onDay, min, max, key: JSON.stringify({ ageWindow: [onDay, min, max] }) };
}

export interface FactPlan {
  readonly leaves: readonly FactLeaf[];
  readonly windows: readonly AgeWindow[];
}

/**
 * The distinct leaves of the recipe's people indicators (numerators, then persons denominators), first use
 * first, and their distinct age windows.
 */
export function factPlan(recipe: Recipe): FactPlan {
  const leaves = new Map<string, FactLeaf>();
  const windows = new Map<string, AgeWindow>();
  for (const indicator of recipe.indicators) {
    if (indicator.kind === 'share') continue;
    const window = ageWindowOf(indicator, recipe);
    if (!windows.has(window.key)) windows.set(window.key, window);
    const context = `indicator "${indicator.id}"`;
    const conditions = [indicator.numerator, ...(typeof indicator.denominator === 'object' ? [indicator.denominator.persons] : [])];
    for (const leaf of conditions.flatMap(leavesOf)) {
      const key = leafKey(leaf);
      if (!leaves.has(key)) leaves.set(key, { condition: leaf, key, context });
    }
  }
  return { leaves: [...leaves.values()], windows: [...windows.values()] };
}

/** Replaces person_facts (and its column list) for this plan, from persons and person_links. */
export async function buildPersonFacts(connection: DuckDBConnection, plan: FactPlan, catalog: SourceCatalog): Promise<Map<string, string>> {
  const { leaves, windows } = plan;
  const parameters = new ParameterSet('f');
  const columnOfLeaf = new Map<string, string>();
  const bySource = new Map<string, { column: string; test: string }[]>();
  leaves.forEach((leaf, index) => {
    const column = `f${index}`;
    columnOfLeaf.set(leaf.key, column);
    const tests = bySource.get(leaf.condition.source) ?? [];
    catalog.tableSql(leaf.condition.source);
    tests.push({ column, test: leafAggregate(leaf.condition, catalog, 't', parameters, leaf.context) });
    bySource.set(leaf.condition.source, tests);
  });
  const links = quoteIdentifier(PERSON_LINKS_TABLE);
  const perSource = [...bySource.entries()].map(([source, tests], index) => {
    const name = quoteIdentifier(`s${index}`);
    const flags = tests.map(({ column, test }) => `${test} AS ${quoteIdentifier(column)}`);
    return {
      name,
      columns: tests.map(({ column }) => column),
      sql: `${name} AS (SELECT l.person_id, ${flags.join(', ')} FROM ${links} l JOIN ${catalog.tableSql(source)} t ON t.source_row = l.source_row
             WHERE l.source = ${parameters.add(source)} GROUP BY l.person_id)`,
    };
  });
  const factColumns = perSource.flatMap(({ name, columns }) => columns.map((column) => `coalesce(${name}.${quoteIdentifier(column)}, false) AS ${quoteIdentifier(column)}`));
  const joins = perSource.map(({ name }) => `LEFT JOIN ${name} ON ${name}.person_id = p.person_id`);
  const windowColumns = windows.map((window, index) => {
    const column = `w${index}`;
    columnOfLeaf.set(window.key, column);
    const age = ageSql('p.date_of_birth', `CAST(${parameters.add(window.onDay)} AS DATE)`);
    const minimum = `CAST(${parameters.add(window.min)} AS BIGINT)`;
    const maximum = `CAST(${parameters.add(window.max)} AS BIGINT)`;
    const inWindow = `(p.date_of_birth IS NOT NULL AND ${age} BETWEEN ${minimum} AND ${maximum}) OR (p.date_of_birth IS NULL AND p.age_min >= ${minimum} AND p.age_max <= ${maximum})`;
    return `coalesce(${inWindow}, false) AS ${quoteIdentifier(column)}`;
  });
  await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(PERSON_FACTS_TABLE)} AS
       ${perSource.length === 0 ? '' : `WITH ${perSource.map(({ sql }) => sql).join(',\n')}`}
       SELECT p.person_id, p.ward_code${[...factColumns, ...windowColumns].map((column) => `, ${column}`).join('')}
       FROM ${quoteIdentifier(PERSONS_TABLE)} p ${joins.join(' ')}`,
      parameters.values,
    );
    await connection.run(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(PERSON_FACT_COUNTS_TABLE)} AS
       SELECT * EXCLUDE (person_id), CAST(count(*) AS BIGINT) AS people FROM ${quoteIdentifier(PERSON_FACTS_TABLE)} GROUP BY ALL`,
    );
    await connection.run(`CREATE OR REPLACE TABLE ${quoteIdentifier(PERSON_FACT_LEAVES_TABLE)} (column_name VARCHAR NOT NULL, leaf VARCHAR NOT NULL)`);
    for (const [leaf, column] of columnOfLeaf) {
      await connection.run(`INSERT INTO ${quoteIdentifier(PERSON_FACT_LEAVES_TABLE)} VALUES ($column, $leaf)`, { column, leaf });
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
  return columnOfLeaf;
}

/** The column of each leaf and window person_facts holds now; empty when the run left no such table. */
async function storedFactColumns(connection: DuckDBConnection): Promise<Map<string, string>> {
  const exists = await connection.runAndReadAll(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name IN ($facts, $leaves, $counts)",
    { facts: PERSON_FACTS_TABLE, leaves: PERSON_FACT_LEAVES_TABLE, counts: PERSON_FACT_COUNTS_TABLE },
  );
  if (Number(exists.getRowObjectsJson()[0]?.n ?? 0) < 3) return new Map();
  const reader = await connection.runAndReadAll(`SELECT column_name, leaf FROM ${quoteIdentifier(PERSON_FACT_LEAVES_TABLE)}`);
  return new Map(reader.getRowObjectsJson().map((row) => [String(row.leaf), String(row.column_name)]));
}

/**
 * The fact column of every leaf and age window the recipe's people indicators use: those person_facts already
 * holds, or, when any is missing, from a rebuilt table.
 */
export async function ensurePersonFacts(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog): Promise<Map<string, string>> {
  const plan = factPlan(recipe);
  const stored = await storedFactColumns(connection);
  if ([...plan.leaves, ...plan.windows].every((fact) => stored.has(fact.key))) return stored;
  return buildPersonFacts(connection, plan, catalog);
}
