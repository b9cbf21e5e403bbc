import type { Session, WebContents, WebFrameMain } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../host/content-security';

/** The app's own origin: the renderer is served from a custom protocol, never from file://. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://workbench`;

/** True for the app's own pages, and for electron-vite's dev server while developing. */
export function isAppUrl(url: string, devServerUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (`${parsed.protocol}//${parsed.host}` === APP_ORIGIN) return true;
  if (devServerUrl === undefined) return false;
  const dev = new URL(devServerUrl);
  return parsed.origin === dev.origin && (parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1');
}

/** Requests the window may make: its own files, devtools, and data/blob URLs for exported images. */
export function isAllowedRequest(url: string, devServerUrl: string | undefined): boolean {
  return isAppUrl(url, devServerUrl) || url.startsWith('devtools://') || url.startsWith('data:') || url.startsWith('blob:');
}

/** IPC is answered only for the app's own top-level frame (Electron security checklist item 17). */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url'> | null, devServerUrl: string | undefined): boolean {
  return frame !== null && isAppUrl(frame.url, devServerUrl);
}

export function secureSession(session: Session, devServerUrl: string | undefined): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, devServerUrl) }));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

export function secureWebContents(contents: WebContents, devServerUrl: string | undefined): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
