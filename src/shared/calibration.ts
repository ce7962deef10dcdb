// The market model's measured parameters: one home for the numbers that both the simulator (fills, loan
// lives, the FRR queue) and IBRR (its prior before the user's own fills) use, so the engine is priced on
// the same market the backtest replays. Every parameter carries low / central / high values taken from
// the spread of the data it was measured on; backtests run every strategy under each band.
//
// Provenance: `npm run calibrate -- --data DIR` measures these on recorded Bitfinex data
// (docs/backtest.md says how, on which files, and with what fit error). The values below are its
// output on the shared fUSD data (2026-05 → 09), never tuned to make a strategy win.

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
  /**
   * The life table the simulator draws lives from: a constant repayment hazard (per day) on each
   * interval [previous untilDays, untilDays); past the last interval the loan runs to its period.
   * Absent: an exponential life with mean meanDays.
   */
  hazard?: { untilDays: number; perDay: Ranged }[]
}

/** How an hour's traded volume spreads over rates given its candle (body uniform, wicks uniform). */
export interface CandleVolumeCalibration {
  /** Share of the hour's volume traded strictly above the body (max(open, close)), where there is an upper wick. */
  upperWickShare: Ranged
  /** Share traded strictly below the body (min(open, close)), where there is a lower wick. */
  lowerWickShare: Ranged
}

/** Offers at FRR wait behind everything already queued at FRR; the queue drains as borrowers take it. */
export interface FrrQueueCalibration {
  /** USD (or currency units for other currencies) per hour taken from the FRR queue by borrowers. */
  drainPerHour: Ranged
  /** The queue's size when the ticker does not say it (FRR_AMOUNT_AVAILABLE). */
  typicalQueue: Ranged
}

/** The stand-in candles of hours with books but no traded volume (simulator only): each band's reading. */
export interface ImputedCandlesCalibration {
  /** Multiplies the templates' volume. */
  volumeScale: Ranged
  /** Multiplies the templates' reach of the high above the body. */
  upperReachScale: Ranged
}

export interface MarketCalibration {
  currency: string
  loanLife: LoanLifeCalibration[]
  frrQueue: FrrQueueCalibration
  /**
   * Share of the visible ask depth at or below an offer's rate that is really ahead of it in the demand
   * that reaches that rate (IBRR's fill model, docs/ibrr.md §2). Absent: FUSD_CALIBRATION's.
   */
  queueAheadShare?: Ranged
  /** Absent: FUSD_CALIBRATION's (the only market with rate-level trade records so far). */
  candleVolume?: CandleVolumeCalibration
  /**
   * Mean minutes from a random moment until the next borrower comes (IBRR's fill model, docs/ibrr.md §2):
   * demand comes in discrete loans, so even an offer at the front of the queue waits this long. `low` is
   * the longest wait. Absent: FUSD_CALIBRATION's.
   */
  nextBorrowerMinutes?: Ranged
  /** The simulator's only (IBRR never reads it). Absent: books-only hours read the stand-ins as recorded in every band. */
  imputedCandles?: ImputedCandlesCalibration
}

/**
 * fUSD, measured by `npm run calibrate -- --data ../shared/data/bitfinex` (docs/backtest.md has the
 * method, the evidence and the fit errors):
 * - loanLife: actuarial life table (censored MLE of a piecewise-constant repayment hazard) on a real
 *   bot's 662 closed loans of those periods (lendingbot closed_holding) and its 53 still-open loans as right-censored
 *   lives; bands = 95 % Poisson interval of each interval's count (low = shortest lives).
 * - frrQueue: ticker FRR_AMOUNT_AVAILABLE, Aug 16–31; outflow = hourly decreases (a lower bound on
 *   what leaves the queue), per day; bands = p10 / median / p90 of days; queue p90 / median / p10.
 * - candleVolume: 15 hours of minute candles (fitted) and 3 hours of trades (held out), 2026-05-02;
 *   a minute candle only brackets where it traded: low = median hour, central = volume-weighted, both
 *   counting only volume certainly above the body; high = all that may have traded above it.
 * - queueAheadShare: the real bot's 96 fills with a recorded wait and candle demand (2026-08-16 → 08-22)
 *   against IBRR's fill model on the book at their placement; the share whose median model wait (ln 2 ×
 *   the mean of its exponential law) equals the bot's median, 19.1 min (the full queue gives 43.6 min).
 *   Central 0.045 from all 96 fills. Not stable across the week: fitted on the earlier 48 fills the share
 *   is 0.999 (the full queue fits them) and misses the later 48 by +94 %; fitted on the later 48 it is
 *   0.17 and misses the earlier ones by −24 %. So the range is the whole [0, 1]: low = the larger of the
 *   bootstrap's 97.5 % and the halves' fits, high = the smaller.
 * - nextBorrowerMinutes: the minute candles of 2026-05-02 (102 minutes with trades): the renewal residual
 *   E[g²]/(2·E[g]) of the gaps under an hour between minutes with trades; low = the larger of the
 *   bootstrap's 97.5 % and the larger borrowers' residual (minutes of at least the median volume), high =
 *   the bootstrap's 2.5 %.
 * - imputedCandles: the 150 hours with a book and an hourly candle (2026-08-16 → 08-22), split into
 *   their earlier and later halves: each half's median volume and median reach of the high above the
 *   body (per unit of best ask), over the whole's; low = the smaller, high = the larger.
 */
