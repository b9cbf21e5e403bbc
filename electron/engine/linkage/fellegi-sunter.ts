/**
 * A Fellegi–Sunter model computed in DuckDB over the records' keyed encodings (no raw name is ever here):
 * candidate pairs from the blocking rules, a comparison vector per pair (graded levels per field), u from
 * random pairs, m by expectation maximisation on each blocking rule's pairs (./em.ts), term-frequency
 * adjustment of exact name agreement, and a match weight and probability per pair. README.md explains the
 * model; the caller (../pipeline/linkage-stage.ts) clusters the pairs above the threshold with its guards.
 *
 * Every SQL text here is built from this module's constants; the values of the model (weights, sample
 * sizes, thresholds) are bound parameters.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BlockingPart } from '../../../shared/recipe';
import { quoteIdentifier } from '../sql';
import { BLOOM_BYTES } from '../privacy';
import { expectationMaximisation, type PatternCount, PROBABILITY_FLOOR } from './em';

/**
 * The table the caller builds (recordsTableSql), one row per named record: rec (its index in the linkage
 * input), cluster (its person after the exact keys), the Bloom filters as BLOOM_WORDS 64-bit words each
 * (f0…f7, s0…s7: bit operations on whole words are far faster than on bit strings), their bit counts, a hash
 * of each filter for term frequencies, the phonetic codes, dob with its yyyymmdd digits, sex, ward, district.
 */
export const RECORDS_TABLE = 'linkage_fs_records';
const BLOOM_WORDS = BLOOM_BYTES / 8;

/**
 * The SELECT that makes RECORDS_TABLE from `encodedSql`, which has rec, cluster, e (the stored
 * name_encodings struct), dob (DATE), sex, ward and district.
 */
export function recordsTableSql(encodedSql: string): string {
  const words = (field: string, prefix: string): string =>
    Array.from({ length: BLOOM_WORDS }, (_, word) => `CAST(CAST(e.${field}[${word * 8 + 1}:${word * 8 + 8}] AS BIT) AS UBIGINT) AS ${prefix}${word}`).join(', ');
  return `SELECT rec, cluster, ${words('forename_bloom', 'f')}, ${words('surname_bloom', 's')},
      CAST(coalesce(bit_count(CAST(e.forename_bloom AS BIT)), 0) AS INTEGER) AS forename_bits, CAST(coalesce(bit_count(CAST(e.surname_bloom AS BIT)), 0) AS INTEGER) AS surname_bits,
      hash(e.forename_bloom) AS forename_key, hash(e.surname_bloom) AS surname_key,
      e.forename_phonetic AS forename_phonetic, e.surname_phonetic AS surname_phonetic,
      dob, strftime(dob, '%Y%m%d') AS dob_digits, CAST(year(dob) AS SMALLINT) AS dob_year, CAST(month(dob) AS TINYINT) AS dob_month, CAST(day(dob) AS TINYINT) AS dob_day, sex, ward, district
    FROM (${encodedSql}) WHERE e IS NOT NULL AND (e.forename_bloom IS NOT NULL OR e.surname_bloom IS NOT NULL)`;
}
const PAIRS_TABLE = 'linkage_fs_pairs';
const SCORED_TABLE = 'linkage_fs_scored';
const FORENAME_TF_TABLE = 'linkage_fs_tf_forename';
const SURNAME_TF_TABLE = 'linkage_fs_tf_surname';

export interface ComparisonDefinition {
  readonly id: 'forename' | 'surname' | 'dob' | 'sex' | 'area';
  readonly label: string;
  /** Level labels, best agreement first; the last level is disagreement. */
  readonly levels: readonly string[];
  /** The m each level starts EM from. */
  readonly initialM: readonly number[];
}

const NAME_LEVELS = ['exact', 'Dice ≥ 0.8 (about one edit)', 'Dice ≥ 0.7', 'Dice ≥ 0.55', 'different'];
export const COMPARISONS: readonly ComparisonDefinition[] = [
  { id: 'forename', label: 'Forename', levels: NAME_LEVELS, initialM: [0.8, 0.1, 0.05, 0.03, 0.02] },
  { id: 'surname', label: 'Surname', levels: NAME_LEVELS, initialM: [0.8, 0.1, 0.05, 0.03, 0.02] },
  { id: 'dob', label: 'Date of birth', levels: ['exact', 'day and month swapped', 'one digit different', 'same year and month', 'different'], initialM: [0.9, 0.02, 0.04, 0.02, 0.02] },
  { id: 'sex', label: 'Sex', levels: ['same', 'different'], initialM: [0.97, 0.03] },
  { id: 'area', label: 'Area', levels: ['same ward', 'same postcode district', 'different'], initialM: [0.8, 0.1, 0.1] },
];

