import { describe, expect, it } from 'vitest'
import { IBRR_PARAMS, plan } from '../../src/main/ibrr'
import { account, calibratedMeanLife, level, loan, NOW, ordinaryMarket, settings, statedLife, trades } from './ibrr-fixtures'

const longBids = () => ordinaryMarket({ bids: [level(0.0003, 120, 1e6), level(0.00019, 2, 5_000)] })
const spike = () =>
  ordinaryMarket({ asks: [level(0.0004, 2, 20_000), level(0.00045, 2, 30_000)], trades: trades(60, 5_000, 0.00042, 2, 1) })

describe('period choice', () => {
  it('lends for 2 days in an ordinary market, with a fill chance in every reason', () => {
    const p = plan(ordinaryMarket(), account({ available: 10_000 }), settings(), NOW)
    expect(p.place).toHaveLength(5)
    for (const o of p.place) {
      expect(o.period).toBe(2)
      expect(o.reason).toMatch(
        /^0\.\d{4} %\/day \(\d+\.\d % APR before fee\) for 2 days: \d+ % chance to fill within 30 min at this depth; worth about \d+\.\d % APR before fee over 31 days, with loans that last ~[\d.]+ days on average, lent again at this rate as they come back\.$/
      )
      expect(statedLife(o.reason)).toBeCloseTo(calibratedMeanLife(2), 2)
      // The deepest rung sits near an even chance within 30 min: the calibrated share of the cheaper
      // asks (src/shared/calibration.ts queueAheadShare) counts as queued ahead of it.
      expect(o.fillProbability).toBeGreaterThan(0.45)
    }
    expect(p.reasons.join(' ')).not.toMatch(/Spike|Borrowers bid/)
  })

  it('lends part to a high 120-day borrower bid at once, within the long cap its premium and its loan lives allow', () => {
    const p = plan(longBids(), account({ available: 10_000 }), settings(), NOW)
    const long = p.place.filter((o) => o.period === 120)
    expect(long.length).toBeGreaterThan(0)
    for (const o of long) {
      expect(o.rate).toBe(0.0003)
      expect(o.fillProbability).toBe(IBRR_PARAMS.immediateFillProbability)
      expect(o.reason).toMatch(
        /^0\.0300 %\/day \(10\.9 % APR before fee\) for 120 days: visible borrower bids take it at once, 95 % chance to fill within 30 min; worth about \d+\.\d % APR before fee over 31 days, with loans that last ~\d+ days on average\.$/
      )
      expect(Math.abs(statedLife(o.reason) - calibratedMeanLife(120))).toBeLessThanOrEqual(0.5)
    }
    expect(long.reduce((s, o) => s + o.amount, 0)).toBeLessThanOrEqual(IBRR_PARAMS.maxLongShareCeiling * 10_000)
    expect(p.place.some((o) => o.period === 2)).toBe(true)
    expect(p.reasons.join(' ')).toContain('Borrowers bid 0.0300 %/day for 120 days')
  })

  it('counts existing long loans against the long share', () => {
    const loans = [loan({ id: 1, amount: 6_000, period: 120 })]
    const p = plan(longBids(), account({ available: 4_000, loans }), settings(), NOW)
    expect(p.place.length).toBeGreaterThan(0)
    expect(p.place.every((o) => o.period === 2)).toBe(true)
  })

  it('locks longer in a spike, and says so', () => {
    const p = plan(spike(), account({ available: 10_000 }), settings(), NOW)
    expect(p.place.some((o) => o.period > 2)).toBe(true)
    expect(p.reasons.join(' ')).toMatch(/Spike detected: 0\.04\d\d %\/day is \d+\.\d σ above the recent median of 0\.0200 %\/day, so IBRR locks \d+ days/)
  })

  it('never locks long with spike sensitivity 0, nor beyond maxPeriod', () => {
    const zero = plan(spike(), account({ available: 10_000 }), settings({}, { spikeSensitivity: 0 }), NOW)
    expect(zero.place.every((o) => o.period === 2)).toBe(true)
    expect(zero.reasons).toContain('Spike sensitivity is 0, so IBRR never locks longer than 2 days.')
    const bounded = plan(spike(), account({ available: 10_000 }), settings({ maxPeriod: 30 }), NOW)
    expect(bounded.place.some((o) => o.period === 30)).toBe(true)
    expect(bounded.place.every((o) => o.period <= 30)).toBe(true)
  })

  it('a higher sensitivity locks at a smaller rise (lower option premium)', () => {
    // 0.00022 is 0.7 σ above the median: not enough at 0.5, enough at 1.
    const mild = ordinaryMarket({ bids: [level(0.00022, 120, 1e6)] })
    const at05 = plan(mild, account({ available: 10_000 }), settings({}, { spikeSensitivity: 0.5 }), NOW)
    const at1 = plan(mild, account({ available: 10_000 }), settings({}, { spikeSensitivity: 1 }), NOW)
    expect(at05.place.every((o) => o.period === 2)).toBe(true)
    expect(at1.place.some((o) => o.period === 120)).toBe(true)
  })

  it('without a distribution to judge spikes by, locks longer only where visible long bids take it at once', () => {
    const m = ordinaryMarket({ candles: [], trades: [], bids: [level(0.0003, 120, 1e6), level(0.00019, 2, 50_000)] })
    const p = plan(m, account({ available: 1_000 }), settings(), NOW)
    const long = p.place.filter((o) => o.period > 2)
    expect(long.length).toBeGreaterThan(0)
    for (const o of long) {
      expect(o.rate).toBe(0.0003)
      expect(o.fillProbability).toBe(IBRR_PARAMS.immediateFillProbability)
    }
    expect(long.reduce((s, o) => s + o.amount, 0)).toBeLessThanOrEqual(IBRR_PARAMS.maxLongShareCeiling * 1_000)
    expect(p.reasons.join(' ')).toContain('Too few recent candles or trades to judge spikes, so IBRR lends longer than 2 days only where visible borrower bids take the money at once.')
    expect(p.reasons.join(' ')).not.toContain('Spike detected')
  })
})
