/**
 * Clerical review of the probabilistic stage: the grey-zone pairs a run offers (vw.linkage_review, replaced
 * by every run) and the officer's decisions (vw.linkage_decisions), which every later run honours
 * (../linkage/probabilistic-pass.ts). Pairs are named by source and row number, so the officer can find the
 * originals they hold; nothing here holds a value from a record. Every decision is audited.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { MAX_REVIEW_PAGE_PAIRS, REVIEW_PAGE_PAIRS } from '../../../shared/api';
import { COMPARISONS, type ReviewDecision, type ScoredPair } from '../linkage';
import { recordAudit, type Workspace } from '../workspace';
import type { LinkageInput, StoredDecision } from './linkage-stage';

export const REVIEW_DECISIONS: readonly ReviewDecision[] = ['match', 'not-a-match', 'unsure'];

export interface ReviewPair {
  readonly sourceA: string;
  readonly rowA: number;
  readonly sourceB: string;
  readonly rowB: number;
  readonly probability: number;
  readonly weight: number;
  readonly namesSwapped: boolean;
  /** Per comparison: its label, the level the pair reached (null: a side had no value) and the weight it added. */
  readonly comparisons: readonly { readonly label: string; readonly level: string | null; readonly weight: number }[];
  readonly decision: ReviewDecision | null;
}

/** The pair with the smaller (source, row) first, as decisions are stored. */
function ordered(sourceA: string, rowA: number, sourceB: string, rowB: number): [string, number, string, number] {
  return sourceA < sourceB || (sourceA === sourceB && rowA <= rowB) ? [sourceA, rowA, sourceB, rowB] : [sourceB, rowB, sourceA, rowA];
}

export async function readDecisions(connection: DuckDBConnection): Promise<StoredDecision[]> {
  const reader = await connection.runAndReadAll('SELECT source_a, CAST(row_a AS BIGINT) AS row_a, source_b, CAST(row_b AS BIGINT) AS row_b, decision FROM vw.linkage_decisions ORDER BY ALL');
  return reader.getRowObjectsJson().map((row) => ({ sourceA: String(row.source_a), rowA: Number(row.row_a), sourceB: String(row.source_b), rowB: Number(row.row_b), decision: String(row.decision) as ReviewDecision }));
}

/** Records (or replaces) a decision on a pair, and audits it. */
export async function decidePair(connection: DuckDBConnection, pair: { sourceA: string; rowA: number; sourceB: string; rowB: number }, decision: ReviewDecision): Promise<void> {
  if (!REVIEW_DECISIONS.includes(decision)) throw new Error(`"${String(decision)}" is not a review decision (match, not-a-match or unsure)`);
  const [sourceA, rowA, sourceB, rowB] = ordered(pair.sourceA, pair.rowA, pair.sourceB, pair.rowB);
  if (sourceA === sourceB && rowA === rowB) throw new Error(`A record cannot be paired with itself (${sourceA} row ${rowA})`);
  await connection.run(
    `INSERT OR REPLACE INTO vw.linkage_decisions VALUES ($source_a, $row_a, $source_b, $row_b, $decision, now()::TIMESTAMP)`,
    { source_a: sourceA, row_a: BigInt(rowA), source_b: sourceB, row_b: BigInt(rowB), decision },
  );
  await recordAudit(connection, { action: 'linkage-decision', outcome: 'succeeded', subject: `${sourceA} row ${rowA} / ${sourceB} row ${rowB}`, detail: { decision } });
}

