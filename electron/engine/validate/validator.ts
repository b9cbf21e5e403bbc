/**
 * Checks an extract against its specification one row at a time, so a 500,000-row file is validated in
 * the same pass that imports it. Every finding is counted; only the first N per rule are kept in full.
 * Memory stays small: uniqueness is tracked by short keys or 53-bit hashes, and personal-data screening
 * keeps counts, never values.
 */
import {
  cellReference,
  columnLetter,
  FINDING_RULES,
  RULE_SEVERITY,
  type ColumnCount,
  type Finding,
  type FindingRule,
  type RuleColumnCount,
  type RuleCount,
  type ValidationReport,
} from '../../../shared/findings';
import { isValidNhsNumber, isValidUpn } from '../../../shared/identifiers';
import type { ColumnMapping, SpecField, Specification } from '../../../shared/spec';
import { createFieldCoercer, isBlankCell, isSuppressed, type CoercedValue, type FieldCoercer, type HeaderIssue, type RawRow, type DroppedRow } from '../tabular';
import { normaliseWardName, type GeographyLookups } from './lookups';
import { createRowRules } from './row-rules';
import { FirstRowByKey, hash53, keyText, wholeRowKey } from './row-key';
import {
  headerLooksLikeDataMessage,
  personalDataKindFromLabel,
  PersonalDataSampler,
  screenLabels,
  PERSONAL_DATA_DESCRIPTIONS,
  type PersonalDataKind,
} from './personal-data';

const SLASHED_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/;

/** Which way round one column writes its dates, from the values that read only one way; keeps row numbers, not values. */
class DateOrderTally {
  monthFirst = 0;
  dayFirst = 0;
  readonly ambiguousRows: number[] = [];

  add(cell: unknown, rowNumber: number): void {
    if (typeof cell !== 'string') return;
    const parts = SLASHED_DATE.exec(cell.trim());
    if (parts === null) return;
    const [first, second] = [Number(parts[1]), Number(parts[2])];
    if (first <= 12 && second > 12 && second <= 31) this.monthFirst += 1;
    else if (first > 12 && first <= 31 && second <= 12) this.dayFirst += 1;
    else if (first <= 12 && second <= 12 && first !== second) this.ambiguousRows.push(rowNumber);
  }
}

export interface ValidatorOptions {
  readonly spec: Specification;
  readonly mapping: ColumnMapping;
  /** Sheet name, or the file name for a CSV; used in cell references. */
  readonly sheet: string;
  /** The detected labels, one per column from A. */
  readonly labels: readonly string[];
  /** The (lower) header row, where label findings point. Defaults to 1. */
  readonly headerRowNumber?: number;
  /** Blank and duplicate labels found by `detectHeader`, reported as findings. */
  readonly headerIssues?: readonly HeaderIssue[];
  readonly lookups: GeographyLookups;
  /** The day "in the future" is judged against, yyyy-mm-dd. Passed in so that reports are reproducible. */
  readonly today: string;
  readonly maxListedPerRule?: number;
  /** Hints of the specification the file did not fit (a sheet it lacks, a header row elsewhere), reported as information. */
  readonly hintNotices?: readonly string[];
}

export interface CheckedRow {
  readonly rowNumber: number;
  /**
   * Typed values aligned with `spec.fields` (index i is field i): null for unmapped fields, empty cells and
   * cells with a type error. Values that break a constraint (a failed check digit, an unknown LSOA) are
   * kept, since the finding already says they are wrong and dropping them would hide the row's other data.
   */
  readonly values: CoercedValue[];
  /** True for rows with no content, which are counted but not checked. */
  readonly blank: boolean;
  readonly hasErrors: boolean;
}

export interface Validator {
  checkRow(row: RawRow): CheckedRow;
  /** Records the totals and notes rows the trailer filter left out. */
  recordDroppedRows(rows: readonly DroppedRow[]): void;
  finish(): ValidationReport;
}

interface MappedColumn {
  readonly columnIndex: number;
  readonly fieldIndex: number;
  readonly field: SpecField;
  readonly coerce: FieldCoercer;
}

const DEFAULT_MAX_LISTED = 100;
/** Keys up to this length are stored as they are (exact); longer ones as a 53-bit hash. */
const EXACT_KEY_LENGTH = 24;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/;

