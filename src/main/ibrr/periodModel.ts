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

/**
 * Whether the life estimates of periods `p` and `q` rest on some of the same measured loans (one
 * calibrated period in common: 60- and 90-day lives are read between the 30- and 120-day ones). Loans
 * of such periods share one model risk, so the long-lock cap counts them together (ladder.ts).
 */
export function sharesLifeEstimate(p: number, q: number): boolean {
  const a = loanLifeRows(PRIOR_CALIBRATION, p)
  const b = loanLifeRows(PRIOR_CALIBRATION, q)
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
 * The prior with the user's own history folded in (the prior alone when there is none), plus the
 * censored observations the account shows now (`open`, see openObservations).
 */
export function periodModels(periods: readonly number[], own: OwnHistory | undefined, now: number, open?: OwnHistory): LearnedModel {
  return learnFromSums(periodPriors(periods), ownSums(own, now), now, open)
}
