/**
 * Baseline for csv → workspace: DuckDB's `read_csv` of the same file into a table of a file-backed
 * database on its own, with the settings the workspace uses (threads, memory limit) and the same reader
 * options the import passes, so the only difference left is what the import does around it.
 */
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { MeasurementContext, MeasurementOutcome } from '../protocol';

export async function readCsvWithDuckDb(context: MeasurementContext): Promise<MeasurementOutcome> {
  const instance = await DuckDBInstance.create(path.join(context.scratchFolder, 'baseline.duckdb'), {
    memory_limit: '2GB',
    threads: String(Math.max(1, Math.min(4, os.availableParallelism()))),
    temp_directory: path.join(context.scratchFolder, 'spill'),
  });
  const connection = await instance.connect();
  try {
    const started = performance.now();
    await connection.run(`CREATE TABLE baseline AS SELECT * FROM read_csv($path, header = true, dateformat = '%d/%m/%Y')`, { path: context.input });
    const wallMs = performance.now() - started;
    const counted = await connection.runAndReadAll('SELECT count(*) AS n FROM baseline');
    return { wallMs, rows: Number(counted.getRowObjectsJson()[0]?.n ?? 0) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
