import type { HandlersFor } from '../../../shared/api';
import { decidePair, readReviewPairs, sourceFilesOfLastRun } from '../pipeline';
import type { HandlerContext } from './context';

/** Clerical review of linkage: the last run's grey-zone pairs, and the officer's decisions that every later run honours. */
export function linkageHandlers(context: HandlerContext): HandlersFor<'listLinkageReview' | 'decideLinkagePair'> {
  const { workspace, onSharedConnection } = context;
  return {
    async listLinkageReview(request) {
      return onSharedConnection(async () => {
        const files = await sourceFilesOfLastRun(workspace);
        const page = await readReviewPairs(workspace.connection, request);
        return {
          offset: page.offset,
          total: page.total,
          pairs: page.pairs.map((pair) => ({ ...pair, comparisons: [...pair.comparisons], fileA: files.get(pair.sourceA) ?? null, fileB: files.get(pair.sourceB) ?? null })),
        };
      });
    },
    async decideLinkagePair(request) {
      return onSharedConnection(async () => {
        await decidePair(workspace.connection, request, request.decision);
        return { decided: true as const };
      });
    },
  };
}
