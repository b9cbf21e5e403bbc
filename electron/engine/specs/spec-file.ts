/**
 * A specification the user keeps in a file of their own: read, parsed and checked, with every problem named
 * by its JSON path and rule so that a data-sharing lead can fix the file without reading code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkSpecification, type Specification, type SpecificationProblem } from '../../../shared/spec';
import { EngineError } from '../errors';

export class SpecificationFileError extends EngineError {
  constructor(
    readonly file: string,
    readonly problems: readonly SpecificationProblem[],
    summary?: string,
  ) {
    super(
      summary ??
        `The specification file ${path.basename(file)} is not a valid specification (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
          problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n'),
      'unusable-file',
      { reason: 'invalid-specification', problems },
    );
  }
}

/** Parses JSON already read from `file` as a specification; throws SpecificationFileError listing every problem. */
export function specificationFromJson(json: unknown, file: string): Specification {
  const checked = checkSpecification(json);
  if (!checked.ok) throw new SpecificationFileError(file, checked.problems);
  return checked.spec;
}

/** Reads the JSON text of a file the user chose, or throws SpecificationFileError saying why it cannot be read. */
export function readJsonFile(file: string, what = 'specification file'): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SpecificationFileError(file, [], `The ${what} ${path.basename(file)} cannot be read (${code}): ${file}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'not JSON';
    throw new SpecificationFileError(file, [{ path: '(the whole file)', message: reason }], `The ${what} ${path.basename(file)} is not valid JSON: ${reason}`);
  }
}

export function readSpecificationFile(file: string): Specification {
  return specificationFromJson(readJsonFile(file), file);
}
