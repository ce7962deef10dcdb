import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { ExchangeError } from '../../src/main/exchange/errors'
import { ENDPOINT_BUDGETS, endpointOf } from '../../src/main/exchange/bitfinex/endpoints'
import { BAN_MS, RateBudget } from '../../src/main/exchange/bitfinex/rateBudget'

describe('endpointOf', () => {
  it('buckets public paths by endpoint with the documented budgets', () => {
    expect(endpointOf('/ticker/fUSD')).toEqual({ key: 'ticker', perMinute: 90 })
    expect(endpointOf('/book/fUSD/P0?len=100')).toEqual({ key: 'book', perMinute: 240 })
    expect(endpointOf('/trades/fBTC/hist?limit=125')).toEqual({ key: 'trades', perMinute: 15 })
    expect(endpointOf('/candles/trade:1h:fUSD:a30:p2:p30/hist')).toEqual({ key: 'candles', perMinute: 30 })
    expect(endpointOf('/platform/status').perMinute).toBe(30)
    expect(endpointOf('/something/new').perMinute).toBe(ENDPOINT_BUDGETS.other)
  })

  it('puts one auth endpoint for every symbol into one bucket', () => {
    expect(endpointOf('/auth/r/funding/offers/fUSD').key).toBe(endpointOf('/auth/r/funding/offers/fBTC').key)
    expect(endpointOf('/auth/r/ledgers/USD/hist').key).toBe('/auth/r/ledgers/hist')
    expect(endpointOf('/auth/w/funding/offer/submit').key).not.toBe(endpointOf('/auth/w/funding/offer/cancel').key)
    expect(endpointOf('/auth/r/wallets').perMinute).toBe(90)
  })

  it('accepts lower budgets', () => {
    expect(endpointOf('/trades/fUSD/hist', { trades: 5 }).perMinute).toBe(5)
  })
})

describe('RateBudget', () => {
  it('allows exactly the budget per sliding minute, then fails fast with retryAfter', () => {
    const clock = new ManualClock(1_000_000)
    const b = new RateBudget(clock)
    const ep = { key: 'trades', perMinute: 3 }
    for (let i = 0; i < 3; i++) {
      b.spend(ep)
      clock.set(clock.now() + 10_000)
    }
    let err: unknown
    try {
      b.spend(ep)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ExchangeError)
    expect((err as ExchangeError).kind).toBe('rateLimit')
    // The first request was at 1_000_000; its slot frees a minute later.
    expect((err as ExchangeError).retryAfter).toBe(1_060_000)
    expect(b.used(ep)).toBe(3)
    clock.set(1_060_001)
    expect(() => b.spend(ep)).not.toThrow()
  })

  it('bans an endpoint for at least 60 s even if asked for less', async () => {
    const clock = new ManualClock(0)
    const b = new RateBudget(clock)
    const ep = { key: 'candles', perMinute: 30 }
    const until = b.ban(ep, 10_000)
    expect(until).toBe(BAN_MS)
    expect(b.canSpend(ep)).toBe(false)
    clock.set(59_999)
    expect(() => b.spend(ep)).toThrow(ExchangeError)
    clock.set(60_000)
    expect(b.canSpend(ep)).toBe(true)
    // Other endpoints are not affected.
    expect(b.canSpend({ key: 'ticker', perMinute: 90 })).toBe(true)
  })
})
