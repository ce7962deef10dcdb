// The backtest on the real shared data: structural truths only. Whether IBRR beats FRR is reported
// by `npm run bench`, never asserted.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBacktestOnDataset } from '../../src/main/backtest'
import { loadCurrencyDataset } from '../../src/main/exchange/simulated'

const DATA = path.resolve(process.cwd(), '..', 'shared/data/bitfinex')
const present = existsSync(path.join(DATA, 'fUSD-candles-1h.csv'))
if (!present) console.warn(`backtest-shared-data: skipped, the shared data folder is absent (${DATA})`)

describe.skipIf(!present)('backtest on ../shared/data/bitfinex (skipped when the shared data folder is absent)', () => {
  it('every strategy in every band: same window, utilization in 0..1, conservation, bound ≥ all under the common fill model', async () => {
    const ds = await loadCurrencyDataset(DATA, 'USD')
    // A 30-minute step keeps this test fast; the CLI and bench use 10 minutes.
    const r = await runBacktestOnDataset(ds, { capital: 10_000, stepMinutes: 30, seed: 1 })
    const names = Object.keys(r.strategies)
    expect(names).toEqual(expect.arrayContaining(['ibrr', 'frr', 'frr-optimistic', 'ladder', 'mika', 'undercut', 'oracle', 'bound']))
    expect(Object.keys(r.bands ?? {})).toEqual(['low', 'central', 'high'])
    for (const [band, { strategies }] of Object.entries(r.bands!))
      for (const [name, s] of Object.entries(strategies)) {
        // Conservation: what the money earned = its average rate × the share of time it was lent × what Bitfinex leaves.
        expect(Math.abs(s.avgRate * 365 * s.utilization * 0.85 - s.netApr), `${band} ${name}`).toBeLessThan(0.001)
        if (name !== 'bound' && name !== 'frr-optimistic') expect(strategies.bound.earnings, `${band}: bound vs ${name}`).toBeGreaterThanOrEqual(s.earnings)
      }
    for (const [name, s] of Object.entries(r.strategies)) {
      expect(s.utilization, name).toBeGreaterThanOrEqual(0)
      expect(s.utilization, name).toBeLessThanOrEqual(1)
      expect(s.earnings, name).toBeGreaterThanOrEqual(0)
      expect(s.curve[0].mts, name).toBe(r.from)
      expect(s.curve[s.curve.length - 1].mts, name).toBe(r.to)
      // netApr is earnings on capital over the window: one consistent definition for all.
      expect(s.netApr, name).toBeCloseTo((s.earnings / r.capital / ((r.to - r.from) / 86_400_000)) * 365, 9)
    }
    expect(r.notes.some((n) => /FRR is unknown before/.test(n))).toBe(true)
  }, 120_000)
})
