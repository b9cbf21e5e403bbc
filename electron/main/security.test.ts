import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../host/content-security';
import { isAllowedRequest, isAppUrl, isTrustedSender, secureSession, secureWebContents } from './security';
import { mainWindowOptions } from './window-options';

/** Asserts the window's hardening, setting by setting, without starting Electron. */

describe('main window options', () => {
  const preferences = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!;

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
  ] as const)('%s is %s', (setting, expected) => {
    expect(preferences[setting]).toBe(expected);
  });

  it('loads the preload as one CommonJS file', () => {
    expect(preferences.preload).toMatch(/index\.cjs$/);
  });
});

describe('content security policy', () => {
  it('allows only the app itself: no remote origin, no eval, no plugins, no framing', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|unsafe-eval|\*/);
  });
});

describe('origins, senders and requests', () => {
  it('recognises only the app origin (and the dev server on loopback) as the app', () => {
    expect(isAppUrl('app://workbench/index.html', undefined)).toBe(true);
    expect(isAppUrl('app://other/index.html', undefined)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', undefined)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', undefined)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost.evil.example:5173/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url', undefined)).toBe(false);
  });

  it('trusts IPC only from the app frame', () => {
    expect(isTrustedSender({ url: 'app://workbench/index.html' }, undefined)).toBe(true);
    expect(isTrustedSender({ url: 'https://example.org/' }, undefined)).toBe(false);
    expect(isTrustedSender(null, undefined)).toBe(false);
  });

  it('blocks every request that is not to the app', () => {
    expect(isAllowedRequest('app://workbench/assets/index.js', undefined)).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA', undefined)).toBe(true);
    expect(isAllowedRequest('https://fonts.googleapis.com/css', undefined)).toBe(false);
    expect(isAllowedRequest('http://127.0.0.1:9/', undefined)).toBe(false);
  });
});

describe('session and web contents hardening', () => {
  it('denies every permission, blocks remote requests and sets the CSP header', () => {
    const recorded: Record<string, (...args: never[]) => unknown> = {};
    const fakeSession = {
      setPermissionRequestHandler: (handler: never) => void (recorded.permissionRequest = handler),
      setPermissionCheckHandler: (handler: never) => void (recorded.permissionCheck = handler),
      setDevicePermissionHandler: (handler: never) => void (recorded.devicePermission = handler),
      webRequest: {
        onBeforeRequest: (handler: never) => void (recorded.beforeRequest = handler),
        onHeadersReceived: (handler: never) => void (recorded.headersReceived = handler),
      },
    };
    secureSession(fakeSession as never, undefined);

    const granted: boolean[] = [];
    (recorded.permissionRequest as (c: unknown, p: string, cb: (ok: boolean) => void) => void)(null, 'media', (answer) => granted.push(answer));
    (recorded.permissionRequest as (c: unknown, p: string, cb: (ok: boolean) => void) => void)(null, 'geolocation', (answer) => granted.push(answer));
    expect(granted).toEqual([false, false]);
    expect((recorded.permissionCheck as () => boolean)()).toBe(false);
    expect((recorded.devicePermission as () => boolean)()).toBe(false);

    const decisions: { cancel: boolean }[] = [];
    const beforeRequest = recorded.beforeRequest as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
    beforeRequest({ url: 'https://telemetry.example/collect' }, (decision) => decisions.push(decision));
    beforeRequest({ url: 'app://workbench/index.html' }, (decision) => decisions.push(decision));
    expect(decisions).toEqual([{ cancel: true }, { cancel: false }]);

    let headers: Record<string, string[]> = {};
    (recorded.headersReceived as (d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)(
      { responseHeaders: {} },
      (response) => void (headers = response.responseHeaders),
    );
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('denies new windows, outside navigation, redirects and webviews', () => {
    const listeners: Record<string, (event: { preventDefault(): void }, url: string) => void> = {};
    let openHandler: (() => { action: string }) | undefined;
    const fakeContents = {
      setWindowOpenHandler: (handler: () => { action: string }) => void (openHandler = handler),
      on: (name: string, listener: (event: { preventDefault(): void }, url: string) => void) => void (listeners[name] = listener),
    };
    secureWebContents(fakeContents as never, undefined);
    expect(openHandler?.()).toEqual({ action: 'deny' });

    const prevented = (name: string, url: string): boolean => {
      let wasPrevented = false;
      listeners[name]!({ preventDefault: () => void (wasPrevented = true) }, url);
      return wasPrevented;
    };
    expect(prevented('will-navigate', 'https://example.org/')).toBe(true);
    expect(prevented('will-navigate', 'app://workbench/index.html')).toBe(false);
    expect(prevented('will-redirect', 'https://example.org/')).toBe(true);
    expect(prevented('will-attach-webview', '')).toBe(true);
  });
});
