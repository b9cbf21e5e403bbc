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
];

export const CURRENT_SCHEMA_VERSION = MIGRATIONS.reduce((latest, migration) => Math.max(latest, migration.version), 0);
