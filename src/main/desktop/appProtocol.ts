// The app:// scheme: registered as privileged before the app is ready (standard and secure, so the page
// gets a real origin, module scripts and storage; never bypassCSP), and served with protocol.handle from
// the packaged renderer folder only (rendererFilePath refuses anything outside it). Every answer carries
// our CSP header; the <meta> in index.html repeats it.
import type { CustomScheme } from 'electron'
import { pathToFileURL } from 'node:url'
import { rendererFilePath } from '../core/rendererPath'
import { APP_HOST, APP_SCHEME, type AppLocation } from './appLocation'
import { contentSecurityPolicy } from './contentSecurityPolicy'

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true }
}

type AppRequestTarget = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 }

/** The file an app:// request may read, or why not. Pure, so the confinement is tested under Node. */
export function appRequestTarget(url: string, rendererDir: string): AppRequestTarget {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, status: 400 }
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 404 }
  return rendererFilePath(parsed.pathname, rendererDir)
}

/** What protocol.handle needs from Electron: a way to read a file:// URL (net.fetch). */
type FileFetcher = (fileUrl: string) => Promise<Response>

export function appProtocolHandler(location: Extract<AppLocation, { kind: 'app' }>, fetchFile: FileFetcher): (req: Request) => Promise<Response> {
  const csp = contentSecurityPolicy(location)
  return async (req) => {
    const target = appRequestTarget(req.url, location.rendererDir)
    if (!target.ok) return new Response(null, { status: target.status })
    if (req.method !== 'GET' && req.method !== 'HEAD') return new Response(null, { status: 405 })
    const res = await fetchFile(pathToFileURL(target.file).href).catch(() => null)
    if (!res || !res.ok) return new Response(null, { status: 404 })
    const headers = new Headers(res.headers)
    headers.set('content-security-policy', csp)
    headers.set('x-content-type-options', 'nosniff')
    return new Response(res.body, { status: 200, headers })
  }
}
