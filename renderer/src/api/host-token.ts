/**
 * The loopback host opens the page at `http://127.0.0.1:<port>/#token=<hex>`. A fragment never reaches the
 * server's logs or the Referer header, which is why the secret travels there.
 */

const TOKEN_PATTERN = /^[0-9a-f]{16,256}$/i;

/** The token in a `location.hash`, or null when there is none or it is not hex. */
export function readHostToken(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token !== null && TOKEN_PATTERN.test(token) ? token : null;
}
