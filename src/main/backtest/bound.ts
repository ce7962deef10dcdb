// The hindsight upper bound: the most ANY lender of this capital could earn from the demand the
// simulator produces, knowing in advance the rate, period, amount, time and life of every demand
// slice. It is a relaxation of the simulator's own rules, so no strategy run under the same model
// (same feed, calibration band, seed and step) can beat it; tests check that in every band.
//
// Demand slices (exactly those the fill model can fill from):
//   book bids   every level of every snapshot: up to its whole amount at its rate, from the snapshot
//               until one step later (a new offer may still match a book one step old), R1;
//   volume      every piece of every traded-volume slice of every step: up to its volume at the top of
//               its rate range, at its time, R2–R5;
//   FRR queue   every hour with a published FRR: any amount at the highest FRR of that hour, to money
//               that waited the queue ahead (below), R8.
// Each slice's loans all live the life keyed by the slice (R6). The loan period is the lender's choice
// (at least the demand's), so the bound takes, over every allowed period, the longest life for how
// long the slice can hold money and the shortest for the one-hour minimum charge (R7).
// A loan of x for a life ℓ at rate ρ earns ρ·x·ℓ plus, when ℓ < 1 h, a one-off ρ·x·(1 h − ℓ).
// Relaxation, ordinary part: time is cut into steps; in each step a lender holds at most its equity;
// each slice may supply at most its amount in each step its loans can cover; the step's capacity goes
// to the slices paying the highest rate (an exchange argument: any other allocation can be improved by
// moving capacity to a higher-rate slice). Dropping the link between steps (a loan must be held from
// its start to its end) only enlarges what is allowed. One-off part: money returned to the wallet is
// offered again only at the next step, so each unit of money starts at most one loan per step, and the
// loans a slice gives in a step total at most its amount; so in each step the one-offs are at most those
// of the slices that can start then, largest one-off first, each up to its amount, up to the equity.
// FRR queue slices (R8) are one item each: their loans come only to money that waited the whole queue
// ahead, which is never below the smallest recorded (or the typical) queue at the band's outflow, W. A
// loan filled in hour h with life ℓ held its money over at least [f − W, f + ℓ] (f its fill, in h) and
// earned ρ·max(ℓ, 1 h); spread over that span this is ρ·max(ℓ, 1 h)/(W + ℓ), which over the slice's
// lives is largest at the shortest or the longest one; the item holds money from h − W to the longest
// life's end at that density. (The first bound let an FRR loan fill at once and every unit of money start
// the largest one-off of any slice every step: 27–35 % APR on the whole span, now 22–32 %.) Both parts
// only enlarge what is allowed, so the sum is an upper bound. Equity grows with the interest earned: with
// E(C) the bound at capacity C (concave, E(0) = 0, so E(kC) ≤ k·E(C) for k ≥ 1), any strategy's earnings S
// satisfy S ≤ E(C + S) ≤ (1 + S/C)·E(C), i.e. S ≤ E(C) / (1 − E(C)/C).
// Assumed of the strategy: it acts once per step and only the runner moves the exchange's clock (a
// strategy that called the simulated exchange's advanceTo inside its step could re-lend returned money
// within the step, which the one-off part does not allow for).
import { BITFINEX_LENDER_FEE, MIN_PERIOD_DAYS } from '../../shared/domain'
import type { CalibrationBand, MarketCalibration } from '../../shared/calibration'
import type { StrategyResult } from '../../shared/contract'
import { replayFillRules, type ReplayFeed } from '../exchange/simulated'
import { createLoanLifeModel } from '../exchange/simulated/loanLifeModel'

const { DAY_MS, HOUR_MS, MIN_INTEREST_MS } = replayFillRules
/** loanLifeMs never draws a life shorter than this. */
const MIN_LIFE_MS = 1000

interface BoundInput {
  feed: ReplayFeed
  calibration: MarketCalibration
  band: CalibrationBand
  seed: number
  capital: number
  from: number
  to: number
  stepMs: number
}

/** A slice's loans that may return within the hour: per unit of money, the one-hour minimum on top. */
interface OneOff {
  extra: number
  amount: number
}

interface Slice {
  /** Net interest per unit of money per ms while lent (after fee). */
  density: number
  amount: number
  fromBin: number
  toBin: number
}

