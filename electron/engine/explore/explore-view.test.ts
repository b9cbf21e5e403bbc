import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { ResponseOf } from '../../../shared/api';
import { createEngine, type Engine } from '../engine';
import { anyFilePolicy } from '../file-access';
import { perturbationTable, possiblePublished } from '../privacy/perturbation';
import { EXPLORE_DEFAULT_THRESHOLD } from './disclosure-rule';
import { openWorkspace } from '../workspace/workspace';

/**
 * Explore views on small fixtures: paging from the numbered snapshot, group by computed by DuckDB, and the
 * export of the visible view with disclosure control and formula neutralisation.
 */

let engine: Engine;

async function call<M extends 'getTablePage' | 'exportView'>(method: M, payload: unknown): Promise<ResponseOf<M>> {
  const result = await engine.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as ResponseOf<M>;
}

function rowsOf(arrow: Uint8Array): Record<string, unknown>[] {
  return tableFromIPC(arrow).toArray().map((row) => ({ ...(row as { toJSON(): Record<string, unknown> }).toJSON() }));
}

function csvLines(bytes: Uint8Array): string[] {
  return Buffer.from(bytes).toString('utf8').trimEnd().split('\r\n');
}

beforeAll(async () => {
  engine = createEngine(await openWorkspace({ location: ':memory:' }), anyFilePolicy());
  const connection = engine.workspace.connection;
  // 2,500 rows in a known order; 'score' is a measure, 'n' a plain integer.
  await connection.run(
    `CREATE TABLE numbers AS SELECT range AS id, (range * 7919) % 2500 AS score, range % 3 AS bucket FROM range(2500)`,
  );
  // A person-level extract: localities of 12, 3 and 20 children, and a label that a spreadsheet would run.
  await connection.run(
    `CREATE TABLE referrals AS
       SELECT 'p' || range AS child_pseudonym, DATE '2015-01-01' + CAST(range AS INTEGER) AS date_of_birth,
              CASE WHEN range < 12 THEN 'Ladywood' WHEN range < 15 THEN '=HYPERLINK("http://x")' ELSE 'Selly Oak' END AS locality,
              CASE WHEN range % 2 = 0 THEN 'F' ELSE 'M' END AS sex,
              CAST(range AS DOUBLE) AS wait_days
         FROM range(35)`,
  );
  // An aggregate table without person-level columns: rows may be exported, its counts are suppressed.
  await connection.run(
    `CREATE TABLE locality_counts AS SELECT * FROM (VALUES ('Ladywood', 12, 'ok'), ('Perry Barr', 3, '+44 121'), ('Selly Oak', 0, '@sum'), ('Hodge Hill', 7, '-1')) AS t(locality, children_count, note)`,
  );
});
afterAll(async () => engine.close());

describe('paging from the numbered snapshot', () => {
  it('serves every page of a sorted, filtered view exactly as ORDER BY with OFFSET would', async () => {
    const view = { sort: [{ column: 'score', direction: 'desc' }], filter: { bucket: { kind: 'number', operator: 'notEqual', value: 1 } } };
    const expected = await engine.workspace.connection.runAndReadAll('SELECT id FROM numbers WHERE bucket <> 1 ORDER BY score DESC NULLS LAST');
    const expectedIds = expected.getRows().map((row) => row[0]);
    const seen: unknown[] = [];
    for (let startRow = 0; startRow < expectedIds.length; startRow += 200) {
      const page = await call('getTablePage', { table: 'numbers', startRow, endRow: startRow + 200, ...view });
      expect(page.rowCount).toBe(expectedIds.length);
      seen.push(...rowsOf(page.arrow).map((row) => row.id));
    }
    expect(seen).toEqual(expectedIds);
  });

  it('serves pages that straddle the snapshot’s row groups in the view’s order', async () => {
    // 300,000 rows span three of DuckDB's 122,880-row groups; these pages cross the boundaries.
    await engine.workspace.connection.run('CREATE TABLE spread AS SELECT range AS id, hash(range) % 1000003 AS shuffled FROM range(300000)');
    const sort = [{ column: 'shuffled', direction: 'asc' }, { column: 'id', direction: 'asc' }];
    for (const startRow of [122_780, 245_660, 299_900]) {
      const expected = await engine.workspace.connection.runAndReadAll('SELECT id FROM spread ORDER BY shuffled, id LIMIT 200 OFFSET $offset', { offset: startRow });
      const page = await call('getTablePage', { table: 'spread', startRow, endRow: startRow + 200, sort });
      expect(rowsOf(page.arrow).map((row) => row.id)).toEqual(expected.getRows().map((row) => row[0]));
    }
  });

  it('keeps the table order when nothing is sorted, at any depth', async () => {
    const page = await call('getTablePage', { table: 'numbers', startRow: 2_300, endRow: 2_305 });
    expect(rowsOf(page.arrow).map((row) => row.id)).toEqual([2300n, 2301n, 2302n, 2303n, 2304n]);
    const end = await call('getTablePage', { table: 'numbers', startRow: 2_400, endRow: 2_600 });
    expect(rowsOf(end.arrow)).toHaveLength(100);
  });
});