function memoryKey(text: string): string | number {
  return text.length <= EXACT_KEY_LENGTH ? text : hash53(text);
}

/**
 * The row that first had this row's key, or undefined (the key is new, and now remembered, or a field of it
 * is missing). A key that is one all-digit text of up to 14 digits (the commonest unique key, a case
 * number) is remembered exactly as a number, its length in the top digits so "0123" and "123" stay apart,
 * in a typed table the garbage collector does not trace.
 */
function firstRowOf(check: UniqueCheck, values: readonly CoercedValue[], rowNumber: number): number | undefined {
  if (check.fieldIndexes.length === 1) {
    const value = values[check.fieldIndexes[0] as number] ?? null;
    if (typeof value === 'string' && value.length <= MAX_NUMERIC_KEY_DIGITS && ALL_DIGITS.test(value)) {
      return check.digitKeys.firstOrRemember(value.length * 1e14 + Number(value), rowNumber);
    }
  }
  const key = uniqueKeyOf(check, values);
  if (key === null) return undefined;
  const firstRow = check.seen.get(key);
  if (firstRow === undefined) check.seen.set(key, rowNumber);
  return firstRow;
}

const MAX_NUMERIC_KEY_DIGITS = 14;
const ALL_DIGITS = /^[0-9]+$/;

/** A unique check's key for the row, null when any of its fields is missing; one field needs no joining. */
function uniqueKeyOf(check: UniqueCheck, values: readonly CoercedValue[]): string | number | null {
  const { fieldIndexes } = check;
  if (fieldIndexes.length === 1) {
    const value = values[fieldIndexes[0] as number] ?? null;
    return value === null ? null : memoryKey(keyText(value));
  }
  const parts: CoercedValue[] = [];
  for (const index of fieldIndexes) {
    const part = values[index] ?? null;
    if (part === null) return null;
    parts.push(part);
  }
  return memoryKey(parts.map(keyText).join('\u0000'));
}

/** Personal data a mapped field is allowed to carry: any, if the specification classes it as identifying. */
function fieldAllowsPersonalData(field: SpecField): boolean {
  return field.personalData === 'direct-identifier' || field.personalData === 'quasi-identifier';
}

function resolveMapping(options: ValidatorOptions): (MappedColumn | null)[] {
  const { spec, mapping, labels } = options;
  if (mapping.specId !== spec.id) throw new Error(`The mapping is for specification ${mapping.specId}, not ${spec.id}`);
  const fieldIndexByName = new Map(spec.fields.map((field, index) => [field.name, index]));
  const fieldByLabel = new Map(mapping.columns.map((column) => [column.sourceLabel, column.field]));
  const seen = new Set<string>();
  return labels.map((label, columnIndex) => {
    const name = fieldByLabel.get(label);
    if (name === undefined || name === null) return null;
    const fieldIndex = fieldIndexByName.get(name);
    if (fieldIndex === undefined) throw new Error(`The mapping names field ${name}, which specification ${spec.id} does not have`);
    if (seen.has(name)) throw new Error(`The mapping feeds field ${name} from more than one column`);
    seen.add(name);
    const field = spec.fields[fieldIndex] as SpecField;
    return { columnIndex, fieldIndex, field, coerce: createFieldCoercer(field) };
  });
}

