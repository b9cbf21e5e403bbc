import { z } from 'zod';
import { validationReportSchema } from './findings';
import { filterModelSchema, groupBySchema, sortSpecSchema } from './grid';
import { columnMappingSchema, specificationSchema } from './spec';
import { specChangeSchema } from './spec-diff';
import type { Result } from './result';
import { headerRowSchema, periodSchema, recipeSchema } from './recipe';
import { mapBoundariesSchema } from './maps';
import { villageJsonSchema } from './village';

/**
 * The one contract between the window and the engine. Every method has a runtime schema for its request
 * and its response: the main process and the loopback host check requests before the engine sees them,
 * and the engine's dispatcher checks both directions, because TypeScript's types vanish at run time.
 *
 * Transports (Electron IPC via the preload, HTTP via the loopback host) carry `Result` values; a method
 * never throws across the boundary.
 */

const filePathSchema = z.string().min(1).max(4096);
/** A workspace table name: letters, digits and underscores, so it reads well in SQL and in file names. */
export const tableNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'Table names use letters, digits and underscores and start with a letter');
const jobIdSchema = z.string().regex(/^job-[0-9a-f-]{8,64}$/);

export const columnInfoSchema = z.object({
  name: z.string(),
  /** DuckDB's type name, e.g. BIGINT, DATE, VARCHAR. */
  type: z.string(),
});
export type ColumnInfo = z.infer<typeof columnInfoSchema>;

export const importProvenanceSchema = z.object({
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sheet: z.string().nullable(),
  importedAt: z.string(),
  rowsRead: z.number().int().nonnegative(),
  rowsImported: z.number().int().nonnegative(),
  rowsRejected: z.number().int().nonnegative(),
});
export type ImportProvenance = z.infer<typeof importProvenanceSchema>;

export const tableSummarySchema = z.object({
  name: z.string(),
  kind: z.enum(['table', 'view']),
  rowCount: z.number().int().nonnegative(),
  columns: z.array(columnInfoSchema),
  provenance: importProvenanceSchema.nullable(),
  /** Column → code → what it means (the specification's code list, ward names), for showing codes with labels. */
  codeLabels: z.record(z.string(), z.record(z.string(), z.string())).default({}),
});
export type TableSummary = z.infer<typeof tableSummarySchema>;

export const MAX_PAGE_ROWS = 5000;

export const tablePageRequestSchema = z
  .object({
    table: z.string().min(1).max(256),
    startRow: z.number().int().nonnegative(),
    endRow: z.number().int().positive(),
    sort: z.array(sortSpecSchema).max(8).default([]),
    filter: filterModelSchema.default({}),
    /** Empty for the rows themselves; otherwise one row per group (shared/grid.ts, groupedViewColumns). */
    groupBy: groupBySchema.default([]),
    /** Conditions on the table's rows, applied before grouping: the groups count only matching rows. */
    rowFilter: filterModelSchema.default({}),
  })
  .refine((page) => page.endRow > page.startRow && page.endRow - page.startRow <= MAX_PAGE_ROWS, {
    message: `A page holds 1 to ${MAX_PAGE_ROWS} rows`,
  });
export type TablePageRequest = z.input<typeof tablePageRequestSchema>;

export const tablePageSchema = z.object({
  /** Rows matching the filter, so the grid knows where the table ends. */
  rowCount: z.number().int().nonnegative(),
  columns: z.array(columnInfoSchema),
  /** The page's rows as Apache Arrow IPC stream bytes: lossless for BIGINT and DATE, compact on the wire. */
  arrow: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'Expected Arrow IPC bytes'),
});
export type TablePage = z.infer<typeof tablePageSchema>;

export const sheetInfoSchema = z.object({ name: z.string(), hidden: z.boolean() });

const specIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'A specification id is lower-case kebab-case');
const importIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'An import id is a UUID');

// The header-row rule is the recipe's too (a recipe source remembers the chosen row), so it lives in recipe.ts.
export { MAX_HEADER_ROW } from './recipe';

