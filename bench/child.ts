/**
 * One measurement in a process of its own, so its peak RSS is its alone:
 * `node --import tsx bench/child.ts <measurement> <context JSON>`. Prints one result line (see protocol.ts).
 */
import fs from 'node:fs';
import { isMeasurementName, MEASUREMENTS } from './measurements/index';
import { RESULT_MARKER, type ChildReport, type MeasurementContext } from './protocol';

const [name, contextJson] = process.argv.slice(2);
if (name === undefined || !isMeasurementName(name) || contextJson === undefined) {
  throw new Error(`usage: bench/child.ts <${Object.keys(MEASUREMENTS).join('|')}> <context JSON>`);
}
const context = JSON.parse(contextJson) as MeasurementContext;
fs.mkdirSync(context.scratchFolder, { recursive: true });
try {
  const cpuBefore = process.cpuUsage();
  const measure = await MEASUREMENTS[name]();
  const outcome = await measure(context);
  const cpu = process.cpuUsage(cpuBefore);
  const report: ChildReport = { ...outcome, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(report)}\n`);
} finally {
  fs.rmSync(context.scratchFolder, { recursive: true, force: true });
}