export function createValidator(options: ValidatorOptions): Validator {
  const { spec, sheet, labels, lookups, today } = options;
  if (!ISO_DATE.test(today)) throw new Error('today must be a date written yyyy-mm-dd');
  const maxListed = options.maxListedPerRule ?? DEFAULT_MAX_LISTED;
  const headerRow = options.headerRowNumber ?? 1;
  const columns = resolveMapping(options);
  const mapped = columns.filter((column): column is MappedColumn => column !== null);
  const fieldOfColumn = columns.map((column) => column?.field.name ?? null);
  const samplers = labels.map(() => new PersonalDataSampler());
  const dateOrders = new Map(mapped.filter((column) => column.field.type === 'date').map((column) => [column.columnIndex, new DateOrderTally()]));
  const screened = screenLabels(labels);

  const ruleCounts = new Map<FindingRule, number>();
  const listedCounts = new Map<FindingRule, number>();
  const columnCounts = new Map<number, number>();
  const ruleColumnCounts = new Map<string, { rule: FindingRule; columnNumber: number | null; count: number }>();
  const findings: Finding[] = [];
  let rowsRead = 0;
  let rowsChecked = 0;
  let rowsWithErrors = 0;
  let rowsDropped = 0;
  let currentRowHasError = false;
  let finished = false;

  const uniqueChecks = buildUniqueChecks(spec, columns);
  const missingValues = new Set(spec.missingValues.map((text) => text.trim()));
  const seenRows = new FirstRowByKey();

  function report(rule: FindingRule, rowNumber: number | null, columnIndex: number | null, message: string): void {
    const severity = RULE_SEVERITY[rule];
    const columnNumber = columnIndex === null ? null : columnIndex + 1;
    ruleCounts.set(rule, (ruleCounts.get(rule) ?? 0) + 1);
    if (columnNumber !== null) columnCounts.set(columnNumber, (columnCounts.get(columnNumber) ?? 0) + 1);
    const pairKey = `${rule}|${columnNumber ?? ''}`;
    const pair = ruleColumnCounts.get(pairKey) ?? { rule, columnNumber, count: 0 };
    pair.count += 1;
    ruleColumnCounts.set(pairKey, pair);
    if (severity === 'error') currentRowHasError = true;
    const listed = listedCounts.get(rule) ?? 0;
    if (listed >= maxListed) return;
    listedCounts.set(rule, listed + 1);
    findings.push({
      rule,
      severity,
      sheet,
      rowNumber,
      columnNumber,
      columnLetter: columnNumber === null ? null : columnLetter(columnNumber),
      cell: columnNumber !== null && rowNumber !== null ? cellReference(sheet, columnNumber, rowNumber) : null,
      field: columnIndex === null ? null : (fieldOfColumn[columnIndex] ?? null),
      message,
    });
  }

  reportLabelFindings();
  const rowRules = createRowRules(spec, new Map(mapped.map((column) => [column.field.name, column.columnIndex])), (rule, rowNumber, columnIndex, message) =>
    report(rule, rowNumber, columnIndex, message),
  );

  function reportLabelFindings(): void {
    if (screened.dataLike.length > 0) report('header-looks-like-data', headerRow, null, headerLooksLikeDataMessage(headerRow, screened.dataLike, columnLetter, 'Its labels are left out of this report, and the record itself was not checked as data.'));
    for (const notice of options.hintNotices ?? []) report('hint-not-followed', null, null, notice);
    for (const issue of options.headerIssues ?? []) {
      const letter = columnLetter(issue.columnNumber);
      const message =
        issue.rule === 'blank-label'
          ? `Column ${letter} has no header label; it was given the name column_${issue.columnNumber}`
          : `Column ${letter} has the same header label as column ${columnLetter(issue.duplicateOfColumn ?? 1)}; it was given a numbered suffix`;
      report(issue.rule, headerRow, issue.columnNumber - 1, message);
    }
    const mappedNames = new Set(mapped.map((column) => column.field.name));
    for (const field of spec.fields) {
      if (field.required && !mappedNames.has(field.name)) {
        report('missing-label', null, null, `Required field "${field.title}" (${field.name}) is not matched to any column`);
      }
    }
    if (!spec.allowExtraFields) {
      columns.forEach((column, index) => {
        if (column === null) report('extra-label', headerRow, index, `Column ${columnLetter(index + 1)} is not part of the specification`);
      });
    }
  }

  function checkValue(column: MappedColumn, rowNumber: number, value: CoercedValue): void {
    const { field, columnIndex } = column;
    if (value === null || isSuppressed(value)) return;
    if (typeof value === 'number') {
      if (field.minimum !== undefined && value < field.minimum) report('constraint-error', rowNumber, columnIndex, `Value is below the minimum of ${field.minimum}`);
      if (field.maximum !== undefined && value > field.maximum) report('constraint-error', rowNumber, columnIndex, `Value is above the maximum of ${field.maximum}`);
    }
    if (typeof value !== 'string') return;
    if (field.type === 'string') checkText(field, value, rowNumber, columnIndex);
    if (field.type === 'date') checkDate(field, value, rowNumber, columnIndex);
    checkIdentifier(field, value, rowNumber, columnIndex);
    checkForeignKey(field, value, rowNumber, columnIndex);
  }

  function checkText(field: SpecField, value: string, rowNumber: number, columnIndex: number): void {
    if (field.minLength !== undefined && value.length < field.minLength) report('constraint-error', rowNumber, columnIndex, `Value is shorter than ${field.minLength} characters`);
    if (field.maxLength !== undefined && value.length > field.maxLength) report('constraint-error', rowNumber, columnIndex, `Value is longer than ${field.maxLength} characters`);
    if (field.pattern !== undefined && !fullMatch(field.pattern).test(value)) {
      report('constraint-error', rowNumber, columnIndex, 'Value does not have the format the specification requires');
    }
  }

  function checkDate(field: SpecField, value: string, rowNumber: number, columnIndex: number): void {
    if (field.minDate !== undefined && value < field.minDate) report('date-out-of-range', rowNumber, columnIndex, `Date is before ${field.minDate}, the earliest allowed`);
    if (field.maxDate !== undefined && value > field.maxDate) report('date-out-of-range', rowNumber, columnIndex, `Date is after ${field.maxDate}, the latest allowed`);
    if (field.notInFuture && value > today) report('date-in-future', rowNumber, columnIndex, `Date is after the day of checking (${today})`);
  }

  function checkIdentifier(field: SpecField, value: string, rowNumber: number, columnIndex: number): void {
    if (field.identifier === 'nhs-number' && !isValidNhsNumber(value)) {
      const message = /^\d{10}$/.test(value) ? 'NHS number fails the modulus-11 check digit' : 'NHS number is not 10 digits';
      report('nhs-number-check', rowNumber, columnIndex, message);
    }
    if (field.identifier === 'upn' && !isValidUpn(value)) {
      const message = /^[A-Z]\d{11}[0-9A-Z]$/.test(value) ? 'UPN check letter does not match' : 'UPN is not a letter followed by 11 digits and a digit or letter';
      report('upn-check', rowNumber, columnIndex, message);
    }
    if (field.identifier === 'postcode' && !POSTCODE.test(value)) report('constraint-error', rowNumber, columnIndex, 'Value is not a UK postcode');
  }

  function checkForeignKey(field: SpecField, value: string, rowNumber: number, columnIndex: number): void {
    if (field.foreignKey === undefined) return;
    const code = value.toUpperCase();
    const found =
      field.foreignKey === 'lsoa11' ? lookups.lsoa11.has(code)
      : field.foreignKey === 'lsoa21' ? lookups.lsoa21.has(code)
      : field.foreignKey === 'lsoa' ? lookups.lsoa11.has(code) || lookups.lsoa21.has(code)
      : field.foreignKey === 'ward-code' ? lookups.wardCodes.has(code)
      : lookups.wardNames.has(normaliseWardName(value));
    if (!found) report('foreign-key-error', rowNumber, columnIndex, `Value is not a Birmingham ${FOREIGN_KEY_NAMES[field.foreignKey]}`);
  }

  /**
   * One finding per repeat: a row that repeats an earlier one in every mapped column is reported once, as the
   * unique-key error it also is (so the file stays invalid), or as a duplicate row where no key repeats.
   */
  function checkUniqueness(rowNumber: number, values: readonly CoercedValue[]): void {
    const rowKey = wholeRowKey(values);
    const repeatsRow = rowKey === null ? undefined : seenRows.firstOrRemember(rowKey, rowNumber);
    let keyRepeated = false;
    for (const check of uniqueChecks) {
      const firstRow = firstRowOf(check, values, rowNumber);
      if (firstRow === undefined) continue;
      keyRepeated = true;
      const wholeRow = repeatsRow === firstRow ? ', and the whole row repeats it' : '';
      report('unique-error', rowNumber, check.columnIndex, `${check.description} repeats row ${firstRow}${wholeRow}`);
    }
    if (repeatsRow !== undefined && !keyRepeated) report('duplicate-row', rowNumber, null, `Row repeats row ${repeatsRow} in every mapped column`);
  }

  return {
    checkRow(row) {
      if (finished) throw new Error('The validator has already finished');
      rowsRead += 1;
      const values: CoercedValue[] = spec.fields.map(() => null);
      if (row.cells.every((cell) => isBlankCell(cell))) {
        report('blank-row', row.rowNumber, null, 'Row is blank and was skipped');
        return { rowNumber: row.rowNumber, values, blank: true, hasErrors: false };
      }
      rowsChecked += 1;
      currentRowHasError = false;
      row.cells.forEach((cell, index) => {
        const sampler = samplers[index];
        if (sampler !== undefined) sampler.add(cell);
        else if (!isBlankCell(cell)) report('extra-cell', row.rowNumber, index, `Column ${columnLetter(index + 1)} has a value but no header`);
      });
      for (const column of mapped) {
        const raw = row.cells[column.columnIndex] ?? null;
        const cell = typeof raw === 'string' && missingValues.has(raw.trim()) ? null : raw;
        dateOrders.get(column.columnIndex)?.add(cell, row.rowNumber);
        const result = column.coerce(cell);
        if (!result.ok) {
          report(result.rule, row.rowNumber, column.columnIndex, result.message);
          continue;
        }
        if (result.value === null) {
          if (column.field.required) report('required-value', row.rowNumber, column.columnIndex, `Required field "${column.field.title}" is empty`);
          continue;
        }
        values[column.fieldIndex] = result.value;
        checkValue(column, row.rowNumber, result.value);
      }
      checkUniqueness(row.rowNumber, values);
      rowRules.check(row.rowNumber, values);
      if (currentRowHasError) rowsWithErrors += 1;
      return { rowNumber: row.rowNumber, values, blank: false, hasErrors: currentRowHasError };
    },

    recordDroppedRows(rows) {
      for (const dropped of rows) {
        rowsDropped += 1;
        report('dropped-row', dropped.rowNumber, null, DROPPED_MESSAGES[dropped.reason]);
      }
    },

    finish() {
      if (!finished) {
        reportPersonalData();
        reportDateOrder();
      }
      finished = true;
      return buildReport();
    },
  };

  /** A column whose unambiguous dates are all month-first: its dates that read either way were read day-first. */
  function reportDateOrder(): void {
    for (const [columnIndex, tally] of dateOrders) {
      if (tally.monthFirst === 0 || tally.dayFirst > 0) continue;
      const message = `Column ${columnLetter(columnIndex + 1)} writes its dates month-first (US order), so this date, whose day and month are both 12 or less, was read day-first and may have day and month swapped (${tally.ambiguousRows.length.toLocaleString('en-GB')} of this column's dates are like it). Check it at source.`;
      for (const rowNumber of tally.ambiguousRows) report('date-order', rowNumber, columnIndex, message);
    }
  }

  function reportPersonalData(): void {
    labels.forEach((label, index) => {
      const column = columns[index] ?? null;
      if (column !== null && fieldAllowsPersonalData(column.field)) return;
      const byLabel = personalDataKindFromLabel(label);
      const byValues = samplers[index]?.dominantKind() ?? null;
      const kind: PersonalDataKind | null = byValues ?? byLabel;
      if (kind === null) return;
      const evidence = byValues !== null && byLabel !== null ? 'its label and values' : byValues !== null ? 'its values' : 'its label';
      const where = column === null ? 'is not in the specification' : `is mapped to ${column.field.name}, which should not hold personal data`;
      report(
        'unexpected-personal-data',
        headerRow,
        index,
        `Column ${columnLetter(index + 1)} appears to hold ${PERSONAL_DATA_DESCRIPTIONS[kind]} (judged by ${evidence}) and ${where}. Remove it or agree it in the data-sharing agreement before use.`,
      );
    });
  }

  function buildReport(): ValidationReport {
    const countsByRule: RuleCount[] = FINDING_RULES.filter((rule) => ruleCounts.has(rule)).map((rule) => ({
      rule,
      severity: RULE_SEVERITY[rule],
      count: ruleCounts.get(rule) ?? 0,
      listed: listedCounts.get(rule) ?? 0,
    }));
    const countsByColumn: ColumnCount[] = [...columnCounts.entries()]
      .sort(([left], [right]) => left - right)
      .map(([columnNumber, count]) => ({
        columnNumber,
        columnLetter: columnLetter(columnNumber),
        label: screened.labels[columnNumber - 1] ?? '',
        field: fieldOfColumn[columnNumber - 1] ?? null,
        count,
      }));
    const ruleOrder = new Map(FINDING_RULES.map((rule, index) => [rule, index]));
    const countsByRuleAndColumn: RuleColumnCount[] = [...ruleColumnCounts.values()]
      .sort((left, right) => (ruleOrder.get(left.rule) ?? 0) - (ruleOrder.get(right.rule) ?? 0) || (left.columnNumber ?? 0) - (right.columnNumber ?? 0))
      .map(({ rule, columnNumber, count }) => ({
        rule,
        columnNumber,
        columnLetter: columnNumber === null ? null : columnLetter(columnNumber),
        field: columnNumber === null ? null : (fieldOfColumn[columnNumber - 1] ?? null),
        count,
      }));
    const bySeverity = (severity: 'error' | 'warning' | 'info'): number =>
      countsByRule.filter((entry) => entry.severity === severity).reduce((sum, entry) => sum + entry.count, 0);
    const errors = bySeverity('error');
    return {
      specId: spec.id,
      specVersion: spec.version,
      sheet,
      valid: errors === 0,
      checkedOn: today,
      totals: {
        rowsRead,
        rowsChecked,
        rowsWithErrors,
        rowsDropped,
        findings: countsByRule.reduce((sum, entry) => sum + entry.count, 0),
        errors,
        warnings: bySeverity('warning'),
        infos: bySeverity('info'),
      },
      countsByRule,
      countsByColumn,
      countsByRuleAndColumn,
      findings,
      maxListedPerRule: maxListed,
    };
  }
}

