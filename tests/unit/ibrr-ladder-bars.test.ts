// The ladder's first rungs must fill soon even when no offer can fill quite as soon as their bars once
// assumed. Every wait includes the time before demand comes (the wait for the next borrower, ~11 min, and
// the candle gap), so with a 20-minute horizon no waiting offer reaches a 90 % chance. Read as absolute
// chances, the first rung's bar was then above every candidate: it took the best value, at the top rate,
// and every later rung, which never undercuts an earlier one of its period, stacked there too, so the
// whole ladder waited at the top. The bars are shares of the best chance a waiting offer can have, and they
// weigh as much as the fill model is still the calibrated prior (the user's own fills settle the rest).
import { describe, expect, it } from 'vitest'
import { learnFromOwnHistory, periodPriors, plan } from '../../src/main/ibrr'
import { NEXT_BORROWER_HOURS, chanceWithin } from '../../src/main/ibrr/fillModel'
import { priorWeightOfWaitScale } from '../../src/main/ibrr/learning'
import { IBRR_PARAMS } from '../../src/main/ibrr/params'
import type { FillObservation } from '../../src/shared/domain'
import { HOUR, NOW, account, candles, market, settings } from './ibrr-fixtures'

const DAY = 24 * HOUR

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
    const p = plan(wickOnly, account({ available: 5000 }), settings({ minDailyRate: 0.00019, maxPeriod: 30 }), NOW)
    const short = p.place.filter((o) => o.period === 2)
    expect(short.length).toBeGreaterThan(2)
    expect(short[0].rate).toBeLessThan(Math.max(...short.map((o) => o.rate)))
    expect(short[0].fillProbability).toBeGreaterThan(short[short.length - 1].fillProbability)
  })
})

describe('the bars weigh as much as the fill model is still the prior', () => {
  // Fills at exactly the model's pace (observed wait = expected wait): θ stays 1, so every wait and chance
  // is the same as without them; only the prior's weight in θ falls, k₀ / (k₀ + fills), and with it the bars.
  const horizonMinutes = 20
  const ceiling = chanceWithin(horizonMinutes / 60, NEXT_BORROWER_HOURS)
  const asExpected = (n: number, at: number): FillObservation[] =>
    Array.from({ length: n }, () => ({ currency: 'USD', period: 2, waitMinutes: 30, expectedWaitMinutes: 30, outcome: 'filled', at }))
  const planWith = (fills: FillObservation[]) =>
    plan(candleOnly, account({ available: 5000, own: { fills, lives: [] } }), settings({ minDailyRate: 0.0001, maxPeriod: 2 }, { staleOfferMinutes: horizonMinutes }), NOW)
  const k0 = IBRR_PARAMS.learningPriorWeight

  it('is 1 before the first fill, k₀ / (k₀ + n) after n, and back toward 1 as they age', () => {
    const priors = periodPriors([2])
    expect(priorWeightOfWaitScale(learnFromOwnHistory(priors, [], [], NOW))).toBe(1)
    expect(priorWeightOfWaitScale(learnFromOwnHistory(priors, asExpected(60, NOW), [], NOW))).toBeCloseTo(k0 / (k0 + 60), 12)
    const h = IBRR_PARAMS.learningHalfLifeDays
    expect(priorWeightOfWaitScale(learnFromOwnHistory(priors, asExpected(60, NOW - h * DAY), [], NOW))).toBeCloseTo(k0 / (k0 + 30), 12)
  })

  it("with many of the user's own fills the first rung is priced nearer where its value is best, and the plan says why", () => {
    const prior = planWith([])
    const learned = planWith(asExpected(300, NOW))
    expect(prior.place[0].fillProbability).toBeGreaterThanOrEqual(0.9 * ceiling)
    // Same waits (θ = 1), lower bar: the first rung is priced higher and fills less surely.
    expect(learned.place[0].rate).toBeGreaterThan(prior.place[0].rate)
    expect(learned.place[0].fillProbability).toBeLessThan(0.9 * ceiling)
    expect(learned.place[0].fillProbability).toBeGreaterThanOrEqual(0.9 * ceiling * (k0 / (k0 + 300)))
    // The plan says so; without fills of its own it has nothing to say.
    expect(learned.reasons).toContain(
      `With 300 recent fills of your own behind the fill model, IBRR leans on it more: its first offers need to be only ${Math.round((k0 / (k0 + 300)) * 100)} % as sure to fill soon as it asks with the model alone, so each offer sits nearer the rate worth most.`
    )
    expect(prior.reasons.some((r) => r.includes('leans on it more'))).toBe(false)
  })

  it('old fills give the bars back: the ladder is the prior one again', () => {
    const h = IBRR_PARAMS.learningHalfLifeDays
    const old = planWith(asExpected(300, NOW - 12 * h * DAY))
    expect(old.place.map((o) => o.rate)).toEqual(planWith([]).place.map((o) => o.rate))
  })
})
