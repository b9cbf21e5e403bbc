import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine';
import { anyFilePolicy } from '../file-access';
import { openWorkspace } from '../workspace/workspace';
import { isPersonLevelColumn } from './person-level';

/**
 * Red-team break 1 (issue 20): the pipeline's derived person-level and small-cell tables must not leave
 * through Explore's export, whatever their shape; and break 2's name check: labels as a user types them.
 */

let engine: Engine;

async function exportMessage(view: Record<string, unknown>): Promise<string | null> {
  const result = await engine.dispatch('exportView', { view: { kind: 'table', sort: [], filter: {}, ...view }, format: 'csv' });
  return result.ok ? null : result.error.message;
}

beforeAll(async () => {
  engine = createEngine(await openWorkspace({ location: ':memory:' }), anyFilePolicy());
  const connection = engine.workspace.connection;
  // The shapes the pipeline derives, made small: a person per row with flags, links to source rows, and
  // people per ward and combination of flags (counts of 1 to 4 among them).
  await connection.run(
    `CREATE TABLE person_facts AS SELECT 'P' || range AS person_id, 'E0500' || (range % 3) AS ward_code, range % 2 = 0 AS f0, range % 5 = 0 AS f1 FROM range(40)`,
  );
  await connection.run(`CREATE TABLE person_links AS SELECT 'health' AS source, range AS source_row, 'P' || range AS person_id, 'nhs' AS linked_by FROM range(40)`);
  await connection.run(`CREATE TABLE person_fact_counts AS SELECT ward_code, f0, f1, CAST(count(*) AS BIGINT) AS people FROM person_facts GROUP BY ALL`);
  // A table as a user might name it: labels with spaces and capitals.
  await connection.run(
    `CREATE TABLE extract AS SELECT 'X' || range AS "NHS Number", DATE '2016-01-01' + CAST(range AS INTEGER) AS "Date of Birth", 'B1 1AA' AS "Home Postcode", CASE WHEN range < 20 THEN 'Ladywood' ELSE 'Aston' END AS locality FROM range(40)`,
  );
});
afterAll(async () => engine.close());

describe('derived person-level and small-cell tables (break 1)', () => {
  it('refuses the rows of person_facts and person_links: one row per child, keyed by person_id', async () => {
    expect(await exportMessage({ table: 'person_facts', groupBy: [] })).toMatch(/person-level data \(person_id\)/);
    expect(await exportMessage({ table: 'person_links', groupBy: [] })).toMatch(/person-level data \(person_id\)/);
  });

  it('refuses grouping person_links or person_facts by person_id', async () => {
    expect(await exportMessage({ table: 'person_links', groupBy: ['person_id'] })).toMatch(/group per person/);
  });

  it('refuses person_fact_counts in any view: its rows are unsuppressed counts of a few people', async () => {
    expect(await exportMessage({ table: 'person_fact_counts', groupBy: [] })).toMatch(/person_fact_counts.*counts of people/);
    expect(await exportMessage({ table: 'person_fact_counts', groupBy: ['ward_code'] })).toMatch(/person_fact_counts.*counts of people/);
  });

  it('still exports counts of people by ward, suppressed like every other output', async () => {
    expect(await exportMessage({ table: 'person_facts', groupBy: ['ward_code'] })).toBeNull();
  });
});

describe('person-level labels as users write them (break 2)', () => {
  it('recognises NHS Number, Date of Birth, Home Postcode and person_id whatever their case, spaces or punctuation', () => {
    for (const name of ['NHS Number', 'nhs-number', 'Date of Birth', 'DATE OF BIRTH', 'Home Postcode', 'person_id', 'Person ID', 'Child ID', 'UPN', 'Surname', 'D.O.B.', 'Forename(s)']) {
      expect(isPersonLevelColumn(name), name).toBe(true);
    }
    for (const name of ['locality', 'Ward Code', 'sex', 'Ethnicity', 'people', 'LSOA code', 'source_row']) expect(isPersonLevelColumn(name), name).toBe(false);
  });

  it('refuses a row export of a table with such labels, and grouping by them', async () => {
    expect(await exportMessage({ table: 'extract', groupBy: [] })).toMatch(/NHS Number, Date of Birth, Home Postcode/);
    expect(await exportMessage({ table: 'extract', groupBy: ['NHS Number'] })).toMatch(/group per person/);
    expect(await exportMessage({ table: 'extract', groupBy: ['Date of Birth'] })).toMatch(/group per person/);
    expect(await exportMessage({ table: 'extract', groupBy: ['locality'] })).toBeNull();
  });
});