export const importRequestSchema = z.object({
  path: filePathSchema,
  sheet: z.string().min(1).max(31).optional(),
  /** Defaults to a name made from the file name. An existing table of that name is replaced only when the import succeeds. */
  tableName: tableNameSchema.optional(),
  /**
   * Import against a data-sharing specification: typed columns, identifiers pseudonymised, findings kept
   * (see electron/engine/import/README.md). Without it the file is loaded as it is (CSV only).
   */
  specId: specIdSchema.optional(),
  /** Instead of `specId`: a specification file the user chose (it must be a file the engine may read). */
  specPath: filePathSchema.optional(),
  /** The saved column mapping from a recipe; labels it does not cover are suggested. Needs a specification. */
  mapping: columnMappingSchema.optional(),
  headerRow: headerRowSchema.optional(),
}).refine((request) => request.specId === undefined || request.specPath === undefined, { message: 'Give either specId or specPath, not both' });
export type ImportRequest = z.input<typeof importRequestSchema>;

/** An import, described as the window started it, for addSourceToRecipe to turn into a recipe source. */
export const addSourceToRecipeRequestSchema = z.object({
  /** A recipe chosen with chooseFiles (purpose `recipe`), or, for `new`, the path chosen with chooseSavePath. */
  recipePath: filePathSchema,
  recipe: z.enum(['existing', 'new']),
  import: z.object({
    /** The extract as it was chosen for the import: it must be a file the user chose. */
    path: filePathSchema,
    /** The table it was imported into; the source id is made from it. */
    table: z.string().min(1).max(256),
    sheet: z.string().min(1).max(31).optional(),
    headerRow: headerRowSchema.optional(),
    specId: specIdSchema,
    mapping: columnMappingSchema,
  }),
});
export type AddSourceToRecipeRequest = z.input<typeof addSourceToRecipeRequestSchema>;

/** Where a listed specification comes from. */
export const specificationOriginSchema = z.object({
  specId: z.string(),
  version: z.string(),
  origin: z.enum(['bundled', 'workspace']),
  /** The workspace file that holds it; null for a bundled specification. */
  file: z.string().nullable(),
  /** For a workspace specification that shares a bundled id: the bundled version it replaces in this workspace. */
  replacesBundledVersion: z.string().nullable(),
});
export type SpecificationOrigin = z.infer<typeof specificationOriginSchema>;

export const addSpecificationRequestSchema = z
  .object({
    /** A specification file the user chose. */
    path: filePathSchema.optional(),
    /** Or the specification itself (checked exactly as a file would be). */
    specification: z.unknown().optional(),
  })
  .refine((request) => (request.path === undefined) !== (request.specification === undefined), { message: 'Give either path or specification' });

export const addSpecificationResultSchema = z.object({
  specId: z.string(),
  version: z.string(),
  /** `added`: a new id; `new-version`: replaces the earlier version (kept in the workspace); `unchanged`: already there as it is. */
  outcome: z.enum(['added', 'new-version', 'unchanged']),
  previousVersion: z.string().nullable(),
  /** What differs from the version it replaces, one line per change. */
  changes: z.array(z.string()),
  file: z.string(),
});
export type AddSpecificationResult = z.infer<typeof addSpecificationResultSchema>;

export const MAX_PREVIEW_ROWS = 200;

export const previewRequestSchema = z.object({
  path: filePathSchema,
  sheet: z.string().min(1).max(31).optional(),
  /** With a specification, the preview includes a suggested mapping of the detected labels. */
  specId: specIdSchema.optional(),
  /** Instead of `specId`: a specification file the user chose. */
  specPath: filePathSchema.optional(),
  headerRow: headerRowSchema.optional(),
  maxRows: z.number().int().positive().max(MAX_PREVIEW_ROWS).default(50),
});

