import type { ColumnInfo } from '../../../shared/api';
import { looksPersonLevel, normaliseColumnName } from '../../../shared/grid';
import type { IdentifierKind } from '../../../shared/spec';
import { loadSpecifications } from '../specs';

/**
 * Columns that hold data about one person: pseudonyms, match keys, and the direct identifiers and
 * person-specific quasi-identifiers (date of birth, postcode) of the data-sharing specifications, under the
 * names imports store them (the field's name, or `<field>_pseudonym`). Areas (LSOA, ward) are not on the
 * list: counts by area are what the workbench publishes. Names are compared in one spelling (shared/grid.ts),
 * so a spreadsheet's "NHS Number" is the specification's nhs_number.
 */

const PERSON_LEVEL_KINDS = new Set<IdentifierKind>(['nhs-number', 'upn', 'local-id', 'forename', 'surname', 'full-name', 'date-of-birth', 'postcode']);

let specificationFieldNames: Set<string> | null = null;

function fieldNamesFromSpecifications(): Set<string> {
  if (specificationFieldNames === null) {
    specificationFieldNames = new Set(
      loadSpecifications().flatMap((specification) =>
        specification.fields
          .filter((field) => field.personalData === 'direct-identifier' || (field.identifier !== undefined && PERSON_LEVEL_KINDS.has(field.identifier)))
          .map((field) => normaliseColumnName(field.name)),
      ),
    );
  }
  return specificationFieldNames;
}

export function isPersonLevelColumn(name: string): boolean {
  return looksPersonLevel(name) || fieldNamesFromSpecifications().has(normaliseColumnName(name));
}

export function personLevelColumns(columns: readonly ColumnInfo[]): string[] {
  return columns.filter((column) => isPersonLevelColumn(column.name)).map((column) => column.name);
}

/**
 * Tables the recipe pipeline derives whose every view would publish small counts unsuppressed. Their rows
 * are already counts of people (person_fact_counts: people per ward and combination of facts, many of them
 * 1 to 4), so neither the rows nor a grouping (whose means of `people` multiply back to the counts) may leave;
 * the village outputs publish the same figures through disclosure control.
 */
const SMALL_CELL_TABLES = new Map<string, string>([
  ['person_fact_counts', 'holds counts of people per ward and combination of facts, many of them too small to publish'],
]);

/** Why no view of this table may be exported at all, or null when its views are judged column by column. */
export function refusedTableReason(table: string): string | null {
  const reason = SMALL_CELL_TABLES.get(table.toLowerCase());
  return reason === undefined ? null : `${table} ${reason}. Export the village or a dashboard instead: their counts of people are suppressed.`;
}
