// The fill model's own wait W(r) learns from the user's fills: a per-currency wait scale θ (observed wait
// over the model's expected wait at placement), shrunk toward 1 with k₀ pseudo-observations, censored
// offers adding exposure only, old data fading back to 1; each period's θ_p shrunk toward θ; and plan()
// scales each period's waits by its θ_p (the candle gap, shared by every period, by θ).
import { describe, expect, it } from 'vitest'
import { describeFillModel, learnFromOwnHistory, NEXT_BORROWER_HOURS, PERIOD_SCALE_WEIGHT, periodPriors, plan } from '../../src/main/ibrr'
import { MIN_SCALE_EVIDENCE_MINUTES } from '../../src/main/ibrr/learning'
import { IBRR_PARAMS } from '../../src/main/ibrr/params'
import type { FillObservation } from '../../src/shared/domain'
import { seededRandom } from '../../src/shared/random'
import { account, candles, HOUR, level, market, MIN, NOW, offer, ordinaryMarket, settings } from './ibrr-fixtures'

const DAY = 24 * HOUR
const priors = periodPriors([2, 7, 30])
const k0 = IBRR_PARAMS.learningPriorWeight

/** `n` offers of 2 days that waited `wait` minutes against a model wait of `expected` (the model's own: never below the next borrower's ~11 min). */
const observed = (n: number, wait: number, expected: number | undefined, outcome: FillObservation['outcome'], at: number): FillObservation[] =>
  Array.from({ length: n }, () => ({ currency: 'USD', period: 2, waitMinutes: wait, outcome, at, ...(expected ? { expectedWaitMinutes: expected } : {}) }))

const theta = (fills: FillObservation[], now = NOW): number => learnFromOwnHistory(priors, fills, [], now).waitScale

describe('the wait scale θ', () => {
  it('is exactly 1 with no observations, or none with an expected wait', () => {
    expect(theta([])).toBe(1)
    expect(theta(observed(50, 300, undefined, 'filled', NOW))).toBe(1)
  })

  it('moves toward observed / expected as fills come, shrunk by the prior: (k₀ + Σ d/e) / (k₀ + n)', () => {
    expect(theta(observed(20, 60, 20, 'filled', NOW))).toBeCloseTo((k0 + 20 * 3) / (k0 + 20), 12)
    expect(theta(observed(2_000, 60, 20, 'filled', NOW))).toBeCloseTo(3, 1)
    // Faster than the model: below 1.
    expect(theta(observed(20, 10, 20, 'filled', NOW))).toBeCloseTo((k0 + 20 * 0.5) / (k0 + 20), 12)
  })

  it('rises with offers that were cancelled unfilled (they add their wait, not a fill)', () => {
    const fills = observed(20, 60, 20, 'filled', NOW)
    const withCensored = [...fills, ...observed(10, 40, 20, 'censored', NOW)]
    expect(theta(withCensored)).toBeCloseTo((k0 + 20 * 3 + 10 * 2) / (k0 + 20), 12)
    expect(theta(withCensored)).toBeGreaterThan(theta(fills))
  })

  it('fades back to 1 as the fills grow old (half their weight every half-life)', () => {
    const fills = observed(20, 60, 20, 'filled', NOW)
    const h = IBRR_PARAMS.learningHalfLifeDays
    const oneHalfLife = theta(fills, NOW + h * DAY)
    expect(oneHalfLife).toBeCloseTo((k0 + 10 * 3) / (k0 + 10), 12)
    expect(theta(fills, NOW + 10 * h * DAY)).toBeCloseTo(1, 2)
  })

  it('is said on the dashboard when it is not 1', () => {
    const m = learnFromOwnHistory(priors, observed(40, 60, 20, 'filled', NOW), [], NOW)
    // θ = (20 + 120) / 60 ≈ 2.33; every fill is a 2-day one, so the sentence gives θ₂ = (10·θ + 120) / 50 ≈ 2.87.
    expect(describeFillModel(m)).toBe('fill model: prior + 40 of your fills; your offers fill 2.9× slower than the model expected (from 40 of your offers)')
    const fast = learnFromOwnHistory(priors, observed(40, 2, 20, 'filled', NOW), [], NOW)
    expect(describeFillModel(fast)).toBe('fill model: prior + 40 of your fills; your offers fill 6.2× faster than the model expected (from 40 of your offers)')
    expect(describeFillModel(learnFromOwnHistory(priors, observed(40, 30, undefined, 'filled', NOW), [], NOW))).toBe('fill model: prior + 40 of your fills')
  })
})

