// The loop against Bitfinex's limits, on the test exchange: the 150 USD minimum at a real USD price, a
// refusal that backs the currency off instead of repeating every cycle, and the undocumented cap on open
// offers learned from "Limit: too many active offers".
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY, startHarness, type Harness } from '../support/coreHarness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

const openOffers = (symbol: string) => h.exchange.state(API_KEY).offers.filter((o) => o.symbol === symbol)
const submits = () => h.exchange.requests().filter((r) => r.path.includes('/offer/submit')).length
const decisions = () => h.call('listDecisions', { limit: 200 })
async function cycles(n: number, gapMs = 60_000) {
  for (let i = 0; i < n; i++) {
    await h.clock.advance(gapMs)
    h.core.runCycleNow('test')
    await h.pump(h.nextCycle())
  }
}
const onlyEth = { currencies: { USD: { enabled: false }, ETH: { enabled: true } } }

describe('crypto minimum at a real USD price', () => {
  it('lends all of 0.11 ETH at 2,500 USD as one offer worth at least 150 USD', async () => {
    h = await startHarness({ balances: { ETH: 0.11 }, exchange: { usdPrices: { ETH: 2_500 } } })
    await h.call('updateSettings', onlyEth)
    await h.call('startLending')
    const offers = openOffers('fETH')
    expect(offers).toHaveLength(1)
    expect(offers[0].amount).toBeCloseTo(0.11, 8)
    expect(offers[0].amount * 2_500).toBeGreaterThanOrEqual(150)
    expect((await decisions()).filter((d) => d.kind === 'error')).toEqual([])
    // The price came from the public trading ticker, and is cached rather than read every cycle.
    await cycles(3)
    expect(h.exchange.requests().filter((r) => r.path.startsWith('/v2/ticker/tETHUSD')).length).toBe(1)
  })

  it('after a refusal below the minimum, backs ETH off with one sentence instead of retrying every cycle', async () => {
    // The exchange counts the minimum at a price our ticker does not show (here: a 300 USD minimum).
    h = await startHarness({ balances: { ETH: 0.11 }, exchange: { usdPrices: { ETH: 2_500 }, minOfferUsd: 300 } })
    await h.call('updateSettings', onlyEth)
    await h.call('startLending')
    expect(submits()).toBe(1)
    await cycles(5)
    expect(submits()).toBe(1)
    const all = await decisions()
    expect(all.filter((d) => d.kind === 'error')).toEqual([])
    const refusals = all.filter((d) => /below its 150 USD minimum/.test(d.message))
    expect(refusals).toHaveLength(1)
    expect(refusals[0].currency).toBe('ETH')
    // After the pause the refused amount counts as too small: all of 0.11 ETH is below the minimum now, so
    // IBRR says so and nothing is sent again.
    await cycles(2, 30 * 60_000)
    expect(submits()).toBe(1)
    expect((await decisions()).some((d) => d.kind === 'info' && /below the minimum offer/.test(d.message))).toBe(true)
    expect(openOffers('fETH')).toHaveLength(0)
  })

  it('after refusals, sizes offers up until Bitfinex takes them', async () => {
    // 0.2 ETH = 500 USD against an exchange minimum of 300 USD: our first rungs (~167 USD) are refused.
    h = await startHarness({ balances: { ETH: 0.2 }, exchange: { usdPrices: { ETH: 2_500 }, minOfferUsd: 300 } })
    await h.call('updateSettings', onlyEth)
    await h.call('startLending')
    for (let i = 0; i < 8 && openOffers('fETH').length === 0; i++) await cycles(1, 2 * 3_600_000)
    const offers = openOffers('fETH')
    expect(offers.length).toBeGreaterThan(0)
    for (const o of offers) expect(o.amount * 2_500).toBeGreaterThanOrEqual(300)
    const refusals = (await decisions()).filter((d) => /below its 150 USD minimum/.test(d.message))
    expect(refusals.length).toBeGreaterThan(0)
    expect(refusals.length).toBeLessThanOrEqual(3)
    expect((await decisions()).filter((d) => d.kind === 'error')).toEqual([])
  })
})

describe('the closed-app handoff to auto-renew', () => {
  it('with FRR offers off, Bitfinex keeps the floor as the daily rate, not 1/100 of it', async () => {
    h = await startHarness({ balances: { USD: 5_000, UST: 1_000 } })
    await h.call('updateSettings', {
      currencies: { USD: { allowFrr: false, minDailyRate: 0.0002 }, UST: { enabled: true, allowFrr: false, minDailyRate: 0.00015 } }
    })
    await h.call('startLending')
    await h.core.shutdown()
    const auto = h.exchange.state(API_KEY).autoRenew
    expect(auto.USD.rate).toBeCloseTo(0.0002, 12)
    expect(auto.UST.rate).toBeCloseTo(0.00015, 12)
  })

  it("one currency's failed handoff does not skip the others", async () => {
    h = await startHarness({ balances: { USD: 5_000, UST: 1_000 } })
    await h.call('updateSettings', { currencies: { UST: { enabled: true } } })
    await h.call('startLending')
    // USD's handoff fails on every attempt (the adapter tries 3 times); UST's goes through.
    h.exchange.injectFault({ kind: 'notReady', path: '/auth/w/funding/auto', times: 3 })
    await h.pump(h.core.shutdown())
    const auto = h.exchange.state(API_KEY).autoRenew
    expect(auto.USD).toBeUndefined()
    expect(auto.UST).toBeDefined()
  })

  it('an exchange that reads the rate as a decimal is corrected at once', async () => {
    h = await startHarness({ exchange: { autoRenewRateUnit: 'decimal' } })
    await h.call('updateSettings', { currencies: { USD: { allowFrr: false, minDailyRate: 0.0002 } } })
    await h.call('startLending')
    await h.core.shutdown()
    expect(h.exchange.state(API_KEY).autoRenew.USD.rate).toBeCloseTo(0.0002, 12)
  })
})

describe("Bitfinex's cap on open offers", () => {
  it('learns the cap from "too many active offers", says so once, and never asks beyond it again', async () => {
    h = await startHarness({ balances: { USD: 5_000 }, exchange: { maxOffers: 2 } })
    await h.call('startLending')
    expect(openOffers('fUSD')).toHaveLength(2)
    const afterFirst = submits()
    expect(afterFirst).toBe(3)
    await cycles(4)
    expect(submits()).toBe(afterFirst)
    const all = await decisions()
    expect(all.filter((d) => d.kind === 'error')).toEqual([])
    expect(all.filter((d) => /allows no more open offers/.test(d.message))).toHaveLength(1)
  })
})
