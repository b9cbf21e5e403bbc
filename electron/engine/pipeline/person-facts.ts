/**
 * Per-person facts: one row per person of the person index, with one BOOLEAN column per distinct leaf
 * condition of the recipe's people indicators (does the person have a linked record in the leaf's source that
 * passes its test?):
 *   person_facts(person_id, ward_code, date_of_birth, age_min, age_max, f0, f1, …)
 *   person_fact_leaves(column_name, leaf)   -- which leaf (as JSON) each f column holds
 * Built once per run, one grouped join per source instead of a correlated EXISTS per person and leaf, so that
 * counting every indicator, and recomputing the village on a warm workspace, is one scan of this table.
 * A leaf the table does not hold (a recipe whose indicators changed since the run) rebuilds it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Condition, Recipe } from '../../../shared/recipe';
import { quoteIdentifier } from '../sql';
import type { SourceCatalog } from './catalog';
import { type LeafCondition, leafTest, ParameterSet, PERSON_LINKS_TABLE } from './conditions';
import { PERSONS_TABLE } from './persons';

export const PERSON_FACTS_TABLE = 'person_facts';
export const PERSON_FACT_LEAVES_TABLE = 'person_fact_leaves';

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

/** The distinct leaves of the recipe's people indicators (numerators, then persons denominators), first use first. */
export function factLeaves(recipe: Recipe): FactLeaf[] {
  const leaves = new Map<string, FactLeaf>();
  for (const indicator of recipe.indicators) {
    if (indicator.kind === 'share') continue;
    const context = `indicator "${indicator.id}"`;
    const conditions = [indicator.numerator, ...(typeof indicator.denominator === 'object' ? [indicator.denominator.persons] : [])];
    for (const leaf of conditions.flatMap(leavesOf)) {
      const key = leafKey(leaf);
      if (!leaves.has(key)) leaves.set(key, { condition: leaf, key, context });
    }
  }
  return [...leaves.values()];
}

/** Replaces person_facts (and its leaf list) for these leaves, from persons and person_links. */
export async function buildPersonFacts(connection: DuckDBConnection, leaves: readonly FactLeaf[], catalog: SourceCatalog): Promise<Map<string, string>> {
  const parameters = new ParameterSet('f');
  const columnOfLeaf = new Map<string, string>();
  const bySource = new Map<string, { column: string; test: string }[]>();
  leaves.forEach((leaf, index) => {
    const column = `f${index}`;
    columnOfLeaf.set(leaf.key, column);
    const tests = bySource.get(leaf.condition.source) ?? [];
    catalog.tableSql(leaf.condition.source);
    tests.push({ column, test: leafTest(leaf.condition, catalog, 't', parameters, leaf.context) });
    bySource.set(leaf.condition.source, tests);
  });
  const links = quoteIdentifier(PERSON_LINKS_TABLE);
  const perSource = [...bySource.entries()].map(([source, tests], index) => {
    const name = quoteIdentifier(`s${index}`);
    const flags = tests.map(({ column, test }) => `count(*) FILTER (WHERE ${test}) > 0 AS ${quoteIdentifier(column)}`);
    return {
      name,
      columns: tests.map(({ column }) => column),
      sql: `${name} AS (SELECT l.person_id, ${flags.join(', ')} FROM ${links} l JOIN ${catalog.tableSql(source)} t ON t.source_row = l.source_row
             WHERE l.source = ${parameters.add(source)} GROUP BY l.person_id)`,
    };
  });
  const factColumns = perSource.flatMap(({ name, columns }) => columns.map((column) => `coalesce(${name}.${quoteIdentifier(column)}, false) AS ${quoteIdentifier(column)}`));
  const joins = perSource.map(({ name }) => `LEFT JOIN ${name} ON ${name}.person_id = p.person_id`);
  await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(PERSON_FACTS_TABLE)} AS
       ${perSource.length === 0 ? '' : `WITH ${perSource.map(({ sql }) => sql).join(',\n')}`}
       SELECT p.person_id, p.ward_code, p.date_of_birth, p.age_min, p.age_max${factColumns.map((column) => `, ${column}`).join('')}
       FROM ${quoteIdentifier(PERSONS_TABLE)} p ${joins.join(' ')}`,
      parameters.values,
    );
    await connection.run(`CREATE OR REPLACE TABLE ${quoteIdentifier(PERSON_FACT_LEAVES_TABLE)} (column_name VARCHAR NOT NULL, leaf VARCHAR NOT NULL)`);
    for (const leaf of leaves) {
      await connection.run(`INSERT INTO ${quoteIdentifier(PERSON_FACT_LEAVES_TABLE)} VALUES ($column, $leaf)`, { column: columnOfLeaf.get(leaf.key) as string, leaf: leaf.key });
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
  return columnOfLeaf;
}

/** The f column of each leaf person_facts holds now; empty when the run left no such table. */
async function storedFactColumns(connection: DuckDBConnection): Promise<Map<string, string>> {
  const exists = await connection.runAndReadAll(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name IN ($facts, $leaves)",
    { facts: PERSON_FACTS_TABLE, leaves: PERSON_FACT_LEAVES_TABLE },
  );
  if (Number(exists.getRowObjectsJson()[0]?.n ?? 0) < 2) return new Map();
  const reader = await connection.runAndReadAll(`SELECT column_name, leaf FROM ${quoteIdentifier(PERSON_FACT_LEAVES_TABLE)}`);
  return new Map(reader.getRowObjectsJson().map((row) => [String(row.leaf), String(row.column_name)]));
}

/**
 * The fact column of every leaf the recipe's people indicators use: those person_facts already holds, or,
 * when any is missing, from a rebuilt table.
 */
export async function ensurePersonFacts(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog): Promise<Map<string, string>> {
  const leaves = factLeaves(recipe);
  const stored = await storedFactColumns(connection);
  if (leaves.every((leaf) => stored.has(leaf.key))) return stored;
  return buildPersonFacts(connection, leaves, catalog);
}
