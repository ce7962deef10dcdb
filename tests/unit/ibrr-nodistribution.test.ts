// IBRR when the snapshot lacks parts of the market: no candles (no distribution to judge spikes),
// no book (only trades), or nothing at all. And the money of a rung that takes several bids at once
// must all become loans in the simulated exchange the backtest judges IBRR with.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createMemoryDataset, createReplayFeed, createSimulatedExchange } from '../../src/main/exchange/simulated'
import { IBRR_PARAMS, plan } from '../../src/main/ibrr'
import { buildMarketModel } from '../../src/main/ibrr/marketModel'
import { account, level, market, NOW, settings, trades } from './ibrr-fixtures'

const shortBook = { asks: [level(0.0002, 2, 20_000), level(0.00025, 2, 100_000)], bids: [level(0.00019, 2, 5_000)] }

describe('IBRR without a rate distribution', () => {
  it('takes the short rate from the dated book, not from a ticker last price of unknown age', () => {
    const model = buildMarketModel(market({ ...shortBook, lastPrice: 0.0005 }), NOW)
    expect(model.distributionSource).toBe('book')
    expect(model.benchmark).toBe(0.0002)
    expect(model.spread).toBeCloseTo(IBRR_PARAMS.unknownSpreadFraction * 0.0002, 12)
  })

  it('never places a waiting long offer (no spike can be judged), only short ones, when no long bid is visible', () => {
    const m = market({ asks: [level(0.0004, 2, 20_000), level(0.00045, 2, 30_000)], bids: [level(0.00019, 2, 5_000)] })
    const p = plan(m, account({ available: 10_000 }), settings(), NOW)
    expect(p.place.length).toBeGreaterThan(0)
    expect(p.place.every((o) => o.period === 2)).toBe(true)
  })

  it('does not lock a long bid that is not above the short rate by the (wide) unknown-spread premium', () => {
    // ĉ = 0.0002 from the book; premium at sensitivity 0.5 = 0.3 × ĉ = 0.00006, so 0.00023 is not enough.
    const m = market({ ...shortBook, bids: [level(0.00023, 120, 1e6), level(0.00019, 2, 5_000)] })
    const p = plan(m, account({ available: 10_000 }), settings(), NOW)
    expect(p.place.every((o) => o.period === 2)).toBe(true)
  })

  it('offers where recent trades went when there is no book and no candles, not at the floor', () => {
    const m = market({ trades: trades(20, 2_000, 0.00015, 2, 1) })
    const p = plan(m, account({ available: 1_000 }), settings(), NOW)
    expect(p.place.length).toBeGreaterThan(0)
    expect(p.place.every((o) => o.rate > settings().currencies.USD.minDailyRate)).toBe(true)
    expect(p.place.every((o) => o.rate <= 0.00015)).toBe(true)
  })

  it('places nothing when it knows nothing of the market, and says why', () => {
    const p = plan(market({}), account({ available: 10_000 }), settings(), NOW)
    expect(p.place).toEqual([])
    expect(p.reasons.join(' ')).toContain('IBRR sees no market data for USD')
    // One recent trade is enough to be no longer blind.
    const seen = plan(market({ trades: trades(1, 500, 0.00015, 2, 1) }), account({ available: 10_000 }), settings(), NOW)
    expect(seen.place.length).toBeGreaterThan(0)
  })
})

describe('IBRR in the simulated exchange', () => {
  it('a rung that takes several bids at once turns all of its money into loans (nothing vanishes)', async () => {
    const book = { asks: [level(0.00025, 2, 50_000)], bids: [level(0.00022, 2, 700), level(0.00021, 2, 900), level(0.0002, 2, 800)] }
    const feed = createReplayFeed(createMemoryDataset('USD', { books: [{ mts: NOW - 60_000, book }] }))
    const clock = new ManualClock(NOW)
    const ex = createSimulatedExchange({ feed, clock, balances: { USD: 2_000 } })
    const p = plan(await ex.marketSnapshot('USD'), account({ available: 2_000 }), settings(), NOW)
    for (const o of p.place) await ex.submitOffer({ symbol: o.symbol, type: o.type, amount: o.amount, rate: o.rate, period: o.period })
    const lent = (await ex.activeLoans('USD')).reduce((s, l) => s + l.amount, 0)
    const offered = (await ex.activeOffers('USD')).reduce((s, o) => s + o.amount, 0)
    const balance = await ex.lendableBalance('USD')
    const free = balance.readable ? balance.amount : NaN
    expect((await ex.activeLoans('USD')).length).toBeGreaterThan(p.place.length)
    expect(lent + offered + free).toBeCloseTo(2_000, 6)
  })
})
