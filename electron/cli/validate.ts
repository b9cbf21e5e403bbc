/**
 * `village validate`: checks a partner's file against a data-sharing specification without importing it,
 * and writes the three reports a data-sharing lead sends back (JSON for tools, CSV and XLSX safe to open in
 * Excel). Reports name cells and rules, never values, so they can go back to the partner as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { columnMappingSchema } from '../../shared/spec';
import { sha256OfFile } from '../engine/tabular/source-file';
import { validateFile } from '../engine/validate/validate-file';
import { SpecificationCatalog, SpecificationNotFoundError } from '../engine/specs/catalog';
import { SpecificationFileError } from '../engine/specs/spec-file';
import { ImportCancelledError, UnusableFileError } from '../engine/tabular/raw';
import { writeReportJson, writeSafeReportCsv, writeSafeReportXlsx } from '../engine/outputs/validation-reports';

export const VALIDATION_REPORT_FILES = { json: 'validation.json', csv: 'validation-safe.csv', xlsx: 'validation-safe.xlsx' } as const;

export interface ValidateCommand {
  readonly file: string;
  /** A specification id (bundled, or kept in `workspaceFolder`) or a specification file's path. */
  readonly specId: string;
  readonly out: string;
  readonly sheet?: string | undefined;
  /** The row of column titles (1-based), used instead of the detected header. */
  readonly headerRow?: number | undefined;
  /** The workspace whose own specifications an id may name; without it, only the bundled ones. */
  readonly workspaceFolder?: string | undefined;
  readonly mapping?: unknown;
  readonly today?: string;
}

/** Exit codes: 0 valid, 1 invalid, 2 the file (or the request) cannot be used. */
export async function runValidate(
  command: ValidateCommand,
  stdout: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
  stderr: Pick<NodeJS.WritableStream, 'write'> = process.stderr,
): Promise<number> {
  const refuse = (message: string): number => {
    stderr.write(`village: ${message}\n`);
    return 2;
  };
  let spec;
  try {
    spec = new SpecificationCatalog(command.workspaceFolder ?? null).resolve(command.specId).spec;
  } catch (error) {
    if (error instanceof SpecificationNotFoundError || error instanceof SpecificationFileError) return refuse(error.message);
    throw error;
  }
  const mapping = command.mapping === undefined ? undefined : columnMappingSchema.safeParse(command.mapping);
  if (mapping !== undefined && !mapping.success) return refuse('The mapping file is not a column mapping ({ specId, columns: [{ sourceLabel, field }] })');
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  try {
    const validated = await validateFile({
      path: command.file,
      spec,
      ...(command.sheet === undefined ? {} : { sheet: command.sheet }),
      ...(command.headerRow === undefined ? {} : { headerRow: command.headerRow }),
      ...(mapping === undefined ? {} : { mapping: mapping.data }),
      ...(command.today === undefined ? {} : { today: command.today }),
      signal: controller.signal,
    });
    const { report } = validated;
    fs.mkdirSync(command.out, { recursive: true });
    await writeReportJson(report, path.join(command.out, VALIDATION_REPORT_FILES.json));
    const source = { fileName: validated.facts.fileName, sha256: await sha256OfFile(command.file, controller.signal) };
    await writeSafeReportCsv(report, source, path.join(command.out, VALIDATION_REPORT_FILES.csv));
    await writeSafeReportXlsx(report, source, path.join(command.out, VALIDATION_REPORT_FILES.xlsx));
    const { totals } = report;
    stdout.write(
      `${validated.facts.fileName} (${validated.sheet}) against ${spec.id} ${spec.version}: ${report.valid ? 'valid' : 'NOT VALID'}: ` +
        `${totals.rowsChecked.toLocaleString('en-GB')} rows checked, ${totals.errors.toLocaleString('en-GB')} errors, ` +
        `${totals.warnings.toLocaleString('en-GB')} warnings, ${totals.rowsDropped.toLocaleString('en-GB')} rows left out; reports in ${command.out}\n`,
    );
    for (const rule of spec.rules) {
      if (rule.kind === 'exists-in') stdout.write(`Rule ${rule.id} compares ${rule.field} with the extract of specification ${rule.table.spec}; it is checked when a recipe run imports both.\n`);
    }
    return report.valid ? 0 : 1;
  } catch (error) {
    if (error instanceof UnusableFileError || error instanceof ImportCancelledError) return refuse(error.message);
    throw error;
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}
