// The settings rules every layer shares: patches are validated as a whole, and the minimum offer is the
// stricter of Bitfinex's 150 USD and the user's own minimum, in the currency's units.
import { describe, expect, it } from 'vitest'
import { applySettingsPatch, DEFAULT_SETTINGS, minimumOfferAmount, usdPriceFor } from '../../src/shared/settings'

describe('settings patches', () => {
  it('merges one currency without touching the others', () => {
    const next = applySettingsPatch(DEFAULT_SETTINGS, { currencies: { UST: { enabled: true, reserve: 500 } } })
    expect(next.currencies.UST).toMatchObject({ enabled: true, reserve: 500, minOfferSize: 150 })
    expect(next.currencies.USD).toEqual(DEFAULT_SETTINGS.currencies.USD)
  })

  it('refuses a combination that is invalid only together, naming the field', () => {
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { currencies: { USD: { minDailyRate: 0.001, maxDailyRate: 0.0005 } } })).toThrow(
      /maximum rate must be at least the minimum/
    )
  })
})

describe('minimum offer', () => {
  it('is 150 in USD and USDt, or the user minimum when that is higher', () => {
    expect(minimumOfferAmount('USD', DEFAULT_SETTINGS)).toBe(150)
    const s = applySettingsPatch(DEFAULT_SETTINGS, { currencies: { UST: { minOfferSize: 400 } } })
    expect(minimumOfferAmount('UST', s)).toBe(400)
  })

  it("uses the user's coin minimum for crypto, where the app has no price (plus the non-USD margin)", () => {
    expect(minimumOfferAmount('BTC', DEFAULT_SETTINGS)).toBeCloseTo(0.002 * 1.02, 12)
    expect(usdPriceFor('BTC', DEFAULT_SETTINGS)).toBeCloseTo(75_000, 6)
    const none = applySettingsPatch(DEFAULT_SETTINGS, { currencies: { ETH: { minOfferSize: 0 } } })
    expect(usdPriceFor('ETH', none)).toBe(Number.POSITIVE_INFINITY)
  })

  it('with a market price, sizes 0.11 ETH at 2,500 USD as one offer worth at least 150 USD with the margin', () => {
    const price = usdPriceFor('ETH', DEFAULT_SETTINGS, 2_500)
    expect(price).toBe(2_500)
    const min = minimumOfferAmount('ETH', DEFAULT_SETTINGS, price)
    expect(min * 2_500).toBeCloseTo(153, 9)
    // The stand-in (0.05 ETH = 150 USD, i.e. 3,000 USD/ETH) would have allowed 0.055 ETH = 137.50 USD rungs.
    expect(0.055).toBeLessThan(min)
    expect(usdPriceFor('UST', DEFAULT_SETTINGS, 0.9995)).toBe(0.9995)
    expect(usdPriceFor('USD', DEFAULT_SETTINGS, 0.5)).toBe(1)
  })
})
