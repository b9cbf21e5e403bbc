/**
 * The run store: every successful recipe run kept in vw.recipe_runs with its summary, its published
 * village.json and its dashboards (all already through disclosure control), so the window's Village,
 * Dashboards and Recipes screens, exports and diffs work across restarts without re-running anything.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type Dashboard, type RecipeRunSummary, recipeRunSummarySchema } from '../../../shared/api';
import { parseVillageJson, type VillageJson } from '../../../shared/village';
import { RecipeRunNotFoundError } from './errors';

export interface StoredRun {
  readonly summary: RecipeRunSummary;
  readonly recipePath: string;
  readonly village: VillageJson;
  readonly dashboards: readonly Dashboard[];
}

/** Inserts a run with its village.json text as written to the outputs; the caller holds the transaction that also drops the stash. */
export async function insertRun(connection: DuckDBConnection, run: StoredRun & { readonly villageText: string }): Promise<void> {
  await connection.run(
    `INSERT INTO vw.recipe_runs (run_id, recipe_title, recipe_sha256, recipe_path, finished_at, summary_json, village_json, dashboards_json)
     VALUES ($runId, $title, $sha256, $path, CAST($finishedAt AS TIMESTAMP), $summary, $village, $dashboards)`,
    {
      runId: run.summary.runId,
      title: run.summary.recipeTitle,
      sha256: run.summary.recipeSha256,
      path: run.recipePath,
      finishedAt: run.summary.finishedAt,
      summary: JSON.stringify(run.summary),
      village: run.villageText,
      dashboards: JSON.stringify(run.dashboards),
    },
  );
}

/** Newest first. */
export async function listRuns(connection: DuckDBConnection): Promise<RecipeRunSummary[]> {
  const reader = await connection.runAndReadAll('SELECT summary_json FROM vw.recipe_runs ORDER BY finished_at DESC, rowid DESC');
  return reader.getRowObjectsJson().map((row) => recipeRunSummarySchema.parse(JSON.parse(String(row.summary_json))));
}

/** A run by id, or the latest run when `runId` is undefined. */
export async function loadRun(connection: DuckDBConnection, runId?: string): Promise<StoredRun> {
  const reader = runId === undefined
    ? await connection.runAndReadAll('SELECT summary_json, recipe_path, village_json, dashboards_json FROM vw.recipe_runs ORDER BY finished_at DESC, rowid DESC LIMIT 1')
    : await connection.runAndReadAll('SELECT summary_json, recipe_path, village_json, dashboards_json FROM vw.recipe_runs WHERE run_id = $runId', { runId });
  const row = reader.getRowObjectsJson()[0];
  if (row === undefined) throw new RecipeRunNotFoundError(runId);
  return {
    summary: recipeRunSummarySchema.parse(JSON.parse(String(row.summary_json))),
    recipePath: String(row.recipe_path),
    village: parseVillageJson(JSON.parse(String(row.village_json))),
    dashboards: JSON.parse(String(row.dashboards_json)) as Dashboard[],
  };
}

/** The suppression rule of the latest run, or null when the workspace has none: ad-hoc exports follow it. */
export async function latestSuppressionRule(connection: DuckDBConnection): Promise<VillageJson['suppression'] | null> {
  const reader = await connection.runAndReadAll(
    "SELECT json_extract_string(village_json, '$.suppression') AS rule FROM vw.recipe_runs ORDER BY finished_at DESC, rowid DESC LIMIT 1",
  );
  const rule = reader.getRowObjectsJson()[0]?.rule;
  return typeof rule === 'string' ? (JSON.parse(rule) as VillageJson['suppression']) : null;
}
