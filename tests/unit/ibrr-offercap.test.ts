// A bounded number of open offers per currency (issue 16): never run into Bitfinex's
// "Limit: too many active offers"; returned money joins an existing offer when that pays.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { plan } from '../../src/main/ibrr'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import { account, MIN, NOW, offer, ordinaryMarket, settings } from './ibrr-fixtures'

const openOffers = (n: number, ageMinutes: (k: number) => number) =>
  Array.from({ length: n }, (_, k) => offer({ id: k + 1, amount: 500, rate: 0.00023, createdAt: NOW - ageMinutes(k) * MIN, updatedAt: NOW - ageMinutes(k) * MIN }))

describe('offer cap', () => {
  it('defaults to 8 open offers per currency, well under the exchange limit', () => {
    expect(DEFAULT_SETTINGS.currencies.USD.maxOpenOffers).toBe(8)
  })

  it('places no new offer beyond the cap; the free money waits when merging would cost more than it earns', () => {
    // Eight offers, the newest 20 min old: merging 200 USD into 500 would lose 20 min of queue place.
    const p = plan(ordinaryMarket(), account({ available: 200, offers: openOffers(8, (k) => 20 + k) }), settings(), NOW)
    expect(p.place).toEqual([])
    expect(p.cancel).toEqual([])
    expect(p.reasons.join(' ')).toContain('All 8 offer slots you allow are in use, so 200.00 USD waits for one to fill')
  })

  it('consolidates returned money into the newest offer when that pays, with one sentence', () => {
    // The newest offer is 1 minute old: it has almost no queue place to lose, and 1000 USD would idle.
    const offers = openOffers(8, (k) => (k === 7 ? 1 : 20 + k))
    const p = plan(ordinaryMarket(), account({ available: 1_000, offers }), settings(), NOW)
    expect(p.cancel).toEqual([
      {
        offerId: 8,
        reason:
          'Consolidate offer 8 (0.0230 %/day for 2 days): all 8 offer slots are in use, so the returned 1000.00 USD joins this newest offer (it has the least queue place to lose) instead of sitting idle.'
      }
    ])
    expect(p.place).toHaveLength(1)
    expect(p.place[0].amount).toBe(1_500)
  })

  it('merges money below the minimum offer into an offer instead of leaving it idle', () => {
    const offers = openOffers(2, (k) => (k === 1 ? 1 : 30))
    const p = plan(ordinaryMarket(), account({ available: 100, offers }), settings(), NOW)
    expect(p.cancel.map((c) => c.offerId)).toEqual([2])
    expect(p.cancel[0].reason).toContain('the free money is below the minimum offer')
    expect(p.place.map((o) => o.amount)).toEqual([600])
  })

  it('cancels offers beyond a lowered cap, least likely to fill first', () => {
    const offers = [0.0002, 0.00025, 0.00021, 0.0003, 0.00022].map((rate, k) => offer({ id: k + 1, amount: 500, rate }))
    const p = plan(ordinaryMarket(), account({ available: 0, offers }), settings({ maxOpenOffers: 3 }), NOW)
    expect(p.cancel.map((c) => c.offerId).slice(0, 2)).toEqual([4, 2])
    expect(p.cancel[0].reason).toBe('Cancel offer 4 (0.0300 %/day for 2 days): you allow at most 3 open USD offers, and IBRR keeps the ones most likely to fill.')
    // Their money is not left idle: it joins the newest kept offer, and the cap still holds.
    expect(p.cancel[2].reason).toMatch(/^Consolidate offer 5 /)
    expect(p.place.map((o) => o.amount)).toEqual([1_500])
  })

  it('property: open offers after the plan never exceed the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.double({ min: 0, max: 50_000, noNaN: true }),
        fc.integer({ min: 0, max: 300 }),
        (cap, open, available, age) => {
          const offers = openOffers(open, (k) => age + k)
          const p = plan(ordinaryMarket(), account({ available, offers }), settings({ maxOpenOffers: cap }), NOW)
          const stillOpen = offers.length - p.cancel.length
          return stillOpen + p.place.length <= Math.max(cap, stillOpen) && (p.place.length === 0 || stillOpen + p.place.length <= cap)
        }
      )
    )
  })
})
