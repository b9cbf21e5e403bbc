/**
 * The person index: one row per linked person with the attributes the recipe's priority chooses (the first
 * source in `personAttributes.priority` that has a value wins; linked sources not listed come after, in
 * linkage order):
 *   persons(person_id, date_of_birth DATE, age BIGINT (completed years on the reference date),
 *           age_min, age_max (for people without a date of birth: the ages their sources cover), sex,
 *           ethnicity (village group, or NULL when not known), ward_code, locality, sources BIGINT)
 * The locality comes from the (overridable) ward→locality map, written as `ward_localities`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Recipe } from '../../../shared/recipe';
import type { Geography } from '../geography';
import { quoteIdentifier } from '../sql';
import type { SourceCatalog } from './catalog';
import { ParameterSet, PERSON_LINKS_TABLE } from './conditions';

export const PERSONS_TABLE = 'persons';
export const WARD_LOCALITIES_TABLE = 'ward_localities';
export const WARD_COLUMN = 'ward_code';

/** Completed years between a DATE expression and a date parameter (both trusted SQL fragments). */
export function ageSql(dateOfBirth: string, onDay: string): string {
  return `(year(${onDay}) - year(${dateOfBirth}) - CASE WHEN month(${dateOfBirth}) > month(${onDay}) OR (month(${dateOfBirth}) = month(${onDay}) AND day(${dateOfBirth}) > day(${onDay})) THEN 1 ELSE 0 END)`;
}

/** The order in which sources supply a person's attributes. */
export function attributePriority(recipe: Recipe): string[] {
  const listed = recipe.personAttributes?.priority ?? [];
  return [...listed, ...recipe.linkage.sources.filter((id) => !listed.includes(id))];
}

function caseMap(expression: string, map: Readonly<Record<string, string>>, parameters: ParameterSet): string {
  const entries = Object.entries(map);
  if (entries.length === 0) return 'CAST(NULL AS VARCHAR)';
  return `CASE ${expression} ${entries.map(([code, label]) => `WHEN ${parameters.add(code)} THEN ${parameters.add(label)}`).join(' ')} ELSE NULL END`;
}

export async function writeWardLocalities(connection: DuckDBConnection, geography: Geography): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE ${quoteIdentifier(WARD_LOCALITIES_TABLE)} (ward_code VARCHAR PRIMARY KEY, ward_name VARCHAR NOT NULL, locality VARCHAR NOT NULL)`);
  const appender = await connection.createAppender(WARD_LOCALITIES_TABLE);
  for (const ward of geography.wards) {
    appender.appendVarchar(ward.code);
    appender.appendVarchar(ward.name);
    appender.appendVarchar(geography.localityMap.localityOf.get(ward.code) ?? '');
    appender.endRow();
  }
  appender.closeSync();
}

export async function buildPersons(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog): Promise<void> {
  const parameters = new ParameterSet('a');
  const sourceById = new Map(recipe.sources.map((source) => [source.id, source]));
  const ethnicityMap: Record<string, string> = {};
  for (const [group, codes] of Object.entries(recipe.ethnicityGroups)) for (const code of codes) ethnicityMap[code] = group;

  const branches = attributePriority(recipe).map((sourceId, rank) => {
    const context = `personAttributes of source "${sourceId}"`;
    const attributes = sourceById.get(sourceId)?.attributes;
    const dob = attributes?.dateOfBirth === undefined ? 'CAST(NULL AS DATE)' : `CAST(t.${catalog.column(sourceId, attributes.dateOfBirth, context)} AS DATE)`;
    const sex = attributes?.sex === undefined
      ? 'CAST(NULL AS VARCHAR)'
      : caseMap(`CAST(t.${catalog.column(sourceId, attributes.sex.field, context)} AS VARCHAR)`, attributes.sex.map, parameters);
    const ethnicity = attributes?.ethnicity === undefined
      ? 'CAST(NULL AS VARCHAR)'
      : caseMap(`CAST(t.${catalog.column(sourceId, attributes.ethnicity, context)} AS VARCHAR)`, ethnicityMap, parameters);
    const assumedMin = attributes?.ageRange === undefined ? 'CAST(NULL AS BIGINT)' : `CAST(${parameters.add(attributes.ageRange[0])} AS BIGINT)`;
    const assumedMax = attributes?.ageRange === undefined ? 'CAST(NULL AS BIGINT)' : `CAST(${parameters.add(attributes.ageRange[1])} AS BIGINT)`;
    const ward = catalog.hasColumn(sourceId, WARD_COLUMN) ? `CAST(t.${quoteIdentifier(WARD_COLUMN)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';
    return `SELECT l.person_id, CAST(${rank} AS BIGINT) * 10000000000 + l.source_row AS priority, ${dob} AS dob, ${sex} AS sex, ${ethnicity} AS ethnicity, ${ward} AS ward_code, ${assumedMin} AS assumed_min, ${assumedMax} AS assumed_max
      FROM ${quoteIdentifier(PERSON_LINKS_TABLE)} l JOIN ${catalog.tableSql(sourceId)} t ON t.source_row = l.source_row
      WHERE l.source = ${parameters.add(sourceId)}`;
  });
  const referenceDate = `CAST(${parameters.add(recipe.referenceDate)} AS DATE)`;
  await connection.run(
    `CREATE OR REPLACE TABLE ${quoteIdentifier(PERSONS_TABLE)} AS
     WITH attributes AS (${branches.join('\nUNION ALL\n')}),
     chosen AS (
       SELECT person_id,
         arg_min(dob, priority) FILTER (WHERE dob IS NOT NULL) AS date_of_birth,
         arg_min(sex, priority) FILTER (WHERE sex IS NOT NULL) AS sex,
         arg_min(ethnicity, priority) FILTER (WHERE ethnicity IS NOT NULL) AS ethnicity,
         arg_min(ward_code, priority) FILTER (WHERE ward_code IS NOT NULL) AS ward_code,
         max(assumed_min) AS age_min,
         min(assumed_max) AS age_max,
         count(*) AS records
       FROM attributes GROUP BY person_id
     )
     SELECT c.person_id, c.date_of_birth, CAST(${ageSql('c.date_of_birth', referenceDate)} AS BIGINT) AS age, c.age_min, c.age_max, c.sex, c.ethnicity,
       c.ward_code, w.locality, CAST(c.records AS BIGINT) AS records
     FROM chosen c LEFT JOIN ${quoteIdentifier(WARD_LOCALITIES_TABLE)} w ON w.ward_code = c.ward_code
     ORDER BY c.person_id`,
    parameters.values,
  );
}
