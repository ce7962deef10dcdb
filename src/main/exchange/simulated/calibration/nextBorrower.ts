// The wait for the next borrower: funding demand comes in discrete loans at discrete moments, not as a
// continuous flow, so even an offer at the front of the queue waits until a borrower comes. IBRR's fill
// model adds this wait to every wait (docs/ibrr.md §2); the simulator does not use it (its fills come
// from the replayed volume at its own moments).
//
// Evidence: the minute candles (a30:p2:p30, "only minutes that had trades", data README). On the shared
// fUSD day (2026-05-02) 102 minutes traded in 22 h, in bursts at :10, :30 and :50 past the hour; the
// real bot's fills (lendingbot-fills.csv, August) fall in those minutes too (77 % of 712 in minutes
// 10, 30 and 50). Demand is a train of arrivals, and what an offer placed at a random moment waits for
// the next one is the renewal residual:
//     B = E[g²] / (2·E[g])   over the gaps g between consecutive minutes with trades
// (a random moment falls into a gap with a chance proportional to its length, and waits half of it on
// average). Gaps of an hour or more are left out: they are hours without trades, which the fill model
// already reads as hours without demand (its candle gap, or no trades in its window); counting them
// here too would count them twice.
// Range: low (least favourable: longer waits) = the larger of the seeded bootstrap's 97.5 % and the
// residual of the larger borrowers alone (minutes with at least the median minute volume: a borrower of
// the minimum loan may not reach past the offers ahead); high = the bootstrap's 2.5 %.
// A minute with trades counts from its start; trades of a minute come within it, so B is read to the
// minute. One day of May data against an August market that traded more: the bot's August fills keep
// the same :10/:30/:50 clock, and docs/backtest.md (f) checks B on them (the share of fast fills).
import type { Candle } from '../../../../shared/domain'
import type { Ranged } from '../../../../shared/calibration'
import { seededRandom } from '../../../../shared/random'
import { median, quantile } from './stats'

export interface NextBorrowerFit {
  minutes: Ranged
  /** Minutes with trades in the data, and the gaps under an hour between them the fit rests on. */
  tradingMinutes: number
  gaps: number
  /** The residual of the larger borrowers alone (the low band's second reading). */
  largerBorrowersMinutes: number
}

const MINUTE_MS = 60_000
const MAX_GAP_MINUTES = 60
const BOOTSTRAP_DRAWS = 2000
const BOOTSTRAP_SEED = 20261201

/** Mean wait from a uniformly random moment to the end of its gap: E[g²]/(2·E[g]). */
export function renewalResidual(gaps: readonly number[]): number {
  let sum = 0
  let squares = 0
  for (const g of gaps) {
    sum += g
    squares += g * g
  }
  return sum > 0 ? squares / (2 * sum) : NaN
}

/** Gaps (minutes) under an hour between consecutive minutes with trades. */
function gapsOf(minutes: readonly number[]): number[] {
  const out: number[] = []
  for (let k = 1; k < minutes.length; k++) {
    const g = minutes[k] - minutes[k - 1]
    if (g > 0 && g < MAX_GAP_MINUTES) out.push(g)
  }
  return out
}

export function fitNextBorrower(candles1m: readonly Candle[]): NextBorrowerFit | null {
  const traded = candles1m.filter((c) => c.volume > 0).sort((a, b) => a.mts - b.mts)
  const minuteOf = (c: Candle): number => Math.floor(c.mts / MINUTE_MS)
  const gaps = gapsOf(traded.map(minuteOf))
  if (gaps.length < 12) return null
  const central = renewalResidual(gaps)
  const random = seededRandom(BOOTSTRAP_SEED)
  const draws: number[] = []
  for (let b = 0; b < BOOTSTRAP_DRAWS; b++) draws.push(renewalResidual(gaps.map(() => gaps[Math.floor(random() * gaps.length)])))
  const big = median(traded.map((c) => c.volume))
  const largerBorrowersMinutes = renewalResidual(gapsOf(traded.filter((c) => c.volume >= big).map(minuteOf)))
  const low = Math.max(quantile(draws, 0.975), Number.isFinite(largerBorrowersMinutes) ? largerBorrowersMinutes : 0)
  return { minutes: { low, central, high: quantile(draws, 0.025) }, tradingMinutes: traded.length, gaps: gaps.length, largerBorrowersMinutes }
}
