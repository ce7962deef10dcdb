// Every way the browser host refuses a request that is malformed, oversized, slow or too many — each
// BEFORE any contract handler runs — and how it reports refusals (counted, not one log line each).
// The core is the real one; the handlers are only wrapped to count how often they are entered.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppCore } from '../../src/main/core/appCore'
import { createMemoryLogger, type MemoryLogger } from '../../src/main/core/logging'
import { FOLDER_NOT_ALLOWED } from '../../src/main/backtest/folderConfinement'
import { startBrowserHost, type BrowserHost } from '../../src/main/browserHost/server'
import { startHarness, type Harness } from '../support/coreHarness'

const LIMITS = { maxBodyBytes: 1024, headersTimeoutMs: 400, requestTimeoutMs: 400, maxConnections: 6, maxEventStreams: 3, refusalSummaryIntervalMs: 60_000 }

let h: Harness
let host: BrowserHost
let logger: MemoryLogger
let core: AppCore
let scratch: string
let allowed: string
const handlerCalls: string[] = []

beforeAll(async () => {
  h = await startHarness({ addKey: false })
  scratch = await mkdtemp(join(tmpdir(), 'lendpace-host-'))
  const rendererDir = join(scratch, 'renderer')
  allowed = join(scratch, 'chosen-data')
  await mkdir(rendererDir)
  await mkdir(allowed)
  await mkdir(join(scratch, 'private'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>LendPace</title>')
  await symlink(join(scratch, 'private'), join(allowed, 'escape'))
  const counted = new Proxy(h.core.handlers, {
    get(target, name: string) {
      const fn = (target as unknown as Record<string, (req: unknown) => Promise<unknown>>)[name]
      return (req: unknown) => (handlerCalls.push(name), fn(req))
    }
  })
  logger = createMemoryLogger()
  core = { ...h.core, handlers: counted }
  host = await startBrowserHost({ core, rendererDir, port: 0, logger, backtestFolders: [allowed], limits: LIMITS })
})

afterAll(async () => {
  await host.close()
  await h.close()
  await rm(scratch, { recursive: true, force: true })
})

beforeEach(() => {
  handlerCalls.length = 0
})

interface RawReply {
  status: number
  text: string
  /** The server closed the connection (it did not keep it alive for another request). */
  closed: boolean
}

/** Send exact bytes on a fresh socket and read until the server closes it or answers and idles. */
function rawSend(bytes: string | Buffer, opts: { keepWriting?: Buffer; waitMs?: number } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(host.port, '127.0.0.1')
    let text = ''
    let settled = false
    const finish = (closed: boolean) => {
      if (settled) return
      settled = true
      clearInterval(writer)
      clearTimeout(idle)
      socket.destroy()
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text, closed })
    }
    socket.on('data', (c) => {
      text += c.toString()
      // A complete answer: give the server a moment to close the connection, then report whether it did.
      const end = text.indexOf('\r\n\r\n')
      const length = /\r\ncontent-length: (\d+)/i.exec(text)
      if (end >= 0 && length && Buffer.byteLength(text.slice(end + 4)) >= Number(length[1])) setTimeout(() => finish(socket.destroyed), 100)
    })
    socket.on('close', () => finish(true))
    socket.on('error', () => finish(true))
    const idle = setTimeout(() => finish(false), opts.waitMs ?? 2_000)
    // The extra body chunks start only once the head is written: a socket still connecting is
    // already writable, and chunks queued before the head would make the request line garbage (400).
    let writer: NodeJS.Timeout | undefined
    socket.once('connect', () => {
      socket.write(bytes)
      writer = setInterval(() => {
        if (opts.keepWriting && !socket.destroyed && socket.writable) socket.write(opts.keepWriting)
      }, 5)
    })
    socket.once('error', reject)
  })
}

