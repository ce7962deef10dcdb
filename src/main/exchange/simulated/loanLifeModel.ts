// Rule R6 (loan life): how long a borrower keeps a loan, drawn from the calibrated life table of the
// loan's period (src/shared/calibration.ts, fitted by `npm run calibrate` on a real bot's loans,
// closed and still open). Between calibrated periods the draw interpolates the two neighbours' lives
// at the same quantile; a life never exceeds the loan's period. The quantile comes from a seeded
// hash of the demand that took the loan, so every strategy meeting that demand gets the same life.
import { loanLifeFor, type CalibrationBand, type LoanLifeCalibration, type MarketCalibration } from '../../../shared/calibration'

type HazardStep = { untilDays: number; perDay: number }

/** Inverse of the table's survival at u ∈ [0, 1): past the table the loan runs to its period. */
function lifeFromTable(hazard: HazardStep[], period: number, u: number): number {
  let target = -Math.log(1 - u)
  let from = 0
  for (const h of hazard) {
    const w = Math.min(h.untilDays, period) - from
    if (w <= 0) break
    if (h.perDay * w >= target) return from + target / h.perDay
    target -= h.perDay * w
    from += w
  }
  return period
}

export interface LoanLifeModel {
  /** Life in days of a loan for `period` days at quantile u. */
  lifeDays(period: number, u: number): number
  /** Shortest and longest life over every loan period in [minPeriod, 120] at quantile u (the bound needs both). */
  lifeRange(minPeriod: number, u: number): { min: number; max: number }
}

export function createLoanLifeModel(cal: MarketCalibration, band: CalibrationBand): LoanLifeModel {
  const rows = [...cal.loanLife].sort((a, b) => a.period - b.period)
  const rowLife = (r: LoanLifeCalibration, u: number): number =>
    r.hazard
      ? lifeFromTable(r.hazard.map((h) => ({ untilDays: h.untilDays, perDay: h.perDay[band] })), r.period, u)
      : Math.min(r.period, -Math.log(1 - u) * loanLifeFor(cal, r.period, band).meanDays)
  /** The interpolated life before the cap at `period`: linear in period between calibrated rows. */
  const line = (period: number, u: number): number => {
    const upper = rows.find((r) => r.period >= period) ?? rows[rows.length - 1]
    const lower = [...rows].reverse().find((r) => r.period <= period) ?? rows[0]
    if (upper === lower) return rowLife(upper, u)
    const w = (period - lower.period) / (upper.period - lower.period)
    return rowLife(lower, u) + (rowLife(upper, u) - rowLife(lower, u)) * w
  }
  const lifeDays = (period: number, u: number): number => Math.min(period, line(period, u))
  return {
    lifeDays,
    lifeRange(minPeriod, u) {
      // Between calibrated periods a life is min(period, linear in period): concave, so its minimum
      // sits at an end and its maximum at an end or where the line crosses the period itself.
      const points = new Set<number>([minPeriod, 120, ...rows.map((r) => r.period).filter((p) => p > minPeriod && p < 120)])
      const sorted = [...points].sort((a, b) => a - b)
      for (let i = 1; i < sorted.length; i++) {
        const a = sorted[i - 1]
        const b = sorted[i]
        const la = line(a, u)
        const lb = line(b, u)
        // No calibrated period lies strictly between a and b, so the line is straight there.
        const slope = (lb - la) / (b - a)
        if (slope !== 1) {
          const p = (la - slope * a) / (1 - slope)
          if (p > a && p < b) points.add(p)
        }
      }
      const lives = [...points].map((p) => lifeDays(p, u))
      return { min: Math.min(...lives), max: Math.max(...lives) }
    }
  }
}
