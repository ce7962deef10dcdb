// The live shadow benchmark: from the user's first lending cycle on, what Bitfinex auto-renew at FRR would
// have earned on the same money, set against what the user really earned over the same whole UTC days.
//
// The model is named and is the one the simulator and IBRR use (src/shared/calibration.ts, measured by
// `npm run calibrate`, docs/ibrr.md §5): an auto-renew offer sits at FRR for 2 days behind the FRR queue
// (the ticker's FRR_AMOUNT_AVAILABLE, "amount of funding that is available at the Flash Return Rate",
// https://docs.bitfinex.com/reference/rest-public-ticker), which drains at the calibrated central outflow;
// once lent, the loan lives the calibrated mean life of a 2-day loan and comes back to the end of the
// queue. So the money is lent life / (life + wait) of the time, at FRR, less Bitfinex's 15 % fee. That is
// the steady state (a cold start would first wait the whole queue and earn nothing: kinder to auto-renew);
// but the queue alone is the cautious reading of how fast FRR offers are taken (the calibrated outflow is
// a lower bound, and the backtest's common fill model also lets trades above FRR take them: harsher on
// auto-renew). FRR matching cannot be seen in the data (MARKET-NOTES §5: "neither never fills nor fills
// at once fits"), so the all-lent reading (every FRR offer taken at once) is always shown beside it, as
// the bound most favourable to auto-renew.
//
// Pure: the core feeds it each cycle's ticker and account (no extra request) and asks for the comparison.
import { expectedFrrWaitHours, FUSD_CALIBRATION, loanLifeFor, type MarketCalibration } from '../../../shared/calibration'
import type { ShadowBenchmark } from '../../../shared/contract'
import type { AccountState, Currency, InterestPayment, Loan, MarketSnapshot } from '../../../shared/domain'
import { BITFINEX_LENDER_FEE } from '../../../shared/domain'
import type { Settings } from '../../../shared/settings'
import type { EarningsEvent } from '../storage'
import { utcDay } from './earnings'
import { estimatedNetInterest } from './loanTracker'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
/** Bitfinex auto-renew lends for 2 days unless told otherwise; the backtest's FRR baseline does the same. */
const AUTO_RENEW_PERIOD_DAYS = 2
/** Cycles further apart than this (app closed, lending stopped) are not bridged: that time is not counted. */
const MAX_OBSERVATION_GAP_MS = 2 * HOUR_MS
/** A UTC day is compared only when the shadow saw at least this share of it. */
const FULL_DAY_COVERAGE = 0.9
/**
 * Bitfinex pays each day's interest the next morning ("payouts arrive daily around 01:30 UTC", secondary
 * sources, ../shared/BITFINEX.md); a day counts from the ledger once this long after its end has passed.
 */
const LEDGER_SETTLE_MS = 6 * HOUR_MS

/** One cycle's reading: FRR (daily, before fee), the FRR queue in USD (0 = not reported), the capital. */
export interface ShadowObservation {
  at: number
  frrDaily: number
  queueUsd: number
  /** The money IBRR may lend in this currency: wallet (lent + offered + idle) less the reserve, capped by maxLent. */
  capital: number
}

/** What the shadow accrued on one UTC day, in the currency's units, after fee. */
export interface ShadowDay {
  day: string
  /** Milliseconds of the day the shadow saw (spans between cycles at most MAX_OBSERVATION_GAP_MS apart). */
  coveredMs: number
  autoRenewNet: number
  allLentNet: number
  /** Σ modelled queue wait (h) × ms, to report the average wait the figure rests on. */
  waitHoursMs: number
}

export interface ShadowState {
  startedAt: number
  last: ShadowObservation
  /** Oldest first; one entry per day that had any covered time. About 100 bytes a day: never trimmed. */
  days: ShadowDay[]
}

interface AutoRenewModel {
  /** Mean life of a 2-day loan (central band), hours. */
  lifeHours: number
  waitHours(queueUsd: number): number
  /** Share of the time auto-renew money is lent. */
  lentShare(queueUsd: number): number
}

function autoRenewModel(cal: MarketCalibration = FUSD_CALIBRATION): AutoRenewModel {
  const lifeHours = loanLifeFor(cal, AUTO_RENEW_PERIOD_DAYS, 'central').meanDays * 24
  // A ticker that reports 0 does not mean an empty queue: the calibrated typical queue stands in (as in IBRR).
  const waitHours = (queueUsd: number): number =>
    expectedFrrWaitHours(cal, queueUsd > 0 ? queueUsd : cal.frrQueue.typicalQueue.central, 'central')
  return { lifeHours, waitHours, lentShare: (q) => lifeHours / (lifeHours + waitHours(q)) }
}

