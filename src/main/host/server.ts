// The browser host: the same core and the same contract as the Electron shell, served over HTTP on
// 127.0.0.1 only, so the built renderer runs in an ordinary browser (end-to-end tests in Chromium, or a
// headless always-on machine). A random per-run token guards every call; Host and Origin are checked so
// another web page in the user's browser cannot drive the bot (DNS rebinding, CSRF).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { events as eventSchemas } from '../../shared/contract'
import type { AppCore } from '../core/appCore'
import { dispatch } from '../core/rpc'
import type { Logger } from '../core/log'

export interface BrowserHostOptions {
  core: AppCore
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 = a random free port. */
  port?: number
  logger: Logger
  /** Fixed token for tests that restart the host; random by default. */
  token?: string
}

export interface BrowserHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const MAX_BODY_BYTES = 256 * 1024
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
  const token = opts.token ?? randomBytes(24).toString('hex')
  const tokenBuf = Buffer.from(token)
  const root = resolve(opts.rendererDir)
  const streams = new Set<ServerResponse>()

  const tokenOk = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false
    const buf = Buffer.from(candidate)
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf)
  }

  const unsubscribe = opts.core.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(eventSchemas[event].parse(payload))}\n\n`
    for (const res of streams) res.write(frame)
  })

  let port = 0
  const server = createServer((req, res) => {
    void handle(req, res).catch((err) => {
      opts.logger.log('error', 'browser host request failed', { message: err instanceof Error ? err.message : String(err) })
      if (!res.headersSent) send(res, 500, 'text/plain', 'Internal error')
      else res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only our own origin: a rebinding DNS name or another site's page gets nothing.
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
    if (!allowedHosts.includes(req.headers.host ?? '')) return send(res, 421, 'text/plain', 'Wrong host')
    const origin = req.headers.origin
    if (origin && !allowedHosts.some((h) => origin === `http://${h}`)) return send(res, 403, 'text/plain', 'Wrong origin')

    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only')
      if (!tokenOk(req.headers['x-lendpace-token'] as string | undefined)) return send(res, 401, 'text/plain', 'Bad token')
      const body = await readJson(req)
      const channel = decodeURIComponent(url.pathname.slice('/api/call/'.length))
      const payload = body && typeof body === 'object' && 'payload' in body ? (body as { payload: unknown }).payload : undefined
      const envelope = await dispatch(opts.core.handlers, channel, payload ?? undefined)
      return send(res, 200, 'application/json', JSON.stringify(envelope))
    }
    if (url.pathname === '/api/events') {
      if (!tokenOk(url.searchParams.get('token'))) return send(res, 401, 'text/plain', 'Bad token')
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(`event: status\ndata: ${JSON.stringify(opts.core.status())}\n\n`)
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only')
    return serveStatic(url.pathname, res)
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
    const file = normalize(join(root, rel))
    if (!file.startsWith(root + sep)) return send(res, 403, 'text/plain', 'Forbidden')
    try {
      const data = await readFile(file)
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store'
      })
      res.end(data)
    } catch {
      send(res, 404, 'text/plain', 'Not found')
    }
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
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
  res.end(body)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  if (size === 0) return undefined
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return undefined
  }
}