describe('group by, computed by DuckDB', () => {
  it('turns the view into groups with their row counts and the means of measures', async () => {
    const page = await call('getTablePage', { table: 'referrals', startRow: 0, endRow: 200, groupBy: ['locality'] });
    expect(page.columns.map((column) => column.name)).toEqual(['locality', 'row_count', 'mean_wait_days']);
    const rows = rowsOf(page.arrow);
    // Counts are perturbed (perturbed-views.test.ts): 3 is never shown as such but left out as 0 (like an
    // empty group) or shown from 5 to 7, as its record keys fall; 12 and 20 move by 2 at most.
    const small = rows.find((row) => row.locality === '=HYPERLINK("http://x")');
    const listed = small === undefined ? ['Ladywood', 'Selly Oak'] : ['=HYPERLINK("http://x")', 'Ladywood', 'Selly Oak'];
    expect(page.rowCount).toBe(listed.length);
    expect(rows.map((row) => row.locality)).toEqual(listed);
    const [ladywood, sellyOak] = rows.slice(-2);
    expect(Math.abs(Number(ladywood!.row_count) - 12)).toBeLessThanOrEqual(2);
    expect(Math.abs(Number(sellyOak!.row_count) - 20)).toBeLessThanOrEqual(2);
    // Means are perturbed (view-sql.ts perturbedMeanSql): 0 to 11 days have a mean of 5.5, moved by at most
    // the largest value over the count (11 / 12) and rounded to 2 places; none for the group of 3.
    expect(Math.abs(Number(ladywood!.mean_wait_days) - 5.5)).toBeLessThanOrEqual(11 / 12 + 0.005);
    expect(Number(ladywood!.mean_wait_days) * 100).toBeCloseTo(Math.round(Number(ladywood!.mean_wait_days) * 100), 6);
    if (small !== undefined) {
      expect(Number(small.row_count)).toBeGreaterThanOrEqual(5);
      expect(Number(small.row_count)).toBeLessThanOrEqual(7);
      expect(small.mean_wait_days).toBeNull();
    }
  });

  it('sorts and filters the grouped result like any view, and pages it', async () => {
    const page = await call('getTablePage', {
      table: 'referrals',
      startRow: 0,
      endRow: 200,
      groupBy: ['locality', 'sex'],
      sort: [{ column: 'row_count', direction: 'desc' }],
      filter: { row_count: { kind: 'number', operator: 'greaterThan', value: 2 } },
    });
    const rows = rowsOf(page.arrow).map((row) => [row.locality, row.sex, Number(row.row_count)] as const);
    const all = await call('getTablePage', { table: 'referrals', startRow: 0, endRow: 200, groupBy: ['locality', 'sex'] });
    // The filter and the sort see the published (perturbed) counts, exactly as the grid shows them.
    const expected = rowsOf(all.arrow)
      .map((row) => [row.locality, row.sex, Number(row.row_count)] as const)
      .filter(([, , count]) => count > 2)
      .sort((a, b) => b[2] - a[2] || String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));
    expect(rows).toEqual(expected);
    expect(rows.filter(([locality]) => locality === 'Selly Oak')).toHaveLength(2);
    const ascending = rowsOf((await call('getTablePage', { table: 'referrals', startRow: 0, endRow: 200, groupBy: ['locality'], sort: [{ column: 'row_count', direction: 'asc' }] })).arrow);
    expect(ascending.at(-1)?.locality).toBe('Selly Oak');
    const second = await call('getTablePage', { table: 'referrals', startRow: 1, endRow: 2, groupBy: ['locality'], sort: [{ column: 'row_count', direction: 'asc' }] });
    expect(rowsOf(second.arrow).map((row) => row.locality)).toEqual([ascending[1]?.locality]);
  });

  it('groups only the rows that match the row filter, each count a perturbation of what DuckDB counts', async () => {
    const rowFilter = { sex: { kind: 'text', operator: 'equals', value: 'f' }, wait_days: { kind: 'number', operator: 'lessThan', value: 30 } };
    const page = await call('getTablePage', { table: 'referrals', startRow: 0, endRow: 200, groupBy: ['locality'], rowFilter });
    const expected = await engine.workspace.connection.runAndReadAll(
      `SELECT locality, count(*) AS row_count FROM referrals WHERE lower(sex) = 'f' AND wait_days < 30 GROUP BY locality ORDER BY locality`,
    );
    const shown = new Map(rowsOf(page.arrow).map((row) => [String(row.locality), Number(row.row_count)]));
    const table = perturbationTable(EXPLORE_DEFAULT_THRESHOLD);
    const counted = new Map(expected.getRows().map(([locality, count]) => [String(locality), Number(count)]));
    for (const locality of shown.keys()) expect(counted.has(locality), String(locality)).toBe(true);
    // A group perturbed to 0 is left out like an empty one; every other group shows a perturbation of its filtered count.
    for (const [locality, count] of counted) {
      const published = shown.get(locality) ?? 0;
      expect([...possiblePublished(count, table)], String(locality)).toContain(published);
    }
    const shownCounts = [...shown.values()];
    const unfiltered = await call('getTablePage', { table: 'referrals', startRow: 0, endRow: 200, groupBy: ['locality'] });
    expect(rowsOf(unfiltered.arrow).map((row) => Number(row.row_count))).not.toEqual(shownCounts);
  });

  it('exports the groups of the filtered rows, and says which rows were counted', async () => {
    const exported = await call('exportView', {
      view: { kind: 'table', table: 'referrals', groupBy: ['locality'], rowFilter: { sex: { kind: 'text', operator: 'equals', value: 'M' } } },
      format: 'xlsx',
    });
    const workbook = XLSX.read(exported.bytes);
    const view = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets.View!, { header: 1 });
    const total = view.find((row) => row[0] === 'Total');
    expect(total?.[0]).toBe('Total');
    // 17 rows have sex M; the total is perturbed as a cell of its own.
    expect([...possiblePublished(17, perturbationTable(EXPLORE_DEFAULT_THRESHOLD))]).toContain(total?.[1]);
    const about = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets['About this data']!, { header: 1 });
    expect(about).toContainEqual(['Rows counted', 'rows where sex equals M']);
  });

  it('refuses a row filter on a column the table lacks', async () => {
    const result = await engine.dispatch('getTablePage', { table: 'referrals', startRow: 0, endRow: 10, groupBy: ['sex'], rowFilter: { row_count: { kind: 'number', operator: 'equals', value: 1 } } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('The table referrals has no column called row_count') } });
  });

  it('returns to the rows when the grouping is cleared', async () => {
    const page = await call('getTablePage', { table: 'referrals', startRow: 0, endRow: 200, groupBy: [] });
    expect(page.rowCount).toBe(35);
    expect(page.columns.map((column) => column.name)).toContain('child_pseudonym');
  });

  it('refuses unknown or repeated grouping columns, and filters on columns the grouped view lacks', async () => {
    const unknown = await engine.dispatch('getTablePage', { table: 'referrals', startRow: 0, endRow: 10, groupBy: ['locality"; DROP TABLE referrals; --'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const repeated = await engine.dispatch('getTablePage', { table: 'referrals', startRow: 0, endRow: 10, groupBy: ['sex', 'sex'] });
    expect(repeated).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const lostColumn = await engine.dispatch('getTablePage', {
      table: 'referrals',
      startRow: 0,
      endRow: 10,
      groupBy: ['sex'],
      filter: { child_pseudonym: { kind: 'text', operator: 'contains', value: 'p' } },
    });
    expect(lostColumn).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('grouped view') } });
  });
});

