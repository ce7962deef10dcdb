// No look-ahead: everything recorded after the end of the window is replaced by nonsense (rates ×3,
// volumes ×10, a different FRR, published only after the window). No strategy that acts on what it
// could know may change; only the hindsight strategies (oracle, bound) are allowed to.
import { describe, expect, it } from 'vitest'
import { runBacktestOnDataset } from '../../src/main/backtest'
import { createMemoryDataset } from '../../src/main/exchange/simulated'
import type { Candle } from '../../src/shared/domain'

const H = 3_600_000
const T0 = Date.UTC(2026, 7, 16)
const END = T0 + 36 * H

function dataset(poisonAfter: number | null) {
  const poisoned = (t: number) => poisonAfter !== null && t >= poisonAfter
  const candles: Candle[] = []
  const books = []
  for (let i = 0; i < 72; i++) {
    const t = T0 + i * H
    const k = poisoned(t) ? 3 : 1
    const base = (0.00018 + 0.00004 * Math.sin(i / 5)) * k
    candles.push({ mts: t, open: base, close: base * 1.02, high: base * 1.3, low: base * 0.8, volume: 2e6 * (poisoned(t) ? 10 : 1) })
    books.push({
      mts: t + 60_000,
      book: {
        asks: [0, 1, 2, 3, 4].map((j) => ({ rate: base * (1 + j * 0.05), period: 2, count: 1, amount: 20_000 })),
        bids: [{ rate: 0.00025 * k, period: 120, count: 9, amount: 5e6 }, { rate: base * 0.9, period: 2, count: 1, amount: 50_000 }]
      }
    })
  }
  // The first FRR is published only after the window: nobody inside it could know FRR.
  const stats = [{ mts: END + 2 * H, frrDaily: poisoned(END + 2 * H) ? 0.003 : 0.0003 }]
  const tickers = [{ mts: END + 3 * H, frrDaily: poisoned(END + 3 * H) ? 0.004 : 0.0003, frrAmountAvailable: poisoned(END) ? 1 : 3e8, volume24h: 1e8 }]
  return createMemoryDataset('USD', { candles1h: candles, books, stats, tickers })
}

describe('no look-ahead', () => {
  it('a future-poisoned feed changes no strategy but the hindsight ones, in every band', async () => {
    const opts = { capital: 10_000, stepMinutes: 30, from: T0, to: END }
    const clean = await runBacktestOnDataset(dataset(null), opts)
    const poisoned = await runBacktestOnDataset(dataset(END), opts)
    for (const band of ['low', 'central', 'high'] as const) {
      const a = clean.bands![band]!.strategies
      const b = poisoned.bands![band]!.strategies
      for (const name of Object.keys(a).filter((n) => n !== 'oracle' && n !== 'bound')) expect(b[name], `${band} ${name}`).toEqual(a[name])
    }
    // The test has teeth: once the window reaches the poisoned records (with idle money to place), the same strategies do change.
    const longer = { ...opts, capital: 2e7, strategies: ['ladder', 'undercut'], bands: ['central' as const], to: END + 8 * H }
    const cleanLater = await runBacktestOnDataset(dataset(null), longer)
    const poisonedLater = await runBacktestOnDataset(dataset(END), longer)
    for (const name of ['ladder', 'undercut']) expect(poisonedLater.strategies[name], name).not.toEqual(cleanLater.strategies[name])
    // Before the first published FRR, auto-renew at FRR cannot be priced: it waits and earns nothing.
    expect(clean.strategies.frr.earnings).toBe(0)
    expect(clean.notes.join(' ')).toMatch(/FRR is unknown|no funding stats/)
  }, 60_000)
})
