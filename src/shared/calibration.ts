// The market model's measured parameters: one home for the numbers that both the simulator (fills, loan
// lives, the FRR queue) and IBRR (its prior before the user's own fills) use, so the engine is priced on
// the same market the backtest replays. Every parameter carries low / central / high values taken from
// the spread of the data it was measured on; backtests run every strategy under each band.
//
// Provenance: `npm run calibrate -- --data DIR` measures these on recorded Bitfinex data
// (docs/backtest.md says how, on which files, and with what fit error). The values below are the first
// measurement on the shared fUSD data (2026-06 → 09); they are refined by that command, never tuned to
// make a strategy win.

export const CALIBRATION_BANDS = ['low', 'central', 'high'] as const
export type CalibrationBand = (typeof CALIBRATION_BANDS)[number]

/** One parameter with the range the data allows. `low` is the reading least favourable to a lender. */
export interface Ranged {
  low: number
  central: number
  high: number
}

/** How long a loan taken for `period` days really lives before the borrower repays (days, ≤ period). */
export interface LoanLifeCalibration {
  period: number
  meanDays: Ranged
  medianDays: Ranged
  /** Loans the estimate rests on (closed and still-open, censored), so callers can weigh its certainty. */
  observations: number
}

/** Offers at FRR wait behind everything already queued at FRR; the queue drains as borrowers take it. */
export interface FrrQueueCalibration {
  /** USD (or currency units for other currencies) per hour taken from the FRR queue by borrowers. */
  drainPerHour: Ranged
  /** The queue's size when the ticker does not say it (FRR_AMOUNT_AVAILABLE). */
  typicalQueue: Ranged
}

export interface MarketCalibration {
  currency: string
  loanLife: LoanLifeCalibration[]
  frrQueue: FrrQueueCalibration
}

/** Preliminary fUSD values: loan lives from a real bot's closed loans (lendingbot closure_durations,
 *  closed-only, so biased short: the calibrate command corrects for still-open loans); FRR queue from the
 *  ticker's FRR_AMOUNT_AVAILABLE (median 276 M USD, hour-to-hour change median 0.25 M, p90 6.3 M). */
export const FUSD_CALIBRATION: MarketCalibration = {
  currency: 'USD',
  loanLife: [
    { period: 2, meanDays: { low: 0.5, central: 0.83, high: 1.2 }, medianDays: { low: 0.06, central: 0.1, high: 0.2 }, observations: 508 },
    { period: 7, meanDays: { low: 2.5, central: 3.9, high: 5 }, medianDays: { low: 1.5, central: 2.8, high: 4 }, observations: 19 },
    { period: 14, meanDays: { low: 2.5, central: 4.9, high: 7 }, medianDays: { low: 0.1, central: 0.13, high: 2 }, observations: 17 },
    { period: 30, meanDays: { low: 4, central: 7.2, high: 11 }, medianDays: { low: 0.04, central: 0.06, high: 1 }, observations: 58 },
    { period: 120, meanDays: { low: 9, central: 15.7, high: 25 }, medianDays: { low: 0.15, central: 0.26, high: 3 }, observations: 36 }
  ],
  frrQueue: {
    drainPerHour: { low: 0.25e6, central: 2e6, high: 6.3e6 },
    typicalQueue: { low: 365e6, central: 276e6, high: 210e6 }
  }
}

/** Loan life for any period in Bitfinex's 2–120 range: the calibrated period itself, or a linear
 *  interpolation between the two calibrated periods around it (clamped at the ends). */
export function loanLifeFor(cal: MarketCalibration, period: number, band: CalibrationBand): { meanDays: number; medianDays: number; observations: number } {
  const rows = [...cal.loanLife].sort((a, b) => a.period - b.period)
  const upper = rows.find((r) => r.period >= period) ?? rows[rows.length - 1]
  const lower = [...rows].reverse().find((r) => r.period <= period) ?? rows[0]
  const clampLife = (days: number): number => Math.min(days, period)
  if (upper.period === lower.period) {
    return { meanDays: clampLife(upper.meanDays[band]), medianDays: clampLife(upper.medianDays[band]), observations: upper.observations }
  }
  const w = (period - lower.period) / (upper.period - lower.period)
  const mix = (a: number, b: number): number => a + (b - a) * w
  return {
    meanDays: clampLife(mix(lower.meanDays[band], upper.meanDays[band])),
    medianDays: clampLife(mix(lower.medianDays[band], upper.medianDays[band])),
    observations: Math.min(lower.observations, upper.observations)
  }
}

/** Expected hours until an FRR offer placed behind `queue` units fills, in the given band. */
export function expectedFrrWaitHours(cal: MarketCalibration, queue: number, band: CalibrationBand): number {
  return queue / cal.frrQueue.drainPerHour[band]
}