describe('export of the visible view', () => {
  it('publishes perturbed group counts, a total perturbed on its own and a note saying so (csv)', async () => {
    // Behaviour changed with issue 18: Explore's grouped exports were suppressed one grouping at a time (a
    // complement hid Ladywood here), which another grouping could undo; their counts are now perturbed.
    const exported = await call('exportView', { view: { kind: 'table', table: 'referrals', groupBy: ['locality'] }, format: 'csv' });
    expect(exported.fileName).toBe('referrals-by-locality.csv');
    const lines = csvLines(exported.bytes);
    expect(lines[0]).toBe('locality,row_count,mean_wait_days');
    // The group of 3 is left out (published as 0) or shown from 5 to 7, its label neutralised and its mean
    // withheld; the total counts its people either way.
    const small = lines[1]?.startsWith('"') === true ? 1 : 0;
    if (small === 1) expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)",(5|6|7),c$/);
    // Means are perturbed too: by at most the largest value over the count (0–11 days: 11 / 12; 15–34: 34 / 20).
    expect(lines[1 + small]).toMatch(/^Ladywood,(10|11|12|13|14),\d+(\.\d{1,2})?$/);
    expect(lines[2 + small]).toMatch(/^Selly Oak,(18|19|20|21|22),\d+(\.\d{1,2})?$/);
    expect(Math.abs(Number(lines[1 + small]?.split(',')[2]) - 5.5)).toBeLessThanOrEqual(11 / 12 + 0.005);
    expect(Math.abs(Number(lines[2 + small]?.split(',')[2]) - 24.5)).toBeLessThanOrEqual(34 / 20 + 0.005);
    expect(lines[3 + small]).toMatch(/^Total,(33|34|35|36|37),$/);
    expect(lines[4 + small]).toMatch(/^"?Counts are perturbed by the cell-key method/);
    expect(lines).toHaveLength(5 + small);
  });

  it('perturbs every cell of a two-way grouping, and its total agrees with the one-way grouping of the same people', async () => {
    const exported = await call('exportView', {
      view: { kind: 'table', table: 'referrals', groupBy: ['locality', 'sex'], columns: ['locality', 'sex', 'row_count'] },
      format: 'csv',
    });
    const lines = csvLines(exported.bytes);
    expect(lines[0]).toBe('locality,sex,row_count');
    const counts = new Map(lines.slice(1).map((line) => [line.slice(0, line.lastIndexOf(',')), line.slice(line.lastIndexOf(',') + 1)]));
    // The formula-looking locality has 2 F and 1 M, never shown as such (left out as 0, or 5 to 7); Selly
    // Oak's 10s move by 2 at most; no group is listed with 0.
    expect([...counts.values()]).not.toContain('0');
    for (const sex of ['F', 'M']) {
      expect([undefined, '5', '6', '7']).toContain(counts.get(`"'=HYPERLINK(""http://x"")",${sex}`));
      expect(Math.abs(Number(counts.get(`Selly Oak,${sex}`)) - 10)).toBeLessThanOrEqual(2);
    }
    const oneWay = csvLines((await call('exportView', { view: { kind: 'table', table: 'referrals', groupBy: ['sex'] }, format: 'csv' })).bytes);
    expect(counts.get('Total,')).toBe(oneWay.find((line) => line.startsWith('Total,'))?.split(',')[1]);
  });

  it('writes an xlsx whose counts stay numbers, suppressed cells show c, and formulas are neutralised', async () => {
    const exported = await call('exportView', {
      view: { kind: 'table', table: 'referrals', groupBy: ['locality'], sort: [{ column: 'row_count', direction: 'desc' }], filter: {} },
      format: 'xlsx',
    });
    const workbook = XLSX.read(exported.bytes, { type: 'buffer' });
    expect(workbook.SheetNames).toEqual(['View', 'About this data']);
    const sheet = workbook.Sheets.View!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 });
    expect(rows[0]).toEqual(['locality', 'row_count', 'mean_wait_days']);
    // The group of 3 is listed (from 5 to 7, its label neutralised and its mean withheld) or left out as 0.
    const small = rows[3]?.[0] === 'Total' ? [] : [[`'=HYPERLINK("http://x")`, 'number', 'c']];
    expect(rows.slice(1, 3 + small.length).map((row) => [row[0], typeof row[1], typeof row[2] === 'number' ? 'number' : row[2]])).toEqual([['Selly Oak', 'number', 'number'], ['Ladywood', 'number', 'number'], ...small]);
    expect(Math.abs(Number(rows[1]?.[2]) - 24.5)).toBeLessThanOrEqual(34 / 20 + 0.005);
    expect(rows[3 + small.length]?.[0]).toBe('Total');
    const about = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets['About this data']!, { header: 1 });
    expect(about.find((row) => row[0] === 'Perturbation')?.[1]).toMatch(/cell-key method/);
    expect(Object.values(sheet).some((cell) => typeof cell === 'object' && cell !== null && 'f' in cell)).toBe(false);
    const audit = await engine.workspace.connection.runAndReadAll(`SELECT detail_json FROM vw.audit WHERE action = 'export' ORDER BY occurred_at DESC LIMIT 1`);
    expect(JSON.parse(String(audit.getRows()[0]![0]))).toMatchObject({ view: 'table', table: 'referrals', sha256: exported.sha256 });
  });

  it('refuses to export person-level rows, and says to group them instead', async () => {
    const rows = await engine.dispatch('exportView', { view: { kind: 'table', table: 'referrals' }, format: 'csv' });
    expect(rows).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/person-level data \(child_pseudonym, date_of_birth\).*Group by/) } });
    const byPerson = await engine.dispatch('exportView', { view: { kind: 'table', table: 'referrals', groupBy: ['child_pseudonym'] }, format: 'xlsx' });
    expect(byPerson).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('a group per person') } });
    const html = await engine.dispatch('exportView', { view: { kind: 'table', table: 'numbers', groupBy: ['bucket'] }, format: 'html' });
    expect(html).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('neutralises text that starts with a tab or a carriage return, in csv and xlsx', async () => {
    await engine.workspace.connection.run(`CREATE TABLE notes AS SELECT * FROM (VALUES (chr(9) || '=cmd()', 1), (chr(13) || '@sum(A1)', 2)) AS t(note, position)`);
    const view = { kind: 'table', table: 'notes', sort: [{ column: 'position', direction: 'asc' }], columns: ['note'] };
    const csv = Buffer.from((await call('exportView', { view, format: 'csv' })).bytes).toString('utf8');
    expect(csv).toBe(`note\r\n'\t=cmd()\r\n"'\r@sum(A1)"\r\n`);
    const workbook = XLSX.read((await call('exportView', { view, format: 'xlsx' })).bytes, { type: 'buffer' });
    expect(XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets.View!, { header: 1 })).toEqual([['note'], ["'\t=cmd()"], ["'\r@sum(A1)"]]);
  });

  it('exports the rows of a table without person-level data in the shown columns, counts suppressed, text neutralised', async () => {
    const exported = await call('exportView', {
      view: { kind: 'table', table: 'locality_counts', sort: [{ column: 'locality', direction: 'asc' }], columns: ['note', 'locality', 'children_count'] },
      format: 'csv',
    });
    expect(csvLines(exported.bytes)).toEqual(['note,locality,children_count', "'-1,Hodge Hill,7", 'ok,Ladywood,12', "'+44 121,Perry Barr,c", "'@sum,Selly Oak,0"]);
  });
});

