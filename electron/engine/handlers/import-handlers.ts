import type { HandlersFor } from '../../../shared/api';
import { EngineError } from '../errors';
import { importFile, previewFile, readValidationReport, listSheetsOfFile, importWithSpecification } from '../import';
import { readSpecificationFile, specificationFromJson } from '../specs';
import { readablePath, requestedSpecification, type HandlerContext } from './context';

/** Choosing, previewing and importing extracts, with or without a specification; the specifications themselves; validation reports. */
export function importHandlers(
  context: HandlerContext,
): HandlersFor<'listSheets' | 'startImport' | 'listSpecifications' | 'addSpecification' | 'previewFile' | 'getValidationReport'> {
  const { workspace, jobs, pager, onSharedConnection, specifications } = context;
  return {
    async listSheets(request) {
      return { sheets: await listSheetsOfFile(readablePath(context, request.path)) };
    },
    async startImport(request) {
      const filePath = readablePath(context, request.path);
      const spec = requestedSpecification(context, request);
      if (request.mapping !== undefined && request.mapping.specId !== spec?.id) {
        throw new EngineError('A column mapping needs the specification it was made for (specId)', 'invalid-request');
      }
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
            validation: { importId: imported.importId, specId: spec.id, specVersion: spec.version, valid, errors: totals.errors, warnings: totals.warnings },
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
      const entries = specifications.list();
      return {
        specifications: entries.map((entry) => entry.spec),
        origins: entries.map((entry) => ({
          specId: entry.spec.id,
          version: entry.spec.version,
          origin: entry.origin === 'workspace' ? ('workspace' as const) : ('bundled' as const),
          file: entry.file,
          replacesBundledVersion: entry.replacesBundledVersion,
        })),
      };
    },
    async addSpecification(request) {
      const spec = request.path !== undefined ? readSpecificationFile(readablePath(context, request.path)) : specificationFromJson(request.specification, 'the specification');
      const added = specifications.add(spec);
      return {
        specId: added.entry.spec.id,
        version: added.entry.spec.version,
        outcome: added.outcome,
        previousVersion: added.previousVersion,
        changes: [...added.changes],
        file: added.entry.file ?? '',
      };
    },
    async previewFile(request) {
      return previewFile({
        path: readablePath(context, request.path),
        ...(request.sheet === undefined ? {} : { sheet: request.sheet }),
        ...(request.specId === undefined && request.specPath === undefined ? {} : { spec: requestedSpecification(context, request) }),
        ...(request.headerRow === undefined ? {} : { headerRow: request.headerRow }),
        maxRows: request.maxRows,
      });
    },
    async getValidationReport(request) {
      return onSharedConnection(() => readValidationReport(workspace.connection, request));
    },
  };
}
