/**
 * The Specifications screen's files: opening a specification the user chose to edit it, and saving one
 * where the save dialog chose, exactly as recipes are saved — checked with parseSpecification first, then
 * written to a temporary file beside the target and renamed over it, so the target is the old file or the
 * whole new one, never half written.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseSpecification, type Specification } from '../../../shared/spec';
import { diffSpecifications, type SpecChange } from '../../../shared/spec-diff';
import { writeTextAtomically } from '../atomic-write';
import { EngineError } from '../errors';
import { FileAccessDeniedError, type FileAccessPolicy } from '../file-access';

/** A specification file that cannot be used as asked; the message names the file and every problem. */
export class SpecificationFileError extends EngineError {
  constructor(message: string) {
    super(message, 'invalid-request');
  }
}

export interface SpecificationFile {
  readonly path: string;
  readonly specification: Specification;
  readonly sha256: string;
}

function parseNamed(json: unknown, name: string): Specification {
  try {
    return parseSpecification(json);
  } catch (error) {
    throw new SpecificationFileError(`${name} is not a usable specification: ${(error as Error).message.replace(/^Invalid specification:\n/, '')}`);
  }
}

/** Reads and checks a specification file the user chose (open dialog, or a folder the host was started with). */
export function readSpecificationFile(filePath: string, fileAccess: FileAccessPolicy): SpecificationFile {
  const resolved = path.resolve(filePath);
  const name = path.basename(resolved);
  if (!fileAccess.allows(resolved)) throw new FileAccessDeniedError(resolved);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(resolved);
  } catch (error) {
    throw new SpecificationFileError(`The specification ${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new SpecificationFileError(`The specification ${name} is not valid JSON: ${(error as Error).message}`);
  }
  return { path: resolved, specification: parseNamed(json, name), sha256: createHash('sha256').update(bytes).digest('hex') };
}

export interface SavedSpecification {
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  /** When the save replaced an earlier version of the same specification (same id): its version and what changed. */
  readonly replaced: { readonly version: string; readonly changes: SpecChange[] } | null;
}

/** The specification already at `resolved`, if it is a readable one; anything else there is simply replaced. */
function previousVersion(resolved: string): Specification | null {
  try {
    return parseSpecification(JSON.parse(fs.readFileSync(resolved, 'utf8')));
  } catch {
    return null;
  }
}

export function saveSpecificationFile(filePath: string, specification: unknown, fileAccess: FileAccessPolicy): SavedSpecification {
  const resolved = path.resolve(filePath);
  const name = path.basename(resolved);
  if (path.extname(resolved).toLowerCase() !== '.json') throw new SpecificationFileError(`A specification is saved as a .json file, not ${name}`);
  if (!fileAccess.allowsSave(resolved)) throw new FileAccessDeniedError(resolved, 'save');
  const checked = parseNamed(specification, name);
  const previous = previousVersion(resolved);
  const text = `${JSON.stringify(checked, null, 2)}\n`;
  try {
    writeTextAtomically(resolved, text);
  } catch (error) {
    throw new SpecificationFileError(`The specification could not be saved as ${name} (${(error as NodeJS.ErrnoException).code ?? 'unwritable'}); nothing was changed`);
  }
  // The saved file can be opened (and used to validate) straight away.
  fileAccess.grant(resolved);
  return {
    path: resolved,
    sha256: createHash('sha256').update(text).digest('hex'),
    sizeBytes: Buffer.byteLength(text),
    replaced: previous !== null && previous.id === checked.id ? { version: previous.version, changes: diffSpecifications(previous, checked) } : null,
  };
}
