// The (rate, period) pairs IBRR considers, and a table of their fill inputs computed in one sweep,
// so a plan on a 250-level book stays well under a millisecond.
import { MAX_PERIOD_DAYS, type FundingTrade } from '../../shared/domain'
import { NEXT_BORROWER_HOURS, hoursBeforeDemand } from './fillModel'
import { QUEUE_AHEAD_SHARE, candleDemandPerHour, candleGapHours, quantile, type MarketModel } from './marketModel'
import { rateFloor, rateJustBelow, sortAscending } from './numbers'
import { IBRR_PARAMS } from './params'

/**
 * Rates worth testing: just ahead of each ask level (the price that jumps that level's queue), each
 * bid's rate (matches it at once), the typical and high end of the recent candle highs and of the
 * recent trade rates per period (to catch a spike above the visible book), and the floor. Below-floor
 * rates become the floor; above-cap rates go; rates no recent demand or bid has reached are pruned
 * (nothing could fill them).
 */
export function candidateRates(
  model: MarketModel,
  floorRate: number,
  capRate: number,
  maxPeriod: number,
  shortPeriod: number = 2,
  needAmount: number = Infinity
): number[] {
  const raw: number[] = []
  const spacing = IBRR_PARAMS.candidateRateSpacing
  let lastAsk = 0
  for (const a of model.asks) {
    if (a.rate > model.maxDemandRate * 1.0001) break
    // Thinned as below; done here first so a 250-level book is not rounded level by level.
    if (a.rate - lastAsk <= spacing * a.rate) continue
    lastAsk = a.rate
    raw.push(rateJustBelow(a.rate))
  }
  // Lower bids only matter while the higher ones cannot take all we lend: stop once the bids any
  // offer can match (period ≤ the shortest) cover the amount.
  let shortCapacity = 0
  const firstBid = raw.length
  for (const b of model.bids) {
    if (b.period > maxPeriod) continue
    raw.push(rateFloor(b.rate))
    if (b.period <= shortPeriod) shortCapacity += b.amount
    if (shortCapacity >= needAmount) break
  }
  const bidCount = raw.length - firstBid
  const highList: number[] = []
  // Closes too: the price each hour last traded at, where its volume is (its highs are touched briefly).
  // Without them a market known only from candles offered at the highs or at the floor. Their low end
  // (10th percentile) too: a rung that must fill soon (the ladder's chance bar) whose typical rates are
  // slow now (an offer there waited past its horizon) otherwise had only the floor below the median,
  // under every recent close, to go to.
  const closeList: number[] = []
  for (const c of model.demandCandles) {
    if (c.high > 0) highList.push(c.high)
    if (c.close > 0) closeList.push(c.close)
  }
  const highs = sortAscending(highList)
  if (highs.length) raw.push(rateFloor(quantile(highs, 0.5)), rateFloor(quantile(highs, 0.9)))
  const closes = sortAscending(closeList)
  if (closes.length) raw.push(rateFloor(quantile(closes, 0.1)), rateFloor(quantile(closes, 0.5)), rateFloor(quantile(closes, 0.9)))
  // Recent trades are prices borrowers paid: the same typical and high end, per trade period (a
  // 120-day trade is other demand than a 2-day one), so a market without a book or candles still
  // has candidates besides the floor.
  if (model.tradeWeight > 0) tradeQuantiles(model.trades, maxPeriod, raw)
  // Bid rates are kept exactly (each is the best price that still takes that bid at once). Other rates
  // are thinned: one within candidateRateSpacing of a kept rate adds nothing a decision depends on (the
  // reprice threshold is 5 %), and a 250-level book stays fast.
  const usable = (r: number): boolean => r > 0 && r <= capRate && r <= model.maxDemandRate
  const exact: number[] = floorRate > 0 && floorRate <= capRate ? [floorRate] : []
  const others: number[] = []
  for (let k = 0; k < raw.length; k++) {
    const r = raw[k] < floorRate ? floorRate : raw[k]
    if (!usable(r)) continue
    if (k >= firstBid && k < firstBid + bidCount) exact.push(r)
    else others.push(r)
  }
  const kept = sortAscending(exact)
  const out: number[] = []
  for (let k = 0; k < kept.length; k++) if (k === 0 || kept[k] !== kept[k - 1]) out.push(kept[k])
  const sortedOthers = sortAscending(others)
  let k = 0
  let lastOther = 0
  for (const r of sortedOthers) {
    while (k < kept.length && kept[k] < r) k++
    const nearKept = (k < kept.length && kept[k] - r <= spacing * r) || (k > 0 && r - kept[k - 1] <= spacing * r)
    if (nearKept || (lastOther > 0 && r - lastOther <= spacing * r)) continue
    lastOther = r
    out.push(r)
  }
  return sortAscending(out)
}

