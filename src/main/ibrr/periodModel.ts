// Per candidate period: how long its loans live and how long its offers wait, from the calibrated
// market prior (src/shared/calibration.ts) and the user's own fills (learning.ts).
import { loanLifeFor, loanLifeRows } from '../../shared/calibration'
import type { OwnHistory } from '../../shared/domain'
import { learnFromSums, ownSums, type LearnedModel, type PeriodPrior } from './learning'
import { IBRR_PARAMS } from './params'
import { PRIOR_CALIBRATION } from './priorCalibration'

export { PRIOR_CALIBRATION }

/** Prior mean wait (minutes) of a LIMIT offer for `period` days: the real bot's median / ln 2, interpolated. */
export function priorWaitMinutes(period: number): number {
  const table = IBRR_PARAMS.fillWaitPriorMedianMinutes
  let median = table[table.length - 1][1]
  if (period <= table[0][0]) median = table[0][1]
  else {
    for (let k = 1; k < table.length; k++) {
      const [p1, m1] = table[k]
      const [p0, m0] = table[k - 1]
      if (period <= p1) {
        median = m0 + ((m1 - m0) * (period - p0)) / (p1 - p0)
        break
      }
    }
  }
  return median / Math.LN2
}

// The prior depends only on the periods (the calibration is a constant), so it is computed once per
// set of periods: plan() runs every cycle and in every backtest step.
const priorCache = new Map<string, PeriodPrior[]>()

export function periodPriors(periods: readonly number[]): PeriodPrior[] {
  const key = periods.join(',')
  let priors = priorCache.get(key)
  if (!priors) {
    priors = periods.map((period) => {
      const life = loanLifeFor(PRIOR_CALIBRATION, period, 'central')
      return { period, lifeDays: life.meanDays, lifeObservations: life.observations, waitMinutes: priorWaitMinutes(period) }
    })
    priorCache.set(key, priors)
  }
  return priors
}

// Per whole period (1..120 and beyond), the calibrated rows its life estimate rests on, read once: the
// calibration is a constant, and the cap asks for every loan and candidate period of every plan.
const lifeRowsCache = new Map<number, ReturnType<typeof loanLifeRows>>()
function lifeRowsOf(period: number): ReturnType<typeof loanLifeRows> {
  let rows = lifeRowsCache.get(period)
  if (!rows) lifeRowsCache.set(period, (rows = loanLifeRows(PRIOR_CALIBRATION, period)))
  return rows
}

/**
 * Whether the life estimates of periods `p` and `q` rest on some of the same measured loans (one
 * calibrated period in common: 60- and 90-day lives are read between the 30- and 120-day ones). Loans
 * of such periods share one model risk, so the long-lock cap counts them together (ladder.ts).
 */
export function sharesLifeEstimate(p: number, q: number): boolean {
  const a = lifeRowsOf(p)
  const b = lifeRowsOf(q)
  return a.lower === b.lower || a.lower === b.upper || a.upper === b.lower || a.upper === b.upper
}

const sharingCache = new Map<string, boolean[][]>()

/** sharesLifeEstimate for every pair of `periods` (computed once per set of periods, like the priors). */
export function lifeSharing(periods: readonly number[]): readonly (readonly boolean[])[] {
  const key = periods.join(',')
  let m = sharingCache.get(key)
  if (!m) sharingCache.set(key, (m = periods.map((p) => periods.map((q) => sharesLifeEstimate(p, q)))))
  return m
}

/**
 * Per candidate period, the long money (loans and `kept` offers beyond `shortPeriod`) whose lives rest
 * on some of the same measured loans as that period's: summed per period of the money first, so the cost
 * grows with the distinct periods held, not with the number of loans.
 */
export function lockedBySharedLife(periods: readonly number[], shortPeriod: number, held: readonly (readonly { period: number; amount: number }[])[]): number[] {
  const byPeriod = new Map<number, number>()
  for (const list of held) for (const x of list) if (x.period > shortPeriod) byPeriod.set(x.period, (byPeriod.get(x.period) ?? 0) + x.amount)
  return periods.map((p) => {
    let s = 0
    for (const [q, amount] of byPeriod) if (sharesLifeEstimate(q, p)) s += amount
    return s
  })
}

/**
 * The prior with the user's own history folded in (the prior alone when there is none), plus the
 * censored observations the account shows now (`open`, see openObservations).
 */
export function periodModels(periods: readonly number[], own: OwnHistory | undefined, now: number, open?: OwnHistory): LearnedModel {
  return learnFromSums(periodPriors(periods), ownSums(own, now), now, open)
}
