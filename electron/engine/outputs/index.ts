/** What other engine folders may use of outputs/: they import it from here, never from its files (lint: village/engine-layers). */
export { exportRunOutputs } from './export-run-outputs';
export { XLSX_TYPE, exportedFile, sheetOf, toCsv, utf8, workbookBytes, type ExportedFile } from './exported-file';
export { exportView, type ExportFormat, type ExportView } from './run-exports';
export { areaMeasureTable, dashboardFigures } from './run-views';
export { type Cell, type ViewTable } from './tables';
export { writeOutputs, type WrittenFile } from './write-outputs';
