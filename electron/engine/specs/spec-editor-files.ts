/**
 * The Specifications screen's files: opening a specification the user chose to edit it (read and checked by
 * spec-file.ts, like every specification file), and saving one where the save dialog chose, exactly as
 * recipes are saved — checked first, then written to a temporary file beside the target and renamed over it,
 * so the target is the old file or the whole new one, never half written.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Specification } from '../../../shared/spec';
import { diffSpecifications, type SpecChange } from '../../../shared/spec-diff';
import { writeTextAtomically } from '../atomic-write';
import { EngineError } from '../errors';
import { FileAccessDeniedError, type FileAccessPolicy } from '../file-access';
import { readSpecificationFileWithHash, specificationFromJson } from './spec-file';

/** A specification that cannot be saved where asked; the message names the file and why. */
export class SpecificationSaveError extends EngineError {
  constructor(message: string) {
    super(message, 'invalid-request');
  }
}

export interface SpecificationFile {
  readonly path: string;
  readonly specification: Specification;
  readonly sha256: string;
}

/** Reads and checks a specification file the user chose (open dialog, or a folder the host was started with). */
export function openSpecificationFile(filePath: string, fileAccess: FileAccessPolicy): SpecificationFile {
  const resolved = path.resolve(filePath);
  if (!fileAccess.allows(resolved)) throw new FileAccessDeniedError(resolved);
  const { spec, sha256 } = readSpecificationFileWithHash(resolved);
  return { path: resolved, specification: spec, sha256 };
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
    return readSpecificationFileWithHash(resolved).spec;
  } catch {
    return null;
  }
}

export function saveSpecificationFile(filePath: string, specification: unknown, fileAccess: FileAccessPolicy): SavedSpecification {
  const resolved = path.resolve(filePath);
  const name = path.basename(resolved);
  if (path.extname(resolved).toLowerCase() !== '.json') throw new SpecificationSaveError(`A specification is saved as a .json file, not ${name}`);
  if (!fileAccess.allowsSave(resolved)) throw new FileAccessDeniedError(resolved, 'save');
  const checked = specificationFromJson(specification, resolved);
  const previous = previousVersion(resolved);
  const text = `${JSON.stringify(checked, null, 2)}\n`;
  try {
    writeTextAtomically(resolved, text);
  } catch (error) {
    throw new SpecificationSaveError(`The specification could not be saved as ${name} (${(error as NodeJS.ErrnoException).code ?? 'unwritable'}); nothing was changed`);
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
