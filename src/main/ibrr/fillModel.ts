// The fill model: how likely an offer is to fill within a horizon, and how long its money waits.
import { IBRR_PARAMS } from './params'
import { PRIOR_CALIBRATION } from './priorCalibration'

interface FillInputs {
  /** Size of our offer. */
  amount: number
  /** Asks that fill before ours (cheaper, or same rate and older), period-weighted. */
  queueAhead: number
  /** Visible bids our offer would match at once (rate ≥ ours, bid period ≤ ours). */
  immediate: number
  /** Demand per hour that reaches our rate and period (recent trades, or candles). */
  demandPerHour: number
  /**
   * Hours before the demand that reaches our rate comes, hoursBeforeDemand(candleGapHours): the wait for
   * the next borrower, plus the hours without demand at our rate (hourly candles show demand at a high
   * rate in a few hours only, not spread over every hour). Absent: the next borrower's wait alone.
   */
  gapHours?: number
  horizonHours: number
}

export interface FillEstimate {
  /** Chance the whole offer fills within the horizon, 0..1. */
  probability: number
  /** Expected wait of the average unit of the offer before it is lent, in days (Infinity: never). */
  expectedWaitDays: number
  /** Part of the amount the visible bids take at once. */
  immediateAmount: number
}

/**
 * Mean hours from a random moment until the next borrower comes (the calibration's nextBorrowerMinutes,
 * central; docs/ibrr.md §2). Demand comes in discrete loans at discrete moments (on fUSD in bursts at
 * :10, :30 and :50 past the hour), not as a flow: even an offer at the front of the queue, or one the
 * flow would clear in seconds, waits for the next borrower. With borrowers arriving at a mean rate λ and
 * loan sizes exponential, the time until the loans taken exceed a level L is exactly L/D + 1/λ (the
 * number of loans needed is 1 + Poisson(L/mean size)), so the arrival wait adds to the flow's time.
 */
export const NEXT_BORROWER_HOURS = (PRIOR_CALIBRATION.nextBorrowerMinutes?.central ?? 0) / 60

/** The hours before the demand that reaches a rate comes: the next borrower, plus the candle gap (candleGapHours). */
export const hoursBeforeDemand = (candleGapHours: number): number => NEXT_BORROWER_HOURS + Math.max(0, candleGapHours)

/**
 * The wait law, the one home of its formulas (estimateFill, waitDays, the ladder's grid scan and the
 * backtest's calibration all read them from here). The part R of an offer that the visible bids cannot
 * take waits until demand D has consumed the queue ahead Q plus the rest R. Demand is bursty (positions
 * open in clusters), so the time to consume Q + R is modelled as exponential with mean (Q + R) / D, the
 * maximum-entropy law for a positive time of known mean:
 *   P(fill within H) = 1 − exp(−H·D / (Q + R)).
 * The average unit of the rest waits (Q + R/2) / D.
 * Before the demand that reaches our rate comes, the mean time first adds the gap G = hoursBeforeDemand:
 * the wait B for the next borrower, plus (when that demand comes only in some hours, candles) the hours
 * until such an hour: mean (Q + R)/D + G, P = 1 − exp(−H / ((Q + R)/D + G)), and the average unit waits
 * (Q + R/2)/D + G, never less than B.
 * The three functions below take inputs already checked (R > 0, D > 0, Q ≥ 0, G ≥ 0): they are small so
 * V8 inlines them into the ladder's scan, which calls them for hundreds of candidates per rung.
 */

/** Mean hours until the whole rest R is lent: (Q + R)/D + G. */
export const wholeRestHours = (rest: number, queue: number, demand: number, gapHours: number): number => (queue + rest) / demand + gapHours

/** Mean wait in days of the average unit of an offer of `amount` whose part `rest` waits (the bids take the other units at once). */
export const averageUnitWaitDays = (amount: number, rest: number, queue: number, demand: number, gapHours: number): number =>
  ((rest / amount) * ((queue + rest / 2) / demand + gapHours)) / 24

/** Chance that an exponential time of mean `meanHours` ends within `horizonHours`. */
export const chanceWithin = (horizonHours: number, meanHours: number): number => 1 - Math.exp(-horizonHours / meanHours)

/** One offer's fill chance within the horizon and its expected wait, for inputs in any range (no amount, no demand, negative queues or gaps). */
export function estimateFill(x: FillInputs): FillEstimate {
  const amount = Math.max(0, x.amount)
  const immediateAmount = Math.min(amount, Math.max(0, x.immediate))
  const rest = amount - immediateAmount
  if (rest <= 0) return { probability: IBRR_PARAMS.immediateFillProbability, expectedWaitDays: 0, immediateAmount }
  if (!(x.demandPerHour > 0)) return { probability: 0, expectedWaitDays: Infinity, immediateAmount }
  const queue = Math.max(0, x.queueAhead)
  const gap = Math.max(0, x.gapHours ?? NEXT_BORROWER_HOURS)
  const probability = chanceWithin(Math.max(0, x.horizonHours), wholeRestHours(rest, queue, x.demandPerHour, gap))
  return { probability, expectedWaitDays: averageUnitWaitDays(amount, rest, queue, x.demandPerHour, gap), immediateAmount }
}

export const fillProbability = (x: FillInputs): number => estimateFill(x).probability

/**
 * Mean of the exponential time until the whole offer is lent, (Q + R)/D + G, in hours (0 when the
 * visible bids take it all, Infinity without demand): the law estimateFill's probability comes from.
 * Its median is ln 2 times this, which is what a recorded median wait is compared with.
 */
export function meanFillHours(x: Omit<FillInputs, 'horizonHours'>): number {
  const amount = Math.max(0, x.amount)
  const rest = amount - Math.min(amount, Math.max(0, x.immediate))
  if (rest <= 0) return 0
  if (!(x.demandPerHour > 0)) return Infinity
  return wholeRestHours(rest, Math.max(0, x.queueAhead), x.demandPerHour, Math.max(0, x.gapHours ?? NEXT_BORROWER_HOURS))
}

/**
 * Mean wait (days) of the average unit of an offer of `amount` behind `queue`, after visible bids took
 * `immediate` (0 when they take it all, Infinity without demand): estimateFill's expected wait, for the
 * callers that need only the wait.
 */
export function waitDays(amount: number, queue: number, immediate: number, demand: number, gapHours = NEXT_BORROWER_HOURS): number {
  const rest = amount - Math.min(amount, immediate)
  if (rest <= 0) return 0
  if (!(demand > 0)) return Infinity
  return averageUnitWaitDays(amount, rest, queue, demand, gapHours)
}
