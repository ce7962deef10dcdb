// IBRR's prior for how long a LIMIT offer waits until it fills, checked against a real bot's own fills
// (lendingbot-fills.csv, `wait_minutes`: from the first offer of a reprice chain to the fill, recorded
// from 2026-08-09). The simulator does not use these numbers; they are the evidence behind
// IBRR_PARAMS.fillWaitPriorMedianMinutes, measured here so that prior has a range from data.
//   median: the sample median of the waits of one loan period.
//   range:  the distribution-free confidence interval of the median from order statistics,
//           [x(k), x(n−k+1)] with k the largest rank such that P(Bin(n, ½) ≤ k − 1) ≤ 2.5 %; its
//           coverage is 1 − 2·P(Bin(n, ½) ≤ k − 1) ≥ 95 % (exact, no assumption on the waits' shape).
//           Below 6 fills no such interval reaches 95 %: the period gets no range.
// The fills are of offers that did fill (censored: the waits of offers cancelled unfilled are not in
// the file), and the bot repriced unfilled offers down in stages, so these are waits of one repricing
// policy, not of one fixed rate.
import type { BotFill } from './lendingbot'
import { median, orderStatisticMedianInterval } from './stats'

export interface FillWaitFit {
  period: number
  /** Fills of this period with a recorded wait. */
  n: number
  medianMinutes: number
  /** 95 % (or more) order-statistic interval of the median; null with fewer than 6 fills. */
  range: { lower: number; upper: number; coverage: number } | null
}

export function fitFillWaits(fills: BotFill[]): FillWaitFit[] {
  const byPeriod = new Map<number, number[]>()
  for (const f of fills) if (f.waitMinutes !== null) byPeriod.set(f.period, [...(byPeriod.get(f.period) ?? []), f.waitMinutes])
  return [...byPeriod.entries()]
    .sort(([a], [b]) => a - b)
    .map(([period, waits]) => ({ period, n: waits.length, medianMinutes: median(waits), range: orderStatisticMedianInterval(waits) }))
}