const FOREIGN_KEY_NAMES: Readonly<Record<NonNullable<SpecField['foreignKey']>, string>> = {
  lsoa11: '2011 LSOA code',
  lsoa21: '2021 LSOA code',
  lsoa: 'LSOA code (2011 or 2021)',
  'ward-code': 'ward code',
  'ward-name': 'ward name',
};

const DROPPED_MESSAGES: Readonly<Record<DroppedRow['reason'], string>> = {
  totals: 'Totals row below the data was left out of the import',
  notes: 'Notes or source line below the data was left out of the import',
  blank: 'Blank row below the data was left out of the import',
};

const compiledPatterns = new Map<string, RegExp>();

/** Table Schema patterns match the whole value. */
function fullMatch(pattern: string): RegExp {
  let compiled = compiledPatterns.get(pattern);
  if (compiled === undefined) {
    compiled = new RegExp(`^(?:${pattern})$`, 'u');
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}

interface UniqueCheck {
  readonly fieldIndexes: number[];
  /** Where the finding points: the first mapped column of the key. */
  readonly columnIndex: number | null;
  readonly description: string;
  readonly seen: Map<string | number, number>;
  /** The check's one-field keys that are all-digit texts (see `firstRowOf`). */
  readonly digitKeys: FirstRowByKey;
}

/** One check per unique field and per key; keys with an unmapped field cannot be checked and are skipped. */
function buildUniqueChecks(spec: Specification, columns: readonly (MappedColumn | null)[]): UniqueCheck[] {
  const columnOfField = new Map<string, MappedColumn>();
  for (const column of columns) if (column !== null) columnOfField.set(column.field.name, column);
  const keys: string[][] = [
    ...spec.fields.filter((field) => field.unique).map((field) => [field.name]),
    ...(spec.primaryKey === undefined ? [] : [spec.primaryKey]),
    ...spec.uniqueKeys,
  ];
  const distinct = new Map(keys.map((key) => [key.join('\u0000'), key]));
  const checks: UniqueCheck[] = [];
  for (const key of distinct.values()) {
    const keyColumns = key.map((name) => columnOfField.get(name));
    if (keyColumns.some((column) => column === undefined)) continue;
    const present = keyColumns as MappedColumn[];
    checks.push({
      fieldIndexes: present.map((column) => column.fieldIndex),
      columnIndex: present[0]?.columnIndex ?? null,
      description: key.length === 1 ? 'Value' : `The combination of ${key.join(', ')}`,
      seen: new Map(),
      digitKeys: new FirstRowByKey(),
    });
  }
  return checks;
}
