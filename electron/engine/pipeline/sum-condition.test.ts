/**
 * The `sumOf` / `per` / `atLeast` condition: sums over all of a person's records in one source, e.g.
 * persistent absence over a pupil's terms, the same in the standalone compiler (dashboards) and in the
 * per-person facts the indicators count from.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Condition } from '../../../shared/recipe';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { describeTable, RecipeFieldError, SourceCatalog } from './catalog';
import { compileStandalone, leafAggregate, ParameterSet, PERSON_LINKS_TABLE } from './conditions';

let folder: string;
let workspace: Workspace;
beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-sum-condition-'));
  workspace = await openWorkspace({ location: path.join(folder, 'ws'), threads: 1 });
});
afterEach(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** P1: 20 of 200 sessions over two terms (exactly 10%); P2: 19 of 200; P3: one term with nothing possible; P4: no record. */
async function setUp(): Promise<SourceCatalog> {
  await workspace.connection.run(`CREATE TABLE src_attendance AS SELECT * FROM (VALUES
      (2::BIGINT, 100::BIGINT, 15::BIGINT, 0::BIGINT, 'Autumn'),
      (3::BIGINT, 100::BIGINT, 0::BIGINT, 5::BIGINT, 'Spring'),
      (4::BIGINT, 100::BIGINT, 10::BIGINT, 9::BIGINT, 'Autumn'),
      (5::BIGINT, 100::BIGINT, NULL, 0::BIGINT, 'Spring'),
      (6::BIGINT, 0::BIGINT, 3::BIGINT, 0::BIGINT, 'Autumn')
    ) AS t(source_row, possible, authorised, unauthorised, term)`);
  await workspace.connection.run(
    `CREATE TABLE ${PERSON_LINKS_TABLE} AS SELECT * FROM (VALUES ('attendance', 2::BIGINT, 'P1'), ('attendance', 3::BIGINT, 'P1'), ('attendance', 4::BIGINT, 'P2'), ('attendance', 5::BIGINT, 'P2'), ('attendance', 6::BIGINT, 'P3')) AS t(source, source_row, person_id)`,
  );
  const catalog = new SourceCatalog();
  catalog.add(await describeTable(workspace.connection, 'attendance', 'src_attendance'));
  return catalog;
}

async function people(catalog: SourceCatalog, condition: Condition): Promise<string[]> {
  const compiled = compileStandalone(condition, catalog, 'p.person_id', 'test');
  const reader = await workspace.connection.runAndReadAll(`SELECT person_id FROM (VALUES ('P1'), ('P2'), ('P3'), ('P4')) AS p(person_id) WHERE ${compiled.sql} ORDER BY 1`, compiled.params);
  return reader.getRowObjectsJson().map((row) => String(row.person_id));
}

const absent = (atLeast: number): Condition => ({ source: 'attendance', sumOf: ['authorised', 'unauthorised'], per: 'possible', atLeast });

describe('sumOf conditions', () => {
  it('adds up every record of the person before comparing, with the share bound as a parameter', async () => {
    const catalog = await setUp();
    expect(await people(catalog, absent(0.1))).toEqual(['P1']);
    expect(await people(catalog, absent(0.095))).toEqual(['P1', 'P2']);
    expect(await people(catalog, { not: absent(0.1) })).toEqual(['P2', 'P3', 'P4']);
    expect(await people(catalog, { allOf: [absent(0), { source: 'attendance', field: 'term', equals: 'Spring' }] })).toEqual(['P1', 'P2']);
    expect(compileStandalone(absent(0.1), catalog, 'p.person_id', 'test').params).toEqual(expect.objectContaining({ c0: 0.1 }));
  });

  it('gives the per-person fact the same answer, and refuses fields that are not numbers', async () => {
    const catalog = await setUp();
    const parameters = new ParameterSet('f');
    const aggregate = leafAggregate({ source: 'attendance', sumOf: ['authorised', 'unauthorised'], per: 'possible', atLeast: 0.1 }, catalog, 't', parameters, 'test');
    const reader = await workspace.connection.runAndReadAll(
      `SELECT l.person_id, ${aggregate} AS absent FROM ${PERSON_LINKS_TABLE} l JOIN src_attendance t ON t.source_row = l.source_row GROUP BY l.person_id ORDER BY 1`,
      parameters.values,
    );
    expect(reader.getRowObjectsJson()).toEqual([
      { person_id: 'P1', absent: true },
      { person_id: 'P2', absent: false },
      { person_id: 'P3', absent: false },
    ]);
    expect(() => compileStandalone({ source: 'attendance', sumOf: ['term'], per: 'possible', atLeast: 0.1 }, catalog, 'p.person_id', 'test')).toThrow(RecipeFieldError);
    expect(() => compileStandalone({ source: 'attendance', sumOf: ['term'], per: 'possible', atLeast: 0.1 }, catalog, 'p.person_id', 'test')).toThrow(/sumOf and per need number fields, and term is VARCHAR/);
  });
});
