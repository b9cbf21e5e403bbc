import type { Measurement } from '../protocol';

/**
 * Every measurement a child process can run, by the name the orchestrator passes it. Modules are loaded on
 * demand, so a child holds only its own measurement's code (a SheetJS child never loads DuckDB or
 * Chromium's driver) and its peak RSS is its own.
 */
export const MEASUREMENTS = {
  'xlsx-import': async () => (await import('./engine-import')).importPlainFile,
  'xlsx-spec-import': async () => (await import('./engine-import')).importWithBenchSpecification,
  'xlsx-sheetjs': async () => (await import('./xlsx-readers')).parseWithSheetJs,
  'xlsx-exceljs': async () => (await import('./xlsx-readers')).readWithExcelJs,
  'xlsx-stream-reader': async () => (await import('./xlsx-readers')).readWithStreamReader,
  'xlsx-validate': async () => (await import('./engine-import')).validateWithBenchSpecification,
  'xlsx-pandas': async () => (await import('./xlsx-readers')).readWithPandas,
  'csv-import': async () => (await import('./engine-import')).importPlainFile,
  'csv-spec-import': async () => (await import('./engine-import')).importWithBenchSpecification,
  'csv-duckdb': async () => (await import('./csv-duckdb')).readCsvWithDuckDb,
  recipe: async () => (await import('./recipe-run')).runWholeRecipe,
  'grid-paging': async () => (await import('./grid-paging')).pageThroughGrid,
  'renderer-memory': async () => (await import('./renderer-memory')).measureRendererMemory,
} satisfies Record<string, () => Promise<Measurement>>;

export type MeasurementName = keyof typeof MEASUREMENTS;

export function isMeasurementName(name: string): name is MeasurementName {
  return Object.prototype.hasOwnProperty.call(MEASUREMENTS, name);
}
