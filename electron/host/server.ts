import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { MAX_LOOPBACK_DROP_BYTES } from '../../shared/api';
import { decodeWire, encodeWire } from '../../shared/wire';
import { CONTENT_SECURITY_POLICY, REPORT_CONTENT_SECURITY_POLICY } from './content-security';
import { PUBLISHED_PREFIX, type PublishedFiles } from './published-files';

/**
 * A loopback-only HTTP host for the renderer and the WorkbenchApi. It exists so the real window can be
 * driven in a real browser where the Electron binary is unavailable (tests, CI). It listens on 127.0.0.1
 * only, on a random port, and every API call must carry the per-run token and come from this origin.
 */

export type Dispatch = (method: string, payload: unknown) => Promise<unknown>;

export interface HostOptions {
  readonly dispatch: Dispatch;
  /** The built renderer (out/renderer); static files are served from here only. */
  readonly rendererFolder: string;
  readonly port?: number;
  readonly maxRequestBytes?: number;
  /** Files the shell published for a new tab (a run's report.html), served under PUBLISHED_PREFIX. */
  readonly published?: PublishedFiles;
}

export interface RunningHost {
  readonly origin: string;
  readonly token: string;
  /** The address to open: the token travels in the fragment, which browsers never send to servers. */
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function securityHeaders(response: http.ServerResponse, policy: string = CONTENT_SECURITY_POLICY): void {
  response.setHeader('Content-Security-Policy', policy);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Cache-Control', 'no-store');
}

function refuse(response: http.ServerResponse, status: number, message: string): void {
  securityHeaders(response);
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(message);
}

function tokensMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(request: http.IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function serveStatic(rendererFolder: string, urlPath: string, response: http.ServerResponse): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    refuse(response, 400, 'Bad path');
    return;
  }
  const root = path.resolve(rendererFolder);
  const requested = path.resolve(root, `.${decoded}`);
  if (requested !== root && !requested.startsWith(root + path.sep)) {
    refuse(response, 404, 'Not found');
    return;
  }
  let filePath = requested;
  if (!fs.existsSync(filePath) || fs.statSync(filePath).isDirectory()) {
    // The renderer is a single page: unknown paths without an extension get the page itself.
    if (path.extname(decoded) !== '') {
      refuse(response, 404, 'Not found');
      return;
    }
    filePath = path.join(root, 'index.html');
  }
  securityHeaders(response);
  response.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(filePath)] ?? 'application/octet-stream' });
  fs.createReadStream(filePath).pipe(response);
}

function servePublished(published: PublishedFiles | undefined, urlPath: string, response: http.ServerResponse): void {
  const filePath = published?.resolve(urlPath) ?? null;
  if (filePath === null || !fs.existsSync(filePath)) {
    refuse(response, 404, 'Not found');
    return;
  }
  securityHeaders(response, REPORT_CONTENT_SECURITY_POLICY);
  response.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(filePath)] ?? 'application/octet-stream' });
  fs.createReadStream(filePath).pipe(response);
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  if (!fs.existsSync(path.join(options.rendererFolder, 'index.html'))) {
    throw new Error(`The renderer has not been built: ${options.rendererFolder}/index.html is missing (run npm run build:renderer)`);
  }
  const token = randomBytes(32).toString('hex');
  const limit = options.maxRequestBytes ?? 1 << 20;
  // Dropped files arrive as base64 (4 bytes per 3) inside JSON.
  const dropLimit = Math.ceil((MAX_LOOPBACK_DROP_BYTES * 4) / 3) + (1 << 20);
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = http.createServer((request, response) => {
    const host = request.headers.host;
    if (host === undefined || !allowedHosts.has(host)) {
      refuse(response, 421, 'Unknown host');
      return;
    }
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname.startsWith('/api/')) {
      void handleApi(request, response, url.pathname.slice('/api/'.length));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      refuse(response, 405, 'Method not allowed');
      return;
    }
    if (url.pathname.startsWith(PUBLISHED_PREFIX)) {
      servePublished(options.published, url.pathname, response);
      return;
    }
    serveStatic(options.rendererFolder, url.pathname, response);
  });

  async function handleApi(request: http.IncomingMessage, response: http.ServerResponse, method: string): Promise<void> {
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) return refuse(response, 403, 'Cross-origin requests are refused');
    if (request.headers['sec-fetch-site'] !== undefined && request.headers['sec-fetch-site'] !== 'same-origin') {
      return refuse(response, 403, 'Cross-site requests are refused');
    }
    if (!tokensMatch(token, request.headers['x-workbench-token'] as string | undefined)) return refuse(response, 401, 'Missing or wrong token');
    if (request.method !== 'POST') return refuse(response, 405, 'Use POST');
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) return refuse(response, 415, 'Send JSON');
    const body = await readBody(request, method === 'acceptDroppedFiles' ? dropLimit : limit);
    if (body === null) return refuse(response, 413, 'Request too large');
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : decodeWire(body);
    } catch {
      return refuse(response, 400, 'The request body is not valid JSON');
    }
    const result = await options.dispatch(method, payload);
    securityHeaders(response);
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(encodeWire(result));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    origin,
    token,
    url: `${origin}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
