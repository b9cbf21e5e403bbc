/** What other engine folders may use of import/: they import it from here, never from its files (lint: village/engine-layers). */
export { importFile } from './import-file';
export { inferSpecificationFromFile } from './infer-specification';
export { NAME_ENCODINGS_COLUMN, fieldTreatment } from './output-columns';
export { previewFile } from './preview';
export { readValidationReport } from './reports';
export { listSheetsOfFile } from './sheets';
export { importWithSpecification } from './spec-import';