export const filePreviewSchema = z.object({
  sheet: z.string(),
  sheets: z.array(sheetInfoSchema),
  /** The first rows as the user sees them: display strings, '' for empty cells, dates as yyyy-mm-dd. */
  rows: z.array(z.object({ rowNumber: z.number().int().positive(), cells: z.array(z.string()) })),
  header: z.object({
    headerRowNumbers: z.array(z.number().int().positive()),
    labels: z.array(z.string()),
    dataStartRowNumber: z.number().int().positive(),
  }),
  mapping: z
    .object({
      specId: z.string(),
      columns: z.array(
        z.object({
          sourceLabel: z.string(),
          field: z.string().nullable(),
          confidence: z.number().min(0).max(1),
          reason: z.enum(['saved', 'name', 'synonym', 'similar-name', 'values', 'none']),
        }),
      ),
    })
    .nullable(),
});
export type FilePreview = z.infer<typeof filePreviewSchema>;

export const validationReportRequestSchema = z
  .object({ importId: importIdSchema.optional(), table: tableNameSchema.optional() })
  .refine((request) => (request.importId === undefined) !== (request.table === undefined), { message: 'Give either importId or table' });

export const storedValidationReportSchema = z.object({
  importId: z.string(),
  table: z.string(),
  /** The imported file, for the safe report's header block. */
  fileName: z.string(),
  sha256: z.string(),
  report: validationReportSchema,
});

