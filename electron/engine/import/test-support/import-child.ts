/**
 * Child process for the atomicity test: imports a file against a specification into a workspace folder and
 * says "rows" on stdout once rows are being appended, so the parent can SIGKILL it mid-import.
 * Usage: node --import tsx import-child.ts <workspace> <file> <specId> <table>
 */
import { getSpecification } from '../../specs/registry';
import { openWorkspace } from '../../workspace/workspace';
import { importWithSpecification } from '../spec-import';

const [location, file, specId, table] = process.argv.slice(2);
if (location === undefined || file === undefined || specId === undefined || table === undefined) {
  process.stderr.write('usage: import-child.ts <workspace> <file> <specId> <table>\n');
  process.exit(2);
}
const workspace = await openWorkspace({ location });
let announced = false;
await importWithSpecification(workspace, {
  path: file,
  spec: getSpecification(specId),
  tableName: table,
  today: '2024-07-01',
  onProgress: (progress) => {
    if (!announced && (progress.rows ?? 0) > 0) {
      announced = true;
      process.stdout.write('rows\n');
    }
  },
});
process.stdout.write('done\n');
await workspace.close();
