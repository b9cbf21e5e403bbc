import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnInfo } from '../../../shared/api';
import type { Specification } from '../../../shared/spec';
import { loadDefaultGeography, type Geography } from '../geography';
import { getSpecification } from '../specs';

/**
 * What the codes in a table's columns mean, so the window can show "Ladywood (E05011118)" and
 * "SEN support (K)" instead of bare codes: a code column of the specification a table was imported with
 * gives its code list's labels, and a text column named as a ward (`ward`, `ward_code`, `home_ward_cd`…)
 * gives the ward names of the shipped geography.
 */

/** Column → code → label. */
export type CodeLabels = Record<string, Record<string, string>>;

const WARD_COLUMN = /(^|_)ward(_?code|_cd)?$/i;

let geography: Geography | undefined;

function wardNames(): Record<string, string> {
  geography ??= loadDefaultGeography();
  return Object.fromEntries(geography.wards.map((ward) => [ward.code, ward.name]));
}

function specificationOrNull(specId: string | null): Specification | null {
  if (specId === null) return null;
  try {
    return getSpecification(specId);
  } catch {
    // A table imported with a specification this build does not ship: its columns keep their codes.
    return null;
  }
}

export function codeLabelsOf(columns: readonly ColumnInfo[], specId: string | null): CodeLabels {
  const spec = specificationOrNull(specId);
  const labels: CodeLabels = {};
  for (const column of columns) {
    const field = spec?.fields.find((candidate) => candidate.name === column.name);
    const coded = (field?.codes ?? []).filter((code) => code.label.trim() !== '' && code.label !== code.code);
    if (coded.length > 0) labels[column.name] = Object.fromEntries(coded.map((code) => [code.code, code.label]));
    else if (WARD_COLUMN.test(column.name) && /^(VARCHAR|TEXT|STRING)$/i.test(column.type)) labels[column.name] = wardNames();
  }
  return labels;
}

/** Each table's specification, from its latest import; tables loaded without one are absent. */
export async function specificationsOfTables(connection: DuckDBConnection): Promise<Map<string, string>> {
  const result = await connection.runAndReadAll(
    `SELECT table_name, spec_id FROM vw.imports WHERE spec_id IS NOT NULL QUALIFY row_number() OVER (PARTITION BY table_name ORDER BY imported_at DESC) = 1`,
  );
  return new Map(result.getRowObjectsJson().map((row) => [String(row.table_name), String(row.spec_id)]));
}