/**
 * Pushes onto `out` the rounded median and 90th percentile of the rates of `trades` (highest rate first)
 * per trade period up to `maxPeriod`. The rates are grouped by period in one flat array, each group
 * ascending (a counting sort over the few periods seen, instead of a growing list per period: the
 * lists were a third of candidateRates). The pairs come in no particular order: the caller sorts them.
 */
function tradeQuantiles(trades: readonly FundingTrade[], maxPeriod: number, out: number[]): void {
  const periods: number[] = []
  const counts: number[] = []
  const group = new Array<number>(trades.length)
  for (let k = 0; k < trades.length; k++) {
    const p = trades[k].period
    group[k] = -1
    if (p > maxPeriod) continue
    // Periods compare as a Map's keys do (SameValueZero: NaN is one period).
    let g = 0
    while (g < periods.length && !(periods[g] === p || (p !== p && periods[g] !== periods[g]))) g++
    if (g === periods.length) {
      periods.push(p)
      counts.push(0)
    }
    counts[g]++
    group[k] = g
  }
  const starts = new Array<number>(periods.length)
  for (let g = 0, at = 0; g < periods.length; at += counts[g], g++) starts[g] = at
  const filled = new Array<number>(periods.length).fill(0)
  const rates = new Array<number>(trades.length)
  // Lowest rate first, so each group ascends.
  for (let k = trades.length - 1; k >= 0; k--) if (group[k] >= 0) rates[starts[group[k]] + filled[group[k]]++] = trades[k].rate
  for (let g = 0; g < periods.length; g++) out.push(rateFloor(quantile(rates, 0.5, starts[g], counts[g])), rateFloor(quantile(rates, 0.9, starts[g], counts[g])))
}

/**
 * Periods worth testing: Bitfinex's common periods (2, 7, 14, 30, 60, 90, 120) within the user's bounds,
 * plus the bounds themselves; only the shortest when locking longer is not allowed.
 */
export function candidatePeriods(shortPeriod: number, maxPeriod: number, allowLong: boolean): number[] {
  const set = new Set<number>([shortPeriod])
  if (allowLong && maxPeriod > shortPeriod) {
    for (const p of IBRR_PARAMS.standardPeriods) if (p > shortPeriod && p <= maxPeriod) set.add(p)
    set.add(maxPeriod)
  }
  return sortAscending([...set])
}

export interface CandidateGrid {
  rates: number[]
  periods: number[]
  /** Flat tables indexed [rateIndex * periods.length + periodIndex]. */
  demand: number[]
  queue: number[]
  immediate: number[]
  /** Per rate: hours to expect before demand reaches it, the next borrower plus the candle gap (hoursBeforeDemand; the same for every period). */
  gapHours: number[]
}

/** Index tables over Bitfinex's periods, 0..MAX_PERIOD_DAYS days (a module constant: read in hot loops). */
const LAST_PERIOD = MAX_PERIOD_DAYS

interface PeriodSlots {
  atOrBelow: Int16Array
  atOrAbove: Int16Array
}

// The tables depend only on the set of periods, and a few sets recur (the candidate periods, plus the
// periods recent trades had): kept for reuse, bounded so months of varied trade periods cannot grow it.
const slotCache = new Map<string, PeriodSlots>()
const SLOT_CACHE_MAX = 256

