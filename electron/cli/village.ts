import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { JobStatus, RequestOf, TableSummary } from '../../shared/api';
import type { Result } from '../../shared/result';
import { describeDateOrder, describeScreenedColumn } from '../../shared/personal-data-screening';
import type { AddSpecificationResult, SpecificationOrigin } from '../../shared/api';
import { isSpecificationPath, type Specification } from '../../shared/spec';
import { specificationFromTableSchema, tableSchemaFromSpecification, TableSchemaError } from '../../shared/table-schema';
import { SpecificationCatalog, SpecificationNotFoundError } from '../engine/specs/catalog';
import { readJsonFile, SpecificationFileError, specificationFromJson } from '../engine/specs/spec-file';
import { createEngine, type Engine } from '../engine/engine';
import { anyFilePolicy } from '../engine/file-access';
import { defaultWorkspaceFolder } from '../engine/workspace/location';
import { openWorkspace } from '../engine/workspace/workspace';
import { KeyCommandError, runKeyCommand } from './key-command';
import { ProgressBar } from './progress';
import { runCommand } from './run-command';
import { runValidate } from './validate';

/**
 * `village`: the engine without a window, for scripts, CI and anyone who prefers a terminal. It calls the
 * same validated API the window uses, so a command-line import is exactly a window import.
 */

const usage = `Usage: npm run village -- <command> [options]

Commands:
  import <file> [--sheet S] [--table T]   import a .csv/.tsv/.txt or a workbook's sheet into the workspace as it is
  import <file> --spec ID|FILE [--sheet S] [--mapping M.json] [--table T]
                                          import a .csv or workbook against a data-sharing specification:
                                          typed columns, identifiers pseudonymised, findings kept;
                                          --spec takes an id (bundled or workspace) or a .json file
         [--header-row N]                 either import: row N (1-based, as Excel numbers rows, at most 100)
                                          holds the column titles, instead of the detected header row
  validate <file> --spec ID|FILE [--sheet S] [--header-row N] [--mapping M.json] --out DIR
                                          check a file against a specification without importing it;
                                          writes validation.json, validation-safe.csv, validation-safe.xlsx;
                                          exit 0 valid, 1 invalid, 2 unusable file
  run <recipe> --out DIR [--workspace W]  the main job: import every source of a recipe, link, build the
                                          villages and indicators, suppress small numbers, and write
                                          village.json, village.xlsx, report.html and validation reports
  specs                                   list the specifications (id, version, bundled or workspace)
  specs add FILE                          keep a specification file in the workspace; an id already there
                                          needs a new version (what changed is listed)
  specs import-table-schema FILE --out SPEC.json [--resource R] [--id ID] [--agency A]
                                          a Frictionless Table Schema (or a Data Package's resource R)
                                          as a specification file
  specs export ID|FILE --format table-schema --out FILE
                                          a specification as a Frictionless Table Schema
  key export --out FILE [--label TEXT]    write the workspace's pseudonymisation key for a partner who agreed
                                          to link on the same key (owner-only file; keep it secret)
  key import FILE                         use a partner's key; only in a workspace with no imports yet
  tables                                  list the workspace's tables with row counts and sources

Options:
  --workspace DIR   workspace folder (default: ${defaultWorkspaceFolder()})
  --help            show this help`;

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new CliError(result.error.message, result.error.code === 'unusable-file' ? 2 : 1);
  return result.value;
}


/** Reads a saved column mapping (`{ specId, columns: [{ sourceLabel, field }] }`) from a JSON file. */
export function readMappingFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`The mapping file ${path.basename(file)} cannot be read as JSON: ${(error as Error).message.split('\n')[0] ?? ''}`, 2);
  }
}

interface ImportArguments {
  readonly sheet: string | undefined;
  readonly table: string | undefined;
  readonly spec: string | undefined;
  readonly mapping: string | undefined;
  readonly headerRow: string | undefined;
}

/** `--header-row` as a whole number; the engine checks the range and the row itself. */
export function parseHeaderRow(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new CliError(`--header-row needs a row number such as 3, not "${text}"`, 2);
  return Number(text.trim());
}

