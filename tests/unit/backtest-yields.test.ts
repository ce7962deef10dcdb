// A backtest runs inside the app's own process (the desktop main process or the browser host), next to
// the lending loop and the window's calls: it must pause for them now and then instead of holding the
// process until it ends. Measured as timers that get to run while a replay is under way.
import { describe, expect, it } from 'vitest'
import { runBacktestOnDataset } from '../../src/main/backtest'
import { createMemoryDataset } from '../../src/main/exchange/simulated'
import { syntheticMarket, TINY_MARKET } from '../support/syntheticMarket'

const T0 = Date.UTC(2026, 7, 16)

describe('a running backtest', () => {
  it('lets other work of the process run between its steps', async () => {
    const ds = createMemoryDataset('USD', { ...syntheticMarket(TINY_MARKET(T0)), stats: [{ mts: T0, frrDaily: 0.0003 }] })
    let ticks = 0
    const beat = setInterval(() => ticks++, 0)
    try {
      await runBacktestOnDataset(ds, { capital: 5000, strategies: ['ladder', 'undercut'], bands: ['central'], stepMinutes: 10 })
    } finally {
      clearInterval(beat)
    }
    expect(ticks).toBeGreaterThan(0)
  })
})