export const AUTO_RENEW_MODEL = autoRenewModel()

/** The reading one cycle gives, from what the loop already read for plan(); null for a dry run (nothing is lent). */
export function shadowObservation(market: MarketSnapshot, account: AccountState, settings: Settings, now: number): ShadowObservation | null {
  if (settings.dryRun) return null
  const cs = settings.currencies[account.currency]
  const wallet = account.available + account.offers.reduce((a, o) => a + o.amount, 0) + account.loans.reduce((a, l) => a + l.amount, 0)
  const lendable = Math.max(0, wallet - cs.reserve)
  // USD and USDt queues are in dollars; others convert at the price the loop read (the queue is calibrated in USD).
  const price = account.currency === 'USD' || account.currency === 'UST' ? 1 : account.usdPrice
  return {
    at: now,
    frrDaily: market.ticker.frr,
    queueUsd: market.ticker.frrAmountAvailable * price,
    capital: cs.maxLent > 0 ? Math.min(lendable, cs.maxLent) : lendable
  }
}

const dayStart = (mts: number): number => Math.floor(mts / DAY_MS) * DAY_MS

/**
 * Add one observation. The span since the previous one is accrued at the previous one's FRR, queue and
 * capital (what was known then, never what came after), split at UTC midnights. Unknown FRR (0) or a
 * span longer than MAX_OBSERVATION_GAP_MS adds nothing and covers nothing.
 */
export function accrue(state: ShadowState | null, obs: ShadowObservation, model: AutoRenewModel = AUTO_RENEW_MODEL): ShadowState {
  if (!state) return { startedAt: obs.at, last: obs, days: [] }
  const prev = state.last
  if (obs.at <= prev.at) return state
  if (obs.at - prev.at > MAX_OBSERVATION_GAP_MS || prev.frrDaily <= 0) return { ...state, last: obs }
  const days = [...state.days]
  const share = model.lentShare(prev.queueUsd)
  const wait = model.waitHours(prev.queueUsd)
  for (let from = prev.at; from < obs.at; ) {
    const to = Math.min(obs.at, dayStart(from) + DAY_MS)
    const ms = to - from
    const allLent = prev.capital * prev.frrDaily * (ms / DAY_MS) * (1 - BITFINEX_LENDER_FEE)
    const day = utcDay(from)
    const i = days.length - 1
    const current = i >= 0 && days[i].day === day ? days[i] : null
    const next: ShadowDay = {
      day,
      coveredMs: (current?.coveredMs ?? 0) + ms,
      autoRenewNet: (current?.autoRenewNet ?? 0) + allLent * share,
      allLentNet: (current?.allLentNet ?? 0) + allLent,
      waitHoursMs: (current?.waitHoursMs ?? 0) + wait * ms
    }
    if (current) days[i] = next
    else days.push(next)
    from = to
  }
  return { ...state, last: obs, days }
}

/** Interest after fee the user really earned, by the UTC day it was earned on. */
type ActualInput =
  | { source: 'ledger'; payments: InterestPayment[] }
  /** What LendPace recorded itself: returned loans with their estimated interest, and the loans open now. */
  | { source: 'recorded'; closed: EarningsEvent[]; open: Loan[] }

function spread(into: Map<string, number>, amount: number, from: number, to: number): void {
  if (to <= from) {
    into.set(utcDay(to), (into.get(utcDay(to)) ?? 0) + amount)
    return
  }
  for (let t = from; t < to; ) {
    const end = Math.min(to, dayStart(t) + DAY_MS)
    into.set(utcDay(t), (into.get(utcDay(t)) ?? 0) + (amount * (end - t)) / (to - from))
    t = end
  }
}

export function actualNetByDay(input: ActualInput, now: number): Map<string, number> {
  const out = new Map<string, number>()
  if (input.source === 'ledger') {
    // A payment pays the day before it (Bitfinex pays each day's interest the next morning).
    for (const p of input.payments) out.set(utcDay(p.mts - DAY_MS), (out.get(utcDay(p.mts - DAY_MS)) ?? 0) + p.amount)
    return out
  }
  // Estimated interest accrues evenly over the time the loan was held.
  for (const e of input.closed) spread(out, e.interest, e.at - (e.days ?? 0) * DAY_MS, e.at)
  for (const l of input.open) spread(out, estimatedNetInterest(l, now), l.openedAt, now)
  return out
}

