/** What other engine folders may use of pipeline/: they import it from here, never from its files (lint: village/engine-layers). */
export { SourceCatalog, describeTable } from './catalog';
export { PERSON_LINKS_TABLE, ParameterSet, compileCondition } from './conditions';
export { decidePair, readReviewPairs, sourceFilesOfLastRun } from './linkage-review';
export { PERSON_FACTS_TABLE, PERSON_FACT_COUNTS_TABLE, PERSON_FACT_LEAVES_TABLE } from './person-facts';
export { PERSONS_TABLE, WARD_LOCALITIES_TABLE } from './persons';
export { readPopulation, type PopulationData } from './population';
export { primary, publishedCount } from './publish';
export { runRecipe, sourceTableName } from './run-recipe';
export { specificationImporter } from './spec-importer';
export { PipelineCancelledError, type SourceImporter } from './types';
export { SUPPRESSION_RULE_TEXT } from './run-recipe';
export type { CellKeyRule } from './publish-perturbed';
export { CITY_CODE } from './figures';
export { cellKeyRuleOf, periodOf } from './run-recipe';
