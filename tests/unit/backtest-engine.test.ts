// The backtest engine on a tiny hand-made dataset: structure of the report, same window for all,
// determinism with a seed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { backtestReportSchema } from '../../src/shared/contract'
import { runBacktest, runBacktestOnDataset } from '../../src/main/backtest'
import { createMemoryDataset } from '../../src/main/exchange/simulated'
import { syntheticMarket, TINY_MARKET } from '../support/syntheticMarket'

const T0 = Date.UTC(2026, 7, 16)

function tinyDataset() {
  const market = syntheticMarket(TINY_MARKET(T0))
  return createMemoryDataset('USD', { ...market, stats: [{ mts: T0, frrDaily: 0.0003 }] })
}

describe('runBacktestOnDataset', () => {
  it('reports every strategy over the same window, with utilization in 0..1 and the oracle on top', async () => {
    const ds = tinyDataset()
    const r = await runBacktestOnDataset(ds, { capital: 10_000, strategies: ['frr', 'frr-optimistic', 'ladder', 'oracle'], stepMinutes: 30 })
    expect(() => backtestReportSchema.parse(r)).not.toThrow()
    expect(Object.keys(r.strategies)).toEqual(['frr', 'frr-optimistic', 'ladder', 'oracle'])
    for (const s of Object.values(r.strategies)) {
      expect(s.utilization).toBeGreaterThanOrEqual(0)
      expect(s.utilization).toBeLessThanOrEqual(1)
      expect(s.curve[0].mts).toBe(r.from)
      expect(s.curve[s.curve.length - 1].mts).toBe(r.to)
      expect(s.curve[s.curve.length - 1].earnings).toBeCloseTo(s.earnings, 9)
    }
    for (const n of ['frr', 'ladder']) expect(r.strategies.oracle.earnings).toBeGreaterThanOrEqual(r.strategies[n].earnings)
    // Bitfinex auto-renew needs no cancels; every strategy placed something.
    expect(r.strategies.frr.cancelled).toBe(0)
    for (const s of Object.values(r.strategies)) expect(s.placed).toBeGreaterThan(0)
    expect(r.notes.join('\n')).toMatch(/Fill model/)
  })

  it('is deterministic for a seed', async () => {
    const a = await runBacktestOnDataset(tinyDataset(), { capital: 5000, strategies: ['ladder'], stepMinutes: 60, seed: 3 })
    const b = await runBacktestOnDataset(tinyDataset(), { capital: 5000, strategies: ['ladder'], stepMinutes: 60, seed: 3 })
    expect(b.strategies.ladder).toEqual(a.strategies.ladder)
  })

  it('refuses unknown strategies and a bad folder with a clear error', async () => {
    await expect(runBacktestOnDataset(tinyDataset(), { capital: 1000, strategies: ['moon'] })).rejects.toThrow(/Unknown strategy "moon"/)
    await expect(runBacktest({ dataDir: '/nonexistent/x', currency: 'USD', capital: 1000 })).rejects.toThrow(/Data folder not found/)
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-bt-'))
    try {
      writeFileSync(path.join(dir, 'fUSD-candles-1h.csv'), 'mts,open,close,high,low,volume\n1786896000000,0.0002,0.0002,0.0003,0.0001,100\n')
      const r = await runBacktest({ dataDir: dir, currency: 'USD', capital: 1000, strategies: ['frr'] })
      expect(r.notes.join(' ')).toMatch(/no book snapshots/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
