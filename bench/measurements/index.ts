import type { Measurement } from '../protocol';
import { readCsvWithDuckDb } from './csv-duckdb';
import { importPlainFile, importWithBenchSpecification, validateWithBenchSpecification } from './engine-import';
import { pageThroughGrid } from './grid-paging';
import { measureRendererMemory } from './renderer-memory';
import { parseWithSheetJs, readWithExcelJs, readWithPandas, readWithStreamReader } from './xlsx-readers';

/** Every measurement a child process can run, by the name the orchestrator passes it. */
export const MEASUREMENTS = {
  'xlsx-import': importWithBenchSpecification,
  'xlsx-sheetjs': parseWithSheetJs,
  'xlsx-exceljs': readWithExcelJs,
  'xlsx-stream-reader': readWithStreamReader,
  'xlsx-validate': validateWithBenchSpecification,
  'xlsx-pandas': readWithPandas,
  'csv-import': importPlainFile,
  'csv-spec-import': importWithBenchSpecification,
  'csv-duckdb': readCsvWithDuckDb,
  'grid-paging': pageThroughGrid,
  'renderer-memory': measureRendererMemory,
} satisfies Record<string, Measurement>;

export type MeasurementName = keyof typeof MEASUREMENTS;

export function isMeasurementName(name: string): name is MeasurementName {
  return Object.prototype.hasOwnProperty.call(MEASUREMENTS, name);
}