/** Per blocking part: the join condition (l and r are the two records) and the comparisons it fixes. */
const BLOCKING_SQL: Readonly<Record<BlockingPart, { readonly condition: string; readonly fixes: readonly ComparisonDefinition['id'][] }>> = {
  dob: { condition: 'l.dob = r.dob', fixes: ['dob'] },
  // Pairs born in the same year still show every date-of-birth level, so a birth-year rule is where EM learns
  // the date-of-birth m (conditional on the year, a small bias documented in README.md).
  'birth-year': { condition: 'l.dob_year = r.dob_year', fixes: [] },
  'day-month-swapped': { condition: 'l.dob_year = r.dob_year AND l.dob_month = r.dob_day AND l.dob_day = r.dob_month', fixes: ['dob'] },
  'forename-phonetic': { condition: 'l.forename_phonetic = r.forename_phonetic', fixes: ['forename'] },
  'surname-phonetic': { condition: 'l.surname_phonetic = r.surname_phonetic', fixes: ['surname'] },
  'names-swapped': { condition: 'l.forename_phonetic = r.surname_phonetic AND l.surname_phonetic = r.forename_phonetic', fixes: ['forename', 'surname'] },
  ward: { condition: 'l.ward = r.ward', fixes: ['area'] },
  district: { condition: 'l.district = r.district', fixes: ['area'] },
  sex: { condition: 'l.sex = r.sex', fixes: ['sex'] },
};

export interface ModelSettings {
  readonly blocking: readonly (readonly BlockingPart[])[];
  readonly threshold: number;
  readonly reviewFrom: number;
  /** Records drawn (deterministically) for the random pairs that estimate u of names; twice as many for the other fields. */
  readonly uSampleRecords?: number;
  /**
   * Pairs the exact keys already joined, among the named records: with the EM's own estimates they set the
   * prior (the probability that two records drawn at random are the same person).
   */
  readonly knownMatchingPairs: number;
}

export interface ComparisonLevelParameters {
  readonly label: string;
  readonly m: number;
  readonly u: number;
  /** log2(m / u): the evidence of this level for a match (negative: against). */
  readonly weight: number;
}

export interface ModelParameters {
  readonly comparisons: readonly { readonly id: string; readonly label: string; readonly levels: readonly ComparisonLevelParameters[] }[];
  /** Probability that two records drawn at random are the same person, and its log2 odds. */
  readonly prior: number;
  readonly priorWeight: number;
  readonly records: number;
  readonly candidatePairs: number;
  readonly randomPairs: number;
  readonly training: readonly { readonly rule: string; readonly pairs: number; readonly matchShare: number; readonly iterations: number }[];
}

export interface ThresholdPoint {
  readonly threshold: number;
  /** Candidate pairs at or above the threshold. */
  readonly pairs: number;
  /** The model's own estimates: expected matches among those pairs / pairs, and / expected matches among all candidates. */
  readonly estimatedPrecision: number | null;
  readonly estimatedRecall: number | null;
}

export interface ScoredPair {
  readonly a: number;
  readonly b: number;
  /** Per comparison (COMPARISONS order): level index, or null when a side had no value. */
  readonly levels: readonly (number | null)[];
  /** Per comparison: the weight it added (0 for null), term-frequency adjustment included. */
  readonly weights: readonly number[];
  readonly weight: number;
  readonly probability: number;
  readonly namesSwapped: boolean;
}

export interface ModelOutcome {
  readonly parameters: ModelParameters;
  readonly thresholdChart: readonly ThresholdPoint[];
  readonly estimatedPrecision: number | null;
  readonly estimatedRecall: number | null;
  /** Pairs from reviewFrom upwards whose records are in different clusters, most probable first. */
  readonly pairs: readonly ScoredPair[];
}

function blockingCondition(rule: readonly BlockingPart[]): string {
  return rule.map((part) => `(${BLOCKING_SQL[part].condition})`).join(' AND ');
}

function ruleName(rule: readonly BlockingPart[]): string {
  return rule.join(' + ');
}

/**
 * The comparison levels of the pairs in `pairsSql` (columns a, b), plus the left record's blooms for the
 * term-frequency look-up. Forename and surname are compared crosswise when that agrees far better (fields
 * swapped between agencies).
 */
