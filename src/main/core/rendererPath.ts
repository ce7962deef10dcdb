// Which file of the built renderer a URL path names, for both shells that serve it (the browser host
// over http://127.0.0.1, the desktop over app://lendpace). Only files inside the renderer folder: a
// bad %-encoding (or overlong UTF-8) is 400, a NUL byte is 400, any escape (../, %2e%2e, %2f..) is 403.
import { isAbsolute, join, normalize, relative, sep } from 'node:path'

type RendererPath = { ok: true; file: string } | { ok: false; status: 400 | 403 }

export function rendererFilePath(pathname: string, root: string): RendererPath {
  let decoded: string
  try {
    decoded = pathname === '/' || pathname === '' ? 'index.html' : decodeURIComponent(pathname)
  } catch {
    return { ok: false, status: 400 }
  }
  if (decoded.includes('\0')) return { ok: false, status: 400 }
  const base = normalize(root)
  const file = normalize(join(base, decoded.replace(/^[/\\]+/, '')))
  const rel = relative(base, file)
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { ok: false, status: 403 }
  return { ok: true, file }
}
