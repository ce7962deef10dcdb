// Where our own page lives: the built renderer served over our privileged app:// scheme (appProtocol.ts),
// or the Vite dev server in development. The sender check, the navigation policy and the CSP all ask
// "is this URL our page?" through here, so there is one definition of "our page".
// Why app:// and not file://: a file:// page shares its origin with every file on the disk, and needs
// the GrantFileProtocolExtraPrivileges fuse; app://lendpace is one origin serving one folder.

export const APP_SCHEME = 'app'
export const APP_HOST = 'lendpace'
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

export type AppLocation =
  | { kind: 'app'; /** Absolute path of the built renderer folder (out/renderer), the only one app:// serves. */ rendererDir: string }
  | { kind: 'devServer'; /** e.g. http://localhost:5173 */ origin: string }

/** Dev server only when electron-vite says so (ELECTRON_RENDERER_URL) and the app is not packaged. */
export function appLocationFrom(opts: { devServerUrl: string | undefined; isPackaged: boolean; rendererDir: string }): AppLocation {
  if (!opts.isPackaged && opts.devServerUrl) {
    const url = new URL(opts.devServerUrl)
    // A dev server is only trusted on this machine; anything else would let a remote page drive the key.
    if (isLoopbackHost(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:')) {
      return { kind: 'devServer', origin: url.origin }
    }
  }
  return { kind: 'app', rendererDir: opts.rendererDir }
}

/** The URL the window loads. */
export const pageUrl = (location: AppLocation): string => (location.kind === 'devServer' ? location.origin : APP_INDEX_URL)

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname === '::1'
}

/** Is `url` our page (any hash or query), and nothing else: not another file, not another origin. */
export function isOwnPageUrl(url: string, location: AppLocation): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (location.kind === 'devServer') return parsed.origin === location.origin
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password || parsed.port) return false
  let path: string
  try {
    path = decodeURIComponent(parsed.pathname)
  } catch {
    return false
  }
  return path === '/index.html' || path === '/'
}
