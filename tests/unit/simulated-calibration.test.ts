// The calibration fits recover parameters we planted in synthetic data.
import { describe, expect, it } from 'vitest'
import { fitCandleVolume, fitFrrQueue, fitLoanLives } from '../../src/main/exchange/simulated/calibration'
import { hoursFromTrades, wickShares } from '../../src/main/exchange/simulated/calibration/candleVolume'
import { createLoanLifeModel } from '../../src/main/exchange/simulated/loanLifeModel'
import { seededRandom } from '../../src/shared/random'
import { FUSD_CALIBRATION } from '../../src/shared/calibration'
import type { Candle, FundingTrade } from '../../src/shared/domain'

const H = 3_600_000
const T0 = Date.UTC(2026, 4, 2)

describe('loan-life table (censored)', () => {
  it('recovers a planted repayment hazard from closed groups and still-open loans', () => {
    // 30-day loans, repaid at a constant hazard of 0.5/day (mean 2 days), opened evenly over 40 days
    // before the records were taken: the ones still open are right-censored at their age.
    const rand = seededRandom(5)
    const lives: number[] = []
    const open: { period: number; amount: number; ageDays: number }[] = []
    for (let i = 0; i < 4000; i++) {
      const life = Math.min(30, -Math.log(1 - rand()) / 0.5)
      const age = rand() * 40
      if (life <= age) lives.push(life)
      else open.push({ period: 30, amount: 100, ageDays: age })
    }
    lives.sort((a, b) => a - b)
    const closed = [{ period: 30, count: lives.length, medianDays: lives[Math.floor(lives.length / 2)], weightedMeanDays: lives.reduce((s, x) => s + x, 0) / lives.length, underOneDay: lives.filter((x) => x < 1).length }]
    const [fit] = fitLoanLives({ file: 'synthetic', closed, open })
    expect(fit.observations).toBe(4000)
    for (const h of fit.hazard!) expect(h.perDay.central).toBeGreaterThan(0.42)
    for (const h of fit.hazard!) expect(h.perDay.central).toBeLessThan(0.58)
    expect(fit.meanDays.central).toBeGreaterThan(1.8)
    expect(fit.meanDays.central).toBeLessThan(2.25)
    expect(fit.meanDays.low).toBeLessThan(fit.meanDays.central)
    expect(fit.meanDays.high).toBeGreaterThan(fit.meanDays.central)
    // The closed-only cohort is biased short; the censored table is not.
    expect(closed[0].weightedMeanDays).toBeLessThan(fit.meanDays.central)
  })

  it('draws lives that reproduce the table, interpolated between periods and capped at the period', () => {
    const model = createLoanLifeModel(FUSD_CALIBRATION, 'central')
    const row = FUSD_CALIBRATION.loanLife.find((l) => l.period === 2)!
    // The shipped numbers carry 4 significant digits.
    expect(model.lifeDays(2, 0.5)).toBeCloseTo(row.medianDays.central, 2)
    let sum = 0
    for (let i = 0; i < 20_000; i++) sum += model.lifeDays(2, (i + 0.5) / 20_000)
    expect(sum / 20_000).toBeCloseTo(row.meanDays.central, 2)
    for (const u of [0.1, 0.5, 0.99]) {
      expect(model.lifeDays(60, u)).toBeLessThanOrEqual(60)
      const r = model.lifeRange(2, u)
      for (const p of [2, 5, 7, 13, 30, 45, 90, 120]) {
        expect(model.lifeDays(p, u)).toBeGreaterThanOrEqual(r.min - 1e-9)
        expect(model.lifeDays(p, u)).toBeLessThanOrEqual(r.max + 1e-9)
      }
    }
  })
})

describe('FRR queue', () => {
  it('recovers a planted outflow from the hourly queue series, and the queue size', () => {
    // 3 days: the queue loses 1 M every hour and gains 3 M every 4th hour (new FRR offers).
    const tickers = Array.from({ length: 72 }, (_, i) => ({ mts: T0 + i * H, frrDaily: 0.0003, frrAmountAvailable: 300e6 - i * 1e6 + Math.floor(i / 4) * 4e6, volume24h: 168e6 }))
    const fit = fitFrrQueue(tickers)!
    // Decreases are seen in 3 of every 4 hours: the lower bound on the outflow is 0.75 M/h.
    expect(fit.calibration.drainPerHour.central).toBeCloseTo(0.75e6, -3)
    expect(fit.outflowUpperBoundPerHour).toBeCloseTo(7e6, -3)
    expect(fit.calibration.typicalQueue.low).toBeGreaterThanOrEqual(fit.calibration.typicalQueue.central)
  })
})

describe('candle volume shape', () => {
  const trade = (id: number, minute: number, amount: number, rate: number, period = 2): FundingTrade => ({ id, mts: T0 + minute * 60_000, amount: -amount, rate, period })

  it('rebuilds an hour from its trades (periods 2–30 only) and measures the share above the body', () => {
    // Opens and closes at 0.0002; 2 000 of 10 000 traded above (0.00025); a 120-day trade is not in a30:p2:p30 candles.
    const trades = [trade(1, 1, 4000, 0.0002), trade(2, 10, 2000, 0.00025), trade(3, 20, 1000, 0.00015), trade(4, 30, 99_999, 0.0009, 120), trade(5, 50, 3000, 0.0002)]
    const [hour] = hoursFromTrades(trades)
    expect(hour.candle).toMatchObject({ open: 0.0002, close: 0.0002, high: 0.00025, low: 0.00015, volume: 10_000 })
    expect(wickShares(hour)).toEqual({ upper: 0.2, lower: 0.1 })
  })

  it('fits the volume-weighted share on minute candles and holds the trade hours out', () => {
    // Four hours: each opens and closes at 0.0002 with 30 % of its volume in minutes entirely above.
    const minutes: Candle[] = []
    for (let h = 1; h <= 4; h++) {
      const t = T0 + h * H
      minutes.push({ mts: t, open: 0.0002, close: 0.0002, high: 0.0002, low: 0.0002, volume: 700 * h })
      minutes.push({ mts: t + 20 * 60_000, open: 0.00026, close: 0.00028, high: 0.0003, low: 0.00025, volume: 300 * h })
      minutes.push({ mts: t + 50 * 60_000, open: 0.0002, close: 0.0002, high: 0.0002, low: 0.0002, volume: 1 })
    }
    const fit = fitCandleVolume([trade(1, 5, 100, 0.0002), trade(2, 6, 100, 0.00021), trade(3, 7, 100, 0.0002)], minutes)!
    expect(fit.fittedHours).toBe(4)
    expect(fit.heldOutHours).toBe(1)
    expect(fit.calibration.upperWickShare.central).toBeCloseTo(0.3, 2)
    expect(fit.calibration.upperWickShare.low).toBeLessThanOrEqual(fit.calibration.upperWickShare.central)
    expect(fit.calibration.upperWickShare.high).toBeGreaterThanOrEqual(fit.calibration.upperWickShare.central)
  })
})
