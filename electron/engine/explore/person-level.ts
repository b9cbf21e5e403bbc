import type { ColumnInfo } from '../../../shared/api';
import { looksPersonLevel } from '../../../shared/grid';
import type { IdentifierKind } from '../../../shared/spec';
import { loadSpecifications } from '../specs/registry';

/**
 * Columns that hold data about one person: pseudonyms, match keys, and the direct identifiers and
 * person-specific quasi-identifiers (date of birth, postcode) of the data-sharing specifications, under the
 * names imports store them (the field's name, or `<field>_pseudonym`). Areas (LSOA, ward) are not on the
 * list: counts by area are what the workbench publishes.
 */

const PERSON_LEVEL_KINDS = new Set<IdentifierKind>(['nhs-number', 'upn', 'local-id', 'forename', 'surname', 'full-name', 'date-of-birth', 'postcode']);

let specificationFieldNames: Set<string> | null = null;

function fieldNamesFromSpecifications(): Set<string> {
  if (specificationFieldNames === null) {
    specificationFieldNames = new Set(
      loadSpecifications().flatMap((specification) =>
        specification.fields
          .filter((field) => field.personalData === 'direct-identifier' || (field.identifier !== undefined && PERSON_LEVEL_KINDS.has(field.identifier)))
          .map((field) => field.name.toLowerCase()),
      ),
    );
  }
  return specificationFieldNames;
}

export function isPersonLevelColumn(name: string): boolean {
  const lower = name.toLowerCase();
  return looksPersonLevel(lower) || fieldNamesFromSpecifications().has(lower);
}

export function personLevelColumns(columns: readonly ColumnInfo[]): string[] {
  return columns.filter((column) => isPersonLevelColumn(column.name)).map((column) => column.name);
}
