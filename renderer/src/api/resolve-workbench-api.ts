import type { WorkbenchApi } from '../../../shared/api';
import { readHostToken } from './host-token';
import { createHttpWorkbenchApi } from './http-workbench-api';

/**
 * Picks the transport once at start-up: Electron's preload exposes `window.workbench`; in a normal browser
 * the page was served by the loopback host, so requests go back to the page's own origin.
 */
export function resolveWorkbenchApi(): WorkbenchApi {
  if (window.workbench) return window.workbench;

  const token = readHostToken(window.location.hash);
  if (window.location.hash !== '') {
    // Take the secret out of the address bar and history so it is not left on screen or bookmarked.
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}`);
  }
  return createHttpWorkbenchApi({ baseUrl: window.location.origin, token, fetch: window.fetch.bind(window) });
}
