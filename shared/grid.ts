import { z } from 'zod';

/**
 * The grid's sort and filter state as the engine accepts it. It mirrors the parts of AG Grid's models the
 * Explore screen uses, but is our own shape: the engine turns it into bound SQL parameters, so anything
 * it cannot express safely is rejected here rather than passed on.
 */

export const sortSpecSchema = z.object({
  column: z.string().min(1).max(256),
  direction: z.enum(['asc', 'desc']),
});
export type SortSpec = z.infer<typeof sortSpecSchema>;

const textFilterSchema = z.object({
  kind: z.literal('text'),
  operator: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank']),
  value: z.string().max(10_000).optional(),
});

const numberFilterSchema = z.object({
  kind: z.literal('number'),
  operator: z.enum(['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual', 'inRange', 'blank', 'notBlank']),
  value: z.number().finite().optional(),
  valueTo: z.number().finite().optional(),
});

const dateFilterSchema = z.object({
  kind: z.literal('date'),
  operator: z.enum(['equals', 'notEqual', 'lessThan', 'greaterThan', 'inRange', 'blank', 'notBlank']),
  /** ISO yyyy-mm-dd. */
  value: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  valueTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});

export const columnFilterSchema = z.discriminatedUnion('kind', [textFilterSchema, numberFilterSchema, dateFilterSchema]);
export type ColumnFilter = z.infer<typeof columnFilterSchema>;

export const filterModelSchema = z.record(z.string().min(1).max(256), columnFilterSchema);
export type FilterModel = z.infer<typeof filterModelSchema>;

/**
 * Group by: the view becomes one row per distinct combination of these columns, computed by DuckDB, with the
 * number of rows in each group and the mean of each measure column. Sort and filter then apply to that
 * grouped result, so a filter on `row_count` keeps only the bigger groups.
 */
export const MAX_GROUP_COLUMNS = 4;

export const groupBySchema = z
  .array(z.string().min(1).max(256))
  .max(MAX_GROUP_COLUMNS, `Group by at most ${MAX_GROUP_COLUMNS} columns`)
  .refine((columns) => new Set(columns).size === columns.length, { message: 'Each column can be grouped by only once' });
export type GroupBy = z.infer<typeof groupBySchema>;

export interface ViewColumnSource {
  readonly name: string;
  /** DuckDB's type name. */
  readonly type: string;
}

export interface GroupedViewColumn extends ViewColumnSource {
  /** What the column holds: a grouping column's value, the group's row count, or a measure's mean. */
  readonly role: 'group' | 'count' | 'mean';
  /** The table column it comes from; null for the row count. */
  readonly source: string | null;
}

export const GROUP_ROW_COUNT_COLUMN = 'row_count';

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/i;
/** Numbers that label rather than measure: their mean means nothing. */
const IDENTIFIER_LIKE_NAME = /(^|_)(id|ref|reference|number|no|code|urn|upn|uprn|pseudonym|key|year|row)$/i;

export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type.trim());
}

function unusedName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let suffix = 2; taken.has(name); suffix += 1) name = `${wanted}_${suffix}`;
  taken.add(name);
  return name;
}

/**
 * The columns of a grouped view, in order: the grouping columns, the row count, then a mean per measure
 * column (numeric, not identifier-like, not grouped). The engine and the window both derive them from this
 * one function, so the grid's column definitions always match the pages the engine sends.
 */
export function groupedViewColumns(columns: readonly ViewColumnSource[], groupBy: readonly string[]): GroupedViewColumn[] {
  const taken = new Set<string>(groupBy);
  const grouped: GroupedViewColumn[] = groupBy.map((name) => {
    const column = columns.find((candidate) => candidate.name === name);
    return { name, type: column?.type ?? 'VARCHAR', role: 'group', source: name };
  });
  grouped.push({ name: unusedName(GROUP_ROW_COUNT_COLUMN, taken), type: 'BIGINT', role: 'count', source: null });
  for (const column of columns) {
    if (groupBy.includes(column.name) || !isNumericType(column.type) || IDENTIFIER_LIKE_NAME.test(column.name)) continue;
    grouped.push({ name: unusedName(`mean_${column.name}`, taken), type: 'DOUBLE', role: 'mean', source: column.name });
  }
  return grouped;
}

/**
 * Column names that hold data about one person: pseudonyms, match keys, keyed name encodings, person ids, names, NHS numbers,
 * UPNs, dates of birth, postcodes. Names are compared in one spelling (lower case, words joined by `_`), so
 * "NHS Number", "Date of Birth" and "Home Postcode" from a spreadsheet count as nhs_number, date_of_birth and
 * home_postcode. The engine adds the identifier fields of the data-sharing specifications and decides what
 * may be exported; the window uses the names to say up front that such a table must be grouped.
 */
const PERSON_LEVEL_NAME = new RegExp(
  [
    '_pseudonym$',
    '^match_keys?$',
    '(^|_)(nhs|nhs_(number|no|num)|nhsno|upn|forenames?|forename_s|surnames?|full_name|first_name|last_name|given_names?|family_name|date_of_birth|dob|d_o_b|birth_date|postcode|post_code|postal_code)$',
    '^(person|child|pupil|client|patient|young_person|subject)_(id|ref|reference|number|no)$',
  ].join('|'),
);

/** A column name in one spelling: lower case, runs of anything but letters and digits as one `_`. */
export function normaliseColumnName(columnName: string): string {
  return columnName
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

export function looksPersonLevel(columnName: string): boolean {
  return PERSON_LEVEL_NAME.test(normaliseColumnName(columnName));
}
