// The hindsight bound is at least every strategy under the common fill model, in every calibration
// band; and every strategy conserves: avg rate × utilization × 0.85 = net APR.
import { describe, expect, it } from 'vitest'
import { runBacktestOnDataset, type Strategy } from '../../src/main/backtest'
import { createMemoryDataset } from '../../src/main/exchange/simulated'
import { FUSD_CALIBRATION } from '../../src/shared/calibration'
import { HOUR_MS as H, level, syntheticMarket } from '../support/syntheticMarket'

const T0 = Date.UTC(2026, 7, 16)

function dataset() {
  const market = syntheticMarket({
    start: T0,
    hours: 96,
    waveHours: 7,
    amplitude: 0.00005,
    candleVolume: 3e5,
    highFactor: 1.4,
    askLevels: 3,
    askAmount: 8000,
    bids: (base, i) => [level(0.00024 + 0.00002 * Math.cos(i / 3), 120, 3000, 3), level(base * 0.95, 2, 4000), level(base * 1.1, 30, 2500)]
  })
  // A short FRR queue, so FRR offers do fill and the bound must cover them too.
  const tickers = Array.from({ length: 96 }, (_, i) => ({ mts: T0 + i * H + 30 * 60_000, frrDaily: 0.0003, frrAmountAvailable: 5e6, volume24h: 1e8 }))
  return createMemoryDataset('USD', { ...market, tickers })
}

/** A greedy stand-in: all idle money at the best bid of any period, for the longest period. */
const bidTaker = (): Strategy => ({
  name: 'bid-taker',
  description: 'bid-taker: idle money at the best visible bid, 120 days.',
  async step(ctx) {
    const snap = await ctx.exchange.marketSnapshot(ctx.currency)
    const bal = await ctx.exchange.lendableBalance(ctx.currency)
    const best = snap.book.bids[0]
    if (best && bal.readable && bal.amount >= 150) await ctx.exchange.submitOffer({ symbol: ctx.symbol, type: 'LIMIT', amount: bal.amount, rate: best.rate, period: 120 })
  }
})

describe('hindsight bound', () => {
  it('is at least every strategy in every band, and every result conserves rate × time', async () => {
    const calibration = { ...FUSD_CALIBRATION, frrQueue: { drainPerHour: { low: 1e6, central: 2e6, high: 4e6 }, typicalQueue: { low: 5e6, central: 5e6, high: 5e6 } } }
    const r = await runBacktestOnDataset(dataset(), { capital: 20_000, stepMinutes: 20, extraStrategies: [bidTaker], calibration: { calibration, validation: null, notes: [] } })
    expect(Object.keys(r.bands!)).toEqual(['low', 'central', 'high'])
    let frrFilled = false
    for (const [band, { strategies }] of Object.entries(r.bands!)) {
      const bound = strategies.bound
      expect(Number.isFinite(bound.earnings), band).toBe(true)
      for (const [name, s] of Object.entries(strategies)) {
        if (name !== 'frr-optimistic' && name !== 'bound') expect(bound.earnings, `${band}: bound vs ${name}`).toBeGreaterThanOrEqual(s.earnings)
        expect(Math.abs(s.avgRate * 365 * s.utilization * 0.85 - s.netApr), `${band} ${name} conservation`).toBeLessThan(0.001)
      }
      frrFilled ||= strategies.frr.earnings > 0
    }
    expect(frrFilled).toBe(true)
    expect(r.verdict).toMatch(/^On this data IBRR earned \d+\.\d % a year after fee/)
  }, 120_000)
})
