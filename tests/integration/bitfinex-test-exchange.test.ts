// The test exchange itself: its HTTP control API (for Playwright in another process), its CLI, its
// signature/nonce checks against independent raw requests, and history queries with start/end/limit/sort.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestExchange, type TestExchange } from '../exchange-server'
import { rawSignedPost } from '../exchange-server/testing'

let ex: TestExchange | undefined
afterEach(async () => {
  await ex?.close()
  ex = undefined
})

const post = async (url: string, body: unknown) => {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: r.status, body: (await r.json()) as Record<string, unknown> }
}

describe('control over HTTP', () => {
  it('registers keys, places state, fills, toggles maintenance and injects faults', async () => {
    ex = await startTestExchange()
    expect((await post(`${ex.url}/__test/keys`, { apiKey: 'k1', apiSecret: 's1', scopes: ['funding:rw'], balances: { USD: 1000 } })).status).toBe(200)
    const submit = await rawSignedPost(ex.url, 'k1', 's1', '/auth/w/funding/offer/submit', 1, { type: 'LIMIT', symbol: 'fUSD', amount: '300', rate: '0.0002', period: 2, flags: 0 })
    expect(submit.status).toBe(200)
    const offerId = ((submit.body as unknown[])[4] as number[])[0]
    const fill = await post(`${ex.url}/__test/fill`, { apiKey: 'k1', offerId, amount: 100 })
    expect(fill.body.loanId).toEqual(expect.any(Number))
    const state = (await (await fetch(`${ex.url}/__test/state?apiKey=k1`)).json()) as { offers: Array<{ amount: number }>; loans: unknown[]; available: { USD: number } }
    expect(state.offers.map((o) => o.amount)).toEqual([200])
    expect(state.loans).toHaveLength(1)
    expect(state.available.USD).toBe(700)

    await post(`${ex.url}/__test/maintenance`, { on: true })
    expect(await (await fetch(`${ex.url}/v2/platform/status`)).json()).toEqual([0])
    await post(`${ex.url}/__test/maintenance`, { on: false })
    await post(`${ex.url}/__test/fault`, { kind: 'http500', path: '/platform/status' })
    expect((await fetch(`${ex.url}/v2/platform/status`)).status).toBe(500)
    expect((await fetch(`${ex.url}/v2/platform/status`)).status).toBe(200)
    expect((await post(`${ex.url}/__test/fault`, { kind: 'explode' })).status).toBe(400)
  })

  it('starts from the CLI with a seeded key and prints its URL as one JSON line', async () => {
    const root = process.cwd()
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['tests/exchange-server/cli.ts', '--seed-key', 'ck:cs:funding:rw,wallets:r,USD=2500'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (d) => {
          out += d
          if (out.includes('\n')) resolve(out.split('\n')[0])
        })
        child.on('exit', (code) => reject(new Error(`cli exited ${code}`)))
      })
      const { url } = JSON.parse(line) as { url: string }
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const wallets = await rawSignedPost(url, 'ck', 'cs', '/auth/r/wallets', 1)
      expect(wallets.body).toContainEqual(['funding', 'USD', 2500, 0, 2500, null, null])
    } finally {
      child.kill('SIGTERM')
    }
  })
})

describe('wire checks', () => {
  it('verifies signatures exactly and enforces per-key nonce order', async () => {
    ex = await startTestExchange({ keys: [{ apiKey: 'a', apiSecret: 'sa', scopes: ['funding:rw'] }, { apiKey: 'b', apiSecret: 'sb', scopes: ['funding:r'] }] })
    expect((await rawSignedPost(ex.url, 'a', 'wrong', '/auth/r/funding/offers', 10)).body).toEqual(['error', 10100, 'apikey: digest invalid'])
    expect((await rawSignedPost(ex.url, 'a', 'sa', '/auth/r/funding/offers', 10)).status).toBe(200)
    expect(await rawSignedPost(ex.url, 'a', 'sa', '/auth/r/funding/offers', 10)).toEqual({ status: 500, body: ['error', 10114, 'nonce: small'] })
    // Nonces are per key.
    expect((await rawSignedPost(ex.url, 'b', 'sb', '/auth/r/funding/offers', 5)).status).toBe(200)
    expect((await rawSignedPost(ex.url, 'b', 'sb', '/auth/w/funding/offer/cancel/all', 6)).body).toEqual(['error', 10001, 'apikey: permission invalid'])
  })

  it('serves candle and stats history with start/end/limit/sort, deterministically per seed', async () => {
    const now = Date.UTC(2026, 3, 10, 15, 30)
    ex = await startTestExchange({ now: () => now, seed: 3 })
    const get = async (p: string) => (await (await fetch(`${ex!.url}/v2${p}`)).json()) as number[][]
    const start = Date.UTC(2026, 3, 1)
    const asc = await get(`/candles/trade:1h:fUSD:a30:p2:p30/hist?start=${start}&limit=5&sort=1`)
    expect(asc.map((c) => c[0])).toEqual([0, 1, 2, 3, 4].map((i) => start + i * 3_600_000))
    const desc = await get(`/candles/trade:1h:fUSD:a30:p2:p30/hist?end=${start + 4 * 3_600_000}&limit=5`)
    expect(desc).toEqual([...asc].reverse())
    for (const c of asc) {
      expect(c[3]).toBeGreaterThanOrEqual(Math.max(c[1], c[2])) // high
      expect(c[4]).toBeLessThanOrEqual(Math.min(c[1], c[2])) // low
    }
    const stats = await get(`/funding/stats/fUSD/hist?limit=3`)
    expect(stats).toHaveLength(3)
    expect(stats[0][0]).toBeLessThanOrEqual(now)
    expect(stats[0][3] * 365).toBeGreaterThan(0.00005)
    expect(stats[0][3] * 365).toBeLessThan(0.002)
    const other = await startTestExchange({ now: () => now, seed: 3 })
    try {
      expect(await (await fetch(`${other.url}/v2/candles/trade:1h:fUSD:a30:p2:p30/hist?start=${start}&limit=5&sort=1`)).json()).toEqual(asc)
    } finally {
      await other.close()
    }
    expect((await fetch(`${ex.url}/v2/funding/stats/fUSD/hist?limit=251`)).status).toBe(500)
  })
})
