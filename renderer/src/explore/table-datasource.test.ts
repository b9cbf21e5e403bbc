import { Int64, Table, Utf8, makeData, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { TablePageRequest, WorkbenchApi } from '../../../shared/api';
import { fail, ok, type WorkbenchError } from '../../../shared/result';
import { createTableDatasource } from './table-datasource';

const columns = [
  { name: 'id', type: 'BIGINT' },
  { name: 'ward', type: 'VARCHAR' },
];

function pageOf(ids: bigint[]): Uint8Array {
  const idVector = makeVector(makeData({ type: new Int64(), length: ids.length, nullCount: 0, data: BigInt64Array.from(ids) }));
  return tableToIPC(new Table({ id: idVector, ward: vectorFromArray(ids.map((id) => `Ward ${id}`), new Utf8()) }), 'stream');
}

function recorder() {
  const log = { rowCounts: [] as number[], loading: [] as boolean[], errors: [] as (WorkbenchError | null)[] };
  return {
    log,
    events: {
      onRowCount: (count: number) => log.rowCounts.push(count),
      onLoadingChange: (loading: boolean) => log.loading.push(loading),
      onError: (error: WorkbenchError | null) => log.errors.push(error),
    },
  };
}

function rowsParams(overrides: Partial<{ sortModel: unknown; filterModel: unknown }> = {}) {
  let settle: (outcome: { rows: unknown[]; lastRow: number | undefined } | 'failed') => void = () => {};
  const done = new Promise<{ rows: unknown[]; lastRow: number | undefined } | 'failed'>((resolve) => {
    settle = resolve;
  });
  const params = {
    startRow: 200,
    endRow: 400,
    sortModel: overrides.sortModel ?? [{ colId: 'id', sort: 'desc' }],
    filterModel: overrides.filterModel ?? { ward: { filterType: 'text', type: 'startsWith', filter: 'Ward 1' } },
    successCallback: (rows: unknown[], lastRow?: number) => settle({ rows, lastRow }),
    failCallback: () => settle('failed'),
  };
  return { params, done };
}

describe('createTableDatasource', () => {
  it('asks the engine for the block with sort and filter, and hands back display rows and the row count', async () => {
    const requests: TablePageRequest[] = [];
    const api: Pick<WorkbenchApi, 'getTablePage'> = {
      getTablePage: async (request) => {
        requests.push(request);
        return ok({ rowCount: 202, columns, arrow: pageOf([12345678901234567n, 2n]) });
      },
    };
    const { log, events } = recorder();
    const datasource = createTableDatasource(api, 'children', columns, events);
    const { params, done } = rowsParams();

    datasource.getRows(params as never);
    const outcome = await done;

    expect(requests).toEqual([
      {
        table: 'children',
        startRow: 200,
        endRow: 400,
        sort: [{ column: 'id', direction: 'desc' }],
        filter: { ward: { kind: 'text', operator: 'startsWith', value: 'Ward 1' } },
      },
    ]);
    expect(outcome).toEqual({
      rows: [
        { id: '12345678901234567', ward: 'Ward 12345678901234567' },
        { id: '2', ward: 'Ward 2' },
      ],
      lastRow: 202,
    });
    expect(log.rowCounts).toEqual([202]);
    expect(log.errors).toEqual([null]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log.loading).toEqual([true, false]);
  });

  it('reports the engine’s error and tells the grid the block failed', async () => {
    const api: Pick<WorkbenchApi, 'getTablePage'> = {
      getTablePage: async () => fail('not-found', 'There is no table called children in this workspace'),
    };
    const { log, events } = recorder();
    const { params, done } = rowsParams();

    createTableDatasource(api, 'children', columns, events).getRows(params as never);

    expect(await done).toBe('failed');
    expect(log.errors).toEqual([{ code: 'not-found', message: 'There is no table called children in this workspace' }]);
  });

  it('does not call the engine for a filter it cannot run', async () => {
    let calls = 0;
    const api: Pick<WorkbenchApi, 'getTablePage'> = {
      getTablePage: async () => {
        calls += 1;
        return ok({ rowCount: 0, columns, arrow: pageOf([]) });
      },
    };
    const { log, events } = recorder();
    const { params, done } = rowsParams({ filterModel: { id: { filterType: 'text', type: 'contains', filter: '1' } } });

    createTableDatasource(api, 'children', columns, events).getRows(params as never);

    expect(await done).toBe('failed');
    expect(calls).toBe(0);
    expect(log.errors[0]?.code).toBe('invalid-request');
  });

  it('fails the block instead of throwing when the bytes do not hold the rows counted', async () => {
    const api: Pick<WorkbenchApi, 'getTablePage'> = {
      getTablePage: async () => ok({ rowCount: 500, columns, arrow: new Uint8Array([1, 2, 3]) }),
    };
    const { log, events } = recorder();
    const { params, done } = rowsParams();

    createTableDatasource(api, 'children', columns, events).getRows(params as never);

    expect(await done).toBe('failed');
    expect(log.errors[0]?.code).toBe('internal');
  });
});