async function runImport(engine: Engine, file: string, { sheet, table, spec, mapping, headerRow }: ImportArguments): Promise<void> {
  const headerRowNumber = parseHeaderRow(headerRow);
  const { jobId } = unwrap(await engine.call('startImport', {
    path: file,
    ...(sheet === undefined ? {} : { sheet }),
    ...(headerRowNumber === undefined ? {} : { headerRow: headerRowNumber }),
    ...(table === undefined ? {} : { tableName: table }),
    ...(spec === undefined ? {} : isSpecificationPath(spec) ? { specPath: path.resolve(spec) } : { specId: spec }),
    ...(mapping === undefined ? {} : { mapping: readMappingFile(mapping) as RequestOf<'startImport'>['mapping'] }),
  }));
  const bar = new ProgressBar();
  const cancel = (): void => void engine.call('cancelJob', { jobId });
  process.once('SIGINT', cancel);
  let status: JobStatus;
  for (;;) {
    status = unwrap(await engine.call('getJob', { jobId }));
    bar.update(status.progress);
    if (status.state !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  bar.finish();
  process.removeListener('SIGINT', cancel);
  if (status.kind !== 'import' || status.state !== 'succeeded' || status.result === null) {
    const code = status.error?.code === 'unusable-file' ? 2 : 1;
    throw new CliError(status.error?.message ?? `The import ended ${status.state}`, code);
  }
  const { table: imported, provenance, validation, personalData, dateOrder } = status.result;
  process.stdout.write(
    `Imported ${provenance.rowsImported.toLocaleString('en-GB')} rows from ${provenance.fileName} into table ${imported} (sha256 ${provenance.sha256.slice(0, 12)}…)\n`,
  );
  if (personalData !== undefined && personalData.length > 0) {
    process.stdout.write(`Personal data found and protected (no specification, so every column was screened):\n${personalData.map((column) => `  ${describeScreenedColumn(column)}\n`).join('')}`);
  }
  const dates = describeDateOrder(dateOrder);
  if (dates !== null) process.stdout.write(`${dates}\n`);
  if (validation !== undefined) {
    process.stdout.write(
      `Checked against ${validation.specId}${validation.specVersion === undefined ? '' : ` ${validation.specVersion}`}: ${validation.valid ? 'valid' : 'not valid'}, ${validation.errors.toLocaleString('en-GB')} errors, ${validation.warnings.toLocaleString('en-GB')} warnings (import ${validation.importId})\n`,
    );
  }
}

function formatTables(tables: TableSummary[]): string {
  if (tables.length === 0) return 'The workspace has no tables yet. Import one with: npm run village -- import <file>\n';
  const rows = tables.map((table) => [
    table.name,
    table.kind,
    table.rowCount.toLocaleString('en-GB'),
    String(table.columns.length),
    table.provenance ? `${table.provenance.fileName} (${table.provenance.importedAt})` : '',
  ]);
  const header = ['table', 'kind', 'rows', 'columns', 'source'];
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: string[]): string => cells.map((cell, index) => (index === 2 || index === 3 ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!))).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function formatSpecifications(specifications: readonly Specification[], origins: readonly SpecificationOrigin[]): string {
  const width = Math.max(...specifications.map((spec) => spec.id.length));
  const lines = specifications.map((spec, index) => {
    const origin = origins[index];
    const where = origin?.origin === 'workspace' ? `workspace${origin.replacesBundledVersion === null ? '' : `, replaces bundled ${origin.replacesBundledVersion}`}` : 'bundled';
    return `${spec.id.padEnd(width)}  ${`version ${spec.version}`.padEnd(14)}  ${where.padEnd(9)}  ${spec.title} (${spec.agency})`;
  });
  return `${lines.join('\n')}\n`;
}

export function formatAddedSpecification(added: AddSpecificationResult): string {
  if (added.outcome === 'unchanged') return `Specification ${added.specId} version ${added.version} is already in the workspace, unchanged.\n`;
  if (added.outcome === 'added') return `Added specification ${added.specId} version ${added.version} to the workspace (${added.file}).\n`;
  return (
    `Added specification ${added.specId} version ${added.version}, replacing version ${added.previousVersion ?? '?'} (kept in the workspace). What changed:\n` +
    added.changes.map((change) => `  ${change}\n`).join('')
  );
}

interface SpecsOptions {
  readonly out: string | undefined;
  readonly format: string | undefined;
  readonly resource: string | undefined;
  readonly id: string | undefined;
  readonly agency: string | undefined;
  readonly workspaceFolder: string;
}

/** Writes a JSON file the user asked for, refusing to overwrite one, through a temporary file and a rename. */
function writeJsonOut(out: string, json: unknown): void {
  if (fs.existsSync(out)) throw new CliError(`${out} already exists; choose a new file name`, 2);
  const temporary = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(json, null, 2)}\n`, 'utf8');
  fs.renameSync(temporary, out);
}

/** `specs import-table-schema` and `specs export`: Frictionless Table Schema in and out, without opening the workspace database. */
function runTableSchemaCommand(action: string, file: string | undefined, options: SpecsOptions): void {
  if (file === undefined || options.out === undefined) throw new CliError(`specs ${action} needs a file and --out FILE`, 2);
  const out = path.resolve(options.out);
  try {
    if (action === 'import-table-schema') {
      const { specification, notes } = specificationFromTableSchema(readJsonFile(path.resolve(file), 'Table Schema'), {
        ...(options.resource === undefined ? {} : { resource: options.resource }),
        ...(options.id === undefined ? {} : { id: options.id }),
        ...(options.agency === undefined ? {} : { agency: options.agency }),
      });
      const spec = specificationFromJson(specification, file);
      writeJsonOut(out, spec);
      process.stdout.write(`Wrote specification ${spec.id} version ${spec.version} (${spec.fields.length} fields) to ${out}\n${notes.map((note) => `  note: ${note}\n`).join('')}`);
      return;
    }
    if (options.format !== 'table-schema') throw new CliError('specs export needs --format table-schema', 2);
    const spec = new SpecificationCatalog(options.workspaceFolder).resolve(file).spec;
    writeJsonOut(out, tableSchemaFromSpecification(spec));
    process.stdout.write(`Wrote specification ${spec.id} version ${spec.version} as a Table Schema to ${out}\n`);
  } catch (error) {
    if (error instanceof SpecificationFileError || error instanceof TableSchemaError || error instanceof SpecificationNotFoundError) throw new CliError(error.message, 2);
    throw error;
  }
}

async function runSpecs(engine: Engine, rest: readonly string[]): Promise<void> {
  const [action, file] = rest;
  if (action === undefined || action === 'list') {
    const listed = unwrap(await engine.call('listSpecifications', {}));
    process.stdout.write(formatSpecifications(listed.specifications, listed.origins));
    return;
  }
  if (action === 'add') {
    if (file === undefined || rest.length !== 2) throw new CliError('specs add needs one specification file: npm run village -- specs add FILE', 2);
    process.stdout.write(formatAddedSpecification(unwrap(await engine.call('addSpecification', { path: path.resolve(file) }))));
    return;
  }
  throw new CliError(`Unknown specs action "${action}": use specs, specs add FILE, specs import-table-schema FILE --out F, specs export ID --format table-schema --out F`, 2);
}

/** The options each command uses. */
const OPTIONS_OF: Readonly<Record<string, readonly string[]>> = {
  import: ['workspace', 'sheet', 'table', 'spec', 'mapping', 'header-row'],
  validate: ['workspace', 'spec', 'out', 'sheet', 'header-row', 'mapping'],
  tables: ['workspace'],
  specs: ['workspace', 'out', 'format', 'resource', 'id', 'agency'],
  key: ['workspace', 'out', 'label'],
};

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'run') return runCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' },
      sheet: { type: 'string' },
      table: { type: 'string' },
      spec: { type: 'string' },
      mapping: { type: 'string' },
      'header-row': { type: 'string' },
      out: { type: 'string' },
      label: { type: 'string' },
      format: { type: 'string' },
      resource: { type: 'string' },
      id: { type: 'string' },
      agency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${usage}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  const allowed = OPTIONS_OF[command];
  if (allowed === undefined) throw new CliError(`Unknown command "${command}".\n\n${usage}`, 2);
  // Every option a command accepts is one it uses: anything else is refused rather than silently ignored.
  const unused = Object.keys(values).filter((name) => name !== 'help' && !allowed.includes(name));
  if (unused.length > 0) throw new CliError(`${command} does not take ${unused.map((name) => `--${name}`).join(', ')}.\n\n${usage}`, 2);
  if (command === 'import' && rest.length !== 1) throw new CliError('import needs exactly one file: npm run village -- import <file> --workspace <dir>', 2);
  if (command === 'validate') {
    if (rest.length !== 1 || values.spec === undefined || values.out === undefined) {
      throw new CliError('validate needs one file, a specification and an output folder: npm run village -- validate <file> --spec <id> --out <dir>', 2);
    }
    return runValidate({
      file: rest[0]!,
      specId: values.spec,
      out: values.out,
      sheet: values.sheet,
      headerRow: parseHeaderRow(values['header-row']),
      workspaceFolder: path.resolve(values.workspace ?? defaultWorkspaceFolder()),
      mapping: values.mapping === undefined ? undefined : readMappingFile(values.mapping),
    });
  }

  if (command === 'specs' && (rest[0] === 'import-table-schema' || rest[0] === 'export')) {
    runTableSchemaCommand(rest[0], rest[1], {
      out: values.out,
      format: values.format,
      resource: values.resource,
      id: values.id,
      agency: values.agency,
      workspaceFolder: path.resolve(values.workspace ?? defaultWorkspaceFolder()),
    });
    return 0;
  }

  const workspace = await openWorkspace({ location: values.workspace ?? defaultWorkspaceFolder() });
  const engine = createEngine(workspace, anyFilePolicy());
  try {
    if (command === 'key') {
      const output = { stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(text) };
      await runKeyCommand(workspace, { action: rest[0], file: rest[1], out: values.out, label: values.label }, output).catch((error: unknown) => {
        throw error instanceof KeyCommandError ? new CliError(error.message, error.exitCode) : error;
      });
    } else if (command === 'import') await runImport(engine, rest[0]!, { sheet: values.sheet, table: values.table, spec: values.spec, mapping: values.mapping, headerRow: values['header-row'] });
    else if (command === 'specs') await runSpecs(engine, rest);
    else process.stdout.write(formatTables(unwrap(await engine.call('listTables', {})).tables));
    return 0;
  } finally {
    await engine.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const exitCode = error instanceof CliError ? error.exitCode : 1;
    process.stderr.write(`village: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(exitCode);
  },
);
