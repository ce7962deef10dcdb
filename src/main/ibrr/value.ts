// How IBRR values a candidate offer: the interest a unit of money earns over one common horizon,
// counting its wait, the measured life of its loans, what the money earns once it comes back, and
// the option value of money that comes back soon.
//
// Every value here is non-increasing in the wait W, so the value if filled now (W = 0) bounds every
// candidate's value: the ladder prunes on that (valuesAtOnce), and tests/unit/ibrr-value.test.ts checks
// it (for a lock, at rates above its option premium π: one below it never beats rolling, so is never taken).

export interface ValueContext {
  /** ĉ: the typical short-period rate now (daily). */
  benchmark: number
  /**
   * y: what money that comes back from a lock earns afterwards, per day: the best stationary yield of
   * rolling short loans now (rollingYield of the best shortest-period rate, at least that of ĉ).
   */
  rollYield: number
  /** π: extra daily rate a lock beyond the shortest period must earn (option value of short loans). */
  optionPremium: number
  /** Mean life of a loan at the shortest allowed period (days). */
  shortLifeDays: number
  /** g: time until the loop notices returned money and offers it again (days): half a loop interval. */
  reentryDays: number
  /** The top of the recent distribution (MarketModel.typicalTop): no rate above it is valued as lasting. */
  typicalTop: number
  /** T: the common horizon (days). */
  horizonDays: number
}

/** Renewal yield of rolling loans at `rate`: earning only while lent, a fraction life / (life + wait). */
export function renewalYield(rate: number, lifeDays: number, waitDays: number): number {
  const cycle = lifeDays + waitDays
  return cycle > 0 ? (rate * lifeDays) / cycle : 0
}

/**
 * Interest per unit of money over the horizon T (rate·days) of a shortest-period candidate at `rate`:
 * short loans come back within the horizon, many times, and the money is offered again at the rate
 * chosen now. Each cycle waits W, is lent ℓ and comes back after the re-entry gap g, so rolling at r
 * earns the stationary yield y_r = r·ℓ / (ℓ + W + g): the asked rate and its wait weigh in every cycle,
 * not only the first. The first loan is lent at r; the cycles after it at r too while r is within the
 * recent distribution (≤ its top, ctx.typicalTop), at that top otherwise: a spike is not paid again
 * when the money comes back, and that is what lets a lock at a spike beat rolling (§4).
 *   V_short = r·ℓ + y_c·(T − W − ℓ),   y_c = min(r, top)·ℓ / (ℓ + W + g),   ℓ = min(life, T − W)
 * For r ≤ top this is T·y_r + y_r·g, the stationary reading over the horizon. (0 when W ≥ T.)
 */
export function rollingValue(rate: number, lifeDays: number, waitDays: number, ctx: ValueContext): number {
  const T = ctx.horizonDays
  if (!(waitDays < T)) return 0
  const life = lifeDays < T - waitDays ? lifeDays : T - waitDays
  const again = rate < ctx.typicalTop ? rate : ctx.typicalTop
  return rate * life + renewalYield(again, lifeDays, waitDays + ctx.reentryDays) * (T - waitDays - life)
}

/**
 * Interest per unit of money over the horizon T (rate·days) of a lock (a period beyond the shortest)
 * at `rate` whose loans live `lifeDays` on average and whose offer waits `waitDays` first:
 *   V_lock = r·ℓ − π·max(0, ℓ − ℓ_short) + y·(T − W − ℓ),   ℓ = min(life, T − W)
 * It waits W (earning nothing), is lent ℓ at r, then rolls short loans at their best stationary yield y
 * for the rest of T. The lock beyond the shortest period pays π per day for the spikes it cannot catch.
 * Against rolling (y·T): V_lock − y·T = ℓ·(r − π − y) + π·ℓ_short − y·W, the same whatever T while the
 * horizon holds the life, so a lock wins only when its rate beats rolling plus π over its measured life.
 */
export function horizonValue(rate: number, lifeDays: number, waitDays: number, ctx: ValueContext): number {
  const T = ctx.horizonDays
  if (!(waitDays < T)) return 0
  const life = lifeDays < T - waitDays ? lifeDays : T - waitDays
  const locked = life - ctx.shortLifeDays
  return rate * life - (locked > 0 ? ctx.optionPremium * locked : 0) + ctx.rollYield * (T - waitDays - life)
}

/** The value of a candidate: rolling at its own rate for the shortest period, a lock for longer ones. */
export function candidateValue(rate: number, lifeDays: number, waitDays: number, ctx: ValueContext, isLong: boolean): number {
  return isLong ? horizonValue(rate, lifeDays, waitDays, ctx) : rollingValue(rate, lifeDays, waitDays, ctx)
}
