/**
 * A specification the user keeps in a file of their own: read, parsed and checked, with every problem named
 * so that a data-sharing lead can fix the file without reading code — the line and column where its JSON
 * breaks, or each rule it fails by JSON path. The command line, a recipe run, the Import screen and the
 * Specifications screen all read specification files here, so each says the same thing about a bad file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkSpecification, type Specification, type SpecificationProblem } from '../../../shared/spec';
import { EngineError } from '../errors';

/** Where a file's JSON stops being JSON, 1-based as an editor shows it. */
export interface JsonPosition {
  readonly line: number;
  readonly column: number;
}

export class SpecificationFileError extends EngineError {
  constructor(
    readonly file: string,
    readonly problems: readonly SpecificationProblem[],
    summary?: string,
    readonly position?: JsonPosition,
  ) {
    super(
      summary ??
        `The specification file ${path.basename(file)} is not a valid specification (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
          problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n'),
      'unusable-file',
      { reason: 'invalid-specification', problems, ...(position === undefined ? {} : { position }) },
    );
  }
}

/** Parses JSON already read from `file` as a specification; throws SpecificationFileError listing every problem. */
export function specificationFromJson(json: unknown, file: string): Specification {
  const checked = checkSpecification(json);
  if (!checked.ok) throw new SpecificationFileError(file, checked.problems);
  return checked.spec;
}

/** The line and column of a character offset in `text`. */
function positionIn(text: string, offset: number): JsonPosition {
  const before = text.slice(0, Math.min(offset, text.length)).split(/\r\n|\r|\n/);
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** The JSON in a file's text (a byte-order mark is ignored), or SpecificationFileError naming the line and column where it breaks. */
export function parseJsonText(text: string, file: string, what = 'specification file'): unknown {
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'not JSON';
    const offset = /at position (\d+)/.exec(message)?.[1];
    const position = positionIn(json, offset === undefined ? json.length : Number(offset));
    const reason = message.replace(/ in JSON at position \d+.*$/, '');
    throw new SpecificationFileError(
      file,
      [{ path: '(the whole file)', message: reason }],
      `The ${what} ${path.basename(file)} is not valid JSON at line ${position.line}, column ${position.column}: ${reason}`,
      position,
    );
  }
}

function readBytes(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SpecificationFileError(file, [], `The ${what} ${path.basename(file)} cannot be read (${code}): ${file}`);
  }
}

/** Reads the JSON text of a file the user chose, or throws SpecificationFileError saying why it cannot be read. */
export function readJsonFile(file: string, what = 'specification file'): unknown {
  return parseJsonText(readBytes(file, what).toString('utf8'), file, what);
}

/** A specification file with the SHA-256 of the bytes it was read from (the editor reports it). */
export function readSpecificationFileWithHash(file: string): { readonly spec: Specification; readonly sha256: string } {
  const bytes = readBytes(file, 'specification file');
  return { spec: specificationFromJson(parseJsonText(bytes.toString('utf8'), file), file), sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function readSpecificationFile(file: string): Specification {
  return specificationFromJson(readJsonFile(file), file);
}