export const jobProgressSchema = z.object({
  phase: z.string(),
  rows: z.number().int().nonnegative(),
  bytesRead: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const workbenchErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** What screening of an import with no specification found in one column, and what it did with it. */
export const screenedColumnSchema = z.object({
  /** The column's label in the file. */
  column: z.string(),
  /** What the column holds, in words ("NHS numbers", "names"). */
  found: z.string(),
  action: z.enum(['pseudonymised', 'dropped', 'reduced to district', 'kept']),
  /** The column that holds it now; null when it was dropped. */
  storedAs: z.string().nullable(),
});
export type ScreenedColumn = z.infer<typeof screenedColumnSchema>;

/**
 * How an import with no specification read its dates, when it had any written as dd/mm/yyyy or mm/dd/yyyy:
 * the order its unambiguous dates show (UK day-first when none does), and how many dates could be read both
 * ways (read in that order: worth a check). `mixed`: the file writes both, so its dates were kept as text.
 */
export const dateOrderSchema = z.object({ order: z.enum(['day-first', 'month-first', 'mixed']), ambiguous: z.number().int().nonnegative() });
export type DateOrder = z.infer<typeof dateOrderSchema>;

export const importResultSchema = z.object({
  table: z.string(),
  provenance: importProvenanceSchema,
  /** Present for imports with no specification: the columns found to hold personal data (none: empty). */
  personalData: z.array(screenedColumnSchema).optional(),
  dateOrder: dateOrderSchema.optional(),
  /** Present for specification imports: where to fetch the validation report, and its verdict. */
  validation: z
    .object({
      importId: importIdSchema,
      specId: z.string(),
      /** The version of the specification the file was checked against. */
      specVersion: z.string().optional(),
      valid: z.boolean(),
      errors: z.number().int().nonnegative(),
      warnings: z.number().int().nonnegative(),
    })
    .optional(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const SQL_ROW_LIMIT_MAX = 100_000;

export const sqlRequestSchema = z.object({
  /** One read-only statement (SELECT, or WITH … SELECT); anything else is refused before it runs. */
  sql: z.string().min(1).max(100_000),
  rowLimit: z.number().int().min(1).max(SQL_ROW_LIMIT_MAX).default(1000),
});
export type SqlRequest = z.input<typeof sqlRequestSchema>;

export const sqlResultSchema = z.object({
  columns: z.array(columnInfoSchema),
  /** The rows as Arrow IPC stream bytes, at most `rowLimit` of them. */
  arrow: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'Expected Arrow IPC bytes'),
  rowCount: z.number().int().nonnegative(),
  /** True when the statement had more rows than `rowLimit`. */
  truncated: z.boolean(),
  elapsedMs: z.number().nonnegative(),
});
export type SqlResult = z.infer<typeof sqlResultSchema>;

export const recipeRunSummarySchema = z.object({
  runId: z.string().regex(/^run-[0-9a-f-]{8,64}$/),
  recipeTitle: z.string(),
  recipeSha256: z.string().regex(/^[0-9a-f]{64}$/),
  finishedAt: z.string(),
  /** Seconds per stage, in the order they ran. */
  stages: z.array(z.object({ stage: z.string(), seconds: z.number().nonnegative() })),
  sources: z.array(z.object({ id: z.string(), fileName: z.string(), rowsImported: z.number().int().nonnegative(), errors: z.number().int().nonnegative(), warnings: z.number().int().nonnegative() })),
  /** People the run linked, as published (0 when disclosure control hides it: see peopleDisplay). */
  people: z.number().int().nonnegative(),
  /** The published people count, or the suppression symbol. */
  peopleDisplay: z.string(),
  /** The period the run describes (absent for runs made before periods). */
  period: z.object({ label: z.string(), start: z.string(), end: z.string(), referenceDate: z.string() }).optional(),
  /** A later run of the same recipe and period that replaced this one in the series; the run itself is kept. */
  replacedBy: z.string().optional(),
});
export type RecipeRunSummary = z.infer<typeof recipeRunSummarySchema>;

export const LINKAGE_DECISIONS = ['match', 'not-a-match', 'unsure'] as const;

/** A pair offered for clerical review: named by source and row, never by any value from the records. */
export const linkageReviewPairSchema = z.object({
  sourceA: z.string(),
  rowA: z.number().int(),
  sourceB: z.string(),
  rowB: z.number().int(),
  /** The source files, so the officer can open the originals they hold. */
  fileA: z.string().nullable(),
  fileB: z.string().nullable(),
  probability: z.number(),
  weight: z.number(),
  namesSwapped: z.boolean(),
  comparisons: z.array(z.object({ label: z.string(), level: z.string().nullable(), weight: z.number() })),
  decision: z.enum(LINKAGE_DECISIONS).nullable(),
});
export type LinkageReviewPair = z.infer<typeof linkageReviewPairSchema>;

/** village.json as the pipeline writes it, checked field by field (shared/village.ts). */
export const villageSchema = villageJsonSchema;

/** One chart of a dashboard: categories along one axis, one or more series of suppressed figures. */
export const dashboardChartSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** A readable name within Excel's 31 characters, for the chart's sheet of the workbook. */
  shortTitle: z.string().min(1).max(31).optional(),
  description: z.string(),
  unit: z.enum(['per 100', 'per 1,000', 'count', 'percent']),
  categories: z.array(z.string()),
  series: z.array(
    z.object({
      name: z.string(),
      /** null where the figure is withheld by disclosure control. */
      values: z.array(z.number().nullable()),
      /** What a reader sees in each cell: the figure, or the suppression symbol. */
      display: z.array(z.string()),
      /** For a rate: its count and its denominator in each cell, as published (suppressed where withheld). */
      counts: z.array(z.string()).optional(),
      denominators: z.array(z.string()).optional(),
    }),
  ),
  /** The category that is the whole (the city), drawn as a reference line across the others' bars. */
  reference: z.string().optional(),
  /** Where the figures come from, in words (sources and definitions). */
  source: z.string(),
});
export type DashboardChart = z.infer<typeof dashboardChartSchema>;

export const DASHBOARD_IDS = ['send', 'building-safety'] as const;
export const dashboardSchema = z.object({
  id: z.enum(DASHBOARD_IDS),
  title: z.string(),
  runId: z.string(),
  generatedAt: z.string(),
  suppression: z.string(),
  charts: z.array(dashboardChartSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const exportRequestSchema = z.object({
  view: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('village'), runId: z.string().optional() }),
    z.object({ kind: z.literal('dashboard'), id: z.enum(DASHBOARD_IDS), runId: z.string().optional() }),
    z.object({ kind: z.literal('report'), runId: z.string().optional() }),
    /**
     * An outcomes page: the city's framework (localities × indicators) without `area`, or one locality's profile
     * (its name or code). xlsx: one sheet per view plus "About this data"; html: the printable A4 page.
     */
    z.object({ kind: z.literal('outcomes'), runId: z.string().optional(), area: z.string().min(1).max(256).optional() }),
    /** The Explore grid's view as shown: grouping, filter, sort and the displayed columns in their order (xlsx or csv). */
    z.object({
      kind: z.literal('table'),
      table: z.string().min(1).max(256),
      groupBy: groupBySchema.default([]),
      sort: z.array(sortSpecSchema).max(8).default([]),
      filter: filterModelSchema.default({}),
      rowFilter: filterModelSchema.default({}),
      columns: z.array(z.string().min(1).max(256)).max(1024).optional(),
    }),
  ]),
  format: z.enum(['xlsx', 'csv', 'html']),
});

export const exportedFileSchema = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  /** The file's bytes; every count in it has been through disclosure control. */
  bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'Expected file bytes'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const recipeDiffSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Figures that changed between two runs, per area and measure, using only published (suppressed) values. */
  changes: z.array(z.object({ area: z.string(), measure: z.string(), before: z.string(), after: z.string() })),
  sourcesChanged: z.array(z.object({ id: z.string(), beforeSha256: z.string().nullable(), afterSha256: z.string().nullable() })),
});

