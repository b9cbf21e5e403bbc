import fs from 'node:fs';
import path from 'node:path';
import { importFile } from '../../electron/engine/import/import-file';
import { openWorkspace } from '../../electron/engine/workspace/workspace';

/**
 * Run inside a private mount namespace by storage-faults.e2e.test.ts. `fill <workspace> <inputs>` imports
 * small.csv, then large.csv, which is too big for the workspace's disk; `open <workspace>` opens a
 * workspace (e.g. on a read-only disk). Prints one JSON line describing what happened.
 */
const [mode, location, inputs] = process.argv.slice(2);

async function main(): Promise<Record<string, unknown>> {
  if (mode === 'open') {
    try {
      const workspace = await openWorkspace({ location: location! });
      await workspace.close();
      return { opened: true };
    } catch (error) {
      return { opened: false, message: (error as Error).message };
    }
  }
  const workspace = await openWorkspace({ location: location!, memoryLimit: '256MB' });
  await importFile(workspace, { path: path.join(inputs!, 'small.csv'), tableName: 'small' });
  let message = '';
  try {
    await importFile(workspace, { path: path.join(inputs!, 'large.csv'), tableName: 'large' });
  } catch (error) {
    message = (error as Error).message;
  }
  const tables = await workspace.connection.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1");
  const staging = fs.readdirSync(workspace.stagingFolder);
  await workspace.close();
  return { message, tables: tables.getRowObjectsJson().map((row) => row.table_name), staging };
}

main().then(
  (outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`),
  (error: unknown) => {
    process.stdout.write(`${JSON.stringify({ crashed: String(error) })}\n`);
    process.exitCode = 1;
  },
);
