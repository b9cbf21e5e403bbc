import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Where the host serves published files: `/published/<key>/<file name>`. */
export const PUBLISHED_PREFIX = '/published/';

/**
 * Files the engine wrote that the loopback host lets a browser tab open, each at an unguessable address
 * (a new tab cannot carry the API token, so the address itself is the capability). Only paths the engine
 * handed over are ever published, and each lives only as long as the host.
 */
export class PublishedFiles {
  private readonly byKey = new Map<string, string>();

  /** The same-origin address path the file is served at from now on. */
  publish(filePath: string): string {
    const key = randomBytes(24).toString('hex');
    this.byKey.set(key, path.resolve(filePath));
    return `${PUBLISHED_PREFIX}${key}/${encodeURIComponent(path.basename(filePath))}`;
  }

  /** The file behind an address path, or null when the key is unknown or the name does not match it. */
  resolve(urlPath: string): string | null {
    if (!urlPath.startsWith(PUBLISHED_PREFIX)) return null;
    const [key, name, ...rest] = urlPath.slice(PUBLISHED_PREFIX.length).split('/');
    if (key === undefined || name === undefined || rest.length > 0) return null;
    const filePath = this.byKey.get(key);
    if (filePath === undefined) return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      return null;
    }
    return decoded === path.basename(filePath) ? filePath : null;
  }
}
