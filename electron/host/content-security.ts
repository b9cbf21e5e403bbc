/**
 * The Content-Security-Policy the window runs under, in Electron and in the loopback host alike: only the
 * app's own scripts, styles and data; no remote origin of any kind; no eval; no framing; no forms.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * A published report.html in its own tab: it is self-contained (inline styles and SVG, no script), so it
 * may load nothing at all beyond its own inline styles and data images.
 */
export const REPORT_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
