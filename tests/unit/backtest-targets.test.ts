// Issue 12's targets are computed from a report's runs: the best baseline that ran, the ratios and
// met/missed per band, with frr left out where FRR was never published and bots that could not run
// (placed nothing) left out everywhere.
import { describe, expect, it } from 'vitest'
import { countMet, targetCells } from '../../src/main/backtest'
import type { BacktestReport, StrategyResult } from '../../src/shared/contract'

const res = (netApr: number, placed = 10): StrategyResult => ({ netApr, utilization: 0.9, avgRate: 0.0002, earnings: netApr * 100, placed, cancelled: 0, curve: [] })

function report(bands: Record<'low' | 'central' | 'high', Record<string, StrategyResult>>): BacktestReport {
  return {
    currency: 'USD',
    capital: 10_000,
    from: 0,
    to: 86_400_000,
    notes: [],
    strategies: bands.central,
    bands: { low: { strategies: bands.low }, central: { strategies: bands.central }, high: { strategies: bands.high } }
  }
}

describe('issue 12 targets', () => {
  const r = report({
    // low: mika is best (0.04); IBRR 0.05 = 1.25× exactly: met. bound 0.05 / 0.9 → met at the edge.
    low: { ibrr: res(0.05), mika: res(0.04), ladder: res(0.03), undercut: res(0.02), frr: res(0.01), 'frr-optimistic': res(0.2), oracle: res(0.3), bound: res(0.05 / 0.9, 0) },
    // central: frr is best (0.06) → ratio 1.0, missed; bound far above → missed.
    central: { ibrr: res(0.06), mika: res(0.04), ladder: res(0.03), undercut: res(0.02), frr: res(0.06), bound: res(0.2, 0) },
    // high: the simple bots placed nothing (no price source); frr earned 0.01.
    high: { ibrr: res(0.03), mika: res(0, 0), ladder: res(0, 0), undercut: res(0, 0), frr: res(0.01), bound: res(0.1, 0) }
  })

  it('takes the best baseline that ran, ignores frr-optimistic and oracle, and judges each band', () => {
    const cells = targetCells(r, { frrPriced: true })
    expect(cells.map((c) => [c.band, c.best?.name, c.metBest, c.metBound])).toEqual([
      ['low', 'mika', true, true],
      ['central', 'frr', false, false],
      ['high', 'frr', true, false]
    ])
    expect(cells[0].overBest).toBeCloseTo(1.25, 12)
    expect(cells[1].ofBound).toBeCloseTo(0.3, 12)
    expect(countMet(cells, 'metBest')).toEqual({ met: 2, of: 3 })
    expect(countMet(cells, 'metBound')).toEqual({ met: 1, of: 3 })
  })

  it('leaves frr out where FRR was never published, and judges nothing where no baseline ran', () => {
    const cells = targetCells(r, { frrPriced: false })
    expect(cells[1].best).toEqual({ name: 'mika', netApr: 0.04 })
    expect(cells[1].metBest).toBe(true)
    expect(cells[2]).toMatchObject({ best: null, overBest: null, metBest: null })
    expect(countMet(cells, 'metBest')).toEqual({ met: 2, of: 2 })
  })

  it('does not count a cell as met when the best baseline placed offers but earned nothing (no ratio)', () => {
    const zero = report({
      low: { ibrr: res(0.03), mika: res(0), ladder: res(0), undercut: res(0), bound: res(0.1, 0) },
      central: { ibrr: res(0.03), mika: res(0), ladder: res(0), undercut: res(0), bound: res(0, 0) },
      high: { ibrr: res(0.03), mika: res(0.01), bound: res(0.1, 0) }
    })
    const cells = targetCells(zero, { frrPriced: false })
    expect(cells[0]).toMatchObject({ overBest: null, metBest: null })
    expect(cells[1]).toMatchObject({ ofBound: null, metBound: null })
    expect(countMet(cells, 'metBest')).toEqual({ met: 1, of: 1 })
  })
})
