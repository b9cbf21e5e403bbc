/**
 * The pipeline's importer: the specification import (../import/spec-import.ts), which validates the file,
 * pseudonymises identifiers, resolves areas and records provenance, findings and an audit line.
 */
import { importWithSpecification } from '../import';
import { SpecificationCatalog, readSpecificationFile } from '../specs';
import type { SourceImporter } from './types';

export const specificationImporter: SourceImporter = async (workspace, request) => {
  // A recipe names a specification file of its own, or an id the workspace or the bundle knows.
  const named = request.specFile === undefined ? new SpecificationCatalog(workspace.folder).get(request.specId).spec : readSpecificationFile(request.specFile);
  const spec = request.rules === undefined || request.rules.length === 0 ? named : { ...named, rules: [...named.rules, ...request.rules] };
  const result = await importWithSpecification(workspace, {
    path: request.path,
    spec,
    tableName: request.tableName,
    ...(request.sheet === undefined ? {} : { sheet: request.sheet }),
    ...(request.headerRow === undefined ? {} : { headerRow: request.headerRow }),
    ...(request.mapping === undefined ? {} : { mapping: request.mapping }),
    ...(request.postcodeLookup === undefined ? {} : { postcodeLookup: request.postcodeLookup }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
    ...(request.onRows === undefined ? {} : { onProgress: (progress) => { if (progress.rows !== undefined) request.onRows?.(progress.rows); } }),
  });
  return {
    id: request.sourceId,
    specId: result.report.specId,
    table: result.table,
    provenance: result.provenance,
    report: result.report,
    importId: result.importId,
    spec,
    mapping: result.mapping,
  };
};