/** Replaces the review table with this run's grey-zone pairs (LinkageOutcome.reviewPairs). */
export async function writeReviewPairs(connection: DuckDBConnection, input: LinkageInput, grey: readonly ScoredPair[]): Promise<void> {
  await connection.run('DELETE FROM vw.linkage_review');
  if (grey.length === 0) return;
  const appender = await connection.createAppender('linkage_review', 'vw');
  for (const pair of grey) {
    const [sourceA, rowA, sourceB, rowB] = ordered(input.source[pair.a] as string, input.sourceRow[pair.a] as number, input.source[pair.b] as string, input.sourceRow[pair.b] as number);
    appender.appendVarchar(sourceA);
    appender.appendBigInt(BigInt(rowA));
    appender.appendVarchar(sourceB);
    appender.appendBigInt(BigInt(rowB));
    appender.appendDouble(pair.probability);
    appender.appendDouble(pair.weight);
    appender.appendBoolean(pair.namesSwapped);
    appender.appendVarchar(JSON.stringify(pair.levels));
    appender.appendVarchar(JSON.stringify(pair.weights));
    appender.endRow();
  }
  appender.closeSync();
}

export interface ReviewPage {
  readonly pairs: ReviewPair[];
  /** Position of the page's first pair among all the run's grey-zone pairs (0-based). */
  readonly offset: number;
  /** Every grey-zone pair of the last run, on any page. */
  readonly total: number;
}

/**
 * One page of the last run's grey-zone pairs with any decision already taken, most probable first. The order
 * is total (probability, then source and row of both records, which identify a pair), so pages never overlap or
 * skip a pair. An offset past the end gives the last page.
 */
export async function readReviewPairs(connection: DuckDBConnection, page: { readonly offset?: number; readonly limit?: number } = {}): Promise<ReviewPage> {
  const limit = Math.min(Math.max(1, Math.trunc(page.limit ?? REVIEW_PAGE_PAIRS)), MAX_REVIEW_PAGE_PAIRS);
  const totalReader = await connection.runAndReadAll('SELECT CAST(count(*) AS BIGINT) AS total FROM vw.linkage_review');
  const total = Number(totalReader.getRowObjectsJson()[0]?.total ?? 0);
  const lastPageStart = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const offset = Math.min(Math.max(0, Math.trunc(page.offset ?? 0)), lastPageStart);
  const reader = await connection.runAndReadAll(
    `SELECT r.source_a, CAST(r.row_a AS BIGINT) AS row_a, r.source_b, CAST(r.row_b AS BIGINT) AS row_b, r.probability, r.weight, r.names_swapped, r.levels_json, r.weights_json, d.decision
     FROM vw.linkage_review r LEFT JOIN vw.linkage_decisions d USING (source_a, row_a, source_b, row_b)
     ORDER BY r.probability DESC, r.source_a, r.row_a, r.source_b, r.row_b LIMIT $limit OFFSET $offset`,
    { limit: BigInt(limit), offset: BigInt(offset) },
  );
  const pairs = reader.getRowObjectsJson().map((row) => {
    const levels = JSON.parse(String(row.levels_json)) as (number | null)[];
    const weights = JSON.parse(String(row.weights_json)) as number[];
    return {
      sourceA: String(row.source_a),
      rowA: Number(row.row_a),
      sourceB: String(row.source_b),
      rowB: Number(row.row_b),
      probability: Number(row.probability),
      weight: Number(row.weight),
      namesSwapped: row.names_swapped === true,
      comparisons: COMPARISONS.map((comparison, position) => {
        const level = levels[position];
        return { label: comparison.label, level: level === null || level === undefined ? null : (comparison.levels[level] ?? null), weight: weights[position] ?? 0 };
      }),
      decision: row.decision === null || row.decision === undefined ? null : (String(row.decision) as ReviewDecision),
    };
  });
  return { pairs, offset, total };
}

/** Source id → file name, from the last recipe run's village.json (empty when no run is kept). */
export async function sourceFilesOfLastRun(workspace: Workspace): Promise<Map<string, string>> {
  const reader = await workspace.connection.runAndReadAll('SELECT village_json FROM vw.recipe_runs ORDER BY finished_at DESC LIMIT 1');
  const text = reader.getRowObjectsJson()[0]?.village_json;
  if (typeof text !== 'string') return new Map();
  const village = JSON.parse(text) as { sources?: { id: string; file: string }[] };
  return new Map((village.sources ?? []).map((source) => [source.id, source.file]));
}
