// How IBRR ranks candidates: expected interest over a common horizon, counting idle waiting time,
// the expected life of a loan, and the option value of money that comes back soon.
import { IBRR_PARAMS } from './params'

/** Loan life = min(period, Exponential(h)): borrowers may repay early, lenders cannot recall. E = (1 − e^(−h·p)) / h. */
export function expectedLoanLifeDays(periodDays: number, hazardPerDay: number = IBRR_PARAMS.earlyRepayHazardPerDay): number {
  if (!(hazardPerDay > 0)) return periodDays
  return (1 - Math.exp(-hazardPerDay * periodDays)) / hazardPerDay
}

export interface ValueContext {
  /** ĉ: what idle money earns rolling short loans at the typical rate now (daily). */
  benchmark: number
  /** π: extra daily rate a lock beyond the shortest period must earn (option value of short loans). */
  optionPremium: number
  /** Expected life of a loan at the shortest allowed period. */
  shortLifeDays: number
}

/**
 * Excess value per unit of capital, in rate·days, over the benchmark of rolling short loans:
 *   V = (r − ĉ)·L − π·max(0, L − L_short) − ĉ·W
 * After its wait W and life L the money is back earning ĉ, so ranking by V ranks by average daily
 * yield over any common horizon T ≥ W + L: yield = ĉ + V / T.
 */
export function excessValue(rate: number, lifeDays: number, waitDays: number, ctx: ValueContext): number {
  const lockedExtra = Math.max(0, lifeDays - ctx.shortLifeDays)
  const lockCost = lockedExtra > 0 ? ctx.optionPremium * lockedExtra : 0
  return (rate - ctx.benchmark) * lifeDays - lockCost - ctx.benchmark * waitDays
}

/** Average daily yield over `horizonDays` (before Bitfinex's fee) implied by an excess value. */
export const expectedDailyYield = (value: number, ctx: ValueContext, horizonDays: number): number =>
  ctx.benchmark + value / horizonDays
