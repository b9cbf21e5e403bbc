/**
 * What validation says about an extract, in a shape that is safe to send back to the partner who sent it:
 * a finding names where the problem is (sheet, row, column, Excel cell) and which rule it broke, and its
 * message never repeats the cell's value. The runtime schemas let the window check reports that cross IPC.
 */
import { z } from 'zod';

/**
 * Every rule a finding can report. The first eleven follow the Frictionless error taxonomy (labels, cells,
 * rows); the rest are this project's: identifier check digits, date sanity, information governance, and
 * rows the importer dropped or skipped so that nothing disappears silently.
 */
export const FINDING_RULES = [
  'blank-label',
  'duplicate-label',
  'missing-label',
  'extra-label',
  'extra-cell',
  'type-error',
  'constraint-error',
  'required-value',
  'unique-error',
  'duplicate-row',
  'foreign-key-error',
  'nhs-number-check',
  'upn-check',
  'date-out-of-range',
  'date-in-future',
  'date-order',
  'unexpected-personal-data',
  'header-looks-like-data',
  'blank-row',
  'dropped-row',
  'hint-not-followed',
  'rule-error',
  'rule-warning',
  'rule-info',
] as const;

export type FindingRule = (typeof FINDING_RULES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The severity each rule carries. An error makes the extract invalid against its specification; a warning
 * is worth a look but the row is still usable (an LSOA outside Birmingham, a renamed duplicate header);
 * info records what the importer did on the user's behalf (dropped a totals row, skipped a blank row).
 */
export const RULE_SEVERITY: Readonly<Record<FindingRule, Severity>> = {
  'blank-label': 'warning',
  'duplicate-label': 'warning',
  'missing-label': 'error',
  'extra-label': 'error',
  'extra-cell': 'warning',
  'type-error': 'error',
  'constraint-error': 'error',
  'required-value': 'error',
  'unique-error': 'error',
  'duplicate-row': 'error',
  'foreign-key-error': 'warning',
  'nhs-number-check': 'error',
  'upn-check': 'error',
  'date-out-of-range': 'error',
  'date-in-future': 'error',
  'date-order': 'warning',
  'unexpected-personal-data': 'error',
  'header-looks-like-data': 'error',
  'blank-row': 'info',
  'dropped-row': 'info',
  /** A sheet or header hint of the specification that the file does not fit, and what was read instead. */
  'hint-not-followed': 'info',
  /** A row or cross-table rule the specification declares, by the severity it declares. */
  'rule-error': 'error',
  'rule-warning': 'warning',
  'rule-info': 'info',
};

export const findingSchema = z.object({
  rule: z.enum(FINDING_RULES),
  severity: z.enum(SEVERITIES),
  /** The sheet name, or the file name for a CSV. */
  sheet: z.string(),
  /** 1-based row as Excel shows it; null for findings about the whole file. */
  rowNumber: z.number().int().positive().nullable(),
  /** 1-based column (A = 1); null for findings about a whole row or the whole file. */
  columnNumber: z.number().int().positive().nullable(),
  columnLetter: z.string().nullable(),
  /** Excel-style reference such as `Sheet1!C17` or `'My Sheet'!C17`; null when there is no single cell. */
  cell: z.string().nullable(),
  /** The specification field the column is mapped to, if any. */
  field: z.string().nullable(),
  /** Plain English for the person fixing the file. Never contains the cell's value. */
  message: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

const ruleCountSchema = z.object({
  rule: z.enum(FINDING_RULES),
  severity: z.enum(SEVERITIES),
  count: z.number().int().nonnegative(),
  /** How many of `count` appear in `findings`; fewer when the rule hit the listing limit. */
  listed: z.number().int().nonnegative(),
});

const columnCountSchema = z.object({
  columnNumber: z.number().int().positive(),
  columnLetter: z.string(),
  /** The header label as detected (after flattening and de-duplication). */
  label: z.string(),
  field: z.string().nullable(),
  count: z.number().int().nonnegative(),
});

const ruleColumnCountSchema = z.object({
  rule: z.enum(FINDING_RULES),
  /** Null for findings that belong to no single column (duplicate rows, dropped rows). */
  columnNumber: z.number().int().positive().nullable(),
  columnLetter: z.string().nullable(),
  field: z.string().nullable(),
  count: z.number().int().nonnegative(),
});

export const validationReportSchema = z.object({
  specId: z.string(),
  specVersion: z.string(),
  sheet: z.string(),
  /** True when no finding has severity `error`. */
  valid: z.boolean(),
  /** The date rules such as "not in the future" were judged against (ISO yyyy-mm-dd). */
  checkedOn: z.string(),
  totals: z.object({
    /** Data rows handed to the validator, including blank ones. */
    rowsRead: z.number().int().nonnegative(),
    /** Data rows actually checked (blank rows are skipped). */
    rowsChecked: z.number().int().nonnegative(),
    rowsWithErrors: z.number().int().nonnegative(),
    /** Totals and notes rows below the data that the importer left out. */
    rowsDropped: z.number().int().nonnegative(),
    findings: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    warnings: z.number().int().nonnegative(),
    infos: z.number().int().nonnegative(),
  }),
  /** One entry per rule that fired, in the order of FINDING_RULES. */
  countsByRule: z.array(ruleCountSchema),
  /** One entry per column that has findings, in column order. */
  countsByColumn: z.array(columnCountSchema),
  countsByRuleAndColumn: z.array(ruleColumnCountSchema),
  /** At most `maxListedPerRule` findings per rule, in the order they were found. */
  findings: z.array(findingSchema),
  maxListedPerRule: z.number().int().nonnegative(),
});
export type ValidationReport = z.infer<typeof validationReportSchema>;
export type RuleCount = z.infer<typeof ruleCountSchema>;
export type ColumnCount = z.infer<typeof columnCountSchema>;
export type RuleColumnCount = z.infer<typeof ruleColumnCountSchema>;

/** Excel's last column is XFD. */
export const MAX_EXCEL_COLUMNS = 16384;

/** The Excel column letters for a 1-based column number: 1 → A, 27 → AA, 16384 → XFD. */
export function columnLetter(columnNumber: number): string {
  if (!Number.isInteger(columnNumber) || columnNumber < 1 || columnNumber > MAX_EXCEL_COLUMNS) {
    throw new RangeError(`Column number must be a whole number from 1 to ${MAX_EXCEL_COLUMNS}`);
  }
  let remaining = columnNumber;
  let letters = '';
  while (remaining > 0) {
    const zeroBased = (remaining - 1) % 26;
    letters = String.fromCharCode(65 + zeroBased) + letters;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return letters;
}

/**
 * Excel's own reference to a cell, e.g. `Sheet1!C17`. Excel quotes a sheet name that is anything other than
 * letters, digits, dots and underscores (or that starts with a digit), and doubles any apostrophe inside it:
 * `'My Sheet'!C17`, `'Child''s data'!A1`.
 */
export function cellReference(sheet: string, columnNumber: number, rowNumber: number): string {
  if (!Number.isInteger(rowNumber) || rowNumber < 1) throw new RangeError('Row number must be a whole number from 1');
  const plainName = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !looksLikeCellAddress(sheet);
  const quotedSheet = plainName ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${quotedSheet}!${columnLetter(columnNumber)}${rowNumber}`;
}

/** A sheet called "AB12" or "R1C1" would read as a reference, so Excel quotes it. */
function looksLikeCellAddress(name: string): boolean {
  return /^[A-Za-z]{1,3}\d+$/.test(name) || /^R\d*C\d*$/i.test(name);
}
