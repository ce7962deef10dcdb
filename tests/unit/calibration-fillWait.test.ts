// The fill-wait evidence behind IBRR's wait prior: the order-statistic interval of a median, and the
// real bot's measured waits (../shared/data/bitfinex/lendingbot-fills.csv) against IBRR_PARAMS.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { fitFillWaits, loadBotFills } from '../../src/main/exchange/simulated/calibration'
import { orderStatisticMedianInterval } from '../../src/main/exchange/simulated/calibration/stats'
import { IBRR_PARAMS } from '../../src/main/ibrr'
import { seededRandom } from '../../src/shared/random'

const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'bitfinex')
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

describe('order-statistic interval of the median', () => {
  it('takes the ranks the binomial(n, ½) tails give, and none below 6 values', () => {
    expect(orderStatisticMedianInterval(range(5))).toBeNull()
    // n = 6: [min, max], coverage 1 − 2/64.
    expect(orderStatisticMedianInterval(range(6).reverse())).toEqual({ lower: 1, upper: 6, coverage: 1 - 2 / 64 })
    // n = 30: P(Bin ≤ 9) = 0.0214 ≤ 2.5 % < P(Bin ≤ 10) = 0.0494, so the 10th and the 21st values.
    const r30 = orderStatisticMedianInterval(range(30))!
    expect([r30.lower, r30.upper]).toEqual([10, 21])
    expect(r30.coverage).toBeCloseTo(1 - 2 * 0.021387, 5)
    // Large n stays finite (2^−n underflows past 1 074) and narrows around the middle.
    const big = orderStatisticMedianInterval(range(2001))!
    expect(big.lower).toBeGreaterThan(950)
    expect(big.upper).toBeLessThan(1052)
    expect(big.coverage).toBeGreaterThanOrEqual(0.95)
  })

  it('covers the true median of skewed waits at least 95 % of the time', () => {
    // Exponential waits with median 20 min, samples of 30: the interval must hold 20 in ≥ 95 % of 2 000 draws.
    const rand = seededRandom(11)
    const rate = Math.LN2 / 20
    let covered = 0
    for (let i = 0; i < 2000; i++) {
      const r = orderStatisticMedianInterval(Array.from({ length: 30 }, () => -Math.log(1 - rand()) / rate))!
      if (r.lower <= 20 && 20 <= r.upper) covered++
    }
    expect(covered / 2000).toBeGreaterThanOrEqual(0.94) // Monte Carlo slack around the exact 95.7 %
    expect(covered / 2000).toBeLessThan(0.985)
  })

  it('fits per period from the recorded waits only (fills before waits were recorded are left out)', () => {
    const fill = (period: number, waitMinutes: number | null) => ({ mts: 0, amount: 200, rate: 0.0002, period, waitMinutes, latestWaitMinutes: waitMinutes })
    const fits = fitFillWaits([...range(7).map((w) => fill(2, w)), fill(2, null), fill(30, 50), fill(30, 70)])
    expect(fits).toEqual([
      { period: 2, n: 7, medianMinutes: 4, range: { lower: 1, upper: 7, coverage: 1 - 2 / 128 } },
      { period: 30, n: 2, medianMinutes: 60, range: null }
    ])
  })
})

describe.skipIf(!existsSync(SHARED_DATA))('the real bot\'s waits against IBRR\'s prior (needs ../shared/data/bitfinex beside the repo; skipped when absent)', () => {
  it('IBRR_PARAMS.fillWaitPriorMedianMinutes lies inside the measured 95 % interval of every prior period', async () => {
    const fills = await loadBotFills(SHARED_DATA)
    expect(fills, 'lendingbot-fills.csv missing from the shared data').not.toBeNull()
    const fits = fitFillWaits(fills!)
    for (const [period, prior] of IBRR_PARAMS.fillWaitPriorMedianMinutes) {
      const fit = fits.find((f) => f.period === period)
      expect(fit?.range, `${period}-day fills: too few for a range`).toBeTruthy()
      expect(prior, `${period} d: prior ${prior} min vs measured ${fit!.range!.lower.toFixed(1)}–${fit!.range!.upper.toFixed(1)} (median ${fit!.medianMinutes.toFixed(1)}, n = ${fit!.n})`).toBeGreaterThanOrEqual(fit!.range!.lower)
      expect(prior).toBeLessThanOrEqual(fit!.range!.upper)
    }
  })
})
