// The backtest's IBRR learns from its own fills as the app's loop does (the real FillRecorder on the
// real store, in memory): its offers' waits and loans' lives are recorded and handed to plan().
import { describe, expect, it } from 'vitest'
import { runBacktestOnDataset } from '../../src/main/backtest'
import { ibrr } from '../../src/main/backtest/strategies/ibrr'
import { createMemoryDataset } from '../../src/main/exchange/simulated'
import { plan } from '../../src/main/ibrr'
import type { AccountState } from '../../src/shared/domain'
import { syntheticMarket, TINY_MARKET } from '../support/syntheticMarket'

const T0 = Date.UTC(2026, 7, 16)
const DAY = 86_400_000

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

  it('gives plan() the loans the run started with as capital, never as evidence of loan lives (they were selected for surviving)', async () => {
    const ds = createMemoryDataset('USD', syntheticMarket(TINY_MARKET(T0)))
    // A 120-day loan open for 60 days, and a 2-day one that returns during the run.
    const startingLoans = [
      { amount: 3000, rate: 0.0003, period: 120, openedAt: T0 - 60 * DAY, endsAt: T0 + 60 * DAY },
      { amount: 1000, rate: 0.0002, period: 2, openedAt: T0 - DAY, endsAt: T0 + 6 * 3_600_000 }
    ]
    const seen: AccountState[] = []
    const times: number[] = []
    const spy: typeof plan = (m, a, s, now) => (seen.push(a), times.push(now), plan(m, a, s, now))
    await runBacktestOnDataset(ds, { capital: 10_000, strategies: [], bands: ['central'], stepMinutes: 30, from: T0, to: T0 + 2 * DAY, startingLoans, extraStrategies: [() => ibrr(spy)] })
    const first = seen[0]
    expect(first.loans.map((l) => l.amount).sort()).toEqual([1000, 3000])
    expect([...(first.notLifeEvidence ?? [])].sort()).toEqual(first.loans.map((l) => l.id).sort())
    const startingIds = new Set(first.loans.map((l) => l.id))
    for (const a of seen) {
      // Still lent: they hold capital and count in the long-lock share.
      const held = a.loans.filter((l) => startingIds.has(l.id))
      expect(a.notLifeEvidence ?? []).toEqual(held.map((l) => l.id))
      expect(held.some((l) => l.period === 120)).toBe(true)
    }
    // The 2-day loan returned (gone from the account), but its life (1.25 days) was not recorded: every
    // recorded life is of a loan IBRR opened in the run, so no longer than the run so far.
    expect(seen[seen.length - 1].loans.some((l) => l.period === 2 && startingIds.has(l.id))).toBe(false)
    seen.forEach((a, k) => {
      for (const l of a.own?.lives ?? []) expect(l.lifeDays).toBeLessThanOrEqual((times[k] - T0) / DAY + 1e-9)
    })
  })
})
