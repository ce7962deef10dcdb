// The exact wire form of signed requests: path, body, headers and an HMAC-SHA384 signature that the
// test computes itself from the documented algorithm, captured by a tiny loopback server.
import { createHmac } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createBitfinexExchange } from '../../src/main/exchange/bitfinex'

interface Captured {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

async function captureServer(answer: (c: Captured) => unknown) {
  const seen: Captured[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      const c = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      seen.push(c)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer(c)))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) }
}

const API_KEY = 'fixed-api-key'
const API_SECRET = 'fixed-api-secret'
// The stored high-water mark is above clock*1000, so the next nonce is exactly STORED + 1.
const STORED_NONCE = 1_900_000_000_000_000
const expectedSig = (path: string, nonce: string, body: string) =>
  createHmac('sha384', API_SECRET).update(`/api/v2/${path}${nonce}${body}`).digest('hex')

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

function adapter(authUrl: string, publicUrl: string) {
  let stored = STORED_NONCE
  return createBitfinexExchange({
    credentials: async () => ({ apiKey: API_KEY, apiSecret: API_SECRET }),
    authUrl,
    publicUrl,
    clock: new ManualClock(Date.UTC(2026, 0, 1)),
    nonceStore: { load: async () => stored, save: async (n) => void (stored = n) }
  })
}

describe('signed requests', () => {
  it('sends the exact path, body, headers and an independently computed signature', async () => {
    const auth = await captureServer(() => [['funding', 1, 1]])
    closers.push(auth.close)
    const bfx = adapter(auth.url, 'http://127.0.0.1:9')
    await bfx.keyPermissions()
    expect(auth.seen).toHaveLength(1)
    const c = auth.seen[0]
    expect(c.method).toBe('POST')
    expect(c.url).toBe('/v2/auth/r/permissions')
    expect(c.body).toBe('{}')
    expect(c.headers['content-type']).toBe('application/json')
    expect(c.headers['bfx-nonce']).toBe(String(STORED_NONCE + 1))
    expect(c.headers['bfx-apikey']).toBe(API_KEY)
    expect(c.headers['bfx-signature']).toBe(expectedSig('auth/r/permissions', String(STORED_NONCE + 1), '{}'))
    // The secret itself never travels.
    expect(JSON.stringify(c.headers)).not.toContain(API_SECRET)
  })

  it('signs the submit body byte for byte as sent (amount/rate strings, hidden → flags 64)', async () => {
    const auth = await captureServer((c) =>
      c.url.endsWith('/offers/fUSD')
        ? []
        : [1, 'fon-req', null, null, [77, 'fUSD', 1, 1, 200, 200, 'LIMIT', null, null, 64, 'ACTIVE', null, null, null, 0.0003, 2, 0, 1, null, 0, null], null, 'SUCCESS', 'ok']
    )
    closers.push(auth.close)
    const bfx = adapter(auth.url, 'http://127.0.0.1:9')
    const offer = await bfx.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 200, rate: 0.0003, period: 2, hidden: true })
    expect(offer).toMatchObject({ id: 77, hidden: true, rate: 0.0003 })
    // First the active offers (the adapter must know what existed before), then the submit.
    expect(auth.seen.map((c) => c.url)).toEqual(['/v2/auth/r/funding/offers/fUSD', '/v2/auth/w/funding/offer/submit'])
    const submit = auth.seen[1]
    const body = '{"type":"LIMIT","symbol":"fUSD","amount":"200.00000000","rate":"0.00030000","period":2,"flags":64}'
    expect(submit.body).toBe(body)
    expect(submit.headers['bfx-nonce']).toBe(String(STORED_NONCE + 2))
    expect(submit.headers['bfx-signature']).toBe(expectedSig('auth/w/funding/offer/submit', String(STORED_NONCE + 2), body))
  })

  it('sends public calls to the public host and signed calls to the auth host', async () => {
    const auth = await captureServer(() => [])
    const pub = await captureServer((c) => (c.url.startsWith('/v2/platform') ? [1] : []))
    closers.push(auth.close, pub.close)
    const bfx = adapter(auth.url, pub.url)
    expect(await bfx.platformOperative()).toBe(true)
    await bfx.activeOffers('USD')
    expect(pub.seen.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /v2/platform/status'])
    expect(pub.seen[0].headers['bfx-apikey']).toBeUndefined()
    expect(auth.seen.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /v2/auth/r/funding/offers/fUSD'])
  })

  it('asks for the credentials on every signed request and never keeps them', async () => {
    const auth = await captureServer(() => [])
    closers.push(auth.close)
    let calls = 0
    let stored = 0
    const bfx = createBitfinexExchange({
      credentials: async () => {
        calls++
        return { apiKey: API_KEY, apiSecret: API_SECRET }
      },
      authUrl: auth.url,
      clock: new ManualClock(Date.UTC(2026, 0, 1)),
      nonceStore: { load: async () => stored, save: async (n) => void (stored = n) }
    })
    await bfx.activeOffers('USD')
    await bfx.activeOffers('USD')
    expect(calls).toBe(2)
    // Every property reachable from the client (hidden ones too), e.g. a REST client built once with the
    // secret would keep it as `_apiSecret`: none may hold the key or the secret after the calls.
    const reachable = inspect(bfx, { depth: Infinity, showHidden: true, getters: true })
    expect(reachable.length).toBeGreaterThan(100)
    expect(reachable).not.toContain(API_SECRET)
    expect(reachable).not.toContain(API_KEY)
  })
})
