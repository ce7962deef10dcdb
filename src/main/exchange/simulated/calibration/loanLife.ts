// Calibration (b): how long loans really live, per loan period, from a real bot's records. Its closed
// loans come only as groups (count, median, share under a day, amount-weighted mean) and its
// still-open loans as individual ages, which are right-censored lives (they lived at least that long).
// Estimator: the actuarial life table (Kaplan–Meier for grouped data), i.e. the censored MLE of a
// piecewise-constant repayment hazard with cuts at the closed loans' median and at one day:
//   hazard_j = closed loans in interval j / loan-days lived in interval j (closed and open loans).
// Time a closed loan spent inside its interval: the interval's midpoint, except in the last interval,
// where the amount-weighted mean of the closed loans fixes the total (assuming size and life are
// unrelated inside the interval). Bands: the 95 % Poisson interval of each interval's count; `low`
// takes every hazard at its upper limit (shortest lives, least favourable to a lender).
import type { LoanLifeCalibration, Ranged } from '../../../../shared/calibration'
import type { ClosedLoans, LoanRecords, OpenLoan } from './lendingbot'
import { poissonInterval } from './stats'

/** Fewer loans than this (closed + open) in a period: too few to estimate its life on its own. */
const MIN_LOANS_PER_PERIOD = 15

interface Interval {
  from: number
  until: number
  closed: number
  exposure: number
}

function lifeTable(c: ClosedLoans, open: OpenLoan[]): Interval[] {
  const p = c.period
  const median = Math.min(c.medianDays, p)
  const day = Math.min(1, p)
  // Cumulative closed counts at each cut (the median holds half of them, "under a day" the rest).
  const cuts = new Map<number, number>([[median, c.count / 2], [day, c.underOneDay]])
  cuts.set(p, c.count)
  const edges = [...cuts.keys()].filter((e) => e > 0).sort((a, b) => a - b)
  const intervals: Interval[] = []
  let from = 0
  let before = 0
  for (const until of edges) {
    const cum = Math.max(before, Math.min(c.count, cuts.get(until) ?? c.count))
    intervals.push({ from, until, closed: cum - before, exposure: 0 })
    before = cum
    from = until
  }
  // Time closed loans spent inside their own interval.
  const inside = intervals.map((iv) => (iv.closed * (iv.until - iv.from)) / 2)
  const last = intervals.length - 1
  if (intervals[last].closed > 0) {
    const earlier = intervals.slice(0, last).reduce((s, iv) => s + iv.closed * (iv.from + iv.until) / 2, 0)
    const lastTotal = c.count * c.weightedMeanDays - earlier
    const iv = intervals[last]
    inside[last] = Math.min(iv.closed * (iv.until - iv.from), Math.max(0, lastTotal - iv.closed * iv.from))
  }
  let closedLater = c.count
  intervals.forEach((iv, j) => {
    closedLater -= iv.closed
    iv.exposure = inside[j] + closedLater * (iv.until - iv.from)
    for (const o of open) if (o.ageDays > iv.from) iv.exposure += Math.min(o.ageDays, iv.until) - iv.from
  })
  return intervals
}

/** Survival S(t) of a piecewise-constant hazard (per day) capped at the period: mean and median life. */
function summary(hazard: { untilDays: number; perDay: number }[], period: number): { mean: number; median: number } {
  let s = 1
  let mean = 0
  let median: number | null = null
  let from = 0
  for (const h of hazard) {
    const w = h.untilDays - from
    const end = s * Math.exp(-h.perDay * w)
    mean += h.perDay > 0 ? (s - end) / h.perDay : s * w
    if (median === null && end <= 0.5) median = from + Math.log(s / 0.5) / h.perDay
    s = end
    from = h.untilDays
  }
  mean += s * Math.max(0, period - from)
  return { mean, median: median ?? period }
}

export interface LoanLifeFit extends LoanLifeCalibration {
  closedCount: number
  openCount: number
  /** The closed-only cohort's own figures (biased short: still-open loans excluded), for comparison. */
  closedMedianDays: number
  closedWeightedMeanDays: number
}

/** One row per loan period with at least MIN_LOANS_PER_PERIOD loans. */
export function fitLoanLives(records: LoanRecords): LoanLifeFit[] {
  const out: LoanLifeFit[] = []
  for (const c of [...records.closed].sort((a, b) => a.period - b.period)) {
    const open = records.open.filter((o) => o.period === c.period)
    if (c.count + open.length < MIN_LOANS_PER_PERIOD || c.count === 0) continue
    const table = lifeTable(c, open)
    const band = (pick: 'low' | 'central' | 'high') =>
      table.map((iv) => {
        const ci = poissonInterval(iv.closed)
        const d = pick === 'central' ? iv.closed : pick === 'low' ? ci.upper : ci.lower
        return { untilDays: iv.until, perDay: iv.exposure > 0 ? d / iv.exposure : 0 }
      })
    const bands = { low: band('low'), central: band('central'), high: band('high') }
    const sums = { low: summary(bands.low, c.period), central: summary(bands.central, c.period), high: summary(bands.high, c.period) }
    const ranged = (k: 'mean' | 'median'): Ranged => ({ low: sums.low[k], central: sums.central[k], high: sums.high[k] })
    out.push({
      period: c.period,
      meanDays: ranged('mean'),
      medianDays: ranged('median'),
      observations: c.count + open.length,
      hazard: table.map((iv, j) => ({ untilDays: iv.until, perDay: { low: bands.low[j].perDay, central: bands.central[j].perDay, high: bands.high[j].perDay } })),
      closedCount: c.count,
      openCount: open.length,
      closedMedianDays: c.medianDays,
      closedWeightedMeanDays: c.weightedMeanDays
    })
  }
  return out
}
