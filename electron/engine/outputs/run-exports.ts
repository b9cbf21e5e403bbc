/**
 * exportView: the bytes of a publishable file, regenerated from a stored run (never from the workspace's
 * tables), for the window to save where the user chooses:
 *   village   → xlsx: the run's village.xlsx (outputs/workbook.ts); csv: the area × measure table
 *   dashboard → xlsx: a sheet per chart and an "About this data" sheet; csv: one row per chart, category and series
 *   report    → html: the self-contained report.html (outputs/report-html.ts)
 *   outcomes  → xlsx: the city framework or a locality profile, a sheet per view and "About this data"; html: the printable A4 page
 * Text cells that a spreadsheet could run as a formula (= + - @ tab CR) are neutralised; numbers stay numbers.
 * Each export is recorded in the audit trail with the file's SHA-256.
 */
import * as XLSX from 'xlsx';
import type { Dashboard, RecipeRunSummary } from '../../../shared/api';
import type { VillageJson } from '../../../shared/village';
import { EngineError } from '../errors';
import { exportedFile, sheetOf, toCsv, utf8, workbookBytes, XLSX_TYPE, type ExportedFile } from './exported-file';
import { renderOutcomesPage } from './outcomes-html';
import { outcomesViews } from './outcomes-views';
import { REPORT_STYLE, renderReport } from './report-html';
import { areaMeasureTable, chartTable } from './run-views';
import type { Cell, ViewTable } from './tables';
import { buildWorkbook } from './workbook';

export type { ExportedFile };

export type ExportView = { kind: 'village' } | { kind: 'dashboard'; id: Dashboard['id'] } | { kind: 'report' } | { kind: 'outcomes'; area?: string };
export type ExportFormat = 'xlsx' | 'csv' | 'html';

/** What a stored run published: all an export of it is made from. */
export interface PublishedRun {
  readonly summary: Pick<RecipeRunSummary, 'runId' | 'finishedAt'>;
  readonly village: VillageJson;
  readonly dashboards: readonly Dashboard[];
}

function aboutDashboard(run: PublishedRun, dashboard: Dashboard): ViewTable {
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

function dashboardWorkbook(run: PublishedRun, dashboard: Dashboard): Uint8Array {
  const workbook = XLSX.utils.book_new();
  const taken = new Set<string>();
  const about = aboutDashboard(run, dashboard);
  XLSX.utils.book_append_sheet(workbook, sheetOf(about), sheetName(about.name, taken));
  for (const chart of dashboard.charts) XLSX.utils.book_append_sheet(workbook, sheetOf(chartTable(chart)), sheetName(chart.shortTitle ?? chart.title, taken));
  return workbookBytes(workbook);
}

function dashboardCsv(dashboard: Dashboard): string {
  const rows: Cell[][] = dashboard.charts.flatMap((chart) =>
    chart.series.flatMap((series) => chart.categories.map((category, index): Cell[] => [chart.title, category, series.name, chart.unit, series.values[index] ?? series.display[index] ?? ''])),
  );
  return toCsv({ name: dashboard.title, header: ['Chart', 'Category', 'Series', 'Unit', 'Value'], rows });
}


export function exportView(run: PublishedRun, view: ExportView, format: ExportFormat): ExportedFile {
  const stem = run.summary.runId.slice(0, 12);
  if (view.kind === 'village') {
    if (format === 'xlsx') return exportedFile(`village-${stem}.xlsx`, XLSX_TYPE, workbookBytes(buildWorkbook(run.village)));
    if (format === 'csv') return exportedFile(`village-${stem}.csv`, 'text/csv', utf8(toCsv(areaMeasureTable(run.village))));
  } else if (view.kind === 'dashboard') {
    const dashboard = run.dashboards.find((entry) => entry.id === view.id);
    if (dashboard === undefined) throw new EngineError(`The run ${run.summary.runId} has no ${view.id} dashboard`, 'invalid-request');
    if (format === 'xlsx') return exportedFile(`${dashboard.id}-${stem}.xlsx`, XLSX_TYPE, dashboardWorkbook(run, dashboard));
    if (format === 'csv') return exportedFile(`${dashboard.id}-${stem}.csv`, 'text/csv', utf8(dashboardCsv(dashboard)));
  } else if (view.kind === 'outcomes') {
    const page = view.area === undefined ? 'outcomes-city' : `outcomes-${view.area.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    if (format === 'xlsx') {
      const workbook = XLSX.utils.book_new();
      const taken = new Set<string>();
      for (const table of outcomesViews(run.village, view.area)) XLSX.utils.book_append_sheet(workbook, sheetOf(table), sheetName(table.name, taken));
      return exportedFile(`${page}-${stem}.xlsx`, XLSX_TYPE, workbookBytes(workbook));
    }
    if (format === 'html') return exportedFile(`${page}-${stem}.html`, 'text/html', utf8(renderOutcomesPage(run.village, view.area, REPORT_STYLE)));
  } else if (format === 'html') {
    return exportedFile(`report-${stem}.html`, 'text/html', utf8(renderReport(run.village)));
  }
  throw new EngineError(`The ${view.kind} view cannot be exported as ${format}: village and dashboards export as xlsx or csv, outcomes pages as xlsx or html, the report as html`, 'invalid-request');
}