/**
 * For each period 0..120 days, the last slot of `sortedPeriods` at or below it (`atOrBelow`) and the
 * first slot at or above it (`atOrAbove`; -1 when none). Callers never change the tables.
 */
function periodSlots(sortedPeriods: readonly number[]): PeriodSlots {
  const key = sortedPeriods.join(',')
  const cached = slotCache.get(key)
  if (cached) return cached
  const atOrBelow = new Int16Array(LAST_PERIOD + 1)
  const atOrAbove = new Int16Array(LAST_PERIOD + 1).fill(-1)
  let below = 0
  for (let p = 0; p <= LAST_PERIOD; p++) {
    while (below + 1 < sortedPeriods.length && sortedPeriods[below + 1] <= p) below++
    atOrBelow[p] = below
  }
  let above = sortedPeriods.length - 1
  for (let p = LAST_PERIOD; p >= 0; p--) {
    while (above - 1 >= 0 && sortedPeriods[above - 1] >= p) above--
    atOrAbove[p] = sortedPeriods[above] >= p ? above : -1
  }
  if (slotCache.size >= SLOT_CACHE_MAX) slotCache.clear()
  const slots = { atOrBelow, atOrAbove }
  slotCache.set(key, slots)
  return slots
}

const periodIndex = (p: number): number => Math.min(LAST_PERIOD, Math.max(0, Math.round(p)))

// Which whole periods 0..120 days gridPeriods has met so far; cleared again before it returns.
const seenPeriod = new Uint8Array(LAST_PERIOD + 1)

/**
 * The distinct values of `periods`, 2 and the trades' periods, ascending: what a Set of them gives
 * (−0 counted as 0), but whole periods of Bitfinex's range are marked in a table instead of hashed
 * (a snapshot's hundred trades went through Set.add, a sixth of the grid's time). Others go to a Set.
 */
function gridPeriods(periods: readonly number[], trades: readonly FundingTrade[]): number[] {
  const out: number[] = []
  const others = new Set<number>()
  const add = (p: number): void => {
    if (!(Number.isInteger(p) && p >= 0 && p <= LAST_PERIOD)) others.add(p)
    else if (seenPeriod[p] === 0) {
      seenPeriod[p] = 1
      out.push(p + 0)
    }
  }
  for (let k = 0; k < periods.length; k++) add(periods[k])
  add(2)
  for (let k = 0; k < trades.length; k++) add(trades[k].period)
  for (let k = 0; k < out.length; k++) seenPeriod[out[k]] = 0
  for (const p of others) out.push(p)
  return sortAscending(out)
}

/**
 * Same numbers as demandPerHour / queueAhead / immediateCapacity, for every pair, in one sweep over
 * the book and the trades: each level or trade is added once to its period class, and the classes
 * are summed per rate (O(levels + rates × periods × classes), not per candidate).
 */
