import type { HandlersFor } from '../../../shared/api';
import { inferSpecificationFromFile } from '../import';
import { validateFile } from '../validate';
import { openSpecificationFile, saveSpecificationFile } from '../specs';
import { readablePath, type HandlerContext } from './context';

/** The Specifications screen's live check lists a few findings per rule; the counts cover them all. */
const LIVE_CHECK_LISTED_PER_RULE = 5;

/** Writing specifications: a draft inferred from a sample, checked live against it, read and saved as files. */
export function specificationHandlers(
  context: HandlerContext,
): HandlersFor<'inferSpecification' | 'checkSpecification' | 'readSpecification' | 'saveSpecification'> {
  const { fileAccess } = context;
  let liveCheck: AbortController | null = null;
  return {
    async inferSpecification(request) {
      return inferSpecificationFromFile({
        path: readablePath(context, request.path),
        ...(request.sheet === undefined ? {} : { sheet: request.sheet }),
        ...(request.headerRow === undefined ? {} : { headerRow: request.headerRow }),
      });
    },
    async checkSpecification(request) {
      const filePath = readablePath(context, request.path);
      // The window checks again after every edit: a newer check makes the one still reading the file stop.
      liveCheck?.abort();
      const controller = new AbortController();
      liveCheck = controller;
      try {
        const validated = await validateFile({
          path: filePath,
          spec: request.specification,
          ...(request.sheet === undefined ? {} : { sheet: request.sheet }),
          maxListedPerRule: LIVE_CHECK_LISTED_PER_RULE,
          signal: controller.signal,
        });
        return { sheet: validated.sheet, report: validated.report, mapping: validated.mapping };
      } finally {
        if (liveCheck === controller) liveCheck = null;
      }
    },
    async readSpecification(request) {
      const { specification, sha256 } = openSpecificationFile(request.path, fileAccess);
      return { specification, sha256 };
    },
    async saveSpecification(request) {
      return saveSpecificationFile(request.path, request.specification, fileAccess);
    },
  };
}
