// How IBRR values a candidate offer: the interest a unit of money earns over one common horizon,
// counting its wait, the measured life of its loans, the rolling short loans it earns afterwards, and
// the option value of money that comes back soon.

export interface ValueContext {
  /** ĉ: the typical short-period rate now (daily). */
  benchmark: number
  /**
   * y: what money earns rolling short loans, per day on average. Short loans come back early and wait
   * again (renewal): lent fraction = E[life] / (E[life] + E[wait] + re-entry gap), so y = ĉ × that.
   */
  rollYield: number
  /** π: extra daily rate a lock beyond the shortest period must earn (option value of short loans). */
  optionPremium: number
  /** Mean life of a loan at the shortest allowed period (days). */
  shortLifeDays: number
  /** T: the common horizon (days). */
  horizonDays: number
}

/** Renewal yield of rolling loans at `rate`: earning only while lent, a fraction life / (life + wait). */
export function renewalYield(rate: number, lifeDays: number, waitDays: number): number {
  const cycle = lifeDays + waitDays
  return cycle > 0 ? (rate * lifeDays) / cycle : 0
}

/**
 * Interest per unit of money over the horizon T (rate·days) of a candidate at `rate` whose loans live
 * `lifeDays` on average and whose offer waits `waitDays` first:
 *   V = r·ℓ − π·max(0, ℓ − ℓ_short) + y·(T − W − ℓ),   ℓ = min(life, T − W)
 * It waits W (earning nothing), is lent ℓ at r, and earns the rolling yield y for the rest of T. The
 * lock beyond the shortest period pays π per day for the spikes it cannot catch.
 */
export function horizonValue(rate: number, lifeDays: number, waitDays: number, ctx: ValueContext): number {
  const T = ctx.horizonDays
  if (!(waitDays < T)) return 0
  const life = lifeDays < T - waitDays ? lifeDays : T - waitDays
  const locked = life - ctx.shortLifeDays
  return rate * life - (locked > 0 ? ctx.optionPremium * locked : 0) + ctx.rollYield * (T - waitDays - life)
}
