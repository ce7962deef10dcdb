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
   * Never lock more than this share of the lendable capital beyond the shortest period, however good the
   * premium and however sure the loan lives: a tenth keeps rolling, so a spike always finds some money and
   * the short fill and life estimates keep being fed by the user's own fills.
   */
  maxLongShareCeiling: 0.9,
  /**
   * The user's own data against the prior: the prior counts as this many pseudo-observations (Bühlmann
   * credibility Z = n/(n + k₀)). The prior comes from another lender's loans (a real bot's), so after 20 of
   * the user's own loans of a period (a few days of 2-day loans) their own data weighs as much as it.
   */
  learningPriorWeight: 20,
  /** Observations lose half their weight every this many days, so old data fades back to the prior. */
  learningHalfLifeDays: 14,
  /**
   * Prior mean wait of a LIMIT offer until it fills, minutes, by period: a real bot's measured medians on
   * fUSD (MARKET-NOTES: 19 min for 2-day, 69 min for 30-day, 378 min for 120-day offers) divided by ln 2,
   * the mean of an exponential wait with that median. Linear in the period between those points.
   */
  fillWaitPriorMedianMinutes: [
    [2, 19],
    [30, 69],
    [120, 378]
  ] as readonly (readonly [number, number])[],
  /**
   * FRRDELTAFIX offsets tried, as shares of FRR (negative: below FRR). Bitfinex refuses an offset "larger
   * than 30% of FRR" (docs/bitfinex.md, Offer rules), so −30 % is the furthest one.
   */
  frrFixedOffsets: [-0.05, -0.1, -0.2, -0.3] as readonly number[],
  /**
   * Candidate rates closer than this share to a kept one are dropped: under half the 5 % reprice threshold,
   * so the thinner grid changes no decision that matters, and a 250-level book stays fast.
   */
  candidateRateSpacing: 0.02,
  /** A visible bid may be taken by someone else between the snapshot and our order. */
  immediateFillProbability: 0.95,
  /** Rates are sent with this many significant digits (fBTC rates are ~4e-8, so decimals would not do). */
  rateSignificantDigits: 5,
  /** Periods IBRR considers (within the user's bounds): the ones Bitfinex users commonly post. */
  standardPeriods: [2, 7, 14, 30, 60, 90, 120] as readonly number[]
} as const
