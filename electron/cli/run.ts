/** Entry point for `village run` until it is wired into village.ts: `npx tsx electron/cli/run.ts <recipe> --out <dir>`. */
import { runCommand } from './run-command';

process.exitCode = await runCommand(process.argv.slice(2));
