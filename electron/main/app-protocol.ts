import fs from 'node:fs';
import path from 'node:path';
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME } from './security';

/**
 * Serves the built renderer from app://workbench/ instead of file:// (Electron security checklist item
 * 18): a custom scheme has an origin of its own, and only files under the renderer folder are reachable.
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRendererFolder(rendererFolder: string): void {
  const root = path.resolve(rendererFolder);
  protocol.handle(APP_SCHEME, (request) => {
    const { pathname } = new URL(request.url);
    const requested = path.resolve(root, `.${decodeURIComponent(pathname)}`);
    const inside = requested === root || requested.startsWith(root + path.sep);
    const filePath = inside && fs.existsSync(requested) && fs.statSync(requested).isFile() ? requested : path.join(root, 'index.html');
    return net.fetch(pathToFileURL(filePath).toString());
  });
}
