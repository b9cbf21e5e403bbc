/**
 * Makes a recipe run all-or-nothing for the workspace's tables. The pipeline replaces its tables one at a
 * time (each source's import is atomic on its own, then ward_localities, person_links and persons), so a
 * run cancelled or failing half-way would leave this quarter's school census beside last quarter's persons.
 *
 * Before the run, copies of every table it will replace go into the `recipe_stash` schema, with a manifest
 * in vw.recipe_stash (whether each table existed, and its imports in vw.imports), in one transaction. A run
 * that succeeds drops the stash in the transaction that stores the run; one that fails or is cancelled
 * restores the tables, and removes the provenance and findings of imports the run made into them, so the
 * workspace holds exactly what it held before. A stash left by a process that died mid-run is restored as
 * soon as the engine opens the workspace again (recovery.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { PERSON_LINKS_TABLE, PERSON_FACT_COUNTS_TABLE, PERSON_FACT_LEAVES_TABLE, PERSON_FACTS_TABLE, PERSONS_TABLE, WARD_LOCALITIES_TABLE, sourceTableName } from '../pipeline';
import type { Recipe } from '../../../shared/recipe';
import { qualifiedName } from '../sql';
import { USER_SCHEMA } from '../workspace';

const STASH_SCHEMA = 'recipe_stash';

/** Every table a run of `recipe` writes in the user's schema. */
export function tablesWrittenBy(recipe: Recipe): string[] {
  return [...new Set([...recipe.sources.map((source) => sourceTableName(source.id)), WARD_LOCALITIES_TABLE, PERSON_LINKS_TABLE, PERSONS_TABLE, PERSON_FACTS_TABLE, PERSON_FACT_LEAVES_TABLE, PERSON_FACT_COUNTS_TABLE])];
}

async function existingTables(connection: DuckDBConnection, schema: string): Promise<Set<string>> {
  const reader = await connection.runAndReadAll(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $schema AND table_catalog = current_database() AND table_type = 'BASE TABLE'",
    { schema },
  );
  return new Set(reader.getRowObjectsJson().map((row) => String(row.table_name)));
}

async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

export async function hasStash(connection: DuckDBConnection): Promise<boolean> {
  const reader = await connection.runAndReadAll('SELECT count(*) AS n FROM vw.recipe_stash');
  return Number(reader.getRowObjectsJson()[0]?.n ?? 0) > 0;
}

/** Copies the tables a run will replace; call only when no stash exists. */
export async function stashTables(connection: DuckDBConnection, tables: readonly string[]): Promise<void> {
  await inTransaction(connection, async () => {
    const existing = await existingTables(connection, USER_SCHEMA);
    for (const table of tables) {
      const existed = existing.has(table);
      if (existed) {
        await connection.run(`CREATE TABLE ${qualifiedName(STASH_SCHEMA, table)} AS SELECT * FROM ${qualifiedName(USER_SCHEMA, table)}`);
      }
      const imports = await connection.runAndReadAll('SELECT import_id FROM vw.imports WHERE table_name = $table ORDER BY import_id', { table });
      await connection.run('INSERT INTO vw.recipe_stash VALUES ($table, $existed, $imports)', {
        table,
        existed,
        imports: JSON.stringify(imports.getRowObjectsJson().map((row) => String(row.import_id))),
      });
    }
  });
}

/** Drops the stash (inside the caller's transaction, which commits it together with the run it stores). */
export async function dropStash(connection: DuckDBConnection): Promise<void> {
  const stashed = await existingTables(connection, STASH_SCHEMA);
  for (const table of stashed) await connection.run(`DROP TABLE ${qualifiedName(STASH_SCHEMA, table)}`);
  await connection.run('DELETE FROM vw.recipe_stash');
}

/**
 * Puts every stashed table back as it was and forgets imports made into them since; returns their names.
 * `alsoRecord` runs inside the same transaction (the audit line of a recovery commits with the restore).
 */
export async function restoreStash(connection: DuckDBConnection, alsoRecord?: (restored: readonly string[]) => Promise<void>): Promise<string[]> {
  return inTransaction(connection, async () => {
    const manifest = await connection.runAndReadAll('SELECT table_name, existed, imports_before_json FROM vw.recipe_stash ORDER BY table_name');
    const stashed = await existingTables(connection, STASH_SCHEMA);
    const restored: string[] = [];
    for (const row of manifest.getRowObjectsJson()) {
      const table = String(row.table_name);
      await connection.run(`DROP TABLE IF EXISTS ${qualifiedName(USER_SCHEMA, table)}`);
      if (row.existed === true && stashed.has(table)) {
        await connection.run(`CREATE TABLE ${qualifiedName(USER_SCHEMA, table)} AS SELECT * FROM ${qualifiedName(STASH_SCHEMA, table)}`);
      }
      const before = new Set(JSON.parse(String(row.imports_before_json)) as string[]);
      const now = await connection.runAndReadAll('SELECT import_id FROM vw.imports WHERE table_name = $table', { table });
      for (const id of now.getRowObjectsJson().map((entry) => String(entry.import_id)).filter((importId) => !before.has(importId))) {
        await connection.run('DELETE FROM vw.findings WHERE import_id = $id', { id });
        await connection.run('DELETE FROM vw.imports WHERE import_id = $id', { id });
      }
      restored.push(table);
    }
    await dropStash(connection);
    await alsoRecord?.(restored);
    return restored;
  });
}
