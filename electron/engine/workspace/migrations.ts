/**
 * Schema migrations for the workspace's own bookkeeping, kept in the `vw` schema so user tables in `main`
 * never collide with it. Each migration runs once, in a transaction, in order.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'bookkeeping: provenance of imports and the audit trail',
    statements: [
      `CREATE TABLE vw.imports (
        import_id VARCHAR PRIMARY KEY,
        table_name VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        size_bytes BIGINT NOT NULL,
        sha256 VARCHAR NOT NULL,
        sheet VARCHAR,
        spec_id VARCHAR,
        mapping_json VARCHAR,
        rows_read BIGINT NOT NULL,
        rows_imported BIGINT NOT NULL,
        rows_rejected BIGINT NOT NULL,
        imported_at TIMESTAMP NOT NULL
      )`,
      `CREATE TABLE vw.audit (
        event_id VARCHAR PRIMARY KEY,
        occurred_at TIMESTAMP NOT NULL,
        action VARCHAR NOT NULL,
        outcome VARCHAR NOT NULL,
        subject VARCHAR,
        detail_json VARCHAR
      )`,
    ],
  },
  {
    version: 2,
    description: 'specification imports: workspace settings (the pseudonymisation key), findings, validation reports',
    statements: [
      // Holds the workspace's pseudonymisation key; never read into logs, errors or the audit trail.
      `CREATE TABLE vw.settings (
        name VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
      )`,
      // One row per listed finding of a specification import. Findings never hold cell values.
      `CREATE TABLE vw.findings (
        import_id VARCHAR NOT NULL,
        rule VARCHAR NOT NULL,
        severity VARCHAR NOT NULL,
        sheet VARCHAR NOT NULL,
        row_number BIGINT,
        column_number INTEGER,
        cell VARCHAR,
        field VARCHAR,
        message VARCHAR NOT NULL
      )`,
      'ALTER TABLE vw.imports ADD COLUMN spec_version VARCHAR',
      // The whole ValidationReport (totals, counts by rule and column, listed findings) as JSON.
      'ALTER TABLE vw.imports ADD COLUMN report_json VARCHAR',
    ],
  },
  {
    version: 3,
    description: 'recipe runs: published results kept per run, and the stash that makes a run all-or-nothing',
    statements: [
      // One row per successful recipe run. Every figure in the JSON columns has been through disclosure control.
      `CREATE TABLE vw.recipe_runs (
        run_id VARCHAR PRIMARY KEY,
        recipe_title VARCHAR NOT NULL,
        recipe_sha256 VARCHAR NOT NULL,
        recipe_path VARCHAR NOT NULL,
        finished_at TIMESTAMP NOT NULL,
        summary_json VARCHAR NOT NULL,
        village_json VARCHAR NOT NULL,
        dashboards_json VARCHAR NOT NULL
      )`,
      // While a run is going: the tables it will replace, whether each existed, and its imports before the run.
      `CREATE TABLE vw.recipe_stash (
        table_name VARCHAR PRIMARY KEY,
        existed BOOLEAN NOT NULL,
        imports_before_json VARCHAR NOT NULL
      )`,
      // Copies of those tables, restored if the run fails, is cancelled or the process dies mid-run.
      'CREATE SCHEMA recipe_stash',
    ],
  },
  {
    version: 4,
    description: 'clerical review of linkage: decisions on pairs of records, and the pairs the last run offered',
    statements: [
      // One row per decided pair, the pair written with the smaller (source, row) first. Honoured on every run.
      `CREATE TABLE vw.linkage_decisions (
        source_a VARCHAR NOT NULL,
        row_a BIGINT NOT NULL,
        source_b VARCHAR NOT NULL,
        row_b BIGINT NOT NULL,
        decision VARCHAR NOT NULL,
        decided_at TIMESTAMP NOT NULL,
        PRIMARY KEY (source_a, row_a, source_b, row_b)
      )`,
      // The grey-zone pairs of the last run: source rows, probability and per-comparison levels and weights (JSON); no values.
      `CREATE TABLE vw.linkage_review (
        source_a VARCHAR NOT NULL,
        row_a BIGINT NOT NULL,
        source_b VARCHAR NOT NULL,
        row_b BIGINT NOT NULL,
        probability DOUBLE NOT NULL,
        weight DOUBLE NOT NULL,
        names_swapped BOOLEAN NOT NULL,
        levels_json VARCHAR NOT NULL,
        weights_json VARCHAR NOT NULL
      )`,
    ],
  },
];

export const CURRENT_SCHEMA_VERSION = MIGRATIONS.reduce((latest, migration) => Math.max(latest, migration.version), 0);
