// Rate limits: the client budget keeps the loop under Bitfinex's limits; when the exchange still says
// ERR_RATE_LIMIT (or 11010) the endpoint is paused ≥ 60 s. Maintenance: status 0 and 20060 errors.
import { afterEach, describe, expect, it } from 'vitest'
import { rejection, startPair, type Pair } from '../exchange-server/testing'

let pair: Pair | undefined
afterEach(async () => {
  await pair?.ex.close()
  pair = undefined
})

describe('rate limits', () => {
  it('the client budget stops at 15 trades requests a minute and the exchange never says ERR_RATE_LIMIT', async () => {
    pair = await startPair()
    const results: string[] = []
    for (let i = 0; i < 40; i++) {
      try {
        await pair.bfx.publicTrades('USD')
        results.push('ok')
      } catch (e) {
        results.push((e as { kind: string }).kind)
      }
      await pair.clock.advance(500) // 40 calls over 20 s
    }
    expect(results.filter((r) => r === 'ok')).toHaveLength(15)
    expect(results.filter((r) => r === 'rateLimit')).toHaveLength(25)
    expect(pair.hits('/trades/')).toBe(15)
    expect(pair.ex.requests().some((r) => r.status === 429)).toBe(false)
    // A minute after the first call the budget refills.
    await pair.clock.advance(45_000)
    await expect(pair.bfx.publicTrades('USD')).resolves.toBeInstanceOf(Array)
  })

  it('ERR_RATE_LIMIT (HTTP 429) pauses the endpoint for at least 60 s without asking again', async () => {
    pair = await startPair({ exchange: { rateLimits: { candles: 2 } } })
    await pair.bfx.candles('USD')
    await pair.bfx.candles('USD')
    const t = pair.clock.now()
    const err = await rejection(pair.bfx.candles('USD'))
    expect(err.kind).toBe('rateLimit')
    expect(err.retryAfter).toBeGreaterThanOrEqual(t + 60_000)
    expect(pair.ex.requests().filter((r) => r.status === 429)).toHaveLength(1)
    await pair.clock.advance(59_000)
    expect((await rejection(pair.bfx.candles('USD'))).kind).toBe('rateLimit')
    expect(pair.hits('/candles/')).toBe(3) // the paused call was not sent
    // Other endpoints keep working meanwhile.
    await expect(pair.bfx.ticker('USD')).resolves.toHaveProperty('frr')
    await pair.clock.advance(61_000)
    await expect(pair.bfx.candles('USD')).resolves.toBeInstanceOf(Array)
  })

  it('11010 "ratelimit: error" is treated like ERR_RATE_LIMIT', async () => {
    pair = await startPair()
    pair.ex.injectFault({ kind: 'ratelimit11010', path: '/auth/r/funding/offers' })
    const err = await rejection(pair.bfx.activeOffers('USD'))
    expect(err.kind).toBe('rateLimit')
    expect(err.code).toBe(11010)
    expect((await rejection(pair.bfx.activeOffers('USD'))).kind).toBe('rateLimit')
    expect(pair.hits('/auth/r/funding/offers')).toBe(1)
  })

  it('marketSnapshot keeps working on cached trades and candles when their budgets are used up', async () => {
    pair = await startPair({ adapter: { budgets: { trades: 1 } } })
    const first = await pair.bfx.marketSnapshot('USD')
    expect(first.book.asks.length).toBe(100)
    expect(first.candles.length).toBe(168)
    expect(first.trades.length).toBeGreaterThan(0)
    await pair.bfx.marketSnapshot('USD') // trades are reused for 150 s, candles for 5 minutes
    expect(pair.hits('/trades/')).toBe(1)
    await pair.clock.advance(151_000)
    await pair.bfx.publicTrades('USD') // someone else spends the trades budget (1 a minute here)
    const third = await pair.bfx.marketSnapshot('USD') // refresh due, budget exhausted → the last answer
    expect(third.trades).toEqual(first.trades)
    expect(pair.hits('/trades/')).toBe(2)
    expect(pair.hits('/candles/')).toBe(1)
    for (let i = 1; i < third.candles.length; i++) expect(third.candles[i].mts).toBeGreaterThan(third.candles[i - 1].mts)
  })

  it('reuses the latest FRR history for 5 minutes (hourly data), but always reads a dated range', async () => {
    pair = await startPair()
    const a = await pair.bfx.frrHistory('USD', { limit: 120 })
    expect(await pair.bfx.frrHistory('USD', { limit: 120 })).toEqual(a)
    expect(pair.hits('/funding/stats/')).toBe(1)
    await pair.bfx.frrHistory('USD', { start: a[0].mts, end: a[a.length - 1].mts })
    expect(pair.hits('/funding/stats/')).toBe(2)
    await pair.clock.advance(5 * 60_000)
    await pair.bfx.frrHistory('USD', { limit: 120 })
    expect(pair.hits('/funding/stats/')).toBe(3)
  })
})

describe('maintenance', () => {
  it('reports the platform as not operative and maps 20060 to maintenance without retrying', async () => {
    pair = await startPair()
    expect(await pair.bfx.platformOperative()).toBe(true)
    pair.ex.setMaintenance(true)
    expect(await pair.bfx.platformOperative()).toBe(false)
    pair.ex.clearRequests()
    const err = await rejection(pair.bfx.ticker('USD'))
    expect(err.kind).toBe('maintenance')
    expect(err.code).toBe(20060)
    expect((await rejection(pair.bfx.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 200, rate: 0.0003, period: 2 }))).kind).toBe('maintenance')
    expect(pair.hits('/ticker/')).toBe(1)
    pair.ex.setMaintenance(false)
    await expect(pair.bfx.ticker('USD')).resolves.toHaveProperty('frr')
  })
})
