// A whale-sized balance: above 2^53 units (~90 M of a currency at 1e-8 units) one unit is below a
// double's resolution, so plan()'s float guard, which once trimmed the largest offer one unit at a time,
// never ended (x − 1 === x) and froze the main process. Found by a fuzz comparison of plan() versions.
import { describe, expect, it } from 'vitest'
import { plan } from '../../src/main/ibrr'
import { account, level, market, MIN, NOW, offer, settings } from './ibrr-fixtures'

describe('plan() with a whale-sized balance', () => {
  it('ends, and keeps the placed sum within what is free, when four offers of ~113 M are merged into one', () => {
    const at = (minutes: number) => ({ createdAt: NOW - minutes * MIN, updatedAt: NOW - minutes * MIN })
    const offers = [
      offer({ id: 100, amount: 492_201.81892849505, rate: 0.00023756, period: 120, ...at(523) }),
      offer({ id: 101, amount: 374.32716144, rate: 0.000307170714, period: 60, ...at(1_841) }),
      offer({ id: 102, amount: 112_393_163.51525486, rate: 0.00032705, period: 2, ...at(570) }),
      offer({ id: 103, amount: 2_396.29156384, rate: 0.00025543, period: 20, ...at(871) })
    ]
    const asks = Array.from({ length: 40 }, (_, k) => level(0.00022552 + k * 2e-7, [2, 7, 30, 120][k % 4], 150_000 + 10_000 * k))
    const a = account({ available: 5_465.648956596851, offers })
    const p = plan(market({ asks, bids: [] }), a, settings({ maxOpenOffers: 1, maxPeriod: 120 }), NOW)
    const free = a.available + p.cancel.reduce((s, c) => s + offers.find((o) => o.id === c.offerId)!.amount, 0)
    expect(p.place.length).toBeLessThanOrEqual(1)
    expect(p.place.reduce((s, o) => s + o.amount, 0)).toBeLessThanOrEqual(free)
  }, 10_000)
})
