import { describe, expect, it } from 'vitest';
import { workbenchMethodNames } from '../../../shared/api';
import { decodeWire, encodeWire } from '../../../shared/wire';
import { createHttpWorkbenchApi, TOKEN_HEADER } from './http-workbench-api';

interface RecordedCall {
  readonly url: string;
  readonly init: RequestInit;
}

function fakeFetch(respond: (call: RecordedCall) => Response | Promise<Response>): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

const TOKEN = 'ab12cd34ef56ab12cd34ef56ab12cd34';
const workspaceInfo = { location: '/data/workspace', schemaVersion: 1, tableCount: 2 };

describe('createHttpWorkbenchApi', () => {
  it('has a function for every contract method', () => {
    const api = createHttpWorkbenchApi({ baseUrl: 'http://127.0.0.1:1', token: TOKEN, fetch: fakeFetch(() => new Response('')).fetch });
    for (const method of workbenchMethodNames) expect(typeof api[method]).toBe('function');
  });

  it('posts the wire-encoded request with the token to /api/<method>', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(encodeWire({ ok: true, value: workspaceInfo })));
    const api = createHttpWorkbenchApi({ baseUrl: 'http://127.0.0.1:5123/', token: TOKEN, fetch });

    const result = await api.getWorkspaceInfo({});

    expect(result).toEqual({ ok: true, value: workspaceInfo });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('http://127.0.0.1:5123/api/getWorkspaceInfo');
    expect(call?.init.method).toBe('POST');
    const headers = new Headers(call?.init.headers);
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get(TOKEN_HEADER)).toBe(TOKEN);
    expect(decodeWire(String(call?.init.body))).toEqual({});
  });

  it('decodes Arrow bytes and bigints from the wire', async () => {
    const arrow = new Uint8Array([1, 2, 3, 250]);
    const page = { rowCount: 3, columns: [{ name: 'id', type: 'BIGINT' }], arrow };
    const { fetch, calls } = fakeFetch(() => new Response(encodeWire({ ok: true, value: page })));
    const api = createHttpWorkbenchApi({ baseUrl: 'http://127.0.0.1:5123', token: TOKEN, fetch });

    const result = await api.getTablePage({ table: 'children', startRow: 0, endRow: 200, sort: [{ column: 'id', direction: 'desc' }], filter: {} });

    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.arrow).toBeInstanceOf(Uint8Array);
      expect(Array.from(result.value.arrow)).toEqual([1, 2, 3, 250]);
      expect(result.value.rowCount).toBe(3);
    }
    expect(decodeWire(String(calls[0]?.init.body))).toEqual({
      table: 'children',
      startRow: 0,
      endRow: 200,
      sort: [{ column: 'id', direction: 'desc' }],
      filter: {},
    });
  });

  it('passes the engine’s error values through unchanged', async () => {
    const error = { code: 'not-found', message: 'There is no table called gone in this workspace' };
    const { fetch } = fakeFetch(() => new Response(encodeWire({ ok: false, error })));
    const api = createHttpWorkbenchApi({ baseUrl: 'http://127.0.0.1:5123', token: TOKEN, fetch });

    expect(await api.listTables({})).toEqual({ ok: false, error });
  });

  it('turns a refused request into a forbidden error value', async () => {
    const { fetch } = fakeFetch(() => new Response('no', { status: 403 }));
    const api = createHttpWorkbenchApi({ baseUrl: 'http://127.0.0.1:5123', token: TOKEN, fetch });

    const result = await api.listTables({});

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('forbidden');
  });

  it('turns other failing statuses into an internal error value', async () => {
    const { fetch } = fakeFetch(() => new Response('oops', { status: 500 }));
    const api = createHttpWorkbenchApi({ baseUrl: 'http://127.0.0.1:5123', token: TOKEN, fetch });

    const result = await api.listTables({});

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });

  it('never throws when the network fails', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const api = createHttpWorkbenchApi({ baseUrl: 'http://127.0.0.1:5123', token: TOKEN, fetch });

    const result = await api.getWorkspaceInfo({});

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });

  it('rejects answers that are not JSON or do not match the contract', async () => {
    const garbled = createHttpWorkbenchApi({ baseUrl: 'http://127.0.0.1:5123', token: TOKEN, fetch: fakeFetch(() => new Response('<html>')).fetch });
    const wrongShape = createHttpWorkbenchApi({
      baseUrl: 'http://127.0.0.1:5123',
      token: TOKEN,
      fetch: fakeFetch(() => new Response(encodeWire({ ok: true, value: { location: 42 } }))).fetch,
    });

    const first = await garbled.getWorkspaceInfo({});
    const second = await wrongShape.getWorkspaceInfo({});

    expect(first.ok).toBe(false);
    expect(second.ok).toBe(false);
  });

  it('maps an unknown error code to internal and keeps the message', async () => {
    const { fetch } = fakeFetch(() => new Response(encodeWire({ ok: false, error: { code: 'mystery', message: 'Something odd' } })));
    const api = createHttpWorkbenchApi({ baseUrl: 'http://127.0.0.1:5123', token: TOKEN, fetch });

    expect(await api.listTables({})).toEqual({ ok: false, error: { code: 'internal', message: 'Something odd' } });
  });

  it('does not call the host without a token', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(encodeWire({ ok: true, value: workspaceInfo })));
    const api = createHttpWorkbenchApi({ baseUrl: 'http://127.0.0.1:5123', token: null, fetch });

    const result = await api.getWorkspaceInfo({});

    expect(calls).toHaveLength(0);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('forbidden');
  });
});
