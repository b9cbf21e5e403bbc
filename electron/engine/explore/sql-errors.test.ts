import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainSqlError } from './sql-errors';

/** DuckDB's real messages for the mistakes officers make, explained in plain words with DuckDB's line kept. */

let instance: DuckDBInstance;

async function duckdbMessage(sql: string): Promise<string> {
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } catch (error) {
    return (error as Error).message;
  } finally {
    connection.closeSync();
  }
  throw new Error(`expected ${sql} to fail`);
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE referrals AS SELECT range AS id, 'Ladywood' AS locality, 'F' AS sex FROM range(10)`);
  connection.closeSync();
});
afterAll(() => instance.closeSync());

describe('SQL errors in plain words', () => {
  it.each([
    ['SELECT * FROM referral', /^There is no table called referral in this workspace; did you mean referrals\?/],
    ['SELECT sexx FROM referrals', /^No table in this statement has a column called sexx; the nearest are .*sex/],
    ['SELECT locality, id FROM referrals GROUP BY locality', /^id is neither grouped nor summarised/],
    ['SELECT * FROM referrals WHERE', /^The statement ends too soon/],
    ['SELEC * FROM referrals', /^The statement is not valid SQL near "SELEC"/],
    ["SELECT * FROM referrals WHERE id = 'abc'", /^The text 'abc' is not a whole number/],
  ])('%s', async (sql, plain) => {
    const message = await duckdbMessage(sql);
    const explained = explainSqlError(message);
    expect(explained).toMatch(plain);
    expect(explained).toContain(`(DuckDB: ${message.split('\n')[0]!.trim()})`);
  });

  it('keeps an unknown kind of error, naming what DuckDB called it', () => {
    expect(explainSqlError('Out of Memory Error: could not allocate block')).toBe('DuckDB could not run the statement (out of memory error): could not allocate block');
    expect(explainSqlError('something odd')).toBe('DuckDB could not run the statement: something odd');
  });
});
