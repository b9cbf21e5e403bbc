/** What other engine folders may use of workspace/: they import it from here, never from its files (lint: village/engine-layers). */
export { KEY_FILE } from './legacy-key';
export { storageProblem } from './storage-errors';
export { USER_SCHEMA, WORKSPACE_DATABASE_FILE, beginAuditedOperation, recordAudit, schemaVersion, type AuditedOperation, type Workspace } from './workspace';
