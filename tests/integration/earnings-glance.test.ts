// "Earning now" across currencies in one USD line: crypto loans count at Bitfinex's trading price, read
// from the exchange, instead of being left out of the total.
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY, startHarness, type Harness } from '../support/coreHarness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('earnings at a glance across currencies', () => {
  it('counts ETH loans in the USD total at the ETH/USD price', async () => {
    h = await startHarness({ balances: { USD: 5000, ETH: 2 }, exchange: { usdPrices: { ETH: 3000 } } })
    await h.call('updateSettings', { currencies: { ETH: { enabled: true } } })
    await h.call('startLending')
    for (const o of h.exchange.state(API_KEY).offers) h.exchange.fill(API_KEY, o.id, o.amount)
    // While lending runs the glance uses the account of the last cycle, which sees the fills.
    const cycled = h.nextCycle()
    h.core.runCycleNow('test: after the fills')
    await h.pump(cycled)

    const glance = await h.call('getEarningsGlance')
    const usd = glance.rows.find((r) => r.currency === 'USD')!
    const eth = glance.rows.find((r) => r.currency === 'ETH')!
    expect(usd.lent).toBeGreaterThan(0)
    expect(eth.lent).toBeGreaterThan(0)
    expect(glance.total.excluded).toEqual([])
    // The adapter prices crypto at the lower of bid and last trade (cautious), a hair under 3,000.
    const ethPrice = (glance.total.lent - usd.lent) / eth.lent
    expect(ethPrice).toBeGreaterThan(2990)
    expect(ethPrice).toBeLessThanOrEqual(3000)
    expect(glance.total.earningPerDay).toBeCloseTo(usd.earningPerDay + eth.earningPerDay * ethPrice, 9)
  })
})
