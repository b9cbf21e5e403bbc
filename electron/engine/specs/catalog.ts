/**
 * The specifications a workspace can use: the bundled ones (examples and defaults) and the user's own,
 * kept as JSON files in the workspace's `specifications/` folder. A workspace specification with a bundled
 * id replaces the bundled one in that workspace. Versioning rule: a specification with an id already known
 * is added only when its content is unchanged (nothing to do) or it carries a new version; the same version
 * with different content is refused with the list of changes, so one id + version always means one content.
 * The version it replaces is kept in `specifications/previous/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isSpecificationPath, specificationChanges, type Specification } from '../../../shared/spec';
import { loadSpecifications } from './registry';
import { readSpecificationFile, SpecificationFileError } from './spec-file';
import { EngineError } from '../errors';

export const WORKSPACE_SPECIFICATIONS_FOLDER = 'specifications';

export type SpecificationOrigin = 'bundled' | 'workspace' | 'file';

export interface CatalogEntry {
  readonly spec: Specification;
  readonly origin: SpecificationOrigin;
  /** The file it was read from; null for a bundled specification. */
  readonly file: string | null;
  /** For a workspace specification that shares a bundled id: the bundled version it replaces. */
  readonly replacesBundledVersion: string | null;
}

export interface AddOutcome {
  readonly entry: CatalogEntry;
  readonly outcome: 'added' | 'unchanged' | 'new-version';
  /** What differs from the specification of the same id it replaces (empty when added or unchanged). */
  readonly changes: readonly string[];
  readonly previousVersion: string | null;
}

export class SpecificationNotFoundError extends EngineError {
  constructor(reference: string, known: readonly string[]) {
    super(`There is no specification "${reference.slice(0, 80)}"; known specifications: ${known.join(', ')}. Give a specification file's path, or add it with: village specs add FILE`, 'not-found');
  }
}

export class SpecificationVersionError extends EngineError {
  constructor(
    readonly specId: string,
    readonly version: string,
    readonly changes: readonly string[],
  ) {
    super(
      `Specification ${specId} version ${version} is already in the workspace with different content. Give the changed specification a new "version" and add it again. What changed:\n` +
        changes.map((change) => `  ${change}`).join('\n'),
      'invalid-request',
      { changes },
    );
  }
}

function sameContent(left: Specification, right: Specification): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

export class SpecificationCatalog {
  /** `workspaceFolder`: the workspace's folder, or null for the bundled specifications alone. */
  constructor(private readonly workspaceFolder: string | null) {}

  private get folder(): string | null {
    return this.workspaceFolder === null ? null : path.join(this.workspaceFolder, WORKSPACE_SPECIFICATIONS_FOLDER);
  }

  /** The workspace's own specifications; a broken file is reported by name rather than hidden. */
  private workspaceEntries(): CatalogEntry[] {
    const folder = this.folder;
    if (folder === null || !fs.existsSync(folder)) return [];
    const bundled = new Map(loadSpecifications().map((spec) => [spec.id, spec]));
    return fs
      .readdirSync(folder)
      .filter((name) => name.endsWith('.spec.json'))
      .sort()
      .map((name) => {
        const file = path.join(folder, name);
        const spec = readSpecificationFile(file);
        return { spec, origin: 'workspace' as const, file, replacesBundledVersion: bundled.get(spec.id)?.version ?? null };
      });
  }

  /** Bundled and workspace specifications, bundled order first; a workspace one takes its bundled namesake's place. */
  list(): CatalogEntry[] {
    const own = new Map(this.workspaceEntries().map((entry) => [entry.spec.id, entry]));
    const entries: CatalogEntry[] = loadSpecifications().map((spec) => own.get(spec.id) ?? { spec, origin: 'bundled', file: null, replacesBundledVersion: null });
    for (const entry of own.values()) if (entry.replacesBundledVersion === null) entries.push(entry);
    return entries;
  }

  get(id: string): CatalogEntry {
    const entry = this.list().find((candidate) => candidate.spec.id === id);
    if (entry === undefined) throw new SpecificationNotFoundError(id, this.list().map((candidate) => candidate.spec.id));
    return entry;
  }

  /**
   * A specification by id, or by file path (resolved against `baseFolder`, e.g. the recipe's folder).
   * `readable` lets the caller apply its file-access policy to a path before it is read.
   */
  resolve(reference: string, baseFolder: string = process.cwd(), readable: (file: string) => string = (file) => file): CatalogEntry {
    if (!isSpecificationPath(reference)) return this.get(reference);
    const file = readable(path.resolve(baseFolder, reference));
    return { spec: readSpecificationFile(file), origin: 'file', file, replacesBundledVersion: null };
  }

  /** Keeps a specification in the workspace under the versioning rule above. */
  add(spec: Specification): AddOutcome {
    const folder = this.folder;
    if (folder === null) throw new Error('Specifications can only be added to a workspace');
    const existing = this.list().find((entry) => entry.spec.id === spec.id);
    if (existing !== undefined && sameContent(existing.spec, spec)) return { entry: existing, outcome: 'unchanged', changes: [], previousVersion: existing.spec.version };
    const changes = existing === undefined ? [] : specificationChanges(existing.spec, spec);
    if (existing !== undefined && existing.spec.version === spec.version) throw new SpecificationVersionError(spec.id, spec.version, changes);
    fs.mkdirSync(folder, { recursive: true });
    const target = path.join(folder, `${spec.id}.spec.json`);
    if (existing?.origin === 'workspace' && existing.file !== null) {
      const previous = path.join(folder, 'previous');
      fs.mkdirSync(previous, { recursive: true });
      fs.copyFileSync(existing.file, path.join(previous, `${spec.id}@${existing.spec.version.replace(/[^A-Za-z0-9.-]/g, '_')}.spec.json`));
    }
    // Through a temporary file and a rename, so a crash never leaves half a specification behind.
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(spec, null, 2)}\n`, 'utf8');
    fs.renameSync(temporary, target);
    const bundled = loadSpecifications().find((candidate) => candidate.id === spec.id);
    return {
      entry: { spec, origin: 'workspace', file: target, replacesBundledVersion: bundled?.version ?? null },
      outcome: existing === undefined ? 'added' : 'new-version',
      changes,
      previousVersion: existing?.spec.version ?? null,
    };
  }
}

export { SpecificationFileError };
