/**
 * The bench's inputs, generated into bench/inputs/ (git-ignored) when missing and reused when present: the
 * synthetic N-row workbook (bench/xlsx/synthetic-xlsx.ts), the same rows as CSV, and the synthetic city
 * from the samples generator. Every generator is seeded, so a reused input is the input a fresh run makes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { readXlsxRows } from '../electron/engine/xlsx/stream-reader';
import type { RawCell } from '../electron/engine/tabular/raw';
import { quoteCsvText } from '../shared/safe-text';
import { SYNTHETIC_COLUMNS, writeSyntheticXlsx } from './xlsx/synthetic-xlsx';

export const BENCH_FOLDER = import.meta.dirname;
export const REPOSITORY_ROOT = path.resolve(BENCH_FOLDER, '..');
export const INPUT_FOLDER = path.join(BENCH_FOLDER, 'inputs');
export const SAMPLES_SEED = 7;

/** Writes through a `.partial` file and renames it into place, so an interrupted run never leaves half an input. */
async function writeOnce(filePath: string, write: (partialPath: string) => Promise<void>): Promise<string> {
  if (fs.existsSync(filePath)) return filePath;
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const partial = `${filePath}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  const started = performance.now();
  await write(partial);
  fs.renameSync(partial, filePath);
  console.error(`  wrote ${path.relative(REPOSITORY_ROOT, filePath)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return filePath;
}

/** The synthetic workbook; the name matches bench/xlsx/reader-bench.ts, so both benches share it. */
export function syntheticXlsx(rows: number): Promise<string> {
  return writeOnce(path.join(INPUT_FOLDER, `synthetic-${rows}.xlsx`), (partial) => writeSyntheticXlsx(partial, { rows }));
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;

/** The one date-time column: written as a timestamp even when its serial happens to fall on midnight. */
const TIMESTAMP_COLUMN = SYNTHETIC_COLUMNS.indexOf('referral_time');

/** Dates as a UK partner's CSV writes them (dd/mm/yyyy); date-times as ISO text, which DuckDB reads as timestamps. */
function excelSerialText(serial: number, isTimestamp: boolean): string {
  const iso = new Date(EXCEL_EPOCH_MS + Math.round(serial * MS_PER_DAY)).toISOString();
  return isTimestamp ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function csvField(cell: RawCell, column: number): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return quoteCsvText(cell);
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return cell.kind === 'date' ? excelSerialText(cell.serial, column === TIMESTAMP_COLUMN) : cell.code;
}

/** The same rows as the synthetic workbook, as a UTF-8 CSV: both imports then load identical data. */
export async function syntheticCsv(rows: number): Promise<string> {
  const workbook = await syntheticXlsx(rows);
  return writeOnce(path.join(INPUT_FOLDER, `synthetic-${rows}.csv`), async (partial) => {
    const output = fs.createWriteStream(partial);
    for await (const batch of readXlsxRows(workbook)) {
      const text = batch.map((row) => `${row.cells.map((cell, column) => csvField(cell, column)).join(',')}\n`).join('');
      if (!output.write(text)) await once(output, 'drain');
    }
    output.end();
    await once(output, 'close');
  });
}

export const SAMPLES_RECIPE = path.join(REPOSITORY_ROOT, 'samples', 'birmingham.recipe.json');

/**
 * The whole synthetic city from `npm run samples` at the given scale (about 450,000 people at scale 1), with
 * the samples' recipe copied beside the extracts (its file names are relative to its folder). The recipe is
 * copied on every run, so the bench always runs the recipe as it is now.
 */
export async function syntheticCityWithRecipe(scale: number): Promise<string> {
  const folder = await writeOnce(path.join(INPUT_FOLDER, `city-scale-${scale}-seed-${SAMPLES_SEED}`), async (partial) => {
    execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'samples/generator/cli.ts'), '--scale', String(scale), '--seed', String(SAMPLES_SEED), '--out', partial],
      { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  });
  fs.copyFileSync(SAMPLES_RECIPE, path.join(folder, path.basename(SAMPLES_RECIPE)));
  // The specification files the recipe names by path, beside it.
  const samples = path.dirname(SAMPLES_RECIPE);
  for (const name of fs.readdirSync(samples).filter((file) => file.endsWith('.spec.json'))) fs.copyFileSync(path.join(samples, name), path.join(folder, name));
  return folder;
}