function comparedSql(pairsSql: string): string {
  return comparedFromSql(`(${pairsSql}) p JOIN ${quoteIdentifier(RECORDS_TABLE)} l ON l.rec = p.a JOIN ${quoteIdentifier(RECORDS_TABLE)} r ON r.rec = p.b`);
}

/** The same over any FROM clause that names the two records l and r; without names, the name levels are NULL. */
function comparedFromSql(fromSql: string, withNames = true): string {
  const words = (prefix: string): string[] => Array.from({ length: BLOOM_WORDS }, (_, word) => `${prefix}${word}`);
  const dice = (left: string, right: string, leftBits: string, rightBits: string): string =>
    !withNames ? 'CAST(NULL AS DOUBLE)' : `CASE WHEN l.${leftBits} = 0 OR r.${rightBits} = 0 THEN NULL ELSE CAST(2 * (${words('')
      .map((_, word) => `CAST(bit_count(l.${left}${word} & r.${right}${word}) AS INTEGER)`)
      .join(' + ')}) AS DOUBLE) / (l.${leftBits} + r.${rightBits}) END`;
  const nameLevel = (column: string): string =>
    `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} >= 1 THEN 0 WHEN ${column} >= 0.8 THEN 1 WHEN ${column} >= 0.7 THEN 2 WHEN ${column} >= 0.55 THEN 3 ELSE 4 END`;
  return `
    WITH joined AS (
      SELECT l.rec AS a, r.rec AS b, l.forename_key AS forename_key_a, l.surname_key AS surname_key_a,
        ${dice('f', 'f', 'forename_bits', 'forename_bits')} AS d_ff,
        ${dice('s', 's', 'surname_bits', 'surname_bits')} AS d_ss,
        ${dice('f', 's', 'forename_bits', 'surname_bits')} AS d_fs,
        ${dice('s', 'f', 'surname_bits', 'forename_bits')} AS d_sf,
        l.dob AS dob_a, r.dob AS dob_b, l.dob_digits AS digits_a, r.dob_digits AS digits_b, l.dob_year AS year_a, r.dob_year AS year_b, l.dob_month AS month_a, r.dob_month AS month_b, l.dob_day AS day_a, r.dob_day AS day_b,
        l.sex AS sex_a, r.sex AS sex_b, l.ward AS ward_a, r.ward AS ward_b, l.district AS district_a, r.district AS district_b
      FROM ${fromSql}
    ),
    arranged AS (
      SELECT *, coalesce(d_fs + d_sf > d_ff + d_ss + 0.5, false) AS names_swapped FROM joined
    ),
    similarity AS (
      SELECT *, CASE WHEN names_swapped THEN d_fs ELSE d_ff END AS forename_dice, CASE WHEN names_swapped THEN d_sf ELSE d_ss END AS surname_dice FROM arranged
    )
    SELECT a, b, names_swapped, forename_key_a, surname_key_a,
      ${nameLevel('forename_dice')} AS g0,
      ${nameLevel('surname_dice')} AS g1,
      CASE WHEN dob_a IS NULL OR dob_b IS NULL THEN NULL
        WHEN dob_a = dob_b THEN 0
        WHEN year_a = year_b AND month_a = day_b AND day_a = month_b THEN 1
        WHEN CAST(year_a = year_b AS INTEGER) + CAST(month_a = month_b AS INTEGER) + CAST(day_a = day_b AS INTEGER) = 2 AND hamming(digits_a, digits_b) = 1 THEN 2
        WHEN year_a = year_b AND month_a = month_b THEN 3
        ELSE 4 END AS g2,
      CASE WHEN sex_a IS NULL OR sex_b IS NULL THEN NULL WHEN sex_a = sex_b THEN 0 ELSE 1 END AS g3,
      CASE WHEN ward_a IS NOT NULL AND ward_b IS NOT NULL AND ward_a = ward_b THEN 0
        WHEN district_a IS NOT NULL AND district_b IS NOT NULL AND district_a = district_b THEN 1
        WHEN (ward_a IS NOT NULL AND ward_b IS NOT NULL) OR (district_a IS NOT NULL AND district_b IS NOT NULL) THEN 2
        ELSE NULL END AS g4
    FROM similarity`;
}

const LEVEL_COLUMNS = COMPARISONS.map((_, index) => `g${index}`);