interface ShadowComparison {
  startedAt: number
  /** Whole days compared: seen by the shadow (FULL_DAY_COVERAGE) and settled by the ledger. */
  days: number
  firstDay: string | null
  lastDay: string | null
  actual: number
  autoRenew: number
  autoRenewAllLent: number
  /** Average modelled FRR queue wait over the compared days, hours; null before the first. */
  waitHours: number | null
}

/** The compared days: the shadow's whole days whose earnings are known by `now`. */
export function compareShadow(state: ShadowState, actual: Map<string, number>, source: ActualInput['source'], now: number): ShadowComparison {
  const settle = source === 'ledger' ? LEDGER_SETTLE_MS : 0
  const counted = state.days.filter((d) => d.coveredMs >= FULL_DAY_COVERAGE * DAY_MS && Date.parse(d.day) + DAY_MS + settle <= now)
  const covered = counted.reduce((a, d) => a + d.coveredMs, 0)
  return {
    startedAt: state.startedAt,
    days: counted.length,
    firstDay: counted[0]?.day ?? null,
    lastDay: counted[counted.length - 1]?.day ?? null,
    actual: counted.reduce((a, d) => a + (actual.get(d.day) ?? 0), 0),
    autoRenew: counted.reduce((a, d) => a + d.autoRenewNet, 0),
    autoRenewAllLent: counted.reduce((a, d) => a + d.allLentNet, 0),
    waitHours: covered > 0 ? counted.reduce((a, d) => a + d.waitHoursMs, 0) / covered : null
  }
}

/**
 * Every currency's comparison in one line in the display currency. `price` is the display-currency value
 * of one unit of a currency, or null when LendPace has none (the currency is then left out and named).
 */
export function shadowBenchmark(input: {
  mode: ShadowBenchmark['mode']
  displayCurrency: Currency
  rows: Array<{ currency: Currency; state: ShadowState | null; comparison: ShadowComparison | null }>
  price: (c: Currency) => number | null
  model?: AutoRenewModel
}): ShadowBenchmark {
  const model = input.model ?? AUTO_RENEW_MODEL
  const started = input.rows.flatMap((r) => (r.state ? [{ ...r, state: r.state }] : []))
  const compared = started.flatMap((r) => (r.comparison && r.comparison.days > 0 ? [{ ...r, comparison: r.comparison }] : []))
  const priced = compared.flatMap((r) => {
    const p = input.price(r.currency)
    return p === null ? [] : [{ ...r, p }]
  })
  const total = (pick: (c: ShadowComparison) => number): number => priced.reduce((a, r) => a + pick(r.comparison) * r.p, 0)
  // The wait the figure rests on: weighted by what each currency's auto-renew would have earned at FRR.
  const weight = total((c) => c.autoRenewAllLent)
  const waitHours = weight > 0 ? total((c) => (c.waitHours ?? 0) * c.autoRenewAllLent) / weight : null
  const days = priced.map((r) => r.comparison)
  return {
    state: started.length === 0 ? 'notStarted' : priced.length === 0 ? 'tooEarly' : 'ready',
    mode: input.mode,
    startedAt: started.length ? Math.min(...started.map((r) => r.state.startedAt)) : null,
    days: Math.max(0, ...days.map((c) => c.days)),
    firstDay: days.map((c) => c.firstDay).filter((d): d is string => d !== null).sort()[0] ?? null,
    lastDay: days.map((c) => c.lastDay).filter((d): d is string => d !== null).sort().pop() ?? null,
    displayCurrency: input.displayCurrency,
    actual: total((c) => c.actual),
    autoRenew: total((c) => c.autoRenew),
    autoRenewAllLent: weight,
    waitHours,
    lifeHours: model.lifeHours,
    lentShare: waitHours === null ? null : model.lifeHours / (model.lifeHours + waitHours),
    excluded: compared.filter((r) => input.price(r.currency) === null).map((r) => r.currency),
    rows: compared.map(({ currency, comparison: c }) => ({ currency, days: c.days, actual: c.actual, autoRenew: c.autoRenew, autoRenewAllLent: c.autoRenewAllLent }))
  }
}
