// How much of the visible cheaper ask depth is really ahead of a new offer, measured on a real bot's
// own fills (lendingbot-fills.csv, `latest_offer_wait_minutes`: how long an offer at exactly that rate
// waited) against IBRR's fill model read on the recorded book and candles at the moment it was placed.
//
// Why a share, not the whole visible depth: IBRR's demand D(r) is the volume that trades at rate ≥ r.
// A trade prints at ≥ r only once every ask below r is gone at that moment, so the asks the book shows
// below r are mostly consumed by trades *below* r (which D does not count), refilled and consumed
// again; counting them all against D(r) counts them twice. The share s of that depth still standing
// ahead in the flow that reaches r is what this measures (0: none; 1: IBRR's reading before Dec 2026).
//
// Estimator: s is chosen so that the median over the fills of the model's median wait (its own law's) equals
// the bot's median wait (the simulator's validation compares medians too, docs/backtest.md). The
// model's wait rises with s, so the equation has one root in [0, 1]; when even s = 0 predicts longer
// waits than the bot's, s = 0 (the rest of the gap is the demand or gap reading, not the queue).
// Held-out check: fitted on the earlier half of the fills (by time) and judged on the later half, and
// the other way round. Range: 2.5 / 97.5 % of the fit over a seeded bootstrap of all fills, widened to
// hold both halves' fits (the halves differ more than resampling the whole says: the market moved).
// Only fills whose snapshot shows demand at their rate count (books before the hourly candles show
// none: the model cannot price them at all). The fills are of offers that did fill (censored) and of
// one repricing policy; the bot's offers are small (~150–300 USD), so the rest R/D is small and the
// fit reads mostly the queue and the gap.
import type { Ranged } from '../../../../shared/calibration'
import { seededRandom } from '../../../../shared/random'
import { buildMarketModel, candleGapHours, demandPerHour, hoursBeforeDemand, immediateCapacity, meanFillHours, visibleAsksAhead } from '../../../ibrr'
import { createReplayFeed } from '../replayFeed'
import type { CurrencyDataset } from '../dataset'
import type { BotFill } from './lendingbot'
import { median, quantile } from './stats'

/** One real fill with what IBRR's model read at the moment its offer was placed. */
export interface QueueObservation {
  placedAt: number
  amount: number
  period: number
  immediate: number
  demandPerHour: number
  /** Hours before demand at its rate comes: the next borrower plus the candle gap (hoursBeforeDemand). */
  gapHours: number
  /** The visible asks ahead (all of them: the share is what is fitted). */
  queueAhead: number
  /** The bot's real wait, minutes. */
  waitMinutes: number
}

export interface QueueShareFit {
  share: Ranged
  n: number
  realMedianMinutes: number
  /** The model's median wait with the full visible queue (s = 1) and with the fitted central share. */
  modelMedianMinutes: { fullQueue: number; fitted: number }
  /** Median-wait error (model / real − 1) on the half not fitted on, each half fitted in turn. */
  heldOut: { fittedOn: 'earlier' | 'later'; share: number; nFit: number; nHeld: number; fitError: number; heldOutError: number; heldOutErrorFullQueue: number }[]
}

const BOOTSTRAP_DRAWS = 400
const BOOTSTRAP_SEED = 20261201

/** Read the model at each fill's placement; fills without a recorded wait or without demand drop out. */
export async function queueObservations(fills: BotFill[], ds: CurrencyDataset, until: number): Promise<QueueObservation[]> {
  // Recorded data only: the simulator's stand-in candles of books-only hours (R9) are its own guess,
  // and a parameter fitted on them would be fitted on the simulator.
  const feed = createReplayFeed(ds, { imputation: null })
  const out: QueueObservation[] = []
  for (const f of fills) {
    if (f.latestWaitMinutes === null || f.mts > until) continue
    const placedAt = f.mts - f.latestWaitMinutes * 60_000
    const model = buildMarketModel(await feed.snapshot(placedAt), placedAt)
    const demand = demandPerHour(model, f.rate, f.period)
    if (!(demand > 0)) continue
    out.push({
      placedAt,
      amount: f.amount,
      period: f.period,
      queueAhead: visibleAsksAhead(model, f.rate, f.period),
      immediate: immediateCapacity(model, f.rate, f.period),
      demandPerHour: demand,
      gapHours: hoursBeforeDemand(candleGapHours(model, f.rate)),
      waitMinutes: f.latestWaitMinutes
    })
  }
  return out.sort((a, b) => a.placedAt - b.placedAt)
}

/**
 * The model's median wait until this offer fills (minutes) when only `share` of the visible queue is
 * ahead: ln 2 times the mean of the model's exponential fill time, since the bot's recorded waits are
 * compared as a median (comparing the model's mean with them would read the model ~1/ln 2 = 1.44× slow).
 */
export function modelWaitMinutes(o: QueueObservation, share: number): number {
  return Math.LN2 * meanFillHours({ amount: o.amount, queueAhead: share * o.queueAhead, immediate: o.immediate, demandPerHour: o.demandPerHour, gapHours: o.gapHours }) * 60
}

const medianModel = (obs: QueueObservation[], share: number): number => median(obs.map((o) => modelWaitMinutes(o, share)))

/** The share in [0, 1] whose median model wait equals the real median (bisection; clamped at the ends). */
export function fitShare(obs: QueueObservation[]): number {
  const target = median(obs.map((o) => o.waitMinutes))
  if (medianModel(obs, 0) >= target) return 0
  if (medianModel(obs, 1) <= target) return 1
  let lo = 0
  let hi = 1
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2
    if (medianModel(obs, mid) < target) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

const medianError = (obs: QueueObservation[], share: number): number => medianModel(obs, share) / median(obs.map((o) => o.waitMinutes)) - 1

export function fitQueueShare(obs: QueueObservation[]): QueueShareFit | null {
  if (obs.length < 12) return null
  const central = fitShare(obs)
  const random = seededRandom(BOOTSTRAP_SEED)
  const draws: number[] = []
  for (let b = 0; b < BOOTSTRAP_DRAWS; b++) draws.push(fitShare(obs.map(() => obs[Math.floor(random() * obs.length)])))
  const half = Math.floor(obs.length / 2)
  const earlier = obs.slice(0, half)
  const later = obs.slice(half)
  const check = (fittedOn: 'earlier' | 'later', fit: QueueObservation[], held: QueueObservation[]): QueueShareFit['heldOut'][number] => {
    const share = fitShare(fit)
    return { fittedOn, share, nFit: fit.length, nHeld: held.length, fitError: medianError(fit, share), heldOutError: medianError(held, share), heldOutErrorFullQueue: medianError(held, 1) }
  }
  const heldOut = [check('earlier', earlier, later), check('later', later, earlier)]
  const halves = heldOut.map((h) => h.share)
  return {
    // `low` is the reading least favourable to a lender: more of the queue ahead, longer waits.
    share: { low: Math.max(quantile(draws, 0.975), ...halves), central, high: Math.min(quantile(draws, 0.025), ...halves) },
    n: obs.length,
    realMedianMinutes: median(obs.map((o) => o.waitMinutes)),
    modelMedianMinutes: { fullQueue: medianModel(obs, 1), fitted: medianModel(obs, central) },
    heldOut
  }
}