const head = (method: string, path: string, headers: Record<string, string | number> = {}) =>
  [`${method} ${path} HTTP/1.1`, `host: 127.0.0.1:${host.port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n')

const callBytes = (channel: string, body: string, headers: Record<string, string | number> = {}) =>
  head('POST', `/api/call/${channel}`, { 'x-lendpace-token': host.token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }) + body

const json = (reply: RawReply) => JSON.parse(reply.text.slice(reply.text.indexOf('\r\n\r\n') + 4))

describe('browser host: malformed calls get 400 before any handler runs', () => {
  it.each([
    ['not JSON', 'startLending', '{"payload": nul'],
    ['an empty body', 'stopLending', ''],
    ['JSON that is not { payload }', 'deleteKey', '[1,2,3]'],
    ['extra fields next to payload', 'startLending', '{"payload":null,"also":"this"}'],
    ['invalid UTF-8 in the body', 'startLending', Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x7d]).toString('latin1')]
  ])('%s', async (_what, channel, body) => {
    const reply = await rawSend(callBytes(channel, body))
    expect(reply.status).toBe(400)
    expect(json(reply)).toMatchObject({ ok: false, error: { kind: 'invalidRequest' } })
    expect(handlerCalls).toEqual([])
  })

  it('a payload failing its schema: 400 with the schema sentence', async () => {
    const reply = await rawSend(callBytes('listDecisions', JSON.stringify({ payload: { limit: 'all' } })))
    expect(reply.status).toBe(400)
    expect(json(reply).error.message).toMatch(/^limit: /)
    expect(handlerCalls).toEqual([])
  })

  it('a bad %-encoding or an overlong UTF-8 sequence, in a call name or a file path', async () => {
    for (const path of ['/api/call/%E0%A4%A', '/api/call/%C0%AF', '/assets/%E0%A4%A.js', '/%C0%AE%C0%AE/secret', '/%FF'])
      expect((await rawSend(path.startsWith('/api') ? callBytes(path.slice(10), '{"payload":null}') : head('GET', path))).status, path).toBe(400)
    expect(handlerCalls).toEqual([])
  })

  it('an unknown channel: 404 with a sentence', async () => {
    const reply = await rawSend(callBytes('deleteEverything', '{"payload":null}'))
    expect(reply.status).toBe(404)
    expect(json(reply).error.message).toBe('Unknown request "deleteEverything".')
  })

  it('a well-formed call still runs', async () => {
    const reply = await rawSend(callBytes('getStatus', '{"payload":null}'))
    expect(reply.status).toBe(200)
    expect(handlerCalls).toEqual(['getStatus'])
  })
})

describe('browser host: bodies over the cap get 413 and lose the connection', () => {
  it('an announced Content-Length over the cap (even 10 GB with 1 byte sent)', async () => {
    for (const length of [LIMITS.maxBodyBytes + 1, 10 * 2 ** 30]) {
      const reply = await rawSend(head('POST', '/api/call/addKey', { 'x-lendpace-token': host.token, 'content-length': length }) + '{')
      expect(reply.status).toBe(413)
      expect(reply.closed).toBe(true)
    }
    expect(handlerCalls).toEqual([])
  })

  it('a chunked body that grows past the cap while it streams', async () => {
    const reply = await rawSend(head('POST', '/api/call/addKey', { 'x-lendpace-token': host.token, 'transfer-encoding': 'chunked' }), {
      keepWriting: Buffer.from(`400\r\n${'x'.repeat(0x400)}\r\n`)
    })
    expect(reply.status).toBe(413)
    expect(reply.closed).toBe(true)
    expect(handlerCalls).toEqual([])
  })
})

describe('browser host: slow clients lose their socket', () => {
  it('headers that never finish', async () => {
    const started = Date.now()
    const reply = await rawSend(`GET / HTTP/1.1\r\nhost: 127.0.0.1:${host.port}\r\n`, { waitMs: 5_000 })
    expect(reply.closed).toBe(true)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('a body that never arrives (Content-Length 500, 1 byte sent)', async () => {
    const started = Date.now()
    const reply = await rawSend(head('POST', '/api/call/startLending', { 'x-lendpace-token': host.token, 'content-length': 500 }) + '{', {
      waitMs: 5_000
    })
    expect(reply.closed).toBe(true)
    expect(reply.status === 0 || reply.status === 408).toBe(true)
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(handlerCalls).toEqual([])
  })
})

describe('browser host: the event stream', () => {
  const openStream = (): Promise<{ status: number; close(): void }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` } }, (res) => {
        resolve({ status: res.statusCode ?? 0, close: () => req.destroy() })
        res.resume()
      })
      req.on('error', reject)
      req.end()
    })

  it('accepts GET only', async () => {
    expect((await rawSend(callBytes('x', '').replace('POST /api/call/x', `POST /api/events?token=${host.token}`))).status).toBe(405)
  })

  it(`caps open streams (429 beyond ${LIMITS.maxEventStreams}) and frees a slot when one closes`, async () => {
    const open = [await openStream(), await openStream(), await openStream()]
    expect(open.map((s) => s.status)).toEqual([200, 200, 200])
    expect((await openStream()).status).toBe(429)
    open.pop()!.close()
    await new Promise((r) => setTimeout(r, 100))
    const again = await openStream()
    expect(again.status).toBe(200)
    for (const s of [...open, again]) s.close()
  })

  it('an event that fails its schema is dropped and logged, never thrown into the emitter', async () => {
    let emit: ((event: never, payload: never) => void) | null = null
    const fake: AppCore = { ...h.core, subscribe: (l) => ((emit = l as typeof emit), () => {}) }
    const own = createMemoryLogger()
    const other = await startBrowserHost({ core: fake, rendererDir: scratch, port: 0, logger: own })
    expect(() => emit!('status' as never, { state: 'flying' } as never)).not.toThrow()
    expect(() => emit!('nonsense' as never, 1 as never)).not.toThrow()
    expect(own.entries().filter((e) => e.msg === 'dropped an event that failed its schema')).toHaveLength(2)
    await other.close()
  })
})

