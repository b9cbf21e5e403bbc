/** What other engine folders may use of xlsx/: they import it from here, never from its files (lint: village/engine-layers). */
export { listSheetsWithSheetJS, readSheetWithSheetJS } from './sheetjs-reader';
export { listXlsxSheets, readXlsxRows } from './stream-reader';
