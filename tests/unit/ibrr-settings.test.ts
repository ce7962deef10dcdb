import { describe, expect, it } from 'vitest'
import { plan } from '../../src/main/ibrr'
import { account, candles, level, market, NOW, offer, ordinaryMarket, settings } from './ibrr-fixtures'

describe('IBRR respects the settings', () => {
  it('plans nothing for a disabled currency and leaves its offers alone', () => {
    const p = plan(ordinaryMarket(), account({ available: 5000, offers: [offer({ id: 9, amount: 500, rate: 0.00001 })] }), settings({ enabled: false }), NOW)
    expect(p).toEqual({
      symbol: 'fUSD',
      cancel: [],
      place: [],
      reasons: ['USD is turned off in your settings, so IBRR plans nothing for it and leaves its offers as they are.']
    })
  })

  it('never offers below the floor; when the market is lower it offers at the floor and says so', () => {
    const p = plan(ordinaryMarket(), account({ available: 1000 }), settings({ minDailyRate: 0.00030001 }), NOW)
    expect(p.place.length).toBeGreaterThan(0)
    for (const o of p.place) {
      expect(o.rate).toBe(0.00030001)
      expect(o.reason).toContain('your floor (the market is lower)')
    }
    expect(p.reasons.join(' ')).toContain('is below your floor of 0.0300 %/day')
  })

  it('never offers above the cap', () => {
    const p = plan(ordinaryMarket(), account({ available: 3000 }), settings({ maxDailyRate: 0.0002 }), NOW)
    expect(p.place.length).toBeGreaterThan(0)
    for (const o of p.place) expect(o.rate).toBeLessThanOrEqual(0.0002)
  })

  it('a floor and a cap inside one rate step: offers at the floor, and the next plan keeps them', () => {
    // No 5-significant-digit rate lies in 0.000300004–0.000300008: the floor wins over the cap.
    const cs = { minDailyRate: 0.000300004, maxDailyRate: 0.000300008 }
    const p = plan(ordinaryMarket(), account({ available: 1000 }), settings(cs), NOW)
    expect(p.place.length).toBeGreaterThan(0)
    for (const o of p.place) expect(o.rate).toBe(0.00030001)
    const placed = p.place.map((o, k) => offer({ id: k + 1, amount: o.amount, rate: o.rate, period: o.period }))
    const next = plan(ordinaryMarket(), account({ available: 0, offers: placed }), settings(cs), NOW)
    expect(next.cancel).toEqual([])
  })

  it('keeps periods within the user range', () => {
    const m = ordinaryMarket({ bids: [level(0.0003, 120, 1e6), level(0.00028, 30, 1e6)] })
    const a = plan(m, account({ available: 10_000 }), settings({ minPeriod: 7, maxPeriod: 30 }), NOW)
    expect(a.place.length).toBeGreaterThan(0)
    for (const o of a.place) {
      expect(o.period).toBeGreaterThanOrEqual(7)
      expect(o.period).toBeLessThanOrEqual(30)
    }
    expect(a.place.some((o) => o.period === 30 && o.rate === 0.00028)).toBe(true)
  })

  it('never uses FRR when it is turned off, above the cap or below the floor', () => {
    // A short FRR queue makes FRR the best option when it is allowed (ibrr-frr.test.ts).
    const m = market({
      asks: [level(0.0002, 2, 5_000), level(0.0004, 2, 1e6)],
      candles: candles(24, { open: 0.0002, close: 0.0002, high: 0.0003, low: 0.00015, volume: 1_000_000 }),
      frr: 0.00025,
      frrAmountAvailable: 1_000
    })
    expect(plan(m, account({ available: 1_000 }), settings({ allowFrr: true }), NOW).place.some((o) => o.type !== 'LIMIT')).toBe(true)
    const without = plan(m, account({ available: 1_000 }), settings({ allowFrr: false }), NOW)
    expect(without.place.length).toBeGreaterThan(0)
    expect(without.place.every((o) => o.type === 'LIMIT')).toBe(true)
    // FRR offers move with FRR, so they need room on both sides: FRR within 5 % of the cap is not used.
    const capped = plan(m, account({ available: 1_000 }), settings({ allowFrr: true, maxDailyRate: 0.000255 }), NOW)
    expect(capped.place.length).toBeGreaterThan(0)
    expect(capped.place.every((o) => o.type !== 'FRRDELTAVAR')).toBe(true)
    for (const o of capped.place) expect(o.type === 'LIMIT' ? o.rate : 0.00025 + o.rate).toBeLessThanOrEqual(0.000255 / 1.05)
    const floored = plan(m, account({ available: 1_000 }), settings({ allowFrr: true, minDailyRate: 0.00024 }), NOW)
    expect(floored.place.every((o) => o.type === 'LIMIT')).toBe(true)
  })

  it('cancels offers that break the settings at once, each with its reason', () => {
    const old = NOW - 1000
    const offers = [
      offer({ id: 1, amount: 200, rate: 0.00005, createdAt: old, updatedAt: old }),
      offer({ id: 2, amount: 200, rate: 0.0009, createdAt: old, updatedAt: old }),
      offer({ id: 3, amount: 200, rate: 0.0002, period: 60 }),
      offer({ id: 4, amount: 200, rate: 0, type: 'FRRDELTAVAR' }),
      offer({ id: 5, amount: 200, rate: 0.0002 })
    ]
    const p = plan(ordinaryMarket(), account({ available: 0, offers }), settings({ minDailyRate: 0.0001, maxDailyRate: 0.0005, maxPeriod: 30 }), NOW)
    expect(p.cancel).toEqual([
      { offerId: 1, reason: 'Cancel offer 1 (0.0050 %/day for 2 days): its rate is below your floor of 0.0100 %/day.' },
      { offerId: 2, reason: 'Cancel offer 2 (0.0900 %/day for 2 days): its rate is above your maximum of 0.0500 %/day.' },
      { offerId: 3, reason: 'Cancel offer 3 (0.0200 %/day for 60 days): its 60-day period is outside your 2–30 day range.' },
      { offerId: 4, reason: 'Cancel offer 4 (FRR offer for 2 days): FRR offers are turned off in your settings.' }
    ])
  })

  it('cancels offers beyond maxLent (highest rate first) and offers that eat into the reserve', () => {
    const offers = [offer({ id: 1, amount: 1000, rate: 0.00021 }), offer({ id: 2, amount: 1000, rate: 0.00023 })]
    const lent = plan(ordinaryMarket(), account({ available: 0, offers }), settings({ maxLent: 1500 }), NOW)
    expect(lent.cancel).toEqual([
      { offerId: 2, reason: 'Cancel offer 2 (0.0230 %/day for 2 days): your loans and offers would exceed your maximum lent of 1500.00 USD.' }
    ])
    // The freed 1000 can go back up to maxLent: 1500 − 1000 kept = 500 → 3 rungs of 166.67 minimum 150 → 3 × 166.66666666.
    expect(lent.place.reduce((s, o) => s + o.amount, 0)).toBeLessThanOrEqual(500)
    const reserve = plan(ordinaryMarket(), account({ available: 100, offers }), settings({ reserve: 1000 }), NOW)
    expect(reserve.cancel.map((c) => c.offerId)).toEqual([2])
    expect(reserve.cancel[0].reason).toContain('reserve of 1000.00 USD')
    expect(reserve.place).toEqual([])
  })

  it('refuses to guess a minimum without a USD price', () => {
    const p = plan(ordinaryMarket(), account({ available: 1000, usdPrice: 0 }), settings(), NOW)
    expect(p.place).toEqual([])
    expect(p.reasons[0]).toContain('does not know the USD price of USD')
  })
})
