/** What other engine folders may use of tabular/: they import it from here, never from its files (lint: village/engine-layers). */
export { cleanText, coerceDate, createFieldCoercer, excelSerialToIsoDate, isBlankCell, isSuppressed, isoDateToEpochDays, parseNumberText, type CoercedValue, type FieldCoercer } from './coerce';
export { readCsvRows } from './csv-reader';
export { detectHeader, uniqueLabels, type DetectedHeader, type HeaderIssue } from './header';
export { detectHeaderWithHints } from './header-hints';
export { checkHeaderRow } from './header-row';
export { checkHeaderRowOfFile } from './header-row-of-file';
export { suggestMapping } from './mapping';
export { ImportCancelledError, UnusableFileError, type MergedRange, type RawCell, type RawRow, type SheetInfo } from './raw';
export { listSheetsOf, openRowSource, type RowSource } from './row-source';
export { hashAndCheckText, inspectSourceFile, sha256OfFile, type SourceFileFacts } from './source-file';
export { dropArithmeticTotalsRow } from './totals-row';
export { createTrailerFilter, splitTrailer, type DroppedRow } from './trailer';
