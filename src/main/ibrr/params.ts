// IBRR's fixed parameters. Each value is chosen from a principle (docs/ibrr.md says which), never
// fitted to the dates of the shared data set, so a backtest on that data is an honest test.

/**
 * Bitfinex's authenticated REST budget is 90 requests/minute (docs/bitfinex.md, Rate limits). The worst case this
 * app allows: 4 currencies × 2 cycles/minute (30 s interval) × (4 reads: wallets, offers, credits,
 * loans + N writes) ≤ 90 gives N ≤ 7.25. N = 6 keeps 10 % headroom for a retry or the auto-renew call.
 */
export const MAX_ACTIONS_PER_CYCLE = 6

export const IBRR_PARAMS = {
  /** Max offers in one ladder: a full ladder (5) plus one cancel fits in one cycle's budget. */
  maxLadderRungs: 5,
  /**
   * Half the action budget at most goes to reprice cancels, so the money they free is re-placed in the
   * same cycle instead of idling a whole interval.
   */
  maxRepriceCancelsPerCycle: 3,
  /** A stale offer is repriced only when the target moved by more than this share of its rate. */
  repriceRelativeThreshold: 0.05,
  /** Trades older than this are not "recent demand". */
  tradeLookbackHours: 24,
  /** A trade window shorter than this would turn one burst into an hourly rate. */
  minTradeWindowHours: 0.25,
  /** With this many recent trades, trades alone set the demand; fewer blend in the hourly candles. */
  tradesForFullWeight: 50,
  /** Hourly candles used for demand (volume per hour at or above a rate). */
  candleDemandHours: 24,
  /** Hourly candles that define the "recent distribution" of the short-period rate. */
  distributionHours: 72,
  /** A flat market has MAD 0; the spread never counts as less than this share of the median. */
  minSpreadFraction: 0.05,
  /**
   * σ as a share of ĉ when there is no recent distribution (no candles, no trades): the short rate's
   * MAD is 8–20 % of its median on the shared candles, so σ = 1.4826 × MAD is 12–30 % of it. Without a
   * distribution IBRR assumes the wide end, so a lock has to clear the highest premium it has seen.
   */
  unknownSpreadFraction: 0.3,
  /**
   * Option premium a long lock must beat, in robust standard deviations of the short rate, at
   * spikeSensitivity 0.5 it is 1 σ. Scales as (1 − sensitivity) × this.
   */
  optionPremiumSigmas: 2,
  /**
   * Borrowers may repay early: loan life = min(period, Exponential(hazard)). 1/30 per day = a margin
   * position's expected life of a month.
   */
  earlyRepayHazardPerDay: 1 / 30,
  /** At most this share of the lendable capital is locked beyond the shortest period. */
  maxLongShare: 0.6,
  /** A visible bid may be taken by someone else between the snapshot and our order. */
  immediateFillProbability: 0.95,
  /** Rates are sent with this many significant digits (fBTC rates are ~4e-8, so decimals would not do). */
  rateSignificantDigits: 5,
  /** Periods IBRR considers beyond the bids' own: the ones Bitfinex users commonly use. */
  standardPeriods: [7, 14, 30, 60, 90, 120] as readonly number[]
} as const

export type IbrrParams = typeof IBRR_PARAMS
