// Issue 12's targets are computed from a report's runs: the best baseline that ran, the ratios and
// met/missed per band, with frr left out where FRR was never published and bots that could not run
// (placed nothing) left out everywhere. A window of the bot's record is judged short by one rule
// (share of the record's days with market data under SHORT_RECORD_COVERAGE), the same for every window.
import { describe, expect, it } from 'vitest'
import { countMet, recordCoverage, recordCoverageText, SHORT_RECORD_COVERAGE, targetCells } from '../../src/main/backtest'
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

describe("a window of the bot's record: how much of it the replay sees", () => {
  // The three windows of the shared record as the bench finds them: days cut to the data, days with market data in them.
  const windows = [
    { recordDays: 30, replayedDays: 26.3, dataDays: 25.4 },
    { recordDays: 14, replayedDays: 10.3, dataDays: 9.4 },
    { recordDays: 7, replayedDays: 3.3, dataDays: 2.4 }
  ]

  it('applies one rule to every window: short when the days with market data are under the stated share of the record', () => {
    expect(SHORT_RECORD_COVERAGE).toBe(0.8)
    const c = windows.map(recordCoverage)
    expect(c.map((x) => x.share)).toEqual([25.4 / 30, 9.4 / 14, 2.4 / 7])
    // 85 %, 67 %, 34 %: the 14-day window is short as well as the 7-day one, the 30-day one is not.
    expect(c.map((x) => x.short)).toEqual([false, true, true])
  })

  it('judges on the days with data, not the replayed span, and is short just below the threshold only', () => {
    expect(recordCoverage({ recordDays: 10, replayedDays: 10, dataDays: 8 }).short).toBe(false)
    expect(recordCoverage({ recordDays: 10, replayedDays: 10, dataDays: 7.99 }).short).toBe(true)
    // The whole span replayed but a fifth of it without data: short.
    expect(recordCoverage({ recordDays: 10, replayedDays: 10, dataDays: 7 }).short).toBe(true)
    expect(recordCoverage({ recordDays: 10, replayedDays: 12, dataDays: 12 }).share).toBe(1)
  })

  it("says for each window how many of its days are in the data and whether the comparison with the bot's realized APR is weak", () => {
    const [month, fortnight, week] = windows.map((w) => recordCoverageText(recordCoverage(w)))
    expect(month).toBe("26.3 of its 30 days in the data, 25.4 of them with market data (85 %): at least 80 % of the record's days, so its comparison with the bot's realized APR is not weak on coverage")
    expect(fortnight).toBe("10.3 of its 14 days in the data, 9.4 of them with market data (67 %): short, under 80 % of the record's days, so its comparison with the bot's realized APR is weak (read it as an indication only)")
    expect(week).toMatch(/^3\.3 of its 7 days in the data, 2\.4 of them with market data \(34 %\): short, .* is weak/)
    expect(recordCoverageText(recordCoverage({ recordDays: 7, replayedDays: 7, dataDays: 7 }))).toBe("7.0 of its 7 days in the data (100 %): at least 80 % of the record's days, so its comparison with the bot's realized APR is not weak on coverage")
  })
})