async function patternCounts(connection: DuckDBConnection, comparedQuery: string, parameters: Record<string, number> = {}): Promise<PatternCount[]> {
  const reader = await connection.runAndReadAll(
    `SELECT ${LEVEL_COLUMNS.join(', ')}, CAST(count(*) AS BIGINT) AS pairs FROM (${comparedQuery}) GROUP BY ALL ORDER BY ALL`,
    parameters,
  );
  return reader.getRowObjectsJson().map((row) => ({
    levels: LEVEL_COLUMNS.map((column) => (row[column] === null || row[column] === undefined ? null : Number(row[column]))),
    count: Number(row.pairs),
  }));
}

/** u per comparison level from counts over random pairs, with one pseudo-count per level so none is 0. */
function levelShares(patterns: readonly PatternCount[]): number[][] {
  return COMPARISONS.map((comparison, index) => {
    const counts = comparison.levels.map(() => 1);
    for (const pattern of patterns) {
      const level = pattern.levels[index];
      if (level !== null && level !== undefined) counts[level] = (counts[level] as number) + pattern.count;
    }
    const total = counts.reduce((sum, value) => sum + value, 0);
    return counts.map((value) => Math.max(PROBABILITY_FLOOR, value / total));
  });
}

/** Fits the model on RECORDS_TABLE (which the caller has filled) and scores every candidate pair. */
export async function fitAndScore(connection: DuckDBConnection, settings: ModelSettings): Promise<ModelOutcome> {
  const countReader = await connection.runAndReadAll(`SELECT CAST(count(*) AS BIGINT) AS n FROM ${quoteIdentifier(RECORDS_TABLE)}`);
  const records = Number(countReader.getRowObjectsJson()[0]?.n ?? 0);

  // Candidate pairs: the union of the blocking rules, each pair with a bit per rule it satisfies. The pairs are
  // compared once, here; each rule's EM then counts its own pairs' patterns from this one table.
  const ruleSelects = settings.blocking.map(
    (rule, index) => `SELECT l.rec AS a, r.rec AS b, CAST(${2 ** index} AS BIGINT) AS rule_bit FROM ${quoteIdentifier(RECORDS_TABLE)} l JOIN ${quoteIdentifier(RECORDS_TABLE)} r ON ${blockingCondition(rule)} AND l.rec < r.rec`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdentifier(PAIRS_TABLE)} AS
     WITH candidates AS (SELECT a, b, CAST(bit_or(rule_bit) AS BIGINT) AS rules FROM (${ruleSelects.join('\nUNION ALL\n')}) GROUP BY a, b)
     SELECT p.rules, c.* FROM (${comparedSql('SELECT a, b FROM candidates')}) c JOIN candidates p ON p.a = c.a AND p.b = c.b`,
  );

  // u from random pairs: deterministic samples of records (ordered by a hash of the record index), all pairs
  // among them. Names, whose levels are common, from a smaller sample than date of birth, sex and area.
  const sample = `(SELECT * FROM ${quoteIdentifier(RECORDS_TABLE)} ORDER BY hash(rec), rec LIMIT $sample)`;
  const nameSample = Math.min(records, settings.uSampleRecords ?? 900);
  const otherSample = Math.min(records, (settings.uSampleRecords ?? 900) * 2);
  const namePatterns = await patternCounts(connection, comparedFromSql(`${sample} l JOIN ${sample} r ON l.rec < r.rec`), { sample: nameSample });
  const otherPatterns = await patternCounts(connection, comparedFromSql(`${sample} l JOIN ${sample} r ON l.rec < r.rec`, false), { sample: otherSample });
  const randomPairs = otherPatterns.reduce((sum, pattern) => sum + pattern.count, 0);
  const nameShares = levelShares(namePatterns);
  const otherShares = levelShares(otherPatterns);
  const u = COMPARISONS.map((comparison, position) => ((comparison.id === 'forename' || comparison.id === 'surname' ? nameShares : otherShares)[position] as number[]));

  // m by EM, one run per blocking rule with the comparisons it fixes switched off; averaged over the runs that estimate each comparison.
  const initialM = COMPARISONS.map((comparison) => [...comparison.initialM]);
  const mSums = COMPARISONS.map((comparison) => comparison.levels.map(() => 0));
  const mRuns = COMPARISONS.map(() => 0);
  const training: ModelParameters['training'][number][] = [];
  let expectedMatches = settings.knownMatchingPairs;
  for (const [index, rule] of settings.blocking.entries()) {
    const fixed = new Set(rule.flatMap((part) => BLOCKING_SQL[part].fixes));
    const inactive = new Set(COMPARISONS.flatMap((comparison, position) => (fixed.has(comparison.id) ? [position] : [])));
    const patterns = await patternCounts(connection, `SELECT * FROM ${quoteIdentifier(PAIRS_TABLE)} WHERE rules & $rule_bit <> 0`, { rule_bit: 2 ** index });
    const result = expectationMaximisation(patterns, { u, initialM, inactive });
    training.push({ rule: ruleName(rule), pairs: result.pairs, matchShare: result.matchShare, iterations: result.iterations });
    expectedMatches = Math.max(expectedMatches, result.matchShare * result.pairs);
    if (result.pairs === 0) continue;
    COMPARISONS.forEach((_, position) => {
      if (inactive.has(position)) return;
      mRuns[position] = (mRuns[position] as number) + 1;
      (result.m[position] as number[]).forEach((value, level) => {
        (mSums[position] as number[])[level] = ((mSums[position] as number[])[level] as number) + value;
      });
    });
  }
  const m = COMPARISONS.map((comparison, position) => (mRuns[position] === 0 ? [...comparison.initialM] : (mSums[position] as number[]).map((sum) => sum / (mRuns[position] as number))));

  // The prior: expected matching pairs (the larger of what the exact keys found and what EM expects in one
  // rule's pairs, grossed up because no single source of them is complete) over all pairs.
  const allPairs = (records * (records - 1)) / 2;
  const prior = allPairs === 0 ? PROBABILITY_FLOOR : Math.min(0.5, Math.max(PROBABILITY_FLOOR / 100, expectedMatches / 0.95 / allPairs));
  const priorWeight = Math.log2(prior / (1 - prior));
  const weights = COMPARISONS.map((_, position) => (m[position] as number[]).map((value, level) => Math.log2(value / ((u[position] as number[])[level] as number))));

  // Term frequencies of exact names: a match on a rare name is stronger evidence than on a common one.
  for (const [table, key, bits] of [[FORENAME_TF_TABLE, 'forename_key', 'forename_bits'], [SURNAME_TF_TABLE, 'surname_key', 'surname_bits']] as const) {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE ${quoteIdentifier(table)} AS SELECT ${key} AS name_key, count(*) / sum(count(*)) OVER () AS tf FROM ${quoteIdentifier(RECORDS_TABLE)} WHERE ${bits} > 0 GROUP BY ${key}`,
    );
  }
  const parameters: Record<string, number> = { prior_weight: priorWeight, tf_floor: 1 / Math.max(1, records) };
  const weightCase = (position: number): string =>
    `CASE g${position} ${(weights[position] as number[]).map((_, level) => {
      parameters[`w${position}_${level}`] = (weights[position] as number[])[level] as number;
      return `WHEN ${level} THEN $w${position}_${level}`;
    }).join(' ')} ELSE 0 END`;
  parameters.u_forename_exact = (u[0] as number[])[0] as number;
  parameters.u_surname_exact = (u[1] as number[])[0] as number;
  const weightColumns = COMPARISONS.map((_, position) => {
    if (position === 0) return `${weightCase(0)} + CASE WHEN g0 = 0 AND NOT names_swapped AND tf0.tf IS NOT NULL THEN log2($u_forename_exact / greatest(tf0.tf, $tf_floor)) ELSE 0 END AS w0`;
    if (position === 1) return `${weightCase(1)} + CASE WHEN g1 = 0 AND NOT names_swapped AND tf1.tf IS NOT NULL THEN log2($u_surname_exact / greatest(tf1.tf, $tf_floor)) ELSE 0 END AS w1`;
    return `${weightCase(position)} AS w${position}`;
  });
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdentifier(SCORED_TABLE)} AS
     WITH compared AS (SELECT * FROM ${quoteIdentifier(PAIRS_TABLE)}),
     -- The term-frequency joins are on the key alone (the CASE above checks the level): a level test in the ON
     -- clause turns the hash join into a nested loop over every pair and every name.
     weighted AS (
       SELECT c.*, ${weightColumns.join(', ')}
       FROM compared c
       LEFT JOIN ${quoteIdentifier(FORENAME_TF_TABLE)} tf0 ON tf0.name_key = c.forename_key_a
       LEFT JOIN ${quoteIdentifier(SURNAME_TF_TABLE)} tf1 ON tf1.name_key = c.surname_key_a
     )
     SELECT a, b, names_swapped, ${LEVEL_COLUMNS.join(', ')}, ${COMPARISONS.map((_, position) => `w${position}`).join(', ')},
       $prior_weight + ${COMPARISONS.map((_, position) => `w${position}`).join(' + ')} AS weight,
       1.0 / (1.0 + pow(2.0, -($prior_weight + ${COMPARISONS.map((_, position) => `w${position}`).join(' + ')}))) AS probability
     FROM weighted`,
    parameters,
  );

  // The threshold chart: per probability bin, the pairs and their expected matches.
  const binReader = await connection.runAndReadAll(
    `SELECT CAST(least(99, floor(probability * 100)) AS INTEGER) AS bin, CAST(count(*) AS BIGINT) AS pairs, sum(probability) AS expected
     FROM ${quoteIdentifier(SCORED_TABLE)} GROUP BY bin ORDER BY bin`,
  );
  const bins = binReader.getRowObjectsJson().map((row) => ({ bin: Number(row.bin), pairs: Number(row.pairs), expected: Number(row.expected) }));
  const totalExpected = bins.reduce((sum, bin) => sum + bin.expected, 0);
  const thresholdChart: ThresholdPoint[] = [];
  for (let bin = 5; bin <= 99; bin += 1) {
    const above = bins.filter((entry) => entry.bin >= bin);
    const pairs = above.reduce((sum, entry) => sum + entry.pairs, 0);
    const expected = above.reduce((sum, entry) => sum + entry.expected, 0);
    thresholdChart.push({ threshold: bin / 100, pairs, estimatedPrecision: pairs === 0 ? null : expected / pairs, estimatedRecall: totalExpected === 0 ? null : expected / totalExpected });
  }
  const atThreshold = await connection.runAndReadAll(
    `SELECT CAST(count(*) AS BIGINT) AS pairs, coalesce(sum(probability), 0) AS expected FROM ${quoteIdentifier(SCORED_TABLE)} WHERE probability >= $threshold`,
    { threshold: settings.threshold },
  );
  const chosen = atThreshold.getRowObjectsJson()[0] ?? {};
  const chosenPairs = Number(chosen.pairs ?? 0);
  const chosenExpected = Number(chosen.expected ?? 0);

  const pairReader = await connection.runAndReadAll(
    `SELECT s.a, s.b, s.names_swapped, ${LEVEL_COLUMNS.map((column) => `s.${column}`).join(', ')}, ${COMPARISONS.map((_, position) => `s.w${position}`).join(', ')}, s.weight, s.probability
     FROM ${quoteIdentifier(SCORED_TABLE)} s JOIN ${quoteIdentifier(RECORDS_TABLE)} l ON l.rec = s.a JOIN ${quoteIdentifier(RECORDS_TABLE)} r ON r.rec = s.b
     WHERE s.probability >= $review_from AND l.cluster <> r.cluster
     ORDER BY s.probability DESC, s.a, s.b`,
    { review_from: settings.reviewFrom },
  );
  const pairs: ScoredPair[] = pairReader.getRowObjectsJson().map((row) => ({
    a: Number(row.a),
    b: Number(row.b),
    levels: LEVEL_COLUMNS.map((column) => (row[column] === null ? null : Number(row[column]))),
    weights: COMPARISONS.map((_, position) => Number(row[`w${position}`] ?? 0)),
    weight: Number(row.weight),
    probability: Number(row.probability),
    namesSwapped: row.names_swapped === true,
  }));
  const candidateReader = await connection.runAndReadAll(`SELECT CAST(count(*) AS BIGINT) AS n FROM ${quoteIdentifier(PAIRS_TABLE)}`);
  const candidatePairs = Number(candidateReader.getRowObjectsJson()[0]?.n ?? 0);
  for (const table of [PAIRS_TABLE, SCORED_TABLE, FORENAME_TF_TABLE, SURNAME_TF_TABLE]) await connection.run(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);

  return {
    parameters: {
      comparisons: COMPARISONS.map((comparison, position) => ({
        id: comparison.id,
        label: comparison.label,
        levels: comparison.levels.map((label, level) => ({ label, m: (m[position] as number[])[level] as number, u: (u[position] as number[])[level] as number, weight: (weights[position] as number[])[level] as number })),
      })),
      prior,
      priorWeight,
      records,
      candidatePairs,
      randomPairs,
      training,
    },
    thresholdChart,
    estimatedPrecision: chosenPairs === 0 ? null : chosenExpected / chosenPairs,
    estimatedRecall: totalExpected === 0 ? null : chosenExpected / totalExpected,
    pairs,
  };
}
