import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../shared/wire';
import { PublishedFiles } from './published-files';
import { startHost, type RunningHost } from './server';
import { createHostShell, droppedFilesFolder } from './shell';
import { chosenFilesPolicy } from '../engine/file-access';

let folder: string;
let host: RunningHost;
const dispatched: string[] = [];
const published = new PublishedFiles();

function request(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      // A connection per request: a refused oversized body resets its connection, which must not be reused.
      { host: '127.0.0.1', port: Number(url.port), method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false },
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
    published,
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

  it("publishes a run's report.html at an unguessable address, the file the engine named, under a CSP that loads nothing", async () => {
    const runFolder = path.join(folder, 'runs', 'run-1');
    fs.mkdirSync(runFolder, { recursive: true });
    fs.writeFileSync(path.join(runFolder, 'report.html'), '<!doctype html><title>Report</title><h1>Birmingham</h1>');
    const asked: (string | undefined)[] = [];
    const shell = createHostShell([], chosenFilesPolicy(), droppedFilesFolder(path.join(folder, 'workspace')), {
      locate: async (runId) => {
        asked.push(runId);
        return { ok: true, value: { runId: 'run-1', path: path.join(runFolder, 'report.html') } };
      },
      published,
    });
    const { runId, url } = await shell.openRunReport({});
    expect(runId).toBe('run-1');
    expect(asked).toEqual([undefined]);
    expect(url).toMatch(/^\/published\/[0-9a-f]{48}\/report\.html$/);
    const hostHeader = { Host: new URL(host.origin).host };
    const report = await request({ path: url as string, headers: hostHeader });
    expect(report.status).toBe(200);
    expect(report.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(report.body).toContain('<h1>Birmingham</h1>');
    expect(report.headers['content-security-policy']).toContain("default-src 'none'");
    expect(report.headers['content-security-policy']).not.toContain('script-src');
    // Another key, another name under the same key, or a path below it: not found.
    for (const other of [url!.replace(/[0-9a-f]{48}/, '0'.repeat(48)), url!.replace('report.html', 'village.json'), `${url}/x`, url!.replace('/report.html', '/..%2Freport.html')]) {
      expect((await request({ path: other, headers: hostHeader })).status, other).toBe(404);
    }
  });

  it('refuses to open a report when the engine has none, with its reason', async () => {
    const shell = createHostShell([], chosenFilesPolicy(), droppedFilesFolder(path.join(folder, 'workspace')), {
      locate: async () => ({ ok: false, error: { code: 'not-found', message: 'No recipe has been run in this workspace yet' } }),
      published,
    });
    await expect(shell.openRunReport({})).rejects.toThrow('No recipe has been run in this workspace yet');
  });
});
