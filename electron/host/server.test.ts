import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../shared/wire';
import { startHost, type RunningHost } from './server';

let folder: string;
let host: RunningHost;
const dispatched: string[] = [];

function request(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: '127.0.0.1', port: Number(url.port), method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-host-'));
  fs.writeFileSync(path.join(folder, 'index.html'), '<!doctype html><title>Village Workbench</title>');
  fs.writeFileSync(path.join(os.tmpdir(), 'vw-host-outside.txt'), 'secret');
  host = await startHost({
    rendererFolder: folder,
    dispatch: async (method, payload) => {
      dispatched.push(method);
      return { ok: true, value: { echo: payload, bytes: new Uint8Array([1, 2, 3]) } };
    },
  });
});

afterAll(async () => {
  await host.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const apiHeaders = (): Record<string, string> => ({ 'Content-Type': 'application/json', 'X-Workbench-Token': host.token, Origin: host.origin });

describe('loopback host', () => {
  it('listens on 127.0.0.1 only and puts the token in the fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the renderer with the CSP and refuses path traversal', async () => {
    const page = await request({ path: '/', headers: { Host: new URL(host.origin).host } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const traversal = await request({ path: '/../vw-host-outside.txt', headers: { Host: new URL(host.origin).host } });
    expect(traversal.body).not.toContain('secret');
    const encoded = await request({ path: '/%2e%2e/vw-host-outside.txt', headers: { Host: new URL(host.origin).host } });
    expect(encoded.body).not.toContain('secret');
  });

  it('answers API calls that carry the token, decoding and encoding the wire format', async () => {
    const response = await request({ method: 'POST', path: '/api/listTables', headers: apiHeaders(), body: encodeWire({ a: 1n }) });
    expect(response.status).toBe(200);
    const decoded = decodeWire(response.body) as { ok: true; value: { echo: { a: bigint }; bytes: Uint8Array } };
    expect(decoded.value.echo.a).toBe(1n);
    expect(Array.from(decoded.value.bytes)).toEqual([1, 2, 3]);
  });

  it.each([
    ['no token', { 'Content-Type': 'application/json' }, 401],
    ['a wrong token', { 'Content-Type': 'application/json', 'X-Workbench-Token': '0'.repeat(64) }, 401],
    ['another origin', { 'Content-Type': 'application/json', Origin: 'http://evil.example' }, 403],
    ['a cross-site fetch', { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' }, 403],
    ['a form post', { 'Content-Type': 'application/x-www-form-urlencoded' }, 415],
  ])('refuses %s', async (_label, headers, status) => {
    const before = dispatched.length;
    const withToken = 'X-Workbench-Token' in headers || status === 401 ? headers : { ...headers, 'X-Workbench-Token': host.token };
    const response = await request({ method: 'POST', path: '/api/listTables', headers: withToken as Record<string, string>, body: '{}' });
    expect(response.status).toBe(status);
    expect(dispatched.length).toBe(before);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const response = await request({ method: 'POST', path: '/api/listTables', headers: { ...apiHeaders(), Host: 'attacker.example' }, body: '{}' });
    expect(response.status).toBe(421);
  });

  it('refuses oversized bodies', async () => {
    const response = await request({ method: 'POST', path: '/api/listTables', headers: apiHeaders(), body: 'x'.repeat(2 << 20) });
    expect(response.status).toBe(413);
  });
});
