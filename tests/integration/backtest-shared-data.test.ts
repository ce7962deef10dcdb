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
  it('every strategy: same window, utilization in 0..1, oracle ≥ the others under the common fill model', async () => {
    const ds = await loadCurrencyDataset(DATA, 'USD')
    // A 30-minute step keeps this test fast; the CLI and bench use 10 minutes.
    const r = await runBacktestOnDataset(ds, { capital: 10_000, stepMinutes: 30, seed: 1 })
    const names = Object.keys(r.strategies)
    expect(names).toEqual(expect.arrayContaining(['frr', 'frr-optimistic', 'ladder', 'oracle']))
    for (const [name, s] of Object.entries(r.strategies)) {
      expect(s.utilization, name).toBeGreaterThanOrEqual(0)
      expect(s.utilization, name).toBeLessThanOrEqual(1)
      expect(s.earnings, name).toBeGreaterThanOrEqual(0)
      expect(s.curve[0].mts, name).toBe(r.from)
      expect(s.curve[s.curve.length - 1].mts, name).toBe(r.to)
      // netApr is earnings on capital over the window: one consistent definition for all.
      expect(s.netApr, name).toBeCloseTo((s.earnings / r.capital / ((r.to - r.from) / 86_400_000)) * 365, 9)
    }
    // frr-optimistic uses a different fill assumption for FRR offers, so it is not bounded by the oracle.
    for (const n of names.filter((x) => x !== 'oracle' && x !== 'frr-optimistic'))
      expect(r.strategies.oracle.earnings, n).toBeGreaterThanOrEqual(r.strategies[n].earnings)
    expect(r.notes.some((n) => /FRR is unknown before/.test(n))).toBe(true)
  }, 60_000)
})
