// app://lendpace serves the packaged renderer folder and nothing else; debugging switches are refused
// in packaged builds. Pure functions and the real handler over a real temp folder (file reads through
// Node's fetch-compatible Response, standing in for Electron's net.fetch of a file:// URL).
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { APP_SCHEME_PRIVILEGES, appProtocolHandler, appRequestTarget } from '../../src/main/desktop/appProtocol'
import { forbiddenDebugSwitches } from '../../src/main/desktop/debugSwitches'

const root = mkdtempSync(join(tmpdir(), 'lendpace-app-'))
const renderer = join(root, 'renderer')
mkdirSync(join(renderer, 'assets'), { recursive: true })
writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>LendPace</title>')
writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)')
writeFileSync(join(root, 'secret.txt'), 'outside the renderer')
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('appRequestTarget (path confinement)', () => {
  it('maps our URLs to files inside the renderer folder', () => {
    expect(appRequestTarget('app://lendpace/index.html', renderer)).toEqual({ ok: true, file: join(renderer, 'index.html') })
    expect(appRequestTarget('app://lendpace/', renderer)).toEqual({ ok: true, file: join(renderer, 'index.html') })
    expect(appRequestTarget('app://lendpace/assets/app.js?v=1#x', renderer)).toEqual({ ok: true, file: join(renderer, 'assets', 'app.js') })
  })

  it('refuses every way out of the folder', () => {
    for (const url of [
      'app://lendpace/../secret.txt',
      'app://lendpace/%2e%2e/secret.txt',
      'app://lendpace/assets%2f..%2f..%2fsecret.txt',
      'app://lendpace/assets/..%5c..%5csecret.txt',
      'app://lendpace/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://lendpace/' + encodeURIComponent(join(root, 'secret.txt'))
    ]) {
      const target = appRequestTarget(url, renderer)
      if (target.ok) expect(target.file.startsWith(renderer + '/'), url).toBe(true)
      else expect(target.status, url).toBe(403)
    }
  })

  it('400 for bad encodings and NUL bytes, 404 for another host or scheme', () => {
    expect(appRequestTarget('app://lendpace/%E0%A4%A', renderer)).toEqual({ ok: false, status: 400 })
    expect(appRequestTarget('app://lendpace/%C0%AE%C0%AE/secret.txt', renderer)).toEqual({ ok: false, status: 400 })
    expect(appRequestTarget('app://lendpace/index.html%00.js', renderer)).toEqual({ ok: false, status: 400 })
    expect(appRequestTarget('app://other/index.html', renderer)).toEqual({ ok: false, status: 404 })
    expect(appRequestTarget('file:///etc/passwd', renderer)).toEqual({ ok: false, status: 404 })
  })
})

describe('appProtocolHandler', () => {
  // What net.fetch(file://…) answers, from the real file.
  const readFileUrl = async (url: string) => {
    try {
      return new Response(readFileSync(fileURLToPath(url)), { headers: { 'content-type': url.endsWith('.js') ? 'text/javascript' : 'text/html' } })
    } catch {
      return new Response(null, { status: 404 })
    }
  }
  const handle = appProtocolHandler({ kind: 'app', rendererDir: renderer }, readFileUrl)

  it('serves our files with our CSP (script-src self) and nosniff', async () => {
    const res = await handle(new Request('app://lendpace/index.html'))
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<title>LendPace</title>')
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-type')).toBe('text/html')
  })

  it('never reads outside the folder, and only answers GET', async () => {
    for (const url of ['app://lendpace/%2e%2e/secret.txt', 'app://lendpace/assets%2f..%2f..%2fsecret.txt']) {
      const outside = await handle(new Request(url))
      // URL parsing may already fold "%2e%2e" into the root (then: not found); either way, nothing read.
      expect([403, 404], url).toContain(outside.status)
      expect(await outside.text()).not.toContain('outside the renderer')
    }
    expect((await handle(new Request('app://lendpace/missing.js'))).status).toBe(404)
    expect((await handle(new Request('app://lendpace/index.html', { method: 'POST', body: 'x' }))).status).toBe(405)
  })

  it('is registered standard and secure, and never bypasses the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app')
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true })
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).toBeFalsy()
  })
})

describe('forbiddenDebugSwitches', () => {
  it('a packaged build refuses remote debugging and inspector switches', () => {
    const argv = ['/opt/LendPace/lendpace', '--remote-debugging-port=9222', '--inspect', '--inspect-brk=0.0.0.0:9229', '--lang=en']
    expect(forbiddenDebugSwitches({ argv, isPackaged: true })).toEqual(['--remote-debugging-port', '--inspect', '--inspect-brk'])
    // Chromium may also have the switch from elsewhere (e.g. a switch file): asked through hasSwitch.
    expect(forbiddenDebugSwitches({ argv: ['/x'], isPackaged: true, hasSwitch: (n) => n === 'remote-debugging-pipe' })).toEqual(['--remote-debugging-pipe'])
    expect(forbiddenDebugSwitches({ argv: ['/x', '--hidden', '--start-minimized'], isPackaged: true })).toEqual([])
  })
  it('development builds keep them', () => {
    expect(forbiddenDebugSwitches({ argv: ['/x', '--inspect'], isPackaged: false })).toEqual([])
  })
})
