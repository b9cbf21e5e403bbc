/**
 * exportView: the bytes of a publishable file, regenerated from a stored run (never from the workspace's
 * tables), for the window to save where the user chooses:
 *   village   → xlsx: the run's village.xlsx (outputs/workbook.ts); csv: the area × measure table
 *   dashboard → xlsx: a sheet per chart and an "About this data" sheet; csv: one row per chart, category and series
 *   report    → html: the self-contained report.html (outputs/report-html.ts)
 * Text cells that a spreadsheet could run as a formula (= + - @ tab CR) are neutralised; numbers stay numbers.
 * Each export is recorded in the audit trail with the file's SHA-256.
 */
import { createHash } from 'node:crypto';
import * as XLSX from 'xlsx';
import type { Dashboard } from '../../../shared/api';
import type { VillageJson } from '../../../shared/village';
import { renderReport } from '../outputs/report-html';
import type { Cell, ViewTable } from '../outputs/tables';
import { buildWorkbook, safeCell } from '../outputs/workbook';
import { RecipeRequestError } from './errors';
import type { StoredRun } from './run-store';
import { areaMeasureTable, chartTable } from './views';

export type ExportView = { kind: 'village' } | { kind: 'dashboard'; id: Dashboard['id'] } | { kind: 'report' };
export type ExportFormat = 'xlsx' | 'csv' | 'html';

export interface ExportedFile {
  readonly fileName: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function csvField(value: Cell): string {
  if (typeof value === 'number') return String(value);
  const text = safeCell(value) as string;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(table: ViewTable): string {
  return [table.header, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function sheetOf(table: ViewTable): XLSX.WorkSheet {
  const sheet = XLSX.utils.aoa_to_sheet([table.header.map(safeCell), ...table.rows.map((row) => row.map(safeCell))]);
  sheet['!cols'] = table.header.map((label) => ({ wch: Math.max(12, Math.min(60, label.length + 4)) }));
  return sheet;
}

function aboutDashboard(run: StoredRun, dashboard: Dashboard): ViewTable {
  const village = run.village;
  return {
    name: 'About this data',
    header: ['Item', 'Value'],
    rows: [
      ['Dashboard', dashboard.title],
      ['Title', village.title],
      ['Run', run.summary.runId],
      ['Run finished', run.summary.finishedAt],
      ['Recipe', `${village.recipe.file} (SHA-256 ${village.recipe.sha256})`],
      ['Ages on', village.referenceDate],
      ['Suppression', dashboard.suppression],
      [],
      ['Source', 'File', 'Sheet', 'SHA-256'],
      ...village.sources.map((source): Cell[] => [source.id, source.file, source.sheet ?? '', source.sha256]),
      [],
      ['Chart', 'Definition', 'Unit', 'Sources'],
      ...dashboard.charts.map((chart): Cell[] => [chart.title, chart.description, chart.unit, chart.source]),
    ],
  };
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28).trim() || 'Chart';
  let name = base;
  for (let index = 2; taken.has(name.toLowerCase()); index += 1) name = `${base.slice(0, 27)} ${index}`;
  taken.add(name.toLowerCase());
  return name;
}

function dashboardWorkbook(run: StoredRun, dashboard: Dashboard): Uint8Array {
  const workbook = XLSX.utils.book_new();
  const taken = new Set<string>();
  const about = aboutDashboard(run, dashboard);
  XLSX.utils.book_append_sheet(workbook, sheetOf(about), sheetName(about.name, taken));
  for (const chart of dashboard.charts) XLSX.utils.book_append_sheet(workbook, sheetOf(chartTable(chart)), sheetName(chart.shortTitle ?? chart.title, taken));
  return new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

function dashboardCsv(dashboard: Dashboard): string {
  const rows: Cell[][] = dashboard.charts.flatMap((chart) =>
    chart.series.flatMap((series) => chart.categories.map((category, index): Cell[] => [chart.title, category, series.name, chart.unit, series.values[index] ?? series.display[index] ?? ''])),
  );
  return toCsv({ name: dashboard.title, header: ['Chart', 'Category', 'Series', 'Unit', 'Value'], rows });
}

function villageWorkbook(village: VillageJson): Uint8Array {
  return new Uint8Array(XLSX.write(buildWorkbook(village), { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

export function file(fileName: string, mediaType: string, bytes: Uint8Array): ExportedFile {
  return { fileName, mediaType, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

export function exportView(run: StoredRun, view: ExportView, format: ExportFormat): ExportedFile {
  const stem = run.summary.runId.slice(0, 12);
  if (view.kind === 'village') {
    if (format === 'xlsx') return file(`village-${stem}.xlsx`, XLSX_TYPE, villageWorkbook(run.village));
    if (format === 'csv') return file(`village-${stem}.csv`, 'text/csv', utf8(toCsv(areaMeasureTable(run.village))));
  } else if (view.kind === 'dashboard') {
    const dashboard = run.dashboards.find((entry) => entry.id === view.id);
    if (dashboard === undefined) throw new RecipeRequestError(`The run ${run.summary.runId} has no ${view.id} dashboard`);
    if (format === 'xlsx') return file(`${dashboard.id}-${stem}.xlsx`, XLSX_TYPE, dashboardWorkbook(run, dashboard));
    if (format === 'csv') return file(`${dashboard.id}-${stem}.csv`, 'text/csv', utf8(dashboardCsv(dashboard)));
  } else if (format === 'html') {
    return file(`report-${stem}.html`, 'text/html', utf8(renderReport(run.village)));
  }
  throw new RecipeRequestError(`The ${view.kind} view cannot be exported as ${format}: village and dashboards export as xlsx or csv, the report as html`);
}
