// The Content-Security-Policy our page runs under. Sent as a response header (by the app:// handler, and
// on the dev server's answers) and repeated in the <meta> of src/renderer/index.html, so the page is
// covered even if a header were lost (tests/unit/desktop-window-security.test.ts holds the two equal).
import type { AppLocation } from './appLocation'

/** Production: only our own bundled scripts and styles; no eval, no inline script, no remote anything. */
export function contentSecurityPolicy(location: AppLocation): string {
  const dev = location.kind === 'devServer'
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // React sets style attributes and recharts sizes SVGs inline; scripts stay strict.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    // The dev server's hot reload talks over a websocket to the same loopback host.
    'connect-src': dev ? ["'self'", location.origin.replace(/^http/, 'ws')] : ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"]
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}

type Headers = Record<string, string[] | string>

/** Response headers with our CSP replacing any the server sent (matched case-insensitively). */
export function withCspHeader(headers: Headers | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue
    out[name] = Array.isArray(value) ? value : [value]
  }
  out['Content-Security-Policy'] = [csp]
  return out
}
