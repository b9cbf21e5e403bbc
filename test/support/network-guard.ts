import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

/**
 * Loaded with `node --import` into a process under test: every attempt to reach the network (TCP, UDP,
 * DNS, HTTP(S), TLS, fetch) is written to the file named by VW_NETWORK_LOG and then refused loudly.
 * Local IPC over a named pipe or Unix socket is left alone: it never leaves the machine.
 */

const logFile = process.env.VW_NETWORK_LOG;
if (!logFile) throw new Error('network-guard needs VW_NETWORK_LOG');

function refuse(kind: string, target: unknown): never {
  const description = typeof target === 'string' ? target : JSON.stringify(target);
  fs.appendFileSync(logFile as string, `${kind} ${description}\n`);
  throw new Error(`Network access refused by the test guard: ${kind} ${description}`);
}

function isLocalIpc(options: unknown): boolean {
  if (typeof options === 'string') return !/^\d+$/.test(options);
  return typeof options === 'object' && options !== null && typeof (options as { path?: unknown }).path === 'string';
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  if (isLocalIpc(args[0])) return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  return refuse('tcp', args[0]);
} as typeof net.Socket.prototype.connect;

for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse'] as const) {
  (dns as unknown as Record<string, unknown>)[name] = (host: unknown) => refuse(`dns.${name}`, host);
  (dns.promises as unknown as Record<string, unknown>)[name] = async (host: unknown) => refuse(`dns.promises.${name}`, host);
}
for (const [module, label] of [
  [http, 'http'],
  [https, 'https'],
] as const) {
  (module as unknown as Record<string, unknown>).request = (target: unknown) => refuse(`${label}.request`, String(target));
  (module as unknown as Record<string, unknown>).get = (target: unknown) => refuse(`${label}.get`, String(target));
}
(tls as unknown as Record<string, unknown>).connect = (target: unknown) => refuse('tls.connect', target);
(dgram as unknown as Record<string, unknown>).createSocket = (type: unknown) => refuse('udp', type);
globalThis.fetch = (async (input: unknown) => refuse('fetch', String(input))) as typeof fetch;