describe('browser host: too many connections', () => {
  it(`answers 429 and closes when more than ${LIMITS.maxConnections} sockets are open`, async () => {
    const idle: Socket[] = []
    for (let i = 0; i < LIMITS.maxConnections; i++) {
      const s = connect(host.port, '127.0.0.1')
      await new Promise((r) => s.once('connect', r))
      idle.push(s)
    }
    await new Promise((r) => setTimeout(r, 50))
    const reply = await rawSend(head('GET', '/'))
    expect(reply.status).toBe(429)
    expect(reply.closed).toBe(true)
    for (const s of idle) s.destroy()
    await new Promise((r) => setTimeout(r, 100))
    expect((await rawSend(head('GET', '/'))).status).toBe(200)
  })
})

describe('browser host: refusals are counted, not logged one by one', () => {
  it('500 requests with a wrong token write at most one summary line', async () => {
    const before = logger.lines.length
    for (let i = 0; i < 500; i++) {
      const reply = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: host.port, path: '/api/call/getStatus', method: 'POST', headers: { host: `127.0.0.1:${host.port}`, 'x-lendpace-token': 'wrong' } },
          (res) => (res.resume(), resolve(res.statusCode ?? 0))
        )
        req.on('error', reject)
        req.end('{"payload":null}')
      })
      expect(reply).toBe(401)
    }
    expect(logger.lines.length - before).toBeLessThanOrEqual(1)
    await host.close().catch(() => {})
    const summary = logger.entries().find((e) => e.msg.startsWith('browser host refused'))
    expect(summary?.fields?.byReason).toMatchObject({ '401 Bad token': expect.any(Number) })
    host = await startBrowserHost({ core, rendererDir: scratch, port: 0, logger, backtestFolders: [allowed], limits: LIMITS })
  })
})

describe('browser host: runBacktest reads only the folders the user chose', () => {
  const backtest = (dataDir: string) =>
    rawSend(callBytes('runBacktest', JSON.stringify({ payload: { dataDir, currency: 'USD', capital: 1000 } })))

  it('refuses any other folder with the same sentence, whether or not it exists', async () => {
    for (const dir of [tmpdir(), '/definitely/not/here', join(allowed, '..', 'private'), join(allowed, 'escape'), 'relative/path']) {
      const reply = await backtest(dir)
      expect(reply.status, dir).toBe(403)
      expect(json(reply).error.message).toBe(FOLDER_NOT_ALLOWED)
    }
    expect(handlerCalls).toEqual([])
  })

  it('lists the chosen folders, offers no dialog, and checks no other folder', async () => {
    const list = await rawSend(callBytes('listBacktestFolders', JSON.stringify({ payload: null })))
    expect(json(list)).toEqual({ ok: true, value: { canChoose: false, folders: [allowed] } })
    for (const dir of [tmpdir(), '/definitely/not/here', join(allowed, 'escape')]) {
      const reply = await rawSend(callBytes('checkBacktestFolder', JSON.stringify({ payload: { dataDir: dir, currency: 'USD' } })))
      expect(reply.status, dir).toBe(403)
      expect(json(reply).error.message).toBe(FOLDER_NOT_ALLOWED)
    }
    const check = await rawSend(callBytes('checkBacktestFolder', JSON.stringify({ payload: { dataDir: allowed, currency: 'USD' } })))
    expect(json(check)).toMatchObject({ ok: true, value: { ready: false, missing: expect.stringContaining('no fUSD market data') } })
  })

  it('passes a chosen folder (and a subfolder) to the backtest', async () => {
    for (const dir of [allowed, join(allowed, 'USD')]) {
      const reply = await backtest(dir)
      expect(reply.status).toBe(200)
      expect(json(reply).error?.message).not.toBe(FOLDER_NOT_ALLOWED)
    }
    expect(handlerCalls).toEqual(['runBacktest', 'runBacktest'])
  })
})