export const FUSD_CALIBRATION: MarketCalibration = {
  currency: 'USD',
  loanLife: [
    {
      period: 2,
      meanDays: { low: 0.6412, central: 0.7405, high: 0.8441 },
      medianDays: { low: 0.09552, central: 0.2526, high: 0.6516 },
      observations: 525,
      hazard: [
        { untilDays: 0.1012, perDay: { low: 7.257, central: 6.422, high: 5.662 } },
        { untilDays: 1, perDay: { low: 0.3678, central: 0.286, high: 0.2185 } },
        { untilDays: 2, perDay: { low: 1.182, central: 1.028, high: 0.8894 } }
      ]
    },
    {
      period: 3,
      meanDays: { low: 0.8458, central: 1.43, high: 2.111 },
      medianDays: { low: 0.5716, central: 1.156, high: 2.877 },
      observations: 17,
      hazard: [
        { untilDays: 1, perDay: { low: 1.213, central: 0.6154, high: 0.265 } },
        { untilDays: 3, perDay: { low: 0.9492, central: 0.5, high: 0.2282 } }
      ]
    },
    {
      period: 7,
      meanDays: { low: 1.972, central: 3.588, high: 5.334 },
      medianDays: { low: 1.303, central: 3.363, high: 7 },
      observations: 23,
      hazard: [
        { untilDays: 1, perDay: { low: 0.5692, central: 0.2439, high: 0.0786 } },
        { untilDays: 2.778, perDay: { low: 0.4094, central: 0.1681, high: 0.04995 } },
        { untilDays: 7, perDay: { low: 0.4803, central: 0.2572, high: 0.1203 } }
      ]
    },
    {
      period: 14,
      meanDays: { low: 0.8073, central: 3.668, high: 8.304 },
      medianDays: { low: 0.07179, central: 0.252, high: 11.18 },
      observations: 17,
      hazard: [
        { untilDays: 0.1334, perDay: { low: 9.656, central: 4.996, high: 2.218 } },
        { untilDays: 1, perDay: { low: 0.9546, central: 0.2234, high: 0.0135 } },
        { untilDays: 14, perDay: { low: 0.1948, central: 0.09452, high: 0.03787 } }
      ]
    },
    {
      period: 30,
      meanDays: { low: 6.687, central: 11.22, high: 16.3 },
      medianDays: { low: 0.3386, central: 4.627, high: 18.34 },
      observations: 84,
      hazard: [
        { untilDays: 0.05612, perDay: { low: 10.68, central: 7.436, high: 4.979 } },
        { untilDays: 1, perDay: { low: 0.3323, central: 0.1686, high: 0.07261 } },
        { untilDays: 30, perDay: { low: 0.04918, central: 0.03217, high: 0.01991 } }
      ]
    },
    {
      period: 120,
      meanDays: { low: 13.16, central: 30.26, high: 54.51 },
      medianDays: { low: 0.255, central: 9.405, high: 44.15 },
      observations: 49,
      hazard: [
        { untilDays: 0.2616, perDay: { low: 2.718, central: 1.72, high: 1.019 } },
        { untilDays: 1, perDay: { low: 0.4024, central: 0.1377, high: 0.02768 } },
        { untilDays: 120, perDay: { low: 0.02776, central: 0.01683, high: 0.009412 } }
      ]
    }
  ],
  frrQueue: {
    drainPerHour: { low: 0.1394e6, central: 1.362e6, high: 2.776e6 },
    typicalQueue: { low: 346.6e6, central: 276.3e6, high: 238.6e6 }
  },
  queueAheadShare: { low: 0.08209, central: 0, high: 0 },
  nextBorrowerMinutes: { low: 15.35, central: 11.24, high: 8.734 },
  imputedCandles: {
    volumeScale: { low: 0.9095, central: 1, high: 1.051 },
    upperReachScale: { low: 0.7313, central: 1, high: 1.36 }
  },
  candleVolume: {
    upperWickShare: { low: 0, central: 0.2652, high: 0.7835 },
    lowerWickShare: { low: 0.3656, central: 0.1384, high: 0.002751 }
  }
}


// Sorted once per calibration: IBRR reads the rows in every plan.
const sortedLifeRows = new WeakMap<readonly LoanLifeCalibration[], LoanLifeCalibration[]>()

/** The calibrated periods whose measured loans a period's life estimate rests on: itself, or the two around it. */
export function loanLifeRows(cal: MarketCalibration, period: number): { lower: LoanLifeCalibration; upper: LoanLifeCalibration } {
  let rows = sortedLifeRows.get(cal.loanLife)
  if (!rows) sortedLifeRows.set(cal.loanLife, (rows = [...cal.loanLife].sort((a, b) => a.period - b.period)))
  const upper = rows.find((r) => r.period >= period) ?? rows[rows.length - 1]
  const lower = rows.findLast((r) => r.period <= period) ?? rows[0]
  return { lower, upper }
}

/** Loan life for any period in Bitfinex's 2–120 range: the calibrated period itself, or a linear
 *  interpolation between the two calibrated periods around it (clamped at the ends). */
export function loanLifeFor(cal: MarketCalibration, period: number, band: CalibrationBand): { meanDays: number; medianDays: number; observations: number } {
  const { lower, upper } = loanLifeRows(cal, period)
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
