// Learning from the user's own fills: per period, waits and loan lives shrunk toward the calibrated
// prior (Gamma–exponential credibility), with censoring and exponential time decay.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { IBRR_PARAMS, decayWeight, describeFillModel, learnFromOwnHistory, periodPriors, plan } from '../../src/main/ibrr'
import { FUSD_CALIBRATION, loanLifeFor } from '../../src/shared/calibration'
import type { FillObservation, LifeObservation } from '../../src/shared/domain'
import { account, HOUR, level, NOW, ordinaryMarket, settings } from './ibrr-fixtures'

const DAY = 24 * HOUR
const priors = periodPriors([2, 30, 120])
const prior2 = priors[0]
const fills = (n: number, waitMinutes: number, ageDays: number, outcome: FillObservation['outcome'] = 'filled', period = 2): FillObservation[] =>
  Array.from({ length: n }, (_, k) => ({ currency: 'USD', period, waitMinutes, outcome, at: NOW - ageDays * DAY - k * 60_000 }))
const lives = (n: number, lifeDays: number, ageDays: number, outcome: LifeObservation['outcome'] = 'closed', period = 2): LifeObservation[] =>
  Array.from({ length: n }, (_, k) => ({ currency: 'USD', period, lifeDays, outcome, at: NOW - ageDays * DAY - k * 60_000 }))

describe('learning from your own fills', () => {
  it('starts from the calibrated prior: the real bot’s median waits / ln 2 and the calibrated mean lives', () => {
    expect(prior2.waitMinutes).toBeCloseTo(19 / Math.LN2, 9)
    expect(priors[2].waitMinutes).toBeCloseTo(378 / Math.LN2, 9)
    expect(prior2.lifeDays).toBe(loanLifeFor(FUSD_CALIBRATION, 2, 'central').meanDays)
    expect(priors[2].lifeDays).toBe(loanLifeFor(FUSD_CALIBRATION, 120, 'central').meanDays)
    const none = learnFromOwnHistory(priors, [], [], NOW)
    expect(none.periods.map((p) => p.waitMinutes)).toEqual(priors.map((p) => p.waitMinutes))
    expect(describeFillModel(none)).toBe('fill model: prior + 0 of your fills')
  })

  it('moves toward observed fills: many fast recent fills shorten the expected wait, by credibility n/(n + k₀)', () => {
    const n = 60
    const m = learnFromOwnHistory(priors, fills(n, 5, 0), [], NOW)
    const k0 = IBRR_PARAMS.learningPriorWeight
    const w = decayWeight(0) // ≈ 1 for fresh data
    expect(m.periods[0].waitMinutes).toBeCloseTo((k0 * prior2.waitMinutes + n * w * 5) / (k0 + n * w), 1)
    expect(m.periods[0].waitMinutes).toBeLessThan(prior2.waitMinutes / 2)
    // Other periods keep their prior.
    expect(m.periods[2].waitMinutes).toBe(priors[2].waitMinutes)
    expect(describeFillModel(m)).toBe('fill model: prior + 60 of your fills')
  })

  it('moves back toward the prior when the data is old', () => {
    const fresh = learnFromOwnHistory(priors, fills(60, 5, 0), lives(60, 0.1, 0), NOW)
    const old = learnFromOwnHistory(priors, fills(60, 5, 120), lives(60, 0.1, 120), NOW)
    expect(old.periods[0].waitMinutes).toBeGreaterThan(fresh.periods[0].waitMinutes)
    expect(Math.abs(old.periods[0].waitMinutes - prior2.waitMinutes)).toBeLessThan(1)
    expect(Math.abs(old.periods[0].lifeDays - prior2.lifeDays)).toBeLessThan(0.01)
    expect(decayWeight(IBRR_PARAMS.learningHalfLifeDays)).toBeCloseTo(0.5, 12)
  })

  it('counts an offer cancelled unfilled as waiting at least that long (censored), never as a fill', () => {
    const filledOnly = learnFromOwnHistory(priors, fills(10, 20, 0), [], NOW)
    const withCensored = learnFromOwnHistory(priors, [...fills(10, 20, 0), ...fills(10, 120, 0, 'censored')], [], NOW)
    expect(withCensored.periods[0].waitMinutes).toBeGreaterThan(filledOnly.periods[0].waitMinutes)
    expect(withCensored.ownFills).toBe(10)
    // Still-open loans lengthen the life estimate the same way; lives never exceed the period.
    const open = learnFromOwnHistory(priors, [], lives(50, 2, 0, 'open'), NOW)
    expect(open.periods[0].lifeDays).toBeGreaterThan(prior2.lifeDays)
    expect(open.periods[0].lifeDays).toBeLessThanOrEqual(2)
  })

  it('property: fresh uncensored data puts the estimate between the prior and the sample mean, nearer the sample with more data', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0.5, max: 2000, noNaN: true }), (n, wait) => {
        const a = learnFromOwnHistory(priors, fills(n, wait, 0), [], NOW).periods[0].waitMinutes
        const b = learnFromOwnHistory(priors, fills(n + 20, wait, 0), [], NOW).periods[0].waitMinutes
        const lo = Math.min(wait, prior2.waitMinutes) - 1e-9
        const hi = Math.max(wait, prior2.waitMinutes) + 1e-9
        return a >= lo && a <= hi && Math.abs(b - wait) <= Math.abs(a - wait) + 1e-9
      })
    )
  })

  it('feeds plan(): the user’s slow short fills lower the rolling yield a long lock must beat', () => {
    // No trades or candles: the model sees no demand to price rolling by, so rolling is the typical rate
    // with the short wait the user's own fills show (value.ts: y is at least that reading).
    const market = ordinaryMarket({ trades: [], candles: [], bids: [level(0.0003, 120, 1e6)] })
    const slowFills = fills(60, 600, 0) // 10 h per fill: short money idles, rolling earns less
    const p = plan(market, account({ available: 5_000, own: { fills: slowFills, lives: [] } }), settings(), NOW)
    const q = plan(market, account({ available: 5_000 }), settings(), NOW)
    const rolling = (r: string[]): number => Number(/against (\d+\.\d) % APR for rolling/.exec(r.join(' '))?.[1])
    expect(rolling(q.reasons)).toBeGreaterThan(0)
    expect(rolling(p.reasons)).toBeLessThan(rolling(q.reasons))
  })
})
