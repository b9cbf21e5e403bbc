/**
 * The run store: every successful recipe run kept in vw.recipe_runs with its summary, its published
 * village.json and its dashboards (all already through disclosure control), so the window's Village,
 * Dashboards and Recipes screens, exports and diffs work across restarts without re-running anything.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type Dashboard, type RecipeRunSummary, recipeRunSummarySchema } from '../../../shared/api';
import { parseVillageJson, VILLAGE_JSON_VERSION, type VillageJson } from '../../../shared/village';
import type { PeriodFigures } from '../village';
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

/** The series a run belongs to: runs of the recipe with the same title. */
function seriesKey(summary: Pick<RecipeRunSummary, 'recipeTitle'>): string {
  return summary.recipeTitle;
}

/** Newest first; a run that a later run of the same series and period replaced names that run. */
export async function listRuns(connection: DuckDBConnection): Promise<RecipeRunSummary[]> {
  const reader = await connection.runAndReadAll('SELECT summary_json FROM vw.recipe_runs ORDER BY finished_at DESC, rowid DESC');
  const runs = reader.getRowObjectsJson().map((row) => recipeRunSummarySchema.parse(JSON.parse(String(row.summary_json))));
  const latestOfPeriod = new Map<string, string>();
  return runs.map((run) => {
    if (run.period === undefined) return run;
    const key = JSON.stringify([seriesKey(run), run.period.label]);
    const latest = latestOfPeriod.get(key);
    if (latest === undefined) {
      latestOfPeriod.set(key, run.runId);
      return run;
    }
    return { ...run, replacedBy: latest };
  });
}

/**
 * The series of a recipe (by title) as stored: for every period but `exceptPeriod`, the latest run of that
 * period with its published figures, and the latest run of `exceptPeriod` itself (the run a new one replaces).
 * Runs made before periods carry none and are not part of a series.
 */
export async function loadSeries(connection: DuckDBConnection, recipeTitle: string, exceptPeriod: string): Promise<{ earlier: PeriodFigures[]; replaces: string | null }> {
  const reader = await connection.runAndReadAll(
    'SELECT summary_json, village_json FROM vw.recipe_runs WHERE recipe_title = $title ORDER BY finished_at DESC, rowid DESC',
    { title: recipeTitle },
  );
  const seen = new Set<string>();
  const series: PeriodFigures[] = [];
  let replaces: string | null = null;
  for (const row of reader.getRowObjectsJson()) {
    const summary = recipeRunSummarySchema.parse(JSON.parse(String(row.summary_json)));
    if (summary.period === undefined || seen.has(summary.period.label)) continue;
    if (summary.period.label === exceptPeriod) {
      replaces = summary.runId;
      seen.add(exceptPeriod);
      continue;
    }
    seen.add(summary.period.label);
    const village = parseStoredVillage(String(row.village_json));
    series.push({ period: { ...summary.period, runId: summary.runId, finishedAt: summary.finishedAt }, village });
  }
  return { earlier: series, replaces };
}

/**
 * A stored village.json, read at today's version: one written before periods (version 1) is read as a series of
 * its own reference date with no trends, so older runs still open, export and diff.
 */
function parseStoredVillage(text: string): VillageJson {
  const value = JSON.parse(text) as Record<string, unknown>;
  if (value.version !== 1) return parseVillageJson(value);
  const referenceDate = String(value.referenceDate);
  const period = { label: `As at ${referenceDate}`, start: referenceDate, end: referenceDate, referenceDate };
  return parseVillageJson({
    ...value,
    version: VILLAGE_JSON_VERSION,
    period,
    periods: [{ ...period, runId: 'run-before-periods', finishedAt: String(value.generatedAt) }],
    outcomes: { framework: [], trends: [], methods: [] },
  });
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
    village: parseStoredVillage(String(row.village_json)),
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