const jobBase = {
  jobId: jobIdSchema,
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  progress: jobProgressSchema,
  error: workbenchErrorSchema.nullable(),
};

/** A background job's progress and outcome; `kind` says which result it carries. */
export const jobStatusSchema = z.discriminatedUnion('kind', [
  z.object({ ...jobBase, kind: z.literal('import'), result: importResultSchema.nullable() }),
  z.object({ ...jobBase, kind: z.literal('sql'), result: sqlResultSchema.nullable() }),
  z.object({ ...jobBase, kind: z.literal('recipe'), result: recipeRunSummarySchema.nullable() }),
]);
export type JobStatus = z.infer<typeof jobStatusSchema>;
export type JobKind = JobStatus['kind'];
export type JobResultOf<K extends JobKind> = NonNullable<Extract<JobStatus, { kind: K }>['result']>;

export const columnProfileSchema = z.object({
  table: z.string(),
  column: z.string(),
  type: z.string(),
  rowCount: z.number().int().nonnegative(),
  nulls: z.number().int().nonnegative(),
  distinct: z.number().int().nonnegative(),
  /** Smallest and largest value as exact text (dates as yyyy-mm-dd); null when the column is all null. */
  min: z.string().nullable(),
  max: z.string().nullable(),
  /** Equal-width bins for numbers and dates, the most frequent values for anything else. */
  histogram: z.object({ kind: z.enum(['bins', 'top-values']), bars: z.array(z.object({ label: z.string(), count: z.number().int().nonnegative() })) }),
});
export type ColumnProfile = z.infer<typeof columnProfileSchema>;

/** A draft specification drawn from a sample extract, with the evidence for each field (never a cell's value). */
export const inferredSpecificationSchema = z.object({
  specification: specificationSchema,
  sheet: z.string(),
  header: z.object({
    headerRowNumbers: z.array(z.number().int().positive()),
    labels: z.array(z.string()),
    dataStartRowNumber: z.number().int().positive(),
  }),
  rowsSampled: z.number().int().nonnegative(),
  evidence: z.array(z.object({ field: z.string(), columnNumber: z.number().int().positive(), label: z.string(), reasons: z.array(z.string()) })),
});
export type InferredSpecification = z.infer<typeof inferredSpecificationSchema>;

function method<Request extends z.ZodType, Response extends z.ZodType>(request: Request, response: Response, summary: string) {
  return { request, response, summary };
}

