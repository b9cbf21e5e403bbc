/** What other engine folders may use of validate/: they import it from here, never from its files (lint: village/engine-layers). */
export { normaliseWardName } from './lookups';
export { PERSONAL_DATA_DESCRIPTIONS, PersonalDataSampler, headerLooksLikeDataMessage, personalDataKindFromLabel, screenLabels, type PersonalDataKind } from './personal-data';
export { defaultReferenceData, type ReferenceData } from './reference-data';
export { withAddedFindings } from './report-merge';
export { RULE_FINDING } from './row-rules';
export { cancelledOr, runPipeline, validateFile, type ValidateFileOptions } from './validate-file';
export { type CheckedRow } from './validator';
