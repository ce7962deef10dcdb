// The window's security switches and the CSP, as data.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, withCspHeader } from '../../src/main/desktop/contentSecurityPolicy'
import { mainWindowOptions } from '../../src/main/desktop/windowOptions'

const directives = (csp: string): Map<string, string[]> =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources])
  )

describe('mainWindowOptions', () => {
  const opts = mainWindowOptions({ preloadPath: '/app/out/preload/index.js', show: false, packaged: true })
  it('locks the renderer down', () => {
    expect(opts.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false
    })
  })
  it('starts hidden when asked (login start)', () => {
    expect(opts.show).toBe(false)
    expect(mainWindowOptions({ preloadPath: '/p', show: true, packaged: true }).show).toBe(true)
  })
  it('has DevTools off in a packaged build, on only in development', () => {
    expect(opts.webPreferences?.devTools).toBe(false)
    expect(mainWindowOptions({ preloadPath: '/p', show: true, packaged: false }).webPreferences?.devTools).toBe(true)
  })
})

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts in production, with no eval and nothing remote', () => {
    const d = directives(contentSecurityPolicy({ kind: 'app', rendererDir: '/x' }))
    expect(d.get('script-src')).toEqual(["'self'"])
    expect(d.get('default-src')).toEqual(["'self'"])
    expect(d.get('object-src')).toEqual(["'none'"])
    expect(d.get('frame-ancestors')).toEqual(["'none'"])
    expect(d.get('connect-src')).toEqual(["'self'"])
    for (const [, sources] of d) {
      for (const s of sources) expect(s).not.toMatch(/^(https?:|\*|'unsafe-eval')/)
    }
  })
  it('lets the dev server hot-reload socket through, and still no inline script', () => {
    const d = directives(contentSecurityPolicy({ kind: 'devServer', origin: 'http://localhost:5173' }))
    expect(d.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173'])
    expect(d.get('script-src')).toEqual(["'self'"])
  })
  it('is the <meta> policy in the renderer page, but for frame-ancestors (which a <meta> cannot set)', () => {
    const html = readFileSync(resolve(__dirname, '../../src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta, 'src/renderer/index.html must carry a CSP <meta>: file:// pages get no response headers').not.toBeNull()
    const fromMeta = directives(meta![1])
    expect(fromMeta.get('script-src')).toEqual(["'self'"])
    const production = directives(contentSecurityPolicy({ kind: 'app', rendererDir: '/x' }))
    production.delete('frame-ancestors')
    expect(Object.fromEntries(fromMeta)).toEqual(Object.fromEntries(production))
  })
})

describe('withCspHeader', () => {
  it('replaces any CSP the server sent, whatever its case, and keeps the other headers', () => {
    const out = withCspHeader({ 'content-security-policy': ["script-src *"], 'Content-Type': 'text/html' }, "script-src 'self'")
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["script-src 'self'"] })
  })
  it('adds the header when there were none', () => {
    expect(withCspHeader(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] })
  })
})
