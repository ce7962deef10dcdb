// The wait for the next borrower (IBRR's minimum wait, src/main/exchange/simulated/calibration/nextBorrower.ts):
// the renewal residual of the gaps between minutes with trades, and the shipped value it gives on the
// shared fUSD minute candles, checked against the real bot's fills it was not fitted on.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCurrencyDataset } from '../../src/main/exchange/simulated'
import { fitNextBorrower, loadBotFills, queueObservations } from '../../src/main/exchange/simulated/calibration'
import { renewalResidual } from '../../src/main/exchange/simulated/calibration/nextBorrower'
import { meanFillHours, NEXT_BORROWER_HOURS } from '../../src/main/ibrr'
import { FUSD_CALIBRATION } from '../../src/shared/calibration'
import type { Candle } from '../../src/shared/domain'

const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'bitfinex')
const MIN = 60_000
const minute = (k: number, volume = 1_000): Candle => ({ mts: k * MIN, open: 0.0002, close: 0.0002, high: 0.0002, low: 0.0002, volume })

describe('wait for the next borrower: the renewal residual', () => {
  it('is E[g²]/(2·E[g]): half the gap when gaps are equal, longer when they vary (a random moment falls in the long ones)', () => {
    expect(renewalResidual([20, 20, 20])).toBe(10)
    expect(renewalResidual([2, 38])).toBeCloseTo((4 + 1444) / 80, 12)
    expect(renewalResidual([2, 38])).toBeGreaterThan(10)
  })

  it('reads the gaps under an hour between minutes with trades (longer ones are hours without demand, read by the hourly model)', () => {
    // Bursts every 20 minutes for 10 hours, and one 3-hour pause in the middle.
    const minutes = [...Array.from({ length: 15 }, (_, k) => minute(k * 20)), ...Array.from({ length: 15 }, (_, k) => minute(480 + k * 20))]
    const fit = fitNextBorrower(minutes)!
    expect(fit.gaps).toBe(28)
    expect(fit.minutes.central).toBe(10)
    expect(fit.minutes.low).toBeGreaterThanOrEqual(fit.minutes.central)
    expect(fit.minutes.high).toBeLessThanOrEqual(fit.minutes.central)
    // Minutes without volume are not trades; too few gaps give no fit.
    expect(fitNextBorrower([...minutes, minute(5, 0)])!.minutes.central).toBe(10)
    expect(fitNextBorrower(minutes.slice(0, 10))).toBeNull()
  })

  it('takes the larger borrowers alone as a reading of the low band (a minimum loan may not reach past the offers ahead)', () => {
    // Large bursts every 20 minutes, small trades 5 minutes after each: all borrowers come every ~10 min, large ones every 20.
    const minutes = Array.from({ length: 30 }, (_, k) => [minute(k * 20, 1e6), minute(k * 20 + 5, 150)]).flat()
    const fit = fitNextBorrower(minutes)!
    expect(fit.minutes.central).toBeCloseTo((30 * 25 + 29 * 225) / (2 * (30 * 5 + 29 * 15)), 9)
    expect(fit.largerBorrowersMinutes).toBe(10)
    expect(fit.minutes.low).toBeGreaterThanOrEqual(10)
  })
})

describe.skipIf(!existsSync(SHARED_DATA))('wait for the next borrower on the shared fUSD data (../shared/data/bitfinex)', () => {
  it('is the shipped value, IBRR reads its central one, and it brings the model nearer the bot’s fast fills', async () => {
    const ds = await loadCurrencyDataset(SHARED_DATA, 'USD')
    const fit = fitNextBorrower(ds.candles1m)!
    const shipped = FUSD_CALIBRATION.nextBorrowerMinutes!
    expect(fit.tradingMinutes).toBe(102)
    expect(fit.minutes.central).toBeCloseTo(shipped.central, 2)
    expect(fit.minutes.low).toBeCloseTo(shipped.low, 2)
    expect(fit.minutes.high).toBeCloseTo(shipped.high, 2)
    expect(NEXT_BORROWER_HOURS * 60).toBe(shipped.central)
    // Held out (August, the real bot's 96 fills with a recorded wait and demand at placement; the minute
    // candles are of May): the share of fills within 5 minutes the model predicts, against the bot's.
    const obs = await queueObservations((await loadBotFills(SHARED_DATA))!, ds, ds.books[ds.books.length - 1].mts)
    const share = FUSD_CALIBRATION.queueAheadShare!.central
    const within5 = (o: (typeof obs)[number], gapHours: number): number => {
      const mean = meanFillHours({ amount: o.amount, queueAhead: share * o.queueAhead, immediate: o.immediate, demandPerHour: o.demandPerHour, gapHours }) * 60
      return mean > 0 ? 1 - Math.exp(-5 / mean) : 1
    }
    const real = obs.filter((o) => o.waitMinutes <= 5).length / obs.length
    const model = obs.reduce((s, o) => s + within5(o, o.gapHours), 0) / obs.length
    const flowOnly = obs.reduce((s, o) => s + within5(o, o.gapHours - NEXT_BORROWER_HOURS), 0) / obs.length
    expect(real).toBeCloseTo(0.094, 2)
    expect(Math.abs(model - real)).toBeLessThan(Math.abs(flowOnly - real) / 2)
  }, 60_000)
})
