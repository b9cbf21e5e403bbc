import type { TablePager } from '../explore';
import type { Specification } from '../../../shared/spec';
import { FileAccessDeniedError, type FileAccessPolicy } from '../file-access';
import type { WardBoundaries } from '../geography';
import type { JobRegistry } from '../jobs';
import type { RecipeRuns } from '../recipes';
import type { SerialQueue } from '../serial';
import { type SpecificationCatalog, readSpecificationFile } from '../specs';
import type { Workspace } from '../workspace';

/** What every domain's handlers share: the workspace, its one shared connection's queue, jobs and file grants. */
export interface HandlerContext {
  readonly workspace: Workspace;
  readonly fileAccess: FileAccessPolicy;
  readonly jobs: JobRegistry;
  readonly pager: TablePager;
  readonly recipes: RecipeRuns;
  /** Every use of the shared connection goes through this queue (see serial.ts). */
  readonly onSharedConnection: SerialQueue;
  /** The bundled specifications and the workspace's own. */
  readonly specifications: SpecificationCatalog;
  /** The shipped ward boundaries, checked against the ward list when the engine started. */
  readonly shippedBoundaries: WardBoundaries;
}

/** The specification a request names: a workspace or bundled id, or a file the user chose. */
export function requestedSpecification(
  context: HandlerContext,
  request: { readonly specId?: string | undefined; readonly specPath?: string | undefined },
): Specification | undefined {
  if (request.specPath !== undefined) return readSpecificationFile(readablePath(context, request.specPath));
  return request.specId === undefined ? undefined : context.specifications.get(request.specId).spec;
}

/** The path itself when the user granted it (dialog, drop, --allow); otherwise a `forbidden` error. */
export function readablePath(context: HandlerContext, filePath: string): string {
  if (!context.fileAccess.allows(filePath)) throw new FileAccessDeniedError(filePath);
  return filePath;
}
