// The fill model's own wait W(r) learns from the user's fills: a per-currency wait scale θ (observed wait
// over the model's expected wait at placement), shrunk toward 1 with k₀ pseudo-observations, censored
// offers adding exposure only, old data fading back to 1; and plan() multiplies every book wait by it.
import { describe, expect, it } from 'vitest'
import { describeFillModel, learnFromOwnHistory, periodPriors, plan } from '../../src/main/ibrr'
import { IBRR_PARAMS } from '../../src/main/ibrr/params'
import type { FillObservation } from '../../src/shared/domain'
import { account, HOUR, NOW, ordinaryMarket, settings } from './ibrr-fixtures'

const DAY = 24 * HOUR
const priors = periodPriors([2, 7, 30])
const k0 = IBRR_PARAMS.learningPriorWeight

/** `n` offers of 2 days that waited `wait` minutes against a model wait of `expected`. */
const observed = (n: number, wait: number, expected: number | undefined, outcome: FillObservation['outcome'], at: number): FillObservation[] =>
  Array.from({ length: n }, () => ({ currency: 'USD', period: 2, waitMinutes: wait, outcome, at, ...(expected ? { expectedWaitMinutes: expected } : {}) }))

const theta = (fills: FillObservation[], now = NOW): number => learnFromOwnHistory(priors, fills, [], now).waitScale

describe('the wait scale θ', () => {
  it('is exactly 1 with no observations, or none with an expected wait', () => {
    expect(theta([])).toBe(1)
    expect(theta(observed(50, 300, undefined, 'filled', NOW))).toBe(1)
  })

  it('moves toward observed / expected as fills come, shrunk by the prior: (k₀ + Σ d/e) / (k₀ + n)', () => {
    expect(theta(observed(20, 30, 10, 'filled', NOW))).toBeCloseTo((k0 + 20 * 3) / (k0 + 20), 12)
    expect(theta(observed(2_000, 30, 10, 'filled', NOW))).toBeCloseTo(3, 1)
    // Faster than the model: below 1.
    expect(theta(observed(20, 5, 10, 'filled', NOW))).toBeCloseTo((k0 + 20 * 0.5) / (k0 + 20), 12)
  })

  it('rises with offers that were cancelled unfilled (they add their wait, not a fill)', () => {
    const fills = observed(20, 30, 10, 'filled', NOW)
    const withCensored = [...fills, ...observed(10, 20, 10, 'censored', NOW)]
    expect(theta(withCensored)).toBeCloseTo((k0 + 20 * 3 + 10 * 2) / (k0 + 20), 12)
    expect(theta(withCensored)).toBeGreaterThan(theta(fills))
  })

  it('fades back to 1 as the fills grow old (half their weight every half-life)', () => {
    const fills = observed(20, 30, 10, 'filled', NOW)
    const h = IBRR_PARAMS.learningHalfLifeDays
    const oneHalfLife = theta(fills, NOW + h * DAY)
    expect(oneHalfLife).toBeCloseTo((k0 + 10 * 3) / (k0 + 10), 12)
    expect(theta(fills, NOW + 10 * h * DAY)).toBeCloseTo(1, 2)
  })

  it('is said on the dashboard when it is not 1', () => {
    const m = learnFromOwnHistory(priors, observed(40, 30, 10, 'filled', NOW), [], NOW)
    expect(describeFillModel(m)).toBe('fill model: prior + 40 of your fills; your offers fill 2.3× slower than the model expected (from 40 of your offers)')
    const fast = learnFromOwnHistory(priors, observed(40, 1, 10, 'filled', NOW), [], NOW)
    expect(describeFillModel(fast)).toMatch(/; your offers fill 2\.\d× faster than the model expected \(from 40 of your offers\)$/)
    expect(describeFillModel(learnFromOwnHistory(priors, observed(40, 30, undefined, 'filled', NOW), [], NOW))).toBe('fill model: prior + 40 of your fills')
  })
})

describe('plan() with a wait scale', () => {
  // 20 fills of 3× the model's wait: θ = (20 + 60) / 40 = 2 exactly. The same fills without expected
  // waits teach the per-period waits the same, so the only difference between the plans is θ.
  const fills = observed(20, 30, 10, 'filled', NOW)
  const unscaled = fills.map(({ expectedWaitMinutes: _e, ...f }) => f)
  const mk = (own: FillObservation[]) => plan(ordinaryMarket(), account({ available: 3_000, own: { fills: own, lives: [] } }), settings({ maxPeriod: 2 }), NOW)

  it('doubles the waits of the same offers, and their fill chances follow: 1 − √(1 − p)', () => {
    expect(theta(fills)).toBe(2)
    const one = mk(unscaled)
    const two = mk(fills)
    let compared = 0
    two.place.forEach((o, k) => {
      const same = one.place[k]
      if (!same || same.type !== o.type || same.rate !== o.rate || same.period !== o.period || same.amount !== o.amount) return
      compared++
      // The model's own wait is kept (θ taken out), so the recorder learns θ against the model, not itself.
      expect(o.expectedWaitMinutes).toBeCloseTo(same.expectedWaitMinutes!, 9)
      expect(o.fillProbability).toBeCloseTo(1 - Math.sqrt(1 - same.fillProbability), 9)
      expect(o.fillProbability).toBeLessThan(same.fillProbability)
    })
    expect(compared).toBeGreaterThan(0)
    expect(two.reasons).toContain('From your own fills, your offers fill 2.0× slower than the model expected (from 20 of your offers), so IBRR counts every wait on the book, and every fill chance, at that pace.')
    expect(one.reasons.some((r) => r.includes('than the model expected'))).toBe(false)
  })
})
