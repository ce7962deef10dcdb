// A stopping browser host must stop answering at once, even over a keep-alive connection the page
// already holds; otherwise the page keeps talking to the dying process and never notices the restart.
// (The busy-connection case that really bit, a request still in flight while the core shuts down, is
// shown end to end by tests/e2e/restart.spec.ts; this checks the idle case and that close is prompt.)
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createAppCore } from '../../src/main/core/createAppCore'
import { createMemoryLogger } from '../../src/main/core/logging'
import { startBrowserHost } from '../../src/main/browserHost/server'

const dir = mkdtempSync(join(tmpdir(), 'lendpace-host-close-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function ping(port: number, token: string, agent: Agent): Promise<string> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/call/ping', method: 'POST', agent, headers: { host: `127.0.0.1:${port}`, 'x-lendpace-token': token, 'content-type': 'application/json' } }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => ok(body))
    })
    req.on('error', fail)
    req.end('{"payload":null}')
  })
}

describe('browser host close', () => {
  it('drops kept-alive connections, so an open page cannot keep talking to a stopped host', async () => {
    const logger = createMemoryLogger()
    const core = await createAppCore({ dataDir: dir, osCipher: null, logger, bitfinexUrls: { auth: 'http://127.0.0.1:9', public: 'http://127.0.0.1:9' } })
    const host = await startBrowserHost({ core, rendererDir: dir, port: 0, logger })
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    expect(await ping(host.port, host.token, agent)).toContain('"instance"')
    const started = Date.now()
    await host.close()
    expect(Date.now() - started).toBeLessThan(2000)
    await expect(ping(host.port, host.token, agent)).rejects.toThrow()
    agent.destroy()
    await core.shutdown()
  })
})