export function buildCandidateGrid(model: MarketModel, rates: number[], periods: number[]): CandidateGrid {
  const R = rates.length
  const P = periods.length
  const useTrades = model.tradeWeight > 0 && model.tradeWindowHours > 0
  // Demand only changes at trade periods, so a grid of our periods plus the trade periods is exact.
  const G = gridPeriods(periods, useTrades ? model.trades : [])
  const K = G.length
  const gSlots = periodSlots(G)
  const pSlots = periodSlots(periods)
  const periodSlot = periods.map((p) => gSlots.atOrBelow[periodIndex(p)])

  // Plain arrays: typed arrays of this size get their memory outside V8's heap (an allocation and a
  // tracked backing store each), which showed in the profile. Sums start at 0; the rest is written first.
  const RP = R * P
  const demand = new Array<number>(RP)
  const queue = new Array<number>(RP)
  const immediate = new Array<number>(RP)
  const gapHours = new Array<number>(R).fill(NEXT_BORROWER_HOURS)
  const demandG = new Array<number>(R * K)
  const tradeByClass = new Array<number>(K).fill(0)
  const askAcc = new Array<number>(K).fill(0)
  const bidByClass = new Array<number>(P).fill(0)

  // Demand: a trade of period Pt serves every grid period ≥ Pt (its class is Pt's slot).
  const trades = useTrades ? model.trades : []
  const tradeScale = useTrades ? model.tradeWeight / model.tradeWindowHours : 0
  let tp = 0
  for (let i = R - 1; i >= 0; i--) {
    while (tp < trades.length && trades[tp].rate >= rates[i]) {
      const t = trades[tp++]
      tradeByClass[Math.max(0, gSlots.atOrAbove[periodIndex(t.period)])] += Math.abs(t.amount)
    }
    const fromCandles = model.tradeWeight < 1 ? (1 - model.tradeWeight) * candleDemandPerHour(model, rates[i]) : 0
    let acc = 0
    for (let g = 0; g < K; g++) {
      acc += tradeByClass[g]
      demandG[i * K + g] = acc * tradeScale + fromCandles
    }
  }

  for (let i = 0; i < R; i++) for (let j = 0; j < P; j++) demand[i * P + j] = demandG[i * K + periodSlot[j]]

  // An ask's class is the largest grid period ≤ its own: it serves the same demand as that period.
  // The classes holding asks so far, ascending (the sums below skip empty classes, in class order).
  const filled = new Array<number>(K)
  // Per filled class (in `filled` order): its period, its asks, and their product with the class's demand
  // at the current rate (the numerator of its weighted share, the same for every period of the row).
  const filledPeriod = new Array<number>(K)
  const filledAsks = new Array<number>(K)
  const weighted = new Array<number>(K)
  let filledCount = 0
  const asks = model.asks
  let ap = 0
  for (let i = 0; i < R; i++) {
    let added = false
    while (ap < asks.length && asks[ap].rate <= rates[i]) {
      const a = asks[ap++]
      askAcc[gSlots.atOrBelow[periodIndex(a.period)]] += a.amount
      added = true
    }
    if (added) {
      filledCount = 0
      for (let g = 0; g < K; g++) if (askAcc[g] !== 0) filled[filledCount++] = g
      for (let f = 0; f < filledCount; f++) {
        filledPeriod[f] = G[filled[f]]
        filledAsks[f] = askAcc[filled[f]]
      }
    }
    const row = i * K
    for (let f = 0; f < filledCount; f++) weighted[f] = filledAsks[f] * demandG[row + filled[f]]
    for (let j = 0; j < P; j++) {
      const ours = demandG[row + periodSlot[j]]
      const pj = periods[j]
      let q = 0
      // Classes ascend, so the shorter ones (weighted by the share of our demand they can serve) come
      // first and the rest count in full: the same sum, in the same order, without a test per class.
      let f = 0
      if (!(ours <= 0)) {
        for (; f < filledCount; f++) {
          if (filledPeriod[f] >= pj) break
          q += weighted[f] / ours
        }
      }
      for (; f < filledCount; f++) q += filledAsks[f]
      queue[i * P + j] = QUEUE_AHEAD_SHARE * q
    }
  }

  // A bid of period Pb is matched by every offer period ≥ Pb (its class is the first such slot).
  let bp = 0
  for (let i = R - 1; i >= 0; i--) {
    while (bp < model.bids.length && model.bids[bp].rate >= rates[i]) {
      const b = model.bids[bp++]
      const c = pSlots.atOrAbove[periodIndex(b.period)]
      if (c >= 0) bidByClass[c] += b.amount
    }
    let acc = 0
    for (let j = 0; j < P; j++) {
      acc += bidByClass[j]
      immediate[i * P + j] = acc
    }
  }
  if (model.tradeWeight < 1) for (let i = 0; i < R; i++) gapHours[i] = hoursBeforeDemand(candleGapHours(model, rates[i]))
  return { rates, periods, demand, queue, immediate, gapHours }
}
