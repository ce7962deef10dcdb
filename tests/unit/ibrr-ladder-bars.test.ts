// The ladder's first rungs must fill soon even when no offer can fill quite as soon as their bars once
// assumed. Every wait includes the time before demand comes (the wait for the next borrower, ~11 min, and
// the candle gap), so with a 20-minute horizon no waiting offer reaches a 90 % chance. Read as absolute
// chances, the first rung's bar was then above every candidate: it took the best value, at the top rate,
// and every later rung, which never undercuts an earlier one of its period, stacked there too, so the
// whole ladder waited at the top. The bars are shares of the best chance a waiting offer can have.
import { describe, expect, it } from 'vitest'
import { plan } from '../../src/main/ibrr'
import { NEXT_BORROWER_HOURS, chanceWithin } from '../../src/main/ibrr/fillModel'
import { NOW, account, candles, market, settings } from './ibrr-fixtures'

const closes = [0.00015, 0.00018, 0.00021, 0.00024]
// Known only from hourly candles: every hour trades 0.0001 … 0.00026, 30 k USD, closing 0.00015 … 0.00024.
const candleOnly = market({
  candles: candles(72, { open: 0.0002, close: 0.0002, high: 0.00026, low: 0.0001, volume: 30_000 }, (k) => closes[k % closes.length])
})

describe('the quantile bars follow the best chance a waiting offer can have', () => {
  it('with a horizon near the wait before demand comes, the first rungs still go where money fills soon', () => {
    const horizonMinutes = 20
    const ceiling = chanceWithin(horizonMinutes / 60, NEXT_BORROWER_HOURS)
    expect(ceiling).toBeLessThan(0.9) // no waiting offer can meet an absolute 90 % bar here
    const p = plan(candleOnly, account({ available: 5000 }), settings({ minDailyRate: 0.0001 }, { staleOfferMinutes: horizonMinutes }), NOW)
    expect(p.place).toHaveLength(5)
    const [first, ...rest] = p.place
    // Rung 0 of 5: at least 90 % of the best chance; the ladder then climbs to the top for the highs.
    expect(first.fillProbability).toBeGreaterThanOrEqual(0.9 * ceiling)
    expect(first.rate).toBeLessThan(Math.max(...rest.map((o) => o.rate)))
    for (const o of p.place) expect(o.fillProbability).toBeLessThanOrEqual(ceiling + 1e-12)
  })
})

describe('the best chance is read only at rates some demand reaches', () => {
  // Known only from candles whose bodies lie below the floor: half the hours reach 0.00022, one in six
  // 0.0003. Rates above every high have no demand and a candle gap of 0; they must not set the best chance.
  const high = (k: number): number => (k % 6 === 0 ? 0.0003 : k % 2 === 0 ? 0.00022 : 0.00018)
  const wickOnly = market({ candles: candles(72, { open: 0.00015, close: 0.00015, high: 0, low: 0.0001, volume: 30_000 }).map((c, k) => ({ ...c, high: high(k) })) })

  it('the first short rungs still go where money fills soonest when every rate lies in the wicks', () => {
    const p = plan(wickOnly, account({ available: 5000 }), settings({ minDailyRate: 0.00019 }), NOW)
    const short = p.place.filter((o) => o.period === 2)
    expect(short.length).toBeGreaterThan(2)
    expect(short[0].rate).toBeLessThan(Math.max(...short.map((o) => o.rate)))
    expect(short[0].fillProbability).toBeGreaterThan(short[short.length - 1].fillProbability)
  })
})
