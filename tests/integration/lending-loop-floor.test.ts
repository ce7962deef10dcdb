// A floor the user saves is what the loop then sends: every offer placed after saving a floor above the
// market is at or above it, and the reason says that the floor, not the market, set the rate.
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY, startHarness, type Harness } from '../support/coreHarness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('the saved floor', () => {
  it('holds for every offer the next cycle places, and the reason names it', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    const market = await h.call('getMarket', { currency: 'USD' })
    const bestAsk = market.book.asks[0]?.rate
    expect(bestAsk).toBeGreaterThan(0)
    const floor = Number((bestAsk! * 1.5).toPrecision(5))
    const saved = await h.call('updateSettings', { currencies: { USD: { minDailyRate: floor } } })
    expect(saved.currencies.USD.minDailyRate).toBe(floor)

    await h.call('startLending')
    const offers = h.exchange.state(API_KEY).offers.filter((o) => o.symbol === 'fUSD' && o.amount > 0)
    expect(offers.length).toBeGreaterThan(0)
    for (const o of offers) expect(o.rate).toBeGreaterThanOrEqual(floor)

    const placed = (await h.call('listDecisions', { limit: 100 })).filter((d) => d.kind === 'place')
    expect(placed).toHaveLength(offers.length)
    for (const d of placed) expect(d.message).toMatch(/your floor/)
  })
})
