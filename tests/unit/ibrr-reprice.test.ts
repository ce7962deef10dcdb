import { describe, expect, it } from 'vitest'
import { IBRR_PARAMS, MAX_ACTIONS_PER_CYCLE, plan } from '../../src/main/ibrr'
import { account, market, MIN, NOW, offer, ordinaryMarket, settings, trades } from './ibrr-fixtures'

const aged = (minutes: number) => ({ createdAt: NOW - minutes * MIN, updatedAt: NOW - minutes * MIN })

describe('repricing', () => {
  it('keeps a fresh offer even when the target has moved', () => {
    const o = offer({ id: 7, amount: 2_000, rate: 0.0003, ...aged(10) })
    const p = plan(ordinaryMarket(), account({ available: 1_000, offers: [o] }), settings(), NOW)
    expect(p.cancel).toEqual([])
    expect(p.reasons).toContain("Kept 1 offer: placed less than 30 min ago or within 5 % of IBRR's target.")
    // The new money is laddered on top; the kept offer's 2000 is not counted twice.
    expect(p.place.reduce((s, x) => s + x.amount, 0)).toBeLessThanOrEqual(1_000)
  })

  it('keeps a stale offer that is still within the threshold of the target', () => {
    const o = offer({ id: 7, amount: 2_000, rate: 0.00023, ...aged(35) })
    const p = plan(ordinaryMarket(), account({ available: 0, offers: [o] }), settings(), NOW)
    expect(p.cancel).toEqual([])
    expect(p.place).toEqual([])
    // An offer older than its fill chance's horizon says so, and what IBRR does about it.
    expect(p.reasons).toContain(
      "Waited longer than expected: offer 7 (35 min) has been open longer than the 30 min its fill chance was for. Its rate is still within 5 % of IBRR's target, which counts that wait against rates at or above it, so IBRR keeps it and its place in the queue, and judges again next cycle."
    )
  })

  it('counts a long wait as evidence: an offer on target by the model alone is repriced toward what fills', () => {
    // The model expects 0.00023 (fresh money's target here) to fill within minutes; an offer that has sat
    // there 2 hours says demand at that rate comes slower (posterior mean wait M + age), so the target moves below it.
    const o = offer({ id: 7, amount: 2_000, rate: 0.00023, ...aged(120) })
    const p = plan(ordinaryMarket(), account({ available: 0, offers: [o] }), settings(), NOW)
    expect(p.cancel.map((c) => c.offerId)).toEqual([7])
    expect(p.cancel[0].reason).toMatch(/^Reprice offer 7 \(0\.0230 %\/day for 2 days\): it has waited 120 min, longer than the 30 min its fill chance was for, and IBRR's target, which counts that wait against rates at or above it, moved to 0\.0\d{3} %\/day for 2 days\.$/)
    expect(p.place.reduce((s, x) => s + x.amount, 0)).toBe(2_000)
    for (const x of p.place) expect(x.rate).toBeLessThan(0.00023 * (1 - IBRR_PARAMS.repriceRelativeThreshold))
    // Fresh money in the same market, with no such evidence, is offered at that rate's level.
    const fresh = plan(ordinaryMarket(), account({ available: 2_000 }), settings(), NOW)
    expect(fresh.place.some((x) => x.rate >= 0.00023 * (1 - IBRR_PARAMS.repriceRelativeThreshold))).toBe(true)
  })

  it('counts a long wait as evidence in the fallback rung too (its rate is off the candidate grid)', () => {
    // Every recent trade is above the user's cap and there is no floor, so no candidate rate is left and
    // the rung falls back to the cap, where the 0.0003 trades do reach. A kept offer at the cap that has
    // waited 2 hours is the same evidence as for a grid rate: the new rung's wait is 120 min longer (the
    // whole first rung waits, θ = 1) and its fill chance lower than beside the same offer placed 5 min ago.
    const m = market({ trades: trades(30, 3_000, 0.0003, 2, 3) })
    const s = settings({ minDailyRate: 0, maxDailyRate: 0.0002 })
    const rungBeside = (minutes: number) => {
      const o = offer({ id: 7, amount: 1_000, rate: 0.0002, ...aged(minutes) })
      const p = plan(m, account({ available: 3_000, offers: [o] }), s, NOW)
      expect(p.cancel).toEqual([])
      expect(p.place.length).toBeGreaterThan(0)
      expect(p.place[0].reason).toMatch(/the market is above your cap, so it offers at your cap/)
      return p.place[0]
    }
    const fresh = rungBeside(5)
    const overdue = rungBeside(120)
    expect(overdue.rate).toBe(0.0002)
    expect(overdue.expectedWaitMinutes! - fresh.expectedWaitMinutes!).toBeCloseTo(120, 6)
    expect(overdue.fillProbability).toBeLessThan(fresh.fillProbability)
  })

  it("records the fallback rung's model wait with the user's wait scale taken out, like a grid rung's", () => {
    // Same market as above: the rung falls back to the cap. 20 two-day offers that took 3× the model's
    // wait make θ = 2: the fallback rung's fill chance drops, but the wait it records for learning is the
    // model's own (else θ would be learned against itself and compound).
    const m = market({ trades: trades(30, 3_000, 0.0003, 2, 3) })
    const s = settings({ minDailyRate: 0, maxDailyRate: 0.0002, maxPeriod: 2 })
    const slow = Array.from({ length: 20 }, () => ({ currency: 'USD', period: 2, waitMinutes: 60, expectedWaitMinutes: 20, outcome: 'filled' as const, at: NOW }))
    const rung = (own?: { fills: typeof slow; lives: [] }) => plan(m, account({ available: 3_000, ...(own ? { own } : {}) }), s, NOW).place[0]
    const plain = rung()
    const scaled = rung({ fills: slow, lives: [] })
    expect(scaled.reason).toMatch(/the market is above your cap, so it offers at your cap/)
    expect(scaled.fillProbability).toBeLessThan(plain.fillProbability)
    expect(scaled.expectedWaitMinutes).toBeCloseTo(plain.expectedWaitMinutes!, 9)
  })

  it('reprices a stale offer whose target moved beyond the threshold, and re-lends the money', () => {
    const o = offer({ id: 7, amount: 2_000, rate: 0.0003, ...aged(120) })
    const p = plan(ordinaryMarket(), account({ available: 0, offers: [o] }), settings(), NOW)
    expect(p.cancel).toEqual([
      { offerId: 7, reason: "Reprice offer 7 (0.0300 %/day for 2 days): it has waited 120 min, longer than the 30 min its fill chance was for, and IBRR's target, which counts that wait against rates at or above it, moved to 0.0230 %/day for 2 days." }
    ])
    expect(p.place.reduce((s, x) => s + x.amount, 0)).toBe(2_000)
    expect(p.place.every((x) => Math.abs(x.rate - 0.0003) > IBRR_PARAMS.repriceRelativeThreshold * x.rate)).toBe(true)
  })

  it('measures staleness from the last update (a partial fill restarts the clock)', () => {
    const o = offer({ id: 7, amount: 2_000, rate: 0.0003, createdAt: NOW - 300 * MIN, updatedAt: NOW - 3 * MIN })
    const p = plan(ordinaryMarket(), account({ available: 0, offers: [o] }), settings(), NOW)
    expect(p.cancel).toEqual([])
  })

  it('honours staleOfferMinutes', () => {
    const o = offer({ id: 7, amount: 2_000, rate: 0.0003, ...aged(45) })
    expect(plan(ordinaryMarket(), account({ offers: [o] }), settings({}, { staleOfferMinutes: 60 }), NOW).cancel).toEqual([])
    expect(plan(ordinaryMarket(), account({ offers: [o] }), settings({}, { staleOfferMinutes: 30 }), NOW).cancel).toHaveLength(1)
  })

  it('stays within the churn limit: reprices at most half the budget and places in the same cycle', () => {
    const offers = Array.from({ length: 10 }, (_, k) => offer({ id: k + 1, amount: 300, rate: 0.0003 + k * 0.00001, ...aged(200 + k) }))
    const p = plan(ordinaryMarket(), account({ available: 0, offers }), settings({ maxOpenOffers: 20 }), NOW)
    expect(p.cancel).toHaveLength(IBRR_PARAMS.maxRepriceCancelsPerCycle)
    // The oldest go first.
    expect(p.cancel.map((c) => c.offerId)).toEqual([10, 9, 8])
    expect(p.cancel.length + p.place.length).toBeLessThanOrEqual(MAX_ACTIONS_PER_CYCLE)
    expect(p.place.length).toBeGreaterThan(0)
    expect(p.reasons.join(' ')).toContain('Churn limit')
  })

  it('stays within the churn limit when many offers break the settings', () => {
    const offers = Array.from({ length: 9 }, (_, k) => offer({ id: k + 1, amount: 300, rate: 0.00001 }))
    const p = plan(ordinaryMarket(), account({ available: 5_000, offers }), settings({ minDailyRate: 0.0001 }), NOW)
    expect(p.cancel.map((c) => c.offerId)).toEqual([1, 2, 3, 4, 5, 6])
    expect(p.place).toEqual([])
    expect(p.reasons.join(' ')).toContain('Churn limit')
  })
})