/** Methods the engine process serves. */
export const engineMethods = {
  getWorkspaceInfo: method(
    z.object({}),
    z.object({ location: z.string(), schemaVersion: z.number().int(), tableCount: z.number().int().nonnegative() }),
    'Where the open workspace lives and what it holds.',
  ),
  listTables: method(z.object({}), z.object({ tables: z.array(tableSummarySchema) }), 'Tables and views the user can explore.'),
  getTablePage: method(
    tablePageRequestSchema,
    tablePageSchema,
    'One page of a table for the grid, sorted and filtered by DuckDB, so the window never holds the whole table.',
  ),
  listSheets: method(
    z.object({ path: filePathSchema }),
    z.object({ sheets: z.array(sheetInfoSchema) }),
    'The sheets of a workbook, hidden ones included, before the user picks one.',
  ),
  startImport: method(
    importRequestSchema,
    z.object({ jobId: jobIdSchema }),
    'Starts importing a file in the background; poll getJob for progress.',
  ),
  getJob: method(z.object({ jobId: jobIdSchema }), jobStatusSchema, 'Progress and outcome of a background job.'),
  listSpecifications: method(
    z.object({}),
    z.object({
      specifications: z.array(specificationSchema),
      /** Where each specification comes from, in the same order: bundled with the workbench or kept in this workspace. */
      origins: z.array(specificationOriginSchema),
    }),
    'The data-sharing specifications an extract can be imported against: the bundled examples and the workspace\'s own.',
  ),
  addSpecification: method(
    addSpecificationRequestSchema,
    addSpecificationResultSchema,
    'Keeps a specification (a file the user chose, or one written in the window) in the workspace beside the bundled ones; the same id and version with different content is refused with what changed.',
  ),
  previewFile: method(
    previewRequestSchema,
    filePreviewSchema,
    'The first rows of a file with the detected header and, for a specification, the suggested column mapping: what the mapping screen shows before an import.',
  ),
  getValidationReport: method(
    validationReportRequestSchema,
    storedValidationReportSchema,
    'The validation report of a specification import (by import id, or of the latest import into a table); findings never hold cell values.',
  ),
  runSql: method(
    sqlRequestSchema,
    z.object({ jobId: jobIdSchema }),
    'Runs one read-only statement from the SQL console in the background; poll getJob, cancel with cancelJob.',
  ),
  profileColumn: method(
    z.object({ table: z.string().min(1).max(256), column: z.string().min(1).max(256) }),
    columnProfileSchema,
    'Nulls, distinct values, range and a histogram of one column, computed by DuckDB.',
  ),
  readRecipe: method(
    z.object({ path: filePathSchema }),
    z.object({ recipe: recipeSchema, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    'Reads and checks a recipe file the user chose; errors name the field at fault.',
  ),
  runRecipe: method(
    z.object({
      path: filePathSchema,
      /** The period the extracts describe, given at run time (`village run --period`); replaces the recipe's own. */
      period: periodSchema.optional(),
    }),
    z.object({ jobId: jobIdSchema }),
    'Runs a recipe end to end in the background (import, validate, link, villages, indicators, suppression); poll getJob.',
  ),
  saveRecipe: method(
    z.object({ path: filePathSchema, recipe: recipeSchema }),
    z.object({
      path: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      sizeBytes: z.number().int().nonnegative(),
      /** Sources the recipe names outside its new folder's tree: they will need choosing when it is run from there. */
      sourcesOutsideFolder: z.array(z.string()),
    }),
    'Writes a recipe to the path chosen in the save dialog (chooseSavePath), through a temporary file and a rename.',
  ),
  addSourceToRecipe: method(
    addSourceToRecipeRequestSchema,
    z.object({
      path: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      sizeBytes: z.number().int().nonnegative(),
      sourceId: z.string(),
      /** The extract as the recipe names it: relative to the recipe's folder where possible. */
      file: z.string(),
      /** True when a source of the same id was replaced (its attributes kept), false when one was added. */
      replaced: z.boolean(),
      created: z.boolean(),
      /** What the user must still do before the recipe runs as they intend, in plain words. */
      stillToDo: z.array(z.string()),
    }),
    'Adds (or replaces, by source id) an import as a source of a recipe chosen in the open dialog, or of a new recipe at the save dialog\'s path; written through a temporary file and a rename.',
  ),
  listRecipeRuns: method(z.object({}), z.object({ runs: z.array(recipeRunSummarySchema) }), 'Recipe runs kept in this workspace, newest first.'),
  getVillage: method(z.object({ runId: z.string().optional() }), villageSchema, 'The village of 100 and indicators of a run (the latest by default), already suppressed.'),
  getMapBoundaries: method(
    z.object({ runId: z.string().optional() }),
    mapBoundariesSchema,
    'The ward and locality shapes a run\'s figures are mapped on (localities dissolved from its wards by its ward→locality map), with the attribution every map must show; from the workspace, never the network.',
  ),
  getDashboard: method(
    z.object({ id: z.enum(DASHBOARD_IDS), runId: z.string().optional() }),
    dashboardSchema,
    'The SEND and inclusion, or building safety, dashboard of a run, already suppressed.',
  ),
  exportView: method(exportRequestSchema, exportedFileSchema, 'A publishable file of a view (village, dashboard, report), suppressed, for the window to save.'),
  exportRunOutputs: method(
    z.object({ runId: z.string().optional(), folder: filePathSchema }),
    z.object({
      runId: z.string(),
      folder: z.string(),
      /** Every file written, relative to the folder, with its size and SHA-256 (also in the audit trail). */
      files: z.array(z.object({ file: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
    }),
    'Copies a run\'s published outputs (village.json, village.xlsx, report.html, validation/) into a folder chosen for saving, audited.',
  ),
  diffRecipeRuns: method(
    z.object({ from: z.string(), to: z.string() }),
    recipeDiffSchema,
    'What changed between two runs of a recipe, e.g. last quarter and this one.',
  ),
  inferSpecification: method(
    z.object({ path: filePathSchema, sheet: z.string().min(1).max(31).optional(), headerRow: headerRowSchema.optional() }),
    inferredSpecificationSchema,
    'Drafts a specification from a sample extract the user chose: fields from the detected header, types, identifiers, personal data and code lists from the values.',
  ),
  checkSpecification: method(
    z.object({ path: filePathSchema, sheet: z.string().min(1).max(31).optional(), specification: specificationSchema }),
    z.object({ sheet: z.string(), report: validationReportSchema, mapping: columnMappingSchema }),
    'Validates a sample extract against a specification being edited (not saved, not imported): the findings by rule and column, the first few listed.',
  ),
  readSpecification: method(
    z.object({ path: filePathSchema }),
    z.object({ specification: specificationSchema, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    'Reads and checks a specification file the user chose, to edit it; errors name the file and each problem.',
  ),
  saveSpecification: method(
    z.object({ path: filePathSchema, specification: specificationSchema }),
    z.object({
      path: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      sizeBytes: z.number().int().nonnegative(),
      /** When an earlier version of the same specification (same id) was replaced: its version and what changed. */
      replaced: z.object({ version: z.string(), changes: z.array(specChangeSchema) }).nullable(),
    }),
    'Writes a specification to the path chosen in the save dialog (chooseSavePath), checked first, through a temporary file and a rename.',
  ),
  listLinkageReview: method(
    z.object({}),
    z.object({ pairs: z.array(linkageReviewPairSchema) }),
    'The grey-zone pairs of the last recipe run (source files, row numbers, agreement pattern with the weight of each comparison) and any decision taken.',
  ),
  decideLinkagePair: method(
    z.object({ sourceA: z.string().min(1).max(256), rowA: z.number().int().nonnegative(), sourceB: z.string().min(1).max(256), rowB: z.number().int().nonnegative(), decision: z.enum(LINKAGE_DECISIONS) }),
    z.object({ decided: z.literal(true) }),
    'Keeps a clerical decision on a pair of records (match, not a match, unsure) in the workspace, audited; every later run honours it.',
  ),
  cancelJob: method(
    z.object({ jobId: jobIdSchema }),
    z.object({ cancelled: z.boolean() }),
    'Asks a running job to stop; the workspace is left exactly as it was before the job.',
  ),
} as const;

/** The most files one drop hands over. */
export const MAX_DROPPED_FILES = 20;
/** The loopback host receives a dropped file's bytes in one request (base64 in JSON), so it takes at most this much per drop. */
export const MAX_LOOPBACK_DROP_BYTES = 64 * 1024 * 1024;

/**
 * A file dropped on the window, as a transport carries it. Electron's preload sends the file's path, which
 * only it can learn (webUtils.getPathForFile on the dropped File), so the window never names a path itself.
 * A browser page cannot know a path at all, so the loopback host receives the file's bytes and keeps them
 * inside the workspace.
 */
export const droppedFileSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: filePathSchema }),
  z.object({
    kind: z.literal('bytes'),
    name: z.string().min(1).max(255),
    bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'Expected file bytes'),
  }),
]);

/** What the window holds for a dropped file: a DOM File satisfies it (shared/ names no DOM type). */
export interface DroppedFileHandle {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Methods the shell serves itself, because they need the desktop (native dialogs): Electron's main
 * process, or the loopback host's stand-in. Files returned by chooseFiles become readable by the engine.
 */
export const shellMethods = {
  chooseFiles: method(
    z.object({ purpose: z.enum(['import', 'recipe', 'specification']), multiple: z.boolean().default(false) }),
    z.object({ paths: z.array(filePathSchema) }),
    'Asks the user to pick files; only picked files may be imported.',
  ),
  chooseSavePath: method(
    z.object({ purpose: z.enum(['recipe', 'specification']), suggestedName: z.string().min(1).max(255) }),
    z.object({ path: filePathSchema.nullable() }),
    'Asks the user where to save (a native save dialog); only the chosen path may be written. Null when they cancel.',
  ),
  acceptDroppedFiles: method(
    z.object({ files: z.array(droppedFileSchema).min(1).max(MAX_DROPPED_FILES) }),
    z.object({ paths: z.array(filePathSchema) }),
    'Files dropped on the window become importable exactly as files picked in the dialog; returns their paths for import.',
  ),
} as const;

export const workbenchMethods = { ...engineMethods, ...shellMethods } as const;

export type WorkbenchMethods = typeof workbenchMethods;
export type EngineMethodName = keyof typeof engineMethods;
export type ShellMethodName = keyof typeof shellMethods;
export const engineMethodNames = Object.keys(engineMethods) as EngineMethodName[];
export const shellMethodNames = Object.keys(shellMethods) as ShellMethodName[];
export type WorkbenchMethodName = keyof WorkbenchMethods;
export const workbenchMethodNames = Object.keys(workbenchMethods) as WorkbenchMethodName[];

export type RequestOf<M extends WorkbenchMethodName> = z.input<WorkbenchMethods[M]['request']>;
export type ParsedRequestOf<M extends WorkbenchMethodName> = z.output<WorkbenchMethods[M]['request']>;
export type ResponseOf<M extends WorkbenchMethodName> = z.output<WorkbenchMethods[M]['response']>;

/** What the window sees as `window.workbench` (Electron) or the host client (browser). */
export type WorkbenchApi = {
  [M in Exclude<WorkbenchMethodName, 'acceptDroppedFiles'>]: (request: RequestOf<M>) => Promise<Result<ResponseOf<M>>>;
} & {
  /** The window hands over the dropped files themselves; each transport turns them into its wire form (droppedFileSchema). */
  acceptDroppedFiles(request: { readonly files: readonly DroppedFileHandle[] }): Promise<Result<ResponseOf<'acceptDroppedFiles'>>>;
};

/** Handlers receive requests already validated; a thrown error becomes an error value. */
export type HandlersFor<Name extends WorkbenchMethodName> = {
  [M in Name]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>>;
};
export type EngineHandlers = HandlersFor<EngineMethodName>;
export type ShellHandlers = HandlersFor<ShellMethodName>;

export function isWorkbenchMethod(name: string): name is WorkbenchMethodName {
  return Object.prototype.hasOwnProperty.call(workbenchMethods, name);
}

export function isEngineMethod(name: string): name is EngineMethodName {
  return Object.prototype.hasOwnProperty.call(engineMethods, name);
}

export { IPC_CHANNEL_PREFIX, ipcChannelFor } from './channels';
