// The browser host serves the real core over HTTP on 127.0.0.1 and must refuse everyone but our page:
// no token, a wrong Host (DNS rebinding), a foreign Origin (CSRF), paths outside the renderer folder.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHost, type BrowserHost } from '../../src/main/browserHost/server'
import { startHarness, type Harness } from '../support/coreHarness'

let h: Harness
let host: BrowserHost
let rendererDir: string

beforeAll(async () => {
  h = await startHarness({ addKey: false })
  rendererDir = await mkdtemp(join(tmpdir(), 'lendpace-renderer-'))
  await mkdir(join(rendererDir, 'assets'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>LendPace</title>')
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(rendererDir, '..', 'outside-secret.txt'), 'not for the web')
  host = await startBrowserHost({ core: h.core, rendererDir, port: 0, logger: h.logger })
})

afterAll(async () => {
  await host.close()
  await h.close()
  await rm(rendererDir, { recursive: true, force: true })
  await rm(join(rendererDir, '..', 'outside-secret.txt'), { force: true })
})

/** A raw request, so the test controls Host and Origin exactly as an attacker could. */
function raw(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path: opts.path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${host.port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }))
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

const call = (channel: string, payload: unknown, headers: Record<string, string> = { 'x-lendpace-token': host.token }) =>
  raw({ path: `/api/call/${channel}`, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ payload }) })

describe('browser host', () => {
  it('listens on 127.0.0.1 with a random token in the URL fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{48}$/)
  })

  it('serves the contract to a caller with the token', async () => {
    const res = await call('getStatus', null)
    expect(res.status).toBe(200)
    const env = JSON.parse(res.body)
    expect(env.ok).toBe(true)
    expect(env.value.state).toBe('stopped')
  })

  it('refuses calls without the right token', async () => {
    expect((await call('getStatus', null, {})).status).toBe(401)
    expect((await call('getStatus', null, { 'x-lendpace-token': 'f'.repeat(48) })).status).toBe(401)
  })

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (CSRF)', async () => {
    expect((await raw({ path: '/', headers: { host: 'evil.example:80' } })).status).toBe(421)
    const csrf = await call('startLending', null, { 'x-lendpace-token': host.token, origin: 'https://evil.example' })
    expect(csrf.status).toBe(403)
  })

  it('answers unknown channels and invalid payloads with a sentence, never a stack', async () => {
    const unknown = JSON.parse((await call('deleteEverything', null)).body)
    expect(unknown).toEqual({ ok: false, error: { kind: 'invalidRequest', message: 'Unknown request "deleteEverything".' } })
    const bad = JSON.parse((await call('listDecisions', { limit: 'all' })).body)
    expect(bad.ok).toBe(false)
    expect(bad.error.message).toMatch(/^limit: /)
  })

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const page = await raw({ path: '/' })
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/)
    expect((await raw({ path: '/assets/app.js' })).headers['content-type']).toMatch(/javascript/)
    expect((await raw({ path: '/../outside-secret.txt' })).body).not.toContain('not for the web')
    expect((await raw({ path: '/%2e%2e/outside-secret.txt' })).body).not.toContain('not for the web')
    // Encoded slashes survive URL parsing and decode to a path outside the folder: refused outright.
    expect((await raw({ path: '/assets%2f..%2f..%2foutside-secret.txt' })).status).toBe(403)
  })

  it('streams events to a subscriber with the token', async () => {
    const res = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` } }, (r) => {
        r.once('data', (c: Buffer) => {
          resolve(c.toString())
          req.destroy()
        })
      })
      req.on('error', reject)
      req.end()
    })
    expect(res).toMatch(/^event: status\ndata: \{.*"state":"stopped"/)
    expect((await raw({ path: '/api/events?token=nope' })).status).toBe(401)
  })
})
