/** Renders a bench run as the Markdown in bench/results/latest.md. */
import type { GroupSummary, RowSummary } from './results-model';
import type { Summary } from './stats';
import type { TargetResult } from './targets';

export interface RunHeader {
  readonly generatedAt: string;
  readonly profile: string;
  readonly machine: string;
  readonly method: string;
}

const integer = (value: number): string => Math.round(value).toLocaleString('en-GB');
const seconds = (value: number): string => (value >= 10 ? value.toFixed(1) : value.toFixed(2));
const milliseconds = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function roleLabel(row: RowSummary): string {
  if (row.role === 'product') return ' **(product path)**';
  return row.role === 'baseline' ? ' (baseline)' : '';
}

function timeVsProductText(row: RowSummary, groupHasBaselines: boolean): string {
  if (row.role === 'product') return groupHasBaselines ? '1.00' : '—';
  return row.timeVsProduct === null ? '—' : row.timeVsProduct.toFixed(2);
}

function rowLine(row: RowSummary, groupHasBaselines: boolean): string {
  const name = `${row.label}${roleLabel(row)}`;
  if (row.notMeasured !== null || row.wallSeconds === null) return `| ${name} | 0 | not measured: ${row.notMeasured} | | | | | |`;
  return `| ${name} | ${row.repetitions} | ${seconds(row.wallSeconds.min)} | ${seconds(row.wallSeconds.median)} | ${
    row.rowsPerSecond === null ? '—' : integer(row.rowsPerSecond)
  } | ${row.peakRssMb === null ? '—' : integer(row.peakRssMb)} | ${row.cpuSecondsMedian === null ? '—' : seconds(row.cpuSecondsMedian)} | ${timeVsProductText(row, groupHasBaselines)} |`;
}

function latencyLine(name: string, summary: Summary): string {
  return `| ${name} | ${summary.count} | ${milliseconds(summary.median)} | ${milliseconds(summary.p95)} | ${milliseconds(summary.min)} | ${milliseconds(summary.max)} |`;
}

function details(row: RowSummary): string[] {
  const lines: string[] = [];
  const stages = Object.entries(row.stagesSeconds);
  if (stages.length > 0) {
    lines.push('', `Stages of ${row.label} (median seconds):`, '', '| stage | seconds | share |', '|---|---:|---:|');
    const total = stages.reduce((sum, [, value]) => sum + value, 0);
    for (const [stage, value] of stages) lines.push(`| ${stage} | ${seconds(value)} | ${((value / total) * 100).toFixed(0)}% |`);
  }
  const latencies = Object.entries(row.latenciesMs);
  if (latencies.length > 0) {
    lines.push('', `${row.label}, latencies in ms:`, '', '| series | samples | p50 | p95 | min | max |', '|---|---:|---:|---:|---:|---:|');
    for (const [name, summary] of latencies) lines.push(latencyLine(name, summary));
  }
  const figures = Object.entries(row.figures);
  if (figures.length > 0) {
    lines.push('', `${row.label}, other figures (median over runs):`, '');
    for (const [name, value] of figures) lines.push(`- ${name}: ${Number.isInteger(value) ? integer(value) : value.toFixed(1)}`);
  }
  return lines;
}

export function renderMarkdown(header: RunHeader, groups: readonly GroupSummary[], targets: readonly TargetResult[]): string {
  const lines = [
    '# Village Workbench benchmark',
    '',
    `Generated ${header.generatedAt} by \`npm run bench${header.profile === 'full' ? '' : ` -- --${header.profile}`}\` on ${header.machine}.`,
    '',
    header.method,
    '',
    '## Targets',
    '',
    '| target | measured | status |',
    '|---|---|---|',
    ...targets.map((target) => `| ${target.target} | ${target.measured} | ${target.status === 'met' ? 'met' : `**${target.status}**`} |`),
  ];
  for (const group of groups) {
    lines.push(
      '',
      `## ${group.title}`,
      '',
      '| measurement | runs | min s | median s | rows/s (median) | peak RSS MB | CPU s (median) | time ÷ product path |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...group.rows.map((row) => rowLine(row, group.rows.length > 1)),
    );
    for (const row of group.rows) lines.push(...details(row));
  }
  return `${lines.join('\n')}\n`;
}
