// No look-ahead: everything recorded after the end of the window is replaced by nonsense (rates ×3,
// volumes ×10, a different FRR, published only after the window). No strategy that acts on what it
// could know may change; only the hindsight strategies (oracle, bound) are allowed to.
import { describe, expect, it } from 'vitest'
import { runBacktestOnDataset } from '../../src/main/backtest'
import { createMemoryDataset, createReplayFeed } from '../../src/main/exchange/simulated'
import { HOUR_MS as H, level, syntheticMarket, TINY_MARKET } from '../support/syntheticMarket'

const T0 = Date.UTC(2026, 7, 16)
const END = T0 + 36 * H

function dataset(poisonAfter: number | null) {
  const poisoned = (t: number) => poisonAfter !== null && t >= poisonAfter
  const market = syntheticMarket({
    ...TINY_MARKET(T0),
    bids: (base, i) => [level(0.00025 * (poisoned(T0 + i * H) ? 3 : 1), 120, 5e6, 9), level(base * 0.9, 2, 50_000)],
    rateScale: (t) => (poisoned(t) ? 3 : 1),
    volumeScale: (t) => (poisoned(t) ? 10 : 1)
  })
  // The first FRR is published only after the window: nobody inside it could know FRR.
  const stats = [{ mts: END + 2 * H, frrDaily: poisoned(END + 2 * H) ? 0.003 : 0.0003 }]
  const tickers = [{ mts: END + 3 * H, frrDaily: poisoned(END + 3 * H) ? 0.004 : 0.0003, frrAmountAvailable: poisoned(END) ? 1 : 3e8, volume24h: 1e8 }]
  return createMemoryDataset('USD', { ...market, stats, tickers })
}

/** Over the window [T0, END], the poisoned data changes no strategy but the hindsight ones, in any band; returns the clean report. */
async function expectOnlyHindsightChanges(data: (poisonAfter: number | null) => ReturnType<typeof createMemoryDataset>) {
  const opts = { capital: 10_000, stepMinutes: 30, from: T0, to: END }
  const clean = await runBacktestOnDataset(data(null), opts)
  const poisoned = await runBacktestOnDataset(data(END), opts)
  for (const band of ['low', 'central', 'high'] as const) {
    const a = clean.bands![band]!.strategies
    const b = poisoned.bands![band]!.strategies
    for (const name of Object.keys(a).filter((n) => n !== 'oracle' && n !== 'bound')) expect(b[name], `${band} ${name}`).toEqual(a[name])
  }
  return clean
}

describe('no look-ahead', () => {
  it('a future-poisoned feed changes no strategy but the hindsight ones, in every band', async () => {
    const opts = { capital: 10_000, stepMinutes: 30, from: T0, to: END }
    const clean = await expectOnlyHindsightChanges(dataset)
    // The test has teeth: once the window reaches the poisoned records (with idle money to place), the same strategies do change.
    const longer = { ...opts, capital: 2e7, strategies: ['ladder', 'undercut'], bands: ['central' as const], to: END + 8 * H }
    const cleanLater = await runBacktestOnDataset(dataset(null), longer)
    const poisonedLater = await runBacktestOnDataset(dataset(END), longer)
    for (const name of ['ladder', 'undercut']) expect(poisonedLater.strategies[name], name).not.toEqual(cleanLater.strategies[name])
    // Before the first published FRR, auto-renew at FRR cannot be priced: it waits and earns nothing.
    expect(clean.strategies.frr.earnings).toBe(0)
    expect(clean.notes.join(' ')).toMatch(/FRR is unknown|no funding stats/)
  }, 60_000)

  it('books-only hours: the stand-in candles inside the window (R9) are drawn from no hour recorded after it', async () => {
    // The first 8 hours have books but no candles; their stand-ins are drawn from the recorded hours.
    const booksOnly = (poisonAfter: number | null) => {
      const ds = dataset(poisonAfter)
      return createMemoryDataset('USD', { books: ds.books, candles1h: ds.candles1h.filter((c) => c.mts >= T0 + 8 * H), stats: ds.stats, tickers: ds.tickers })
    }
    // The test has teeth: the window's replay shows the 8 stand-ins once their hours have closed.
    expect((await createReplayFeed(booksOnly(null), { templatesUntil: END }).snapshot(T0 + 8 * H)).candles).toHaveLength(8)
    await expectOnlyHindsightChanges(booksOnly)
  }, 60_000)
})
