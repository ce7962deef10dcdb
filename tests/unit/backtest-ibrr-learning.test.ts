// The backtest's IBRR learns from its own fills as the app's loop does (the real FillRecorder on the
// real store, in memory): its offers' waits and loans' lives are recorded and handed to plan().
import { describe, expect, it } from 'vitest'
import { runBacktestOnDataset } from '../../src/main/backtest'
import { createMemoryDataset } from '../../src/main/exchange/simulated'
import { syntheticMarket, TINY_MARKET } from '../support/syntheticMarket'

const T0 = Date.UTC(2026, 7, 16)

describe("the backtest's IBRR", () => {
  it('records its own fills and returned loans, and says what it learned', async () => {
    const ds = createMemoryDataset('USD', { ...syntheticMarket(TINY_MARKET(T0)), stats: [{ mts: T0, frrDaily: 0.0003 }] })
    const r = await runBacktestOnDataset(ds, { capital: 10_000, strategies: ['ibrr'], stepMinutes: 30, seed: 1 })
    expect(r.strategies.ibrr.placed).toBeGreaterThan(0)
    const note = r.notes.find((n) => n.startsWith('ibrr: learned from its own offers'))
    expect(note).toBeDefined()
    const fills = Number(/prior \+ (\d+) of your fills/.exec(note!)?.[1])
    expect(fills).toBeGreaterThan(0)
  })
})
