// Lent capital-time per loan period has one home (src/main/backtest/lentCapitalTime.ts): the lendingbot
// strategy's period-mix note and the policy-fidelity replay's per-window shares both sum it there.
import { describe, expect, it } from 'vitest'
import { LentCapitalTime, lentByPeriod } from '../../src/main/backtest/lentCapitalTime'

const MIN = 60_000

describe('lent capital-time per loan period', () => {
  it('groups the loans held at one moment by period', () => {
    const lent = lentByPeriod([
      { period: 2, amount: 150 },
      { period: 30, amount: 400 },
      { period: 2, amount: 250.5 }
    ])
    expect([...lent]).toEqual([
      [2, 400.5],
      [30, 400]
    ])
    expect(lentByPeriod([]).size).toBe(0)
  })

  it('sums amount × step length per period over the steps added, with each period’s share of the total', () => {
    const t = new LentCapitalTime()
    t.add(lentByPeriod([{ period: 7, amount: 100 }]), 10 * MIN)
    t.add(lentByPeriod([{ period: 7, amount: 100 }, { period: 2, amount: 300 }]), 10 * MIN)
    // A longer step weighs more: 200 USD for 20 minutes.
    t.add(lentByPeriod([{ period: 2, amount: 200 }]), 20 * MIN)
    expect(t.periods()).toEqual([2, 7])
    expect(t.of(7)).toBe(100 * 20 * MIN)
    expect(t.of(2)).toBe(300 * 10 * MIN + 200 * 20 * MIN)
    expect(t.of(120)).toBe(0)
    expect(t.total()).toBe((2_000 + 3_000 + 4_000) * MIN)
    expect(t.share(2)).toBeCloseTo(7 / 9, 15)
    expect(t.share(7)).toBeCloseTo(2 / 9, 15)
    expect(t.share(120)).toBe(0)
  })

  it('splits by window when only that window’s steps are added to its own accumulator', () => {
    const steps = [
      { t: 0, lent: lentByPeriod([{ period: 2, amount: 100 }]) },
      { t: 10, lent: lentByPeriod([{ period: 2, amount: 100 }, { period: 120, amount: 50 }]) },
      { t: 20, lent: lentByPeriod([{ period: 120, amount: 50 }]) }
    ]
    const windows = [
      { from: 0, to: 10 },
      { from: 10, to: 30 }
    ]
    const split = windows.map((w) => {
      const acc = new LentCapitalTime()
      for (const s of steps) if (s.t >= w.from && s.t < w.to) acc.add(s.lent, MIN)
      return acc
    })
    expect(split.map((a) => a.periods())).toEqual([[2], [2, 120]])
    expect(split[0].share(2)).toBe(1)
    expect(split[1].share(120)).toBeCloseTo(0.5, 15)
  })

  it('gives no share and an empty mix when nothing was lent', () => {
    const t = new LentCapitalTime()
    t.add(new Map(), 10 * MIN)
    expect(t.total()).toBe(0)
    expect(t.periods()).toEqual([])
    expect(t.share(2)).toBe(0)
  })
})