describe('the wait scale per period θ_p', () => {
  const k1 = PERIOD_SCALE_WEIGHT
  const at = (period: number, fills: FillObservation[]) => fills.map((f) => ({ ...f, period }))
  // 30 two-day offers waited 3× the model's wait, 30 thirty-day offers exactly it.
  const mixed = [...at(2, observed(30, 60, 20, 'filled', NOW)), ...at(30, observed(30, 20, 20, 'filled', NOW))]

  it("is each period's own d/e shrunk toward the currency's θ: (k₁·θ + Σ_p d/e) / (k₁ + n_p); θ where a period has none", () => {
    const m = learnFromOwnHistory(priors, mixed, [], NOW)
    const th = (k0 + 90 + 30) / (k0 + 60)
    expect(m.waitScale).toBeCloseTo(th, 12)
    const [p2, p7, p30] = m.periods
    expect(p2.waitScale).toBeCloseTo((k1 * th + 90) / (k1 + 30), 12)
    expect(p30.waitScale).toBeCloseTo((k1 * th + 30) / (k1 + 30), 12)
    expect(p7.waitScale).toBe(m.waitScale)
    expect(p2.ownScaleFills).toBe(30)
    // The slow period above θ, the one that waited as expected below it, each nearer its own data.
    expect(p2.waitScale).toBeGreaterThan(th)
    expect(p30.waitScale).toBeLessThan(th)
  })

  it('fades back toward θ and θ back to 1 as the fills grow old', () => {
    const h = IBRR_PARAMS.learningHalfLifeDays
    const now = learnFromOwnHistory(priors, mixed, [], NOW)
    const later = learnFromOwnHistory(priors, mixed, [], NOW + 10 * h * DAY)
    later.periods.forEach((p, k) => {
      expect(Math.abs(p.waitScale - 1)).toBeLessThan(0.01)
      if (now.periods[k].waitScale !== 1) expect(Math.abs(p.waitScale - 1)).toBeLessThan(Math.abs(now.periods[k].waitScale - 1) / 50)
    })
  })

  it("does not count expected waits below the model's own minimum (recorded by the model before it waited for the next borrower)", () => {
    expect(MIN_SCALE_EVIDENCE_MINUTES).toBeCloseTo(NEXT_BORROWER_HOURS * 60, 6)
    const old = observed(40, 5, MIN_SCALE_EVIDENCE_MINUTES / 2, 'filled', NOW)
    const m = learnFromOwnHistory(priors, old, [], NOW)
    expect(m.waitScale).toBe(1)
    expect(m.periods[0].waitScale).toBe(1)
    expect(m.waitScaleOffers).toBe(0)
    expect(m.ownFills).toBe(40)
  })

  it('stays near 1 when offers wait only for the next borrower, as the model expects (the flow alone expected seconds: 75×)', () => {
    // A plan on a market that trades 2 M USD a minute at every rate: its offers' model waits are the next borrower's.
    const deep = market({ asks: [level(0.0002, 2, 1_000)], trades: Array.from({ length: 200 }, (_, k) => ({ id: k + 1, mts: NOW - k * 60_000, amount: -2e6, rate: 0.00025, period: 2 })) })
    const placed = plan(deep, account({ available: 3_000 }), settings({ maxPeriod: 2 }), NOW).place.filter((o) => o.expectedWaitMinutes !== undefined)
    expect(placed.length).toBeGreaterThan(0)
    // 200 fills that each waited for the next borrower: exponential with the calibrated mean (seeded).
    const rnd = seededRandom(7)
    const fills: FillObservation[] = Array.from({ length: 200 }, (_, k) => ({
      currency: 'USD',
      period: 2,
      waitMinutes: -Math.log(1 - rnd()) * NEXT_BORROWER_HOURS * 60,
      expectedWaitMinutes: placed[k % placed.length].expectedWaitMinutes!,
      outcome: 'filled',
      at: NOW
    }))
    const m = learnFromOwnHistory(priors, fills, [], NOW)
    expect(m.waitScaleOffers).toBe(200)
    expect(m.waitScale).toBeGreaterThan(0.8)
    expect(m.waitScale).toBeLessThan(1.25)
  })

  it('is named on the dashboard for a period whose own evidence is substantial and whose factor differs', () => {
    const m = learnFromOwnHistory(priors, mixed, [], NOW)
    const overall = (30 * m.periods[0].waitScale + 30 * m.periods[2].waitScale) / 60
    expect(describeFillModel(m)).toBe(
      `fill model: prior + 60 of your fills; your offers fill ${overall.toFixed(1)}× slower than the model expected (from 60 of your offers); 2-day offers ${m.periods[0].waitScale.toFixed(1)}× slower, 30-day offers ${m.periods[2].waitScale.toFixed(1)}× slower`
    )
    // Five 30-day fills weigh less than the pull toward θ (k₁ = 10): the 30-day offers are not named.
    const few = learnFromOwnHistory(priors, [...at(2, observed(30, 60, 20, 'filled', NOW)), ...at(30, observed(5, 20, 20, 'filled', NOW))], [], NOW)
    expect(describeFillModel(few)).not.toMatch(/30-day/)
    // Overall as expected, one period apart: only that period is named, against the model.
    // θ = (20 + 15 + 45) / 80 = 1, θ₂ = (10 + 15) / 40 = 0.625, θ₃₀ = (10 + 45) / 40 = 1.375.
    const apart = learnFromOwnHistory(priors, [...at(2, observed(30, 10, 20, 'filled', NOW)), ...at(30, observed(30, 30, 20, 'filled', NOW))], [], NOW)
    expect(describeFillModel(apart)).toBe('fill model: prior + 60 of your fills; 2-day offers 1.6× faster, 30-day offers 1.4× slower than the model expected')
  })
})

