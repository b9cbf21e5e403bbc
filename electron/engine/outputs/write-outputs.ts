/**
 * Writes a run's outputs into one folder and records the export in the workspace's audit trail with the
 * SHA-256 of every file written:
 *   village.json, village.xlsx, report.html, validation/<source>.json and validation/<source>.csv
 * Files are written under temporary names and renamed into place, so a folder never holds half an output.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImportedSource } from '../../../shared/imported-source';
import { validationReportFiles, type VillageJson } from '../../../shared/village';
import { writeReportJson, writeSafeReportCsv } from './validation-reports';
import { recordAudit, type Workspace } from '../workspace';
import { renderReport } from './report-html';
import { writeVillageWorkbook } from './workbook';

export interface WrittenFile {
  /** Path relative to the output folder, with forward slashes. */
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

async function finish(outDir: string, relative: string, write: (temporary: string) => Promise<void>): Promise<WrittenFile> {
  const target = path.join(outDir, relative);
  const temporary = `${target}.partial`;
  await mkdir(path.dirname(target), { recursive: true });
  await write(temporary);
  await rename(temporary, target);
  const bytes = await readFile(target);
  return { file: relative.split(path.sep).join('/'), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** `villageText` is serialiseVillageJson(village): the same text is stored with the run. */
export async function writeOutputs(
  village: VillageJson,
  villageText: string,
  imports: readonly ImportedSource[],
  outDir: string,
  workspace?: Workspace,
): Promise<WrittenFile[]> {
  await mkdir(outDir, { recursive: true });
  const written: WrittenFile[] = [];
  for (const source of imports) {
    if (source.report === null) continue;
    const report = source.report;
    const files = validationReportFiles(source.id);
    written.push(await finish(outDir, files.json, (file) => writeReportJson(report, file)));
    written.push(await finish(outDir, files.csv, (file) => writeSafeReportCsv(report, source.provenance, file)));
  }
  written.push(await finish(outDir, 'village.json', (file) => writeFile(file, villageText, 'utf8')));
  written.push(await finish(outDir, 'village.xlsx', (file) => writeVillageWorkbook(village, file)));
  written.push(await finish(outDir, 'report.html', (file) => writeFile(file, renderReport(village), 'utf8')));
  if (workspace !== undefined) {
    await recordAudit(workspace.connection, {
      action: 'export',
      outcome: 'succeeded',
      subject: village.title,
      detail: {
        recipe: village.recipe,
        folder: path.resolve(outDir),
        files: written,
        sources: village.sources.map((source) => ({ id: source.id, sha256: source.sha256 })),
        areas: village.areas.length,
        indicators: village.indicators.length,
      },
    });
  }
  return written;
}
