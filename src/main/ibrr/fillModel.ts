// The fill model: how likely an offer is to fill within a horizon, and how long its money waits.
import { IBRR_PARAMS } from './params'

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
   * Hours without demand at our rate to expect before the demand that reaches it comes (candleGapHours):
   * hourly candles show demand at a high rate in a few hours only, not spread over every hour.
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
 * The wait law, the one home of its formulas (estimateFill, waitDays, the ladder's grid scan and the
 * backtest's calibration all read them from here). The part R of an offer that the visible bids cannot
 * take waits until demand D has consumed the queue ahead Q plus the rest R. Demand is bursty (positions
 * open in clusters), so the time to consume Q + R is modelled as exponential with mean (Q + R) / D, the
 * maximum-entropy law for a positive time of known mean:
 *   P(fill within H) = 1 − exp(−H·D / (Q + R)).
 * The average unit of the rest waits (Q + R/2) / D.
 * When the demand that reaches our rate comes only in some hours (candles), the mean time first adds
 * the expected gap G until such an hour: mean (Q + R)/D + G, P = 1 − exp(−H / ((Q + R)/D + G)), and
 * the average unit waits (Q + R/2)/D + G.
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
  const gap = Math.max(0, x.gapHours ?? 0)
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
  return wholeRestHours(rest, Math.max(0, x.queueAhead), x.demandPerHour, Math.max(0, x.gapHours ?? 0))
}

/**
 * Mean wait (days) of the average unit of an offer of `amount` behind `queue`, after visible bids took
 * `immediate` (0 when they take it all, Infinity without demand): estimateFill's expected wait, for the
 * callers that need only the wait.
 */
export function waitDays(amount: number, queue: number, immediate: number, demand: number, gapHours = 0): number {
  const rest = amount - Math.min(amount, immediate)
  if (rest <= 0) return 0
  if (!(demand > 0)) return Infinity
  return averageUnitWaitDays(amount, rest, queue, demand, gapHours)
}
