// Where our own page lives: the built index.html on disk, or the Vite dev server in development.
// The sender check, the navigation policy and the CSP all ask "is this URL our page?" through here,
// so there is one definition of "our page".
import { fileURLToPath } from 'node:url'
import { posix, win32 } from 'node:path'

export type AppLocation =
  | { kind: 'file'; /** Absolute path of out/renderer/index.html. */ indexPath: string }
  | { kind: 'devServer'; /** e.g. http://localhost:5173 */ origin: string }

/** Dev server only when electron-vite says so (ELECTRON_RENDERER_URL) and the app is not packaged. */
export function appLocationFrom(opts: {
  devServerUrl: string | undefined
  isPackaged: boolean
  rendererIndexPath: string
}): AppLocation {
  if (!opts.isPackaged && opts.devServerUrl) {
    const url = new URL(opts.devServerUrl)
    // A dev server is only trusted on this machine; anything else would let a remote page drive the key.
    if (isLoopbackHost(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:')) {
      return { kind: 'devServer', origin: url.origin }
    }
  }
  return { kind: 'file', indexPath: opts.rendererIndexPath }
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname === '::1'
}

/** Is `url` our page (any hash or query), and nothing else: not a sibling file, not another origin. */
export function isOwnPageUrl(url: string, location: AppLocation): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (location.kind === 'devServer') return parsed.origin === location.origin
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false
  let path: string
  try {
    path = fileURLToPath(`file://${parsed.pathname}`, { windows: isWindowsPath(location.indexPath) })
  } catch {
    return false
  }
  return samePath(path, location.indexPath)
}

const isWindowsPath = (p: string): boolean => /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')

function samePath(a: string, b: string): boolean {
  if (isWindowsPath(b)) return win32.normalize(a).toLowerCase() === win32.normalize(b).toLowerCase()
  return posix.normalize(a) === posix.normalize(b)
}