export async function hindsightBound(input: BoundInput): Promise<{ earnings: number; slices: number }> {
  const { feed, from, to, stepMs, seed } = input
  const lives = createLoanLifeModel(input.calibration, input.band)
  const nBins = Math.max(1, Math.ceil((to - from) / stepMs))
  const binOf = (t: number) => Math.min(nBins - 1, Math.max(0, Math.floor((t - from) / stepMs)))
  const slices: Slice[] = []
  const frrWaitMs = shortestFrrWaitMs(input)
  /** Per step: the one-offs (one-hour minimum) of the book and volume slices whose loans can start in it. */
  const oneOffs: OneOff[][] = Array.from({ length: nBins }, () => [])
  const add = (rate: number, amount: number, key: string, minPeriod: number, start: number, latestStart: number, waitMs = 0) => {
    if (!(rate > 0) || !(amount > 0) || latestStart < from || start > to) return
    const range = lives.lifeRange(Math.max(MIN_PERIOD_DAYS, minPeriod), replayFillRules.lifeQuantile(seed, key))
    const shortest = Math.max(MIN_LIFE_MS, range.min * DAY_MS)
    const longest = Math.max(MIN_LIFE_MS, range.max * DAY_MS)
    const density = (rate * (1 - BITFINEX_LENDER_FEE)) / DAY_MS
    const toBin = binOf(Math.min(to - 1, latestStart + longest))
    if (waitMs > 0) {
      const perHeld = (life: number) => Math.max(life, MIN_INTEREST_MS) / (waitMs + life)
      slices.push({ density: density * Math.max(perHeld(shortest), perHeld(longest)), amount, fromBin: binOf(start - waitMs), toBin })
      return
    }
    slices.push({ density, amount, fromBin: binOf(start), toBin })
    if (shortest < MIN_INTEREST_MS) {
      const extra = density * (MIN_INTEREST_MS - shortest)
      for (let b = binOf(start); b <= binOf(Math.min(to, latestStart)); b++) oneOffs[b].push({ extra, amount })
    }
  }

  // Book bids, and every step's traded volume, exactly as the exchange's advance() sees them.
  // A book exactly one step old at `from` may still be matched (R1: age ≤ one step), and activity() reads (t0, t1].
  const first = await feed.activity(from - stepMs - 1, from)
  for (const b of first.books) for (const bid of b.book.bids) add(bid.rate, bid.amount, replayFillRules.bookDemandKey(b.mts, bid), bid.period, Math.max(from, b.mts), b.mts + stepMs)
  for (let t0 = from; t0 < to; t0 += stepMs) {
    const act = await feed.activity(t0, Math.min(to, t0 + stepMs))
    for (const b of act.books) for (const bid of b.book.bids) add(bid.rate, bid.amount, replayFillRules.bookDemandKey(b.mts, bid), bid.period, b.mts, b.mts + stepMs)
    for (const v of act.volume) for (const p of v.pieces) add(p.hi, p.volume, v.key, v.period, v.mts, v.mts)
  }
  // The FRR queue: any amount at the highest FRR in force during each hour.
  for (let h = Math.floor(from / HOUR_MS) * HOUR_MS; h < to; h += HOUR_MS) {
    const inHour = feed.frrPoints.filter((p) => p.mts > h && p.mts < h + HOUR_MS).map((p) => p.frrDaily)
    const atStart = feed.frrAtSync(h)
    const rates = atStart === null ? inHour : [atStart, ...inHour]
    if (rates.length) add(Math.max(...rates), Infinity, replayFillRules.frrDemandKey(h), MIN_PERIOD_DAYS, h, h + HOUR_MS, frrWaitMs)
  }
  for (const list of oneOffs) list.sort((a, b) => b.extra - a.extra)

  const perUnit = (capacity: number): number => {
    const left = new Float64Array(nBins).fill(capacity)
    // next[i]: the first bin ≥ i with capacity left (path-halving union-find over full bins).
    const next = Int32Array.from({ length: nBins + 1 }, (_, i) => i)
    const find = (i: number): number => {
      while (next[i] !== i) {
        next[i] = next[next[i]]
        i = next[i]
      }
      return i
    }
    let value = 0
    for (const s of [...slices].sort((a, b) => b.density - a.density)) {
      for (let i = find(s.fromBin); i <= s.toBin; i = find(i + 1)) {
        const take = Math.min(left[i], s.amount)
        value += s.density * take * stepMs
        left[i] -= take
        if (left[i] <= 0) next[i] = i + 1
      }
    }
    for (const list of oneOffs) {
      let left = capacity
      for (let k = 0; k < list.length && left > 0; k++) {
        const take = Math.min(left, list[k].amount)
        value += list[k].extra * take
        left -= take
      }
    }
    return value
  }
  const e = perUnit(input.capital)
  // Equity grows by what is earned (see the header); E(C) ≥ C would mean no finite bound of this form.
  const earnings = e < input.capital ? e / (1 - e / input.capital) : Infinity
  return { earnings, slices: slices.length }
}

/**
 * The shortest wait an offer at FRR can have before it fills (R8): the queue ahead at its placement (a
 * recorded ticker's FRR amount available, or the band's typical queue when none is recent) at the band's
 * outflow. 0 when some recorded queue was empty: then an FRR loan may fill at once, like any other slice's.
 */
function shortestFrrWaitMs({ feed, calibration, band, to }: BoundInput): number {
  let queue = calibration.frrQueue.typicalQueue[band]
  for (const t of feed.dataset.tickers) if (t.mts <= to && t.frrAmountAvailable < queue) queue = t.frrAmountAvailable
  const drainPerHour = calibration.frrQueue.drainPerHour[band]
  return queue > 0 && drainPerHour > 0 ? (queue / drainPerHour) * HOUR_MS : 0
}

/** The bound as a report row: it may keep all capital lent, so utilization 1 and avgRate = what it earns per day before the fee. */
export function boundResult(earnings: number, capital: number, from: number, to: number): StrategyResult {
  const days = Math.max((to - from) / DAY_MS, 1e-9)
  const netApr = (earnings / capital / days) * 365
  return { netApr, utilization: 1, avgRate: netApr / 365 / (1 - BITFINEX_LENDER_FEE), earnings, placed: 0, cancelled: 0, curve: [{ mts: from, earnings: 0 }, { mts: to, earnings }] }
}
