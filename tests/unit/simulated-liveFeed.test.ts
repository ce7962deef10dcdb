// Paper mode on live public data: the live feed over any object with marketSnapshot().
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createLiveFeed, createSimulatedExchange } from '../../src/main/exchange/simulated'
import type { Currency, FundingTrade, MarketSnapshot } from '../../src/shared/domain'

const T0 = Date.UTC(2026, 8, 1)

/** A stand-in for the public API: returns whatever the test puts in, stamped with the clock. */
function publicSource(clock: ManualClock) {
  const state = { trades: [] as FundingTrade[], calls: 0 }
  return {
    state,
    async marketSnapshot(currency: Currency): Promise<MarketSnapshot> {
      state.calls++
      return {
        symbol: `f${currency}`,
        takenAt: clock.now(),
        ticker: { frr: 0.0003, bid: 0.0002, bidPeriod: 2, bidSize: 100, ask: 0.00021, askPeriod: 2, askSize: 100, dailyChange: 0, dailyChangePerc: 0, lastPrice: 0.0002, volume: 0, high: 0, low: 0, frrAmountAvailable: 0 },
        book: { asks: [{ rate: 0.00021, period: 2, count: 1, amount: 100 }], bids: [{ rate: 0.0002, period: 2, count: 1, amount: 100 }] },
        trades: [...state.trades],
        candles: []
      }
    }
  }
}

describe('createLiveFeed', () => {
  it('fills paper offers from live trades seen after they were placed', async () => {
    const clock = new ManualClock(T0)
    const src = publicSource(clock)
    const feed = createLiveFeed(src, 'USD', { minRefreshMs: 0, now: () => clock.now() })
    const ex = createSimulatedExchange({ feed, clock, balances: { USD: 1000 } })
    const offer = await ex.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 500, rate: 0.00022, period: 2 })
    expect(offer.status).toBe('ACTIVE') // the live bid at 0.0002 is below our rate
    clock.set(T0 + 60_000)
    src.state.trades.push({ id: 9, mts: T0 + 30_000, amount: -300, rate: 0.00025, period: 2 })
    const loans = await ex.activeLoans('USD')
    expect(loans.map((l) => l.amount)).toEqual([300])
    expect((await ex.marketSnapshot('USD')).ticker.frr).toBe(0.0003)
    expect(await ex.frrHistory('USD')).not.toHaveLength(0)
  })

  it('does not poll the source more often than asked', async () => {
    const clock = new ManualClock(T0)
    const src = publicSource(clock)
    const feed = createLiveFeed(src, 'USD', { minRefreshMs: 30_000, now: () => clock.now() })
    await feed.snapshot(T0)
    await feed.activity(T0, T0 + 1)
    expect(src.state.calls).toBe(1)
    clock.set(T0 + 31_000)
    await feed.snapshot(T0 + 31_000)
    expect(src.state.calls).toBe(2)
  })
})