describe('export of the visible view after a recipe run', () => {
  it("follows the latest run's suppression rule when it is stricter than the default", async () => {
    const withRun = createEngine(await openWorkspace({ location: ':memory:' }), anyFilePolicy());
    try {
      const connection = withRun.workspace.connection;
      await connection.run(`CREATE TABLE referrals AS SELECT 'p' || range AS child_pseudonym, CASE WHEN range < 12 THEN 'Ladywood' ELSE 'Selly Oak' END AS locality FROM range(40)`);
      await connection.run(
        `INSERT INTO vw.recipe_runs (run_id, recipe_title, recipe_sha256, recipe_path, finished_at, summary_json, village_json, dashboards_json)
         VALUES ('run-1', 'Test', 'x', 'recipe.json', TIMESTAMP '2026-12-01 10:00:00', '{}', $village, '[]')`,
        { village: JSON.stringify({ suppression: { threshold: 13, symbol: '*', rule: 'counts from 1 to 12 are hidden' } }) },
      );
      const result = await withRun.dispatch('exportView', { view: { kind: 'table', table: 'referrals', groupBy: ['locality'] }, format: 'csv' });
      if (!result.ok) throw new Error(result.error.message);
      // 12 is below the run's threshold of 13, so it is left out as 0 or shown from 13 up; Selly Oak's 28 moves by 2 at most.
      const lines = csvLines((result.value as ResponseOf<'exportView'>).bytes);
      expect(lines[0]).toBe('locality,row_count');
      const small = lines[1]?.startsWith('Ladywood,') === true ? 1 : 0;
      if (small === 1) expect(lines[1]).toMatch(/^Ladywood,(13|14|15)$/);
      expect(lines[1 + small]).toMatch(/^Selly Oak,(26|27|28|29|30)$/);
      expect(lines[2 + small]).toMatch(/^Total,(38|39|40|41|42)$/);
      expect(lines[3 + small]).toMatch(/Counts from 1 to 12 are never shown as such/);
    } finally {
      await withRun.close();
    }
  });
});