describe('plan() with a wait scale', () => {
  // 20 fills of 3× the model's wait: θ = (20 + 60) / 40 = 2 exactly, and the 2-day period's own scale,
  // shrunk toward it, θ₂ = (k₁·2 + 60) / (k₁ + 20). The same fills without expected waits teach the
  // per-period waits the same; besides the wait scale, the plans differ only in the ladder's bars (½ with
  // θ's 20 fills, whole without: priorWeightOfWaitScale), which move the rungs, not a rung's own waits.
  const fills = observed(20, 60, 20, 'filled', NOW)
  const unscaled = fills.map(({ expectedWaitMinutes: _e, ...f }) => f)
  const mk = (own: FillObservation[]) => plan(ordinaryMarket(), account({ available: 3_000, own: { fills: own, lives: [] } }), settings({ maxPeriod: 2 }), NOW)

  it('scales the flow part of a wait by the period θ₂ and the wait for the next borrower by θ: 1 − exp(−H / (θ₂·F + θ·B))', () => {
    expect(theta(fills)).toBe(2)
    const theta2 = (PERIOD_SCALE_WEIGHT * 2 + 60) / (PERIOD_SCALE_WEIGHT + 20)
    expect(learnFromOwnHistory(periodPriors([2]), fills, [], NOW).periods[0].waitScale).toBeCloseTo(theta2, 12)
    const one = mk(unscaled)
    const two = mk(fills)
    const H = 0.5
    const B = NEXT_BORROWER_HOURS
    let compared = 0
    two.place.forEach((o) => {
      if (o.expectedWaitMinutes === undefined) return
      // Slower waits make the ladder take a visible bid first, so its rungs shift by one; the same offer behind
      // the same queue records the same model wait (θ taken out), so the recorder learns θ against the model.
      const same = one.place.find((x) => x.type === o.type && x.rate === o.rate && x.period === o.period && x.amount === o.amount && Math.abs(x.expectedWaitMinutes! - o.expectedWaitMinutes!) < 1e-9)
      if (!same) return
      compared++
      // The ordinary market's trades price its demand (no candle gap): the mean time (Q + R)/D + B of the whole
      // offer, read from the unscaled chance, becomes θ₂·(Q + R)/D + θ·B.
      const flow = H / -Math.log(1 - same.fillProbability) - B
      expect(o.fillProbability).toBeCloseTo(1 - Math.exp(-H / (theta2 * flow + 2 * B)), 9)
      expect(o.fillProbability).toBeLessThan(same.fillProbability)
    })
    expect(compared).toBeGreaterThanOrEqual(3)
    expect(two.reasons).toContain('From your own fills, your offers fill 2.7× slower than the model expected (from 20 of your offers), so IBRR scales the waits and fill chances it expects for each period by what your offers showed (a period with few fills of its own leans on all of them).')
    expect(one.reasons.some((r) => r.includes('than the model expected'))).toBe(false)
  })

  it("records the model's own wait with an overdue offer's age left as it is (only what θ scaled is taken out at θ)", () => {
    // An offer waiting 180 min, past its 30-min horizon, adds its age to the wait of every rate at or above
    // it (addWaitEvidence), after the scales. The rung placed above it must record the same model wait at
    // θ = 2 as at θ = 1: dividing the age by θ recorded it as 90 min, so its fill read ~2× slow again.
    const overdue = offer({ id: 7, amount: 500, rate: 0.0002, period: 2, createdAt: NOW - 180 * MIN, updatedAt: NOW - 180 * MIN })
    const withOverdue = (own: FillObservation[]) => plan(ordinaryMarket(), account({ available: 3_000, offers: [overdue], own: { fills: own, lives: [] } }), settings({ maxPeriod: 2 }), NOW)
    // θ = 1 from as many fills as θ = 2's (each waited its expected time): the ladder's bars weigh the same
    // in both plans (priorWeightOfWaitScale), so the same rungs stand behind the same queues.
    const one = withOverdue(fills.map((f) => ({ ...f, expectedWaitMinutes: f.waitMinutes })))
    const two = withOverdue(fills)
    let compared = 0
    two.place.forEach((o, k) => {
      const same = one.place[k]
      if (!same || same.rate !== o.rate || same.amount !== o.amount || same.expectedWaitMinutes === undefined) return
      compared++
      expect(o.expectedWaitMinutes).toBeCloseTo(same.expectedWaitMinutes, 9)
    })
    // The rung above the overdue offer carries its 180 minutes.
    expect(one.place.some((o) => o.rate >= 0.0002 && o.expectedWaitMinutes! > 180)).toBe(true)
    expect(compared).toBeGreaterThan(0)
  })

  it("the plan's reason names the periods whose own pace differs instead of claiming one pace for every wait", () => {
    const at30 = (f: FillObservation): FillObservation => ({ ...f, period: 30, waitMinutes: 20 })
    const own = [...observed(20, 60, 20, 'filled', NOW), ...observed(20, 60, 20, 'filled', NOW).map(at30)]
    const p = plan(ordinaryMarket(), account({ available: 3_000, own: { fills: own, lives: [] } }), settings({ maxPeriod: 30 }), NOW)
    const reason = p.reasons.find((r) => r.startsWith('From your own fills'))
    expect(reason).toMatch(/your offers fill 1\.9× slower than the model expected \(from 40 of your offers\); 2-day offers 2\.6× slower, 30-day offers 1\.2× slower/)
    expect(reason).not.toMatch(/every wait/)
  })

  it('with candle demand: the period scale on the demand and θ on the shared candle gap, and the model wait taken out exactly', () => {
    // No trades: demand from the candles, and one hour in three reaches above 0.00021, so an offer above it
    // (the floor keeps them there) waits a gap G, shared by the periods, besides (Q + R/2)/D.
    const hours = candles(72, { open: 0.0002, close: 0.0002, high: 0.00021, low: 0.00016, volume: 300_000 }, (k) => [0.00017, 0.00019, 0.00021, 0.00023][k % 4])
    const lumpy = ordinaryMarket({ trades: [], candles: hours.map((c, k) => (k % 3 ? c : { ...c, high: 0.0003 })) })
    const candleOnly = (own: FillObservation[]) => plan(lumpy, account({ available: 3_000, own: { fills: own, lives: [] } }), settings({ maxPeriod: 2, minDailyRate: 0.00022 }), NOW)
    const theta2 = (PERIOD_SCALE_WEIGHT * 2 + 60) / (PERIOD_SCALE_WEIGHT + 20)
    const one = candleOnly(unscaled)
    const two = candleOnly(fills)
    let compared = 0
    two.place.forEach((o, k) => {
      const same = one.place[k]
      if (!same || same.type !== o.type || same.rate !== o.rate || same.period !== o.period || same.amount !== o.amount || same.expectedWaitMinutes === undefined) return
      expect(o.expectedWaitMinutes).toBeCloseTo(same.expectedWaitMinutes, 9)
      if (!(same.fillProbability < 0.99)) return
      compared++
      // 1 − exp(−H / (θ₂·(Q + R)/D + θ·G)): between the chance with every part at θ and every part at θ₂.
      expect(o.fillProbability).toBeLessThan(1 - Math.pow(1 - same.fillProbability, 1 / 2))
      expect(o.fillProbability).toBeGreaterThan(1 - Math.pow(1 - same.fillProbability, 1 / theta2))
    })
    expect(compared).toBeGreaterThan(0)
  })
})
