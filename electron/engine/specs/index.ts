/** What other engine folders may use of specs/: they import it from here, never from its files (lint: village/engine-layers). */
export { SpecificationCatalog } from './catalog';
export { getSpecification, loadSpecifications } from './registry';
export { openSpecificationFile, saveSpecificationFile } from './spec-editor-files';
export { readSpecificationFile, specificationFromJson } from './spec-file';
