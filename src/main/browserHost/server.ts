// The browser host: the same core and the same contract as the Electron shell, served over HTTP on
// 127.0.0.1 only, so the built renderer runs in an ordinary browser (end-to-end tests in Chromium, or a
// headless always-on machine). A random per-run token guards every call; Host and Origin are checked so
// another web page in the user's browser cannot drive the bot (DNS rebinding, CSRF).
// Everything malformed is refused before it reaches the core (see callRequest.ts), and refusals are
// counted, not logged one by one (refusalCounter.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import type { AddressInfo, Socket } from 'node:net'
import type { Envelope } from '../../shared/contract'
import type { AppCore } from '../core/appCore'
import { systemClock, type Clock } from '../platform/clock'
import { rendererFilePath } from '../core/rendererPath'
import { dispatch } from '../core/rpc'
import type { Logger } from '../platform/logger'
import { backtestFolderPolicy, confinedBacktestHandlers, FOLDER_NOT_ALLOWED } from '../backtest/folderConfinement'
import { parseCall } from './callRequest'
import { eventFrame } from './eventFrame'
import { DEFAULT_HOST_LIMITS, type HostLimits } from './limits'
import { createRefusalCounter } from './refusalCounter'
import { readBody } from './requestBody'

interface BrowserHostOptions {
  core: AppCore
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 = a random free port. */
  port?: number
  logger: Logger
  /** Fixed token for tests that restart the host; a new random one on every start by default. */
  token?: string
  /** Folders the user chose for backtests (and their subfolders); runBacktest is refused elsewhere. */
  backtestFolders?: readonly string[]
  /** Lower only in tests. */
  limits?: Partial<HostLimits>
  clock?: Clock
}

export interface BrowserHost {
  /** The page's address with the token in the fragment: hand it to the user privately, never print it. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json'
}
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const limits: HostLimits = { ...DEFAULT_HOST_LIMITS, ...opts.limits }
  const token = opts.token ?? randomBytes(24).toString('hex')
  const tokenBuf = Buffer.from(token)
  const root = resolve(opts.rendererDir)
  const folders = backtestFolderPolicy(opts.backtestFolders ?? [])
  const handlers = { ...opts.core.handlers, ...confinedBacktestHandlers(opts.core.handlers, { folders: async () => folders.roots }) }
  const streams = new Set<ServerResponse>()
  const sockets = new Set<Socket>()
  const refusals = createRefusalCounter({
    logger: opts.logger,
    clock: opts.clock ?? systemClock,
    intervalMs: limits.refusalSummaryIntervalMs
  })

  const tokenOk = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false
    const buf = Buffer.from(candidate)
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf)
  }

  const unsubscribe = opts.core.subscribe((event, payload) => {
    const frame = eventFrame(event, payload)
    if (!frame.ok) return opts.logger.log('warn', 'dropped an event that failed its schema', { event, issue: frame.issue })
    for (const res of streams) if (!res.writableEnded && !res.destroyed) res.write(frame.frame)
  })

  let port = 0
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks the two timeouts on this period (default 30 s, which would triple them).
      connectionsCheckingInterval: Math.min(1_000, limits.requestTimeoutMs)
    },
    (req, res) => {
      void handle(req, res).catch((err) => {
        opts.logger.log('error', 'browser host request failed', { error: err })
        if (!res.headersSent) send(res, 500, 'text/plain', 'Internal error')
        else res.end()
      })
    }
  )
  // A raw flood beyond twice the cap is dropped by Node without an answer; up to it, we answer 429.
  server.maxConnections = limits.maxConnections * 2
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })

  function refuse(res: ServerResponse, status: number, reason: string, body?: Envelope<never>): void {
    refusals.refuse(status, reason)
    if (body) send(res, status, 'application/json', JSON.stringify(body))
    else send(res, status, 'text/plain', reason)
  }

  /** Refuse and close the connection: the client is still sending something we will not read. */
  function refuseAndClose(req: IncomingMessage, res: ServerResponse, status: number, reason: string): void {
    const socket = req.socket
    res.setHeader('connection', 'close')
    res.once('finish', () => socket?.destroySoon())
    refuse(res, status, reason)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (sockets.size > limits.maxConnections) return refuseAndClose(req, res, 429, 'Too many connections')
    // Only our own origin: a rebinding DNS name or another site's page gets nothing.
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
    if (!allowedHosts.includes(req.headers.host ?? '')) return refuse(res, 421, 'Wrong host')
    const origin = req.headers.origin
    if (origin && !allowedHosts.some((h) => origin === `http://${h}`)) return refuse(res, 403, 'Wrong origin')

    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    } catch {
      return refuse(res, 400, 'Bad URL')
    }
    if (url.pathname.startsWith('/api/call/')) return handleCall(req, res, url.pathname.slice('/api/call/'.length))
    if (url.pathname === '/api/events') return handleEvents(req, res, url)
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'GET only')
    return serveStatic(url.pathname, res)
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, rawChannel: string): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'POST only')
    if (!tokenOk(req.headers['x-lendpace-token'] as string | undefined)) return refuseAndClose(req, res, 401, 'Bad token')
    const read = await readBody(req, limits.maxBodyBytes)
    if (!read.ok) {
      if (read.reason === 'tooLarge') return refuseAndClose(req, res, 413, 'Request body too large')
      return void req.socket.destroy()
    }
    const call = parseCall(rawChannel, read.body)
    if (!call.ok) return refuse(res, call.status, 'Malformed call', call.envelope)
    const readsFolder = call.channel === 'runBacktest' || call.channel === 'checkBacktestFolder'
    if (readsFolder && !(await folders.allows((call.payload as { dataDir: string }).dataDir)))
      return refuse(res, 403, 'Backtest folder not allowed', {
        ok: false,
        error: { kind: 'folderNotAllowed', message: FOLDER_NOT_ALLOWED }
      })
    const envelope = await dispatch(handlers, call.channel, call.payload)
    return send(res, 200, 'application/json', JSON.stringify(envelope))
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET') return refuse(res, 405, 'GET only')
    if (!tokenOk(url.searchParams.get('token'))) return refuse(res, 401, 'Bad token')
    if (streams.size >= limits.maxEventStreams) return refuse(res, 429, 'Too many event streams')
    const first = eventFrame('status', opts.core.status())
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    if (first.ok) res.write(first.frame)
    streams.add(res)
    req.on('close', () => streams.delete(res))
    // A write racing the client's disconnect must not become an unhandled 'error' inside the emitter.
    res.on('error', () => streams.delete(res))
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const target = rendererFilePath(pathname, root)
    if (!target.ok) return refuse(res, target.status, target.status === 400 ? 'Bad path' : 'Forbidden')
    const file = target.file
    let data: Buffer
    try {
      data = await readFile(file)
    } catch {
      return send(res, 404, 'text/plain', 'Not found')
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store'
    })
    res.end(data)
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    async close() {
      unsubscribe()
      refusals.flush()
      for (const res of streams) res.end()
      streams.clear()
      const closed = new Promise<void>((ok) => server.close(() => ok()))
      // Keep-alive connections would otherwise keep this (stopping) process answering the open page,
      // which then never notices that the service it talks to is gone.
      server.closeAllConnections()
      await closed
    }
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff'
  })
  res.end(body)
}
