import type { HandlersFor } from '../../../shared/api';
import { EngineError } from '../errors';
import { importFile } from '../import/import-file';
import { previewFile } from '../import/preview';
import { readValidationReport } from '../import/reports';
import { listSheetsOfFile } from '../import/sheets';
import { importWithSpecification } from '../import/spec-import';
import { getSpecification, loadSpecifications } from '../specs/registry';
import { readablePath, type HandlerContext } from './context';

/** Choosing, previewing and importing extracts, with or without a specification, and their validation reports. */
export function importHandlers(
  context: HandlerContext,
): HandlersFor<'listSheets' | 'startImport' | 'listSpecifications' | 'previewFile' | 'getValidationReport'> {
  const { workspace, jobs, pager, onSharedConnection } = context;
  return {
    async listSheets(request) {
      return { sheets: await listSheetsOfFile(readablePath(context, request.path)) };
    },
    async startImport(request) {
      const filePath = readablePath(context, request.path);
      if (request.mapping !== undefined && request.mapping.specId !== request.specId) {
        throw new EngineError('A column mapping needs the specification it was made for (specId)', 'invalid-request');
      }
      const spec = request.specId === undefined ? undefined : getSpecification(request.specId);
      const jobId = jobs.start('import', async (job) => {
        if (spec !== undefined) {
          const imported = await importWithSpecification(workspace, {
            path: filePath,
            spec,
            ...(request.sheet === undefined ? {} : { sheet: request.sheet }),
            ...(request.tableName === undefined ? {} : { tableName: request.tableName }),
            ...(request.mapping === undefined ? {} : { mapping: request.mapping }),
            ...(request.headerRow === undefined ? {} : { headerRow: request.headerRow }),
            signal: job.signal,
            onProgress: job.report,
          });
          await onSharedConnection(() => pager.invalidate(imported.table));
          const { totals, valid } = imported.report;
          return {
            table: imported.table,
            provenance: imported.provenance,
            validation: { importId: imported.importId, specId: spec.id, valid, errors: totals.errors, warnings: totals.warnings },
          };
        }
        const result = await importFile(workspace, {
          path: filePath,
          ...(request.sheet === undefined ? {} : { sheet: request.sheet }),
          ...(request.tableName === undefined ? {} : { tableName: request.tableName }),
          ...(request.headerRow === undefined ? {} : { headerRow: request.headerRow }),
          signal: job.signal,
          onProgress: job.report,
        });
        await onSharedConnection(() => pager.invalidate(result.table));
        return result;
      });
      return { jobId };
    },
    async listSpecifications() {
      return { specifications: loadSpecifications() };
    },
    async previewFile(request) {
      return previewFile({
        path: readablePath(context, request.path),
        ...(request.sheet === undefined ? {} : { sheet: request.sheet }),
        ...(request.specId === undefined ? {} : { spec: getSpecification(request.specId) }),
        ...(request.headerRow === undefined ? {} : { headerRow: request.headerRow }),
        maxRows: request.maxRows,
      });
    },
    async getValidationReport(request) {
      return onSharedConnection(() => readValidationReport(workspace.connection, request));
    },
  };
}
